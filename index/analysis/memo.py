"""Per-word memo tables for the build's hot loops.

Stage: any.  Analysis, the gazetteer and the fingerprints each map every
word of every article through a pure function of the word alone, and news
vocabulary is Zipfian: a few tens of thousands of words make nearly all the
tokens.  A dict subclass whose ``__missing__`` computes the value answers a
hit faster than ``functools.lru_cache`` (no argument packing, no recency
list), and ``map(memo.__getitem__, words)`` runs the whole loop in C.

:data:`KEY_HASHES` is the one table of :func:`key_hash`: the fingerprints
hash words and name keys with it, the lexical evidence its seed stems.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["KEY_HASHES", "Memo", "key_hash"]

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``memo[key]`` is ``func(key)``, computed once per key.

    Bounded the cheap way: when it holds ``maxsize`` entries, the next new
    key empties it (the common words come straight back).  Safe to share
    between threads: under the GIL a lookup or an insertion is atomic, and
    two threads missing the same key at once both compute the same value.
    """

    def __init__(self, func: Callable[[K], V], maxsize: int) -> None:
        super().__init__()
        self.func = func
        self.maxsize = maxsize

    def __missing__(self, key: K) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.func(key)
        return value

    def __repr__(self) -> str:
        return f"Memo({getattr(self.func, '__qualname__', self.func)!r}, {len(self)}/{self.maxsize})"


def key_hash(key: str) -> int:
    """``key``'s crc32: stable across processes (Python's ``hash()`` is salted per run)."""
    return zlib.crc32(key.encode("utf-8"))


# Words, name keys and seed stems recur from article to article: hashed once each.
KEY_HASHES: Memo[str, int] = Memo(key_hash, 1 << 17)
