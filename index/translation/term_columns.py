"""Each distinct term's fingerprint facts as numpy columns, for whole-article selections.

Stage: Article -> Fingerprint (index.translation.fingerprint).  A
fingerprint takes from every term of an article its hash, its name keys and
its stem's lexical keys, then keeps each key once (first use first) and the
ones of smallest hash.  Done per term in Python, an article of some 700
tokens reads some 400 memo records and the tuples and strings they point to,
scattered over a heap of a hundred thousand words: each read a likely cache
miss, and most of the fingerprint's time.  Here each term is an id, its
facts a row of one array, and each key (name or lexical) a 64-bit value
``hash << 32 | key id`` in a flat array per kind: an article is a gather,
one ``np.unique`` per kind and a sort, and only the few keys kept become
strings again.  The key id makes two keys of one hash two values, so each
key counts once exactly as a dict of the strings would count it.

Bounded like :class:`~index.analysis.memo.Memo`: when the table holds
``maxsize`` terms, the next article starts it afresh (never in the middle of
one, whose ids would go stale).  A lock makes one article's lookups and
additions atomic if two threads share the table.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.analysis.arrays import range_positions

__all__ = ["KEY_KINDS", "ArticleTerms", "TermColumns", "TermRecord", "bottom_k_ids"]

# The kinds of keys a term has, in TermRecord's order: name keys, its stem's
# lexical keys as a Bengali stem, and as a Hindi stem.
KEY_KINDS = ("names", "bn", "hi")
# (term hash, Latin tokens, then per kind of KEY_KINDS the term's (key, key hash) pairs in order).
Pairs = tuple[tuple[str, int], ...]
TermRecord = tuple[int, tuple[str, ...], Pairs, Pairs, Pairs]

_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
# Columns of a term's row: its hash, whether it has Latin tokens, then (start, count) per kind.
_HASH, _LATIN = 0, 1
_ROW = 2 + 2 * len(KEY_KINDS)


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """An article's tokens as term ids and what a fingerprint selects from them."""

    hashes: np.ndarray  # uint64, each token's term hash, in token order
    latin: tuple[str, ...]  # distinct Latin tokens, in order of first use
    keys: dict[str, np.ndarray]  # kind -> uint64 values of its keys, token order, repeats kept
    # The table's key strings by id when the article was read: clear() starts a new list, so
    # ids read before another thread cleared the table still name their own keys.
    key_names: list[str]

    def names_of(self, key_ids: np.ndarray) -> tuple[str, ...]:
        """The keys of these ids (from :func:`bottom_k_ids`), as strings."""
        return tuple(map(self.key_names.__getitem__, key_ids.tolist()))


class _Ids(dict[str, int]):
    """Term -> id; a new term is added to its table (a dict, so that a whole article maps in C)."""

    def __init__(self, table: TermColumns) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, term: str) -> int:
        return self.table.add(term)


class _Flat:
    """A growing uint64 array (capacity doubles), appended a term's few values at a time."""

    def __init__(self) -> None:
        self.values = np.empty(1 << 12, dtype=np.uint64)
        self.size = 0

    def append(self, values: np.ndarray) -> int:
        """Append ``values``; their start in the array."""
        start, end = self.size, self.size + values.size
        if end > self.values.size:
            grown = np.empty(max(end, 2 * self.values.size), dtype=np.uint64)
            grown[:start] = self.values[:start]
            self.values = grown
        self.values[start:end] = values
        self.size = end
        return start


class TermColumns:
    """Term -> id, each id's facts in a row, each kind's key values in a flat array."""

    def __init__(self, facts: Callable[[str], TermRecord], maxsize: int) -> None:
        self.facts = facts
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._empty()

    def clear(self) -> None:
        """Forget every term (their ids, rows and keys); safe while other threads read articles."""
        with self._lock:
            self._empty()

    def _empty(self) -> None:
        self.ids = _Ids(self)
        self.rows = np.zeros((1 << 12, _ROW), dtype=np.int64)
        self.latin_of: dict[int, tuple[str, ...]] = {}
        self.flat = {kind: _Flat() for kind in KEY_KINDS}
        self.key_ids: dict[str, int] = {}
        self.key_names: list[str] = []

    def _key_id(self, key: str) -> int:
        found = self.key_ids.get(key)
        if found is None:
            found = self.key_ids[key] = len(self.key_names)
            self.key_names.append(key)
        return found

    def add(self, term: str) -> int:
        """Give a new term an id and its row: called by the id table on a miss, inside
        :meth:`article`, which holds the lock (not to be called from outside)."""
        term_hash, latin, *kinds = self.facts(term)
        new = len(self.ids)
        if new == self.rows.shape[0]:
            self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)])
        row = [term_hash, 1 if latin else 0]
        for kind, pairs in zip(KEY_KINDS, kinds, strict=True):
            values = np.array([key_hash << 32 | self._key_id(key) for key, key_hash in pairs], dtype=np.uint64)
            row += (self.flat[kind].append(values), values.size)
        self.rows[new] = row
        if latin:
            self.latin_of[new] = latin
        self.ids[term] = new
        return new

    def article(self, terms: Sequence[str], kinds: Sequence[str] = KEY_KINDS) -> ArticleTerms:
        """The columns of an article's tokens (``terms``, in order), with the key values of ``kinds``."""
        with self._lock:
            if len(self.ids) >= self.maxsize:
                self._empty()
            ids = np.fromiter(map(self.ids.__getitem__, terms), dtype=np.intp, count=len(terms))
            rows = self.rows[ids]
            # Each term with Latin tokens once (a name recurs), in order of first use.
            with_latin = dict.fromkeys(ids[rows[:, _LATIN] != 0].tolist())
            latin = dict.fromkeys(itertools.chain.from_iterable(map(self.latin_of.__getitem__, with_latin)))
            keys = {}
            for kind in kinds:
                at = 2 + 2 * KEY_KINDS.index(kind)
                keys[kind] = self.flat[kind].values[range_positions(rows[:, at], rows[:, at + 1])]
            key_names = self.key_names
        return ArticleTerms(rows[:, _HASH].astype(np.uint64), tuple(latin), keys, key_names)


def bottom_k_ids(values: np.ndarray, k: int | None) -> np.ndarray:
    """The key ids of ``values`` (``hash << 32 | id``), each once, in order of first use; at most ``k``.

    Beyond ``k`` the keys of smallest hash are kept, the first ``k`` in
    order of first use if the k-th hash is shared (as
    :func:`~index.translation.link_lexical.smallest_by_hash` chooses).
    """
    unique, first = np.unique(values, return_index=True)  # by hash, then id
    if k is not None and unique.size > k:
        hashes = unique >> _SHIFT
        end = int(np.searchsorted(hashes, hashes[k - 1], side="right"))
        unique, first = unique[:end], first[:end]
    order = np.argsort(first)[:k]
    return unique[order] & _LOW32
