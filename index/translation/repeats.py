"""Repeats: one text published more than once (another site's copy, one translation twice).

Stage: fingerprints -> repeat groups, at build time after every article is
read (index.storage.repeats stores them; search.repeats folds them).

Each fingerprint carries a MinHash of its article: the bottom-k
(``index.translation.fingerprint.MAX_WORD_SHINGLES``) hashes of its
shingles of four consecutive analysed terms (digits folded, case ignored).
Two articles of one language are repeats when the estimated Jaccard
similarity of their shingle sets is at least :data:`REPEAT_JACCARD` (0.9):
a copy with a changed headline or a few words edited stays above it
(one word changed in a 100-word text leaves 92% of the shingles shared),
two reports of one event that share a paragraph fall well below.

Candidates are blocked on each of the two smallest hashes (two MinHash
bands of one row: a pair at J = 0.9 misses both with probability 1%), and
inside a block only articles of about equal length are compared (a sorted
neighbourhood), so the work is linear in the corpus.  The candidate pairs
are compared all at once in numpy (at 100k articles there are over a
million); the groups are the connected parts of the pairs that are repeats.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.analysis.arrays import sorted_unique

from .fingerprint import Fingerprint
from .fingerprint_table import FingerprintTable

__all__ = ["REPEAT_JACCARD", "Sketches", "estimated_jaccard", "estimated_jaccards", "repeat_groups", "sketches_of"]

REPEAT_JACCARD = 0.9
_BANDS = 2
_WINDOW = 8


def estimated_jaccard(x: Sequence[int], y: Sequence[int]) -> float:
    """Jaccard of two shingle sets from their bottom-k sketches (exact when both are whole sets)."""
    k = min(len(x), len(y))
    if k == 0:
        return 0.0
    sx, sy = set(x), set(y)
    both = sx & sy
    if not both:  # most pairs a caller checks: nothing to sort
        return 0.0
    return sum(1 for h in sorted(sx | sy)[:k] if h in both) / k


class _Groups:
    """Union-find over article numbers."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)


def _blocks(table: FingerprintTable) -> list[list[int]]:
    """Articles sharing a language and one of their smallest hashes, each block by length."""
    fps = table.rows
    ptr, words = table.words
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        for h in words[ptr[i] : min(ptr[i] + _BANDS, ptr[i + 1])].tolist():
            blocks[(fp.lang, h)].append(i)
    return [sorted(m, key=lambda i: (fps[i].chars, i)) for m in blocks.values() if len(m) > 1]


