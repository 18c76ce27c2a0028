"""Blocking for translation linking: which pairs of articles get a score.

Stage: a feature matrix (:mod:`index.translation.link_scores`) -> candidate
cross-language pairs, for :mod:`index.translation.linking`.  Blocking keeps
linking sub-quadratic: only pairs that share a *rare* feature (in at most
``max_block`` articles), or one of both articles' few rarest features, are
considered, and of those only the ``top`` best-sharing partners per article
and language get a full score.  "Best-sharing" is a Dice over the block
features: the weight two articles share in blocks over the weight of the
blocks each is in.  The shared weight alone ties between the pieces of one
story (they all share its rare names), and favours long partners, which
share more of anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.analysis.arrays import sorted_unique

from .fingerprint_table import ArticleFacts
from .link_scores import Array, FeatureMatrix

__all__ = ["SHORT_ARTICLE", "candidate_pairs", "rare_features"]

# Each article's rarest features that make blocks whatever their frequency.
_SIGNATURE = 8
# An article of at most this many sentences is short: it has few numbers or
# names, and the features it shares with its translation are mostly lexical
# keys held by a few dozen articles, just too many to make a block.  It makes
# blocks with its _SHORT_EXTRA rarest features beyond those that make blocks
# anyway (or the _SIGNATURE rarest, if more).  On the short-article tuning
# seeds 4 extra found 1 more pair of 617, 8 found 2, 16 found 1; long
# articles (make_corpus, at 100k) are not short, so they cost nothing.
SHORT_ARTICLE = 6
_SHORT_EXTRA = 8
# Articles whose block entries are chosen at a time (see _block_entries).
_ENTRY_CHUNK = 4096
# Pair entries (16 bytes each) added before they are folded into the sums (see _PairSums).
_PAIR_CHUNK = 1 << 21
# Articles whose partners are ranked at a time (see _top_partners).
_PARTNER_CHUNK = 4096


def candidate_pairs(
    fps: Sequence[ArticleFacts], m: FeatureMatrix, max_block: int, top: int
) -> tuple[Array, Array, int]:
    """The pairs (a, b) to score, a < b, and how many pairs shared a block before the ``top`` cut."""
    short = np.fromiter((fp.sentences <= SHORT_ARTICLE for fp in fps), dtype=bool, count=len(fps))
    feats, rows = _block_entries(m, max_block, _SIGNATURE, short)
    a, b, shared = _block_pairs(m, feats, rows, max_block, _size_key(fps, m))
    candidates = len(a)
    if candidates:
        # Each article's weight in blocks: what a partner could share with it at most.
        mass = np.bincount(rows, weights=m.weight[feats], minlength=len(m.ptr) - 1)
        a, b = _top_partners(m, a, b, 2 * shared / (mass[a] + mass[b]), top)
    return a, b, candidates


def rare_features(m: FeatureMatrix, max_block: int) -> Array:
    """Per feature: whether it makes a block of all its pairs (seen in two languages, in 2..``max_block`` articles)."""
    return (m.present.sum(axis=0) >= 2) & (m.df >= 2) & (m.df <= max_block)


def _block_entries(m: FeatureMatrix, max_block: int, signature: int, short: Array) -> tuple[Array, Array]:
    """(feature, article) entries that make blocks (see _block_pairs).

    Two kinds: every feature shared by 2..max_block articles; and each
    article's ``signature`` rarest features whatever their frequency, so
    that an article made only of common features (a reused wire story)
    still meets its translation -- which picks the same rarest features.
    A ``short`` article picks its _SHORT_EXTRA rarest features beyond the
    rare ones, if that is more (see SHORT_ARTICLE).
    The second kind enters a block only with the articles that picked it.
    Only features seen in two languages or more can link anything.
    """
    n = len(m.ptr) - 1
    df = m.df  # articles per feature (a bincount of m.feats copied them all as int64)
    useful = (m.present.sum(axis=0) >= 2) & (df >= 2)
    ceiling = int(df.max(initial=0)) + 1
    feats_out: list[Array] = []
    rows_out: list[Array] = []
    # Chunks of whole articles: the ranking is within an article, and the
    # temporaries of all entries at once (~36 bytes each, ~20M at 100k) were
    # the build's memory peak, while few entries are kept.
    for start in range(0, n, _ENTRY_CHUNK):
        stop = min(start + _ENTRY_CHUNK, n)
        lo, hi = int(m.ptr[start]), int(m.ptr[stop])
        chunk = m.feats[lo:hi]
        ok = useful[chunk]
        feats = chunk[ok]
        rows = np.repeat(np.arange(start, stop, dtype=np.int32), np.diff(m.ptr[start : stop + 1]))[ok]
        freq = df[feats]
        # Rank each article's features by frequency; a stable sort keeps ties in
        # feature order, so the choice is deterministic.
        order = np.argsort(rows.astype(np.int64) * ceiling + freq, kind="stable")
        first = np.searchsorted(rows[order], np.arange(start, stop, dtype=np.int32))  # rows stay ascending
        position = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        keep = freq <= max_block
        rare = np.bincount(rows[keep] - start, minlength=stop - start)
        reach = np.where(short[start:stop], np.maximum(signature, rare + _SHORT_EXTRA), signature)
        keep[order[position < np.repeat(reach, np.diff(np.r_[first, len(order)]))]] = True
        feats_out.append(feats[keep])
        rows_out.append(rows[keep].astype(np.int64))
    if not feats_out:
        return np.zeros(0, dtype=m.feats.dtype), np.zeros(0, dtype=np.int64)
    return np.concatenate(feats_out), np.concatenate(rows_out)


def _block_pairs(
    m: FeatureMatrix, feats: Array, rows: Array, max_block: int, size_key: Array
) -> tuple[Array, Array, Array]:
    """Cross-language pairs sharing a block, and the idf of the blocks they share.

    A block of up to ``max_block`` articles gives all its pairs.  A larger
    one (a common feature that many articles picked as one of their rarest,
    as a reused wire story does) is sorted by ``size_key`` and gives each
    article its ``max_block // 2`` neighbours on either side: translations
    are about equally long, so the pair is found and the work stays linear.
    """
    n = len(m.ptr) - 1
    order = np.lexsort((rows, feats))
    feats, rows = feats[order], rows[order]
    del order
    starts = np.flatnonzero(np.r_[True, feats[1:] != feats[:-1]])
    sizes = np.diff(np.r_[starts, len(feats)])
    sums = _PairSums()

    def add(a: Array, b: Array, w: Array) -> None:
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        cross = m.lang_of[lo] != m.lang_of[hi]
        sums.add(lo[cross] * n + hi[cross], w[cross])

    for size in np.unique(sizes):
        if size < 2 or size > max_block:
            continue
        first = starts[sizes == size]
        block = rows[first[:, None] + np.arange(size)]  # (blocks, size)
        w = m.weight[feats[first]]
        for i in range(size):
            for j in range(i + 1, size):
                add(block[:, i], block[:, j], w)
    window = max(1, max_block // 2)
    for start, size in zip(starts[sizes > max_block].tolist(), sizes[sizes > max_block].tolist(), strict=True):
        members = rows[start : start + size]
        members = members[np.argsort(size_key[members], kind="stable")]
        w = np.full(size, m.weight[feats[start]])
        for d in range(1, min(window, size - 1) + 1):
            add(members[:-d], members[d:], w[:-d])
    pair_keys, shared = sums.finish()
    if not len(pair_keys):
        return pair_keys, pair_keys, shared
    return pair_keys // n, pair_keys % n, shared


class _PairSums:
    """Each pair key's sum of gains, over pairs added a batch at a time.

    A pair that shares many blocks is added once per block: held all at
    once before their sums, the entries grow with the blocks a pair shares
    (at 100k on ``make_corpus.py`` articles, 2.81M entries for 2.54M pairs;
    more where stories repeat their rare features).  Each
    :data:`_PAIR_CHUNK` added are folded into the sums so far.  ``np.bincount`` and ``np.add.at`` add in the order
    given, as the ``np.bincount`` over all of them did: every sum is the
    same float.
    """

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)  # ascending, distinct
        self.sums = np.zeros(0)
        self._keys: list[Array] = []
        self._gains: list[Array] = []
        self._pending = 0

    def add(self, keys: Array, gains: Array) -> None:
        self._keys.append(keys)
        self._gains.append(gains)
        self._pending += len(keys)
        if self._pending >= _PAIR_CHUNK:
            self._fold()

    def _fold(self) -> None:
        if not self._pending:
            return
        keys, gains = np.concatenate(self._keys), np.concatenate(self._gains)
        self._keys, self._gains, self._pending = [], [], 0
        distinct, inverse = np.unique(keys, return_inverse=True)
        del keys
        if not len(self.keys):
            self.keys, self.sums = distinct, np.bincount(inverse, weights=gains).astype(np.float64, copy=False)
            return
        # The keys not seen before join the sorted keys (a merge, not a sort of all of them:
        # np.union1d took seconds at 100k); the sums so far move to their new places.
        at = np.searchsorted(self.keys, distinct)
        seen = at < len(self.keys)
        seen[seen] = self.keys[at[seen]] == distinct[seen]
        merged = np.sort(np.concatenate((self.keys, distinct[~seen])), kind="stable")  # two sorted runs: merged
        sums = np.zeros(len(merged))
        sums[np.searchsorted(merged, self.keys)] = self.sums
        np.add.at(sums, np.searchsorted(merged, distinct)[inverse], gains)
        self.keys, self.sums = merged, sums

    def finish(self) -> tuple[Array, Array]:
        """The pair keys, ascending, and their sums."""
        self._fold()
        return self.keys, self.sums


def _size_key(fps: Sequence[ArticleFacts], m: FeatureMatrix) -> Array:
    """Log length less its language's median: translations come out close."""
    logs = np.log(np.array([max(fp.chars, 1) for fp in fps], dtype=np.float64))
    key = np.empty_like(logs)
    for k in range(len(m.counts)):
        rows = m.lang_of == k
        if rows.any():
            key[rows] = logs[rows] - np.median(logs[rows])
    return key


