"""Content scores for translation linking: features weighted by rarity.

Stage: fingerprints -> a feature matrix (articles x features, idf weights)
-> the score of a candidate pair, for :mod:`index.translation.linking`.
The features are numbers, number bigrams (the sequence), Latin tokens,
provinces, resolutions, transliterated name keys and lexical keys (made
into ids by :mod:`index.translation.fingerprint_table`), each weighted by
rarity (idf).  The score is a weighted Dice of the features two articles
share, less what two articles of those languages share by chance, halved
when the shared features come in another order, and faded when the lengths
do not fit the language pair's usual ratio (estimated from the URL links).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from index.analysis.arrays import range_positions

from .fingerprint import Fingerprint
from .fingerprint_table import ArticleFacts, FingerprintTable

__all__ = ["Array", "FeatureMatrix", "feature_matrix", "log_ratios", "pair_score", "pair_scores"]

# Translations differ in length; beyond this spread (log of the char ratio,
# after the language pair's usual ratio) the score fades.
_LENGTH_SIGMA = 0.35
# ... or this over the square root of the shorter side's sentences, if more:
# 0.49 for 2 sentences, 0.40 for 3, 0.35 from 4 on (a sentence left out of
# three moves the length by 0.4).  Chosen on the short-article tuning seeds
# (README, issue-16 figures).
_SHORT_SIGMA = 0.7
_MIN_PAIRS_FOR_RATIO = 5

Array = npt.NDArray[Any]


@dataclass
class FeatureMatrix:
    """Articles x features, CSR layout: ``feats[ptr[i]:ptr[i+1]]`` sorted, distinct."""

    ptr: Array
    feats: Array
    where: Array  # relative first position of each feature in its article
    weight: Array  # idf per feature
    lang_of: Array  # language index per article
    present: Array  # (languages, features) bool: feature occurs in that language
    df: Array  # articles holding each feature
    mass: Array  # (articles, languages): weight of an article's features seen in that language
    # (articles, languages): sum over an article's features of weight x the
    # number of articles of that language holding it (see _chance).
    spread: Array
    counts: Array  # articles per language


# Articles whose sums are taken at a time (see feature_matrix).
_CHUNK = 1000


def feature_matrix(fps: Sequence[Fingerprint] | FingerprintTable, lang_index: Mapping[str, int]) -> FeatureMatrix:
    """The matrix of ``fps`` (a table's feature arrays are used as they are, not copied)."""
    table = fps if isinstance(fps, FingerprintTable) else FingerprintTable.of(fps)
    ptr, feats, where, n_feats = table.features
    n = len(table)
    lang_of = np.array([lang_index[row.lang] for row in table.rows], dtype=np.int64)
    n_langs = len(lang_index)
    # Holders per language and feature, a chunk of articles at a time: a
    # bincount of all ~20M entries at once (at 100k) copies them as int64
    # first, which was the peak of linking.  Counts, so the same in any order.
    counted = np.zeros(n_langs * n_feats, dtype=np.int64)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        lang = np.repeat(lang_of[start:stop] * n_feats, np.diff(ptr[start : stop + 1]))
        counted += np.bincount(lang + feats[ptr[start] : ptr[stop]], minlength=n_langs * n_feats)
    holders = counted.reshape(n_langs, n_feats)  # (languages, features): articles of that language holding it
    df = holders.sum(axis=0)
    weight = np.log((n + 1) / np.maximum(df, 1))
    present = holders > 0
    mass = np.zeros((n, n_langs))
    spread = np.zeros((n, n_langs))
    for k in range(n_langs):
        # Per-feature products first, then each article's sum over a chunk of
        # whole articles at a time: a gather over every entry at once (~20M at
        # 100k) was a peak of the build.  Sums run in the same order.
        by_present, by_holders = weight * present[k], weight * holders[k]
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            f = feats[ptr[start] : ptr[stop]]
            row = np.repeat(np.arange(stop - start), np.diff(ptr[start : stop + 1]))
            mass[start:stop, k] = np.bincount(row, weights=by_present[f], minlength=stop - start)
            spread[start:stop, k] = np.bincount(row, weights=by_holders[f], minlength=stop - start)
    counts = np.bincount(lang_of, minlength=n_langs)
    return FeatureMatrix(ptr, feats, where, weight, lang_of, present, df, mass, spread, counts)


def _chance(m: FeatureMatrix, i: int, j: int, shared: float) -> float:
    """The weight i and j would share by chance: i with another article of j's
    language, and j with another of i's, on average.

    Leave-one-out: an article of language L holds feature f with
    probability (holders of f in L, less j itself) / (articles of L, less
    j).  With a single article per language nothing is shared by chance.
    """
    li, lj = m.lang_of[i], m.lang_of[j]
    by_i = (m.spread[i, lj] - shared) / max(int(m.counts[lj]) - 1, 1)
    by_j = (m.spread[j, li] - shared) / max(int(m.counts[li]) - 1, 1)
    return float(by_i + by_j) / 2


def _shared(m: FeatureMatrix, i: int, j: int) -> tuple[float, float]:
    """Weight of the features two articles share, and how alike their order is.

    The order agreement is the weighted correlation of the shared features'
    first positions: translations keep the order of their sentences, two
    articles that merely share some words do not.
    """
    fa = m.feats[m.ptr[i] : m.ptr[i + 1]]
    fb = m.feats[m.ptr[j] : m.ptr[j + 1]]
    if not len(fa) or not len(fb):
        return 0.0, 0.0
    at = np.searchsorted(fb, fa)
    at[at == len(fb)] = 0
    hit = fb[at] == fa
    w = m.weight[fa[hit]]
    total = float(w.sum())
    if len(w) < 3 or not total:
        return total, 0.0
    pa = m.where[m.ptr[i] : m.ptr[i + 1]][hit]
    pb = m.where[m.ptr[j] : m.ptr[j + 1]][at[hit]]
    da = pa - (w @ pa) / total
    db = pb - (w @ pb) / total
    spread = math.sqrt(float(w @ (da * da)) * float(w @ (db * db)))
    return total, float(w @ (da * db)) / spread if spread else 0.0


def log_ratios(fps: Sequence[ArticleFacts], pairs: Iterable[tuple[int, int]]) -> dict[tuple[str, str], float]:
    """Median log length ratio per ordered language pair, from trusted pairs."""
    seen: dict[tuple[str, str], list[float]] = defaultdict(list)
    for i, j in pairs:
        x, y = fps[i], fps[j]
        if x.chars and y.chars:
            seen[(x.lang, y.lang)].append(math.log(y.chars / x.chars))
            seen[(y.lang, x.lang)].append(math.log(x.chars / y.chars))
    return {k: sorted(v)[len(v) // 2] for k, v in seen.items() if len(v) >= _MIN_PAIRS_FOR_RATIO}


def _length_fit(x: ArticleFacts, y: ArticleFacts, ratios: Mapping[tuple[str, str], float]) -> float:
    if not x.chars or not y.chars:
        return 0.0
    deviation = math.log(y.chars / x.chars) - ratios.get((x.lang, y.lang), 0.0)
    # A sentence left out or merged moves a short article's length more: the
    # spread grows as the shorter side's sentences get fewer.
    sigma = max(_LENGTH_SIGMA, _SHORT_SIGMA / math.sqrt(max(1, min(x.sentences, y.sentences))))
    return math.exp(-0.5 * (deviation / sigma) ** 2)


def pair_score(
    fps: Sequence[ArticleFacts], m: FeatureMatrix, i: int, j: int, ratios: Mapping[tuple[str, str], float]
) -> float:
    """How likely i and j are translations of each other, 0..1."""
    la, lb = m.lang_of[i], m.lang_of[j]
    denominator = m.mass[i, lb] + m.mass[j, la]
    if not denominator:
        return 0.0
    # Weighted Dice, less what any two articles of these languages share
    # by chance (common words, years): only surprising overlap counts.
    shared, order = _shared(m, i, j)
    dice = 2 * (shared - _chance(m, i, j, shared)) / denominator
    # Shared features in another order halve the score: that is two
    # articles on one topic, not a translation.
    return float(max(0.0, dice) * _length_fit(fps[i], fps[j], ratios) * (1 + max(0.0, order)) / 2)


# Candidate pairs scored at once by pair_scores: their features side by side
# (~200 a side at 100k), a few MB of arrays a batch.
_PAIR_BATCH = 4096


def pair_scores(
    fps: Sequence[ArticleFacts], m: FeatureMatrix, a: Array, b: Array, ratios: Mapping[tuple[str, str], float]
) -> Array:
    """:func:`pair_score` of each pair (a[k], b[k]), as array operations over batches of pairs.

    The same arithmetic as pair_score; only the order of the sums differs
    (a few units in the last place).  At 100k the candidates are ~100k
    pairs, and pair_score's dozen small numpy calls a pair were a third of
    linking's own CPU.
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    chars = np.fromiter((fp.chars for fp in fps), dtype=np.float64, count=len(fps))
    sentences = np.fromiter((fp.sentences for fp in fps), dtype=np.float64, count=len(fps))
    # Each language index's usual log length ratio to each other (0 when unknown, as in _length_fit).
    first = np.unique(m.lang_of, return_index=True)[1]
    langs = {int(m.lang_of[i]): fps[int(i)].lang for i in first.tolist()}
    usual = np.zeros((len(m.counts), len(m.counts)))
    for x, lx in langs.items():
        for y, ly in langs.items():
            usual[x, y] = ratios.get((lx, ly), 0.0)
    out = np.zeros(len(a))
    for start in range(0, len(a), _PAIR_BATCH):
        i, j = a[start : start + _PAIR_BATCH], b[start : start + _PAIR_BATCH]
        li, lj = m.lang_of[i], m.lang_of[j]
        shared, order = _shared_batch(m, i, j)
        by_i = (m.spread[i, lj] - shared) / np.maximum(m.counts[lj] - 1, 1)
        by_j = (m.spread[j, li] - shared) / np.maximum(m.counts[li] - 1, 1)
        denominator = m.mass[i, lj] + m.mass[j, li]
        dice = np.zeros(len(i))
        np.divide(2 * (shared - (by_i + by_j) / 2), denominator, out=dice, where=denominator != 0)
        ci, cj = chars[i], chars[j]
        both = (ci > 0) & (cj > 0)
        deviation = np.log(np.where(both, cj, 1.0) / np.where(both, ci, 1.0)) - usual[li, lj]
        sigma = np.maximum(_LENGTH_SIGMA, _SHORT_SIGMA / np.sqrt(np.maximum(1, np.minimum(sentences[i], sentences[j]))))
        fit = np.where(both, np.exp(-0.5 * (deviation / sigma) ** 2), 0.0)
        out[start : start + len(i)] = np.maximum(0.0, dice) * fit * (1 + np.maximum(0.0, order)) / 2
    return out


def _rows(ptr: Array, rows: Array) -> tuple[Array, Array]:
    """(positions in the CSR arrays, the row's place in ``rows``) of every entry of ``rows``, in order."""
    counts = ptr[rows + 1] - ptr[rows]
    return range_positions(ptr[rows], counts), np.repeat(np.arange(len(rows)), counts)


def _shared_batch(m: FeatureMatrix, a: Array, b: Array) -> tuple[Array, Array]:
    """:func:`_shared` of each pair (a[k], b[k]): the shared weight and the order agreement."""
    pos_a, pair_a = _rows(m.ptr, a)
    pos_b, pair_b = _rows(m.ptr, b)
    n_feats, pairs = len(m.weight), len(a)
    # Each pair's features lifted above the pair before: one ascending array per
    # side (a row's features are sorted and distinct), looked up in one call.
    keys_a = pair_a * n_feats + m.feats[pos_a]
    keys_b = pair_b * n_feats + m.feats[pos_b]
    if not len(keys_b):
        return np.zeros(pairs), np.zeros(pairs)
    at = np.minimum(np.searchsorted(keys_b, keys_a), len(keys_b) - 1)
    hit = keys_b[at] == keys_a
    k = pair_a[hit]
    w = m.weight[m.feats[pos_a[hit]]]
    total = np.bincount(k, weights=w, minlength=pairs)
    held = np.bincount(k, minlength=pairs)
    pa = m.where[pos_a[hit]].astype(np.float64)
    pb = m.where[pos_b[at[hit]]].astype(np.float64)
    safe = np.where(total != 0, total, 1.0)
    da = pa - (np.bincount(k, weights=w * pa, minlength=pairs) / safe)[k]
    db = pb - (np.bincount(k, weights=w * pb, minlength=pairs) / safe)[k]
    spread = np.sqrt(
        np.bincount(k, weights=w * da * da, minlength=pairs) * np.bincount(k, weights=w * db * db, minlength=pairs)
    )
    agree = np.bincount(k, weights=w * da * db, minlength=pairs)
    order = np.zeros(pairs)
    np.divide(agree, spread, out=order, where=(held >= 3) & (total != 0) & (spread != 0))
    return total, order