def _candidates(table: FingerprintTable) -> np.ndarray:
    """Each pair (i < j) that some block puts within _WINDOW places of each other, once: an (n, 2) array."""
    blocks = _blocks(table)
    if not blocks:
        return np.zeros((0, 2), dtype=np.int32)
    members = np.fromiter(itertools.chain.from_iterable(blocks), dtype=np.int64)
    block_of = np.repeat(np.arange(len(blocks)), [len(b) for b in blocks])
    n = np.int64(len(table))
    steps = []
    for step in range(1, _WINDOW + 1):
        same = block_of[step:] == block_of[:-step]
        i, j = members[:-step][same], members[step:][same]
        steps.append(np.minimum(i, j) * n + np.maximum(i, j))
    codes = sorted_unique(np.concatenate(steps))
    return np.stack((codes // n, codes % n), axis=1).astype(np.int32)  # half the memory: n < 2**31


# Hashes are below 2**32; in a comparison, padding goes above them all.
_PAD = 1 << 32


@dataclass(frozen=True)
class Sketches:
    """Every fingerprint's word hashes as one array (uint32: half the memory of the values compared)."""

    rows: np.ndarray  # each row's distinct hashes, ascending, then zeros
    distinct: np.ndarray  # how many of each row are hashes
    sizes: np.ndarray  # each sketch's length, repeats counted (estimated_jaccard's k)

    def padded(self, which: np.ndarray, pad: int) -> np.ndarray:
        """Rows ``which`` as int64, the space after their hashes filled with ``pad`` + column (no two alike)."""
        column = np.arange(self.rows.shape[1], dtype=np.int64)
        return np.where(column < self.distinct[which][:, None], self.rows[which], pad + column)


def _sketches(table: FingerprintTable) -> Sketches:
    return _sketches_of(*table.words)


def _sketches_of(ptr: np.ndarray, words: np.ndarray) -> Sketches:
    """The sketches of CSR rows ``words[ptr[i]:ptr[i + 1]]`` (hashes below 2**32)."""
    sizes = np.diff(ptr)
    width = int(sizes.max(initial=0))
    rows = np.zeros((len(sizes), width), dtype=np.uint32)
    filled = np.arange(width) < sizes[:, None]
    rows[filled] = words
    rows[~filled] = np.iinfo(np.uint32).max  # sorts after the hashes (an equal hash is told apart by ``distinct``)
    rows.sort(axis=1)
    distinct = sizes.copy()
    # word_shingles keeps each hash once; a sketch that repeats one is set-like here, as in estimated_jaccard.
    for i in np.flatnonzero((rows[:, 1:] == rows[:, :-1]).any(axis=1)).tolist():
        hashes = sorted(set(words[ptr[i] : ptr[i + 1]].tolist()))
        distinct[i] = len(hashes)
        rows[i, : len(hashes)] = hashes
    return Sketches(rows, distinct, sizes)


def _estimated_jaccards(sketches: Sketches, pairs: np.ndarray) -> np.ndarray:
    """:func:`estimated_jaccard` of each pair's sketches, at once."""
    width = sketches.rows.shape[1]
    # Each pair's y row lifted above the one before: together they make one
    # ascending array, where each x hash is looked up in its own pair's row.
    # Padding: x's above every hash, y's above x's.
    lift = (np.arange(len(pairs), dtype=np.int64) * (4 * _PAD))[:, None]
    x = sketches.padded(pairs[:, 0], _PAD) + lift
    y = (sketches.padded(pairs[:, 1], 2 * _PAD) + lift).ravel()
    at = np.searchsorted(y, x.ravel()).reshape(x.shape)
    shared = y[np.minimum(at, y.size - 1)].reshape(x.shape) == x
    # A hash of x is the union's rank-th smallest: x's hashes below it, plus
    # y's, less the shared ones among those (counted in both).
    below_in_y = at - np.arange(len(pairs), dtype=np.int64)[:, None] * width
    rank = np.arange(1, width + 1) + below_in_y - (np.cumsum(shared, axis=1) - shared)
    k = np.minimum(sketches.sizes[pairs[:, 0]], sketches.sizes[pairs[:, 1]])
    count = np.count_nonzero(shared & (rank <= k[:, None]), axis=1)
    out = np.zeros(len(pairs))
    np.divide(count, k, out=out, where=k > 0)
    return out


# Pairs compared at once: a few arrays of two sketch rows (64 hashes) per pair, ~20 MB.
_BATCH = 5_000


def _repeat_pairs(table: FingerprintTable) -> np.ndarray:
    """The candidate pairs (i < j) whose lengths and sketches say they are repeats."""
    pairs = _candidates(table)
    chars = np.fromiter((fp.chars for fp in table.rows), dtype=np.int64, count=len(table))
    a, b = chars[pairs[:, 0]], chars[pairs[:, 1]]
    pairs = pairs[~(np.minimum(a, b) < REPEAT_JACCARD * np.maximum(a, b))]  # lengths alone rule the rest out
    if not len(pairs):
        return pairs
    return pairs[estimated_jaccards(_sketches(table), pairs) >= REPEAT_JACCARD]


def estimated_jaccards(sketches: Sketches, pairs: np.ndarray) -> np.ndarray:
    """:func:`estimated_jaccard` of each pair (i, j) of rows of ``sketches``, in batches of _BATCH pairs."""
    if not len(pairs):
        return np.zeros(0)
    return np.concatenate(
        [_estimated_jaccards(sketches, pairs[at : at + _BATCH]) for at in range(0, len(pairs), _BATCH)]
    )


def sketches_of(ptr: np.ndarray, hashes: np.ndarray) -> Sketches:
    """The sketches of CSR rows of any integers (ranked first: the bulk comparison holds 32-bit values).

    Only the order and equality of the values count in :func:`estimated_jaccard`,
    so their dense ranks give the same estimates.
    """
    ranks = np.unique(hashes, return_inverse=True)[1].astype(np.uint32).reshape(-1)
    return _sketches_of(ptr, ranks)


def repeat_groups(fps: Sequence[Fingerprint] | FingerprintTable) -> list[list[str]]:
    """Groups of article ids (each sorted, the groups sorted) whose texts are repeats of one another."""
    if not isinstance(fps, FingerprintTable):
        fps = FingerprintTable.of(sorted(fps, key=lambda fp: fp.id))
    groups = _Groups(len(fps))
    for i, j in _repeat_pairs(fps).tolist():
        groups.join(i, j)
    found: dict[int, list[str]] = defaultdict(list)
    for i, fp in enumerate(fps.rows):
        found[groups.find(i)].append(fp.id)
    return sorted(g for g in found.values() if len(g) > 1)