def _top_partners(m: FeatureMatrix, a: Array, b: Array, shared: Array, top: int) -> tuple[Array, Array]:
    """Keep a pair if it is among the ``top`` of either article in the other's language, by ``shared``.

    ``a`` ascending (as :func:`_block_pairs` gives them).  Each article's
    partners are ranked a chunk of articles at a time: the ranking of all
    pairs from both sides at once took ~170 bytes a pair, the largest
    temporaries of linking at 100k.
    """
    n = len(m.ptr) - 1
    by_b = np.argsort(b, kind="stable")
    b_sorted = b[by_b]
    kept: list[Array] = []
    for start in range(0, n, _PARTNER_CHUNK):
        stop = min(start + _PARTNER_CHUNK, n)
        lo_a, hi_a = np.searchsorted(a, [start, stop])
        lo_b, hi_b = np.searchsorted(b_sorted, [start, stop])
        if lo_a == hi_a and lo_b == hi_b:
            continue
        other = by_b[lo_b:hi_b]
        src = np.r_[a[lo_a:hi_a], b_sorted[lo_b:hi_b]]
        dst = np.r_[b[lo_a:hi_a], a[other]]
        gain = np.r_[shared[lo_a:hi_a], shared[other]]
        kept.append(_ranked_first(m, src, dst, gain, top, n))
    if not kept:
        return a[:0], b[:0]
    pairs = sorted_unique(np.concatenate(kept))
    return pairs // n, pairs % n


def _ranked_first(m: FeatureMatrix, src: Array, dst: Array, gain: Array, top: int, n: int) -> Array:
    """The keys (lo * n + hi) of the ``top`` partners by ``gain`` of each article of ``src`` in each language."""
    # Sort by article, then the partner's language, then gain descending
    # (partner index breaks ties, for determinism).
    order = np.lexsort((dst, -gain, m.lang_of[dst], src))
    src, dst = src[order], dst[order]
    group = src * len(m.present) + m.lang_of[dst]
    starts = np.r_[True, group[1:] != group[:-1]]
    rank = np.arange(len(group)) - np.maximum.accumulate(np.where(starts, np.arange(len(group)), 0))
    src, dst = src[rank < top], dst[rank < top]
    return np.minimum(src, dst) * n + np.maximum(src, dst)
