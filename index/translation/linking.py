"""Translation linking: which articles are translations of one another.

Stage: fingerprints of every article (:mod:`index.translation.fingerprint`) -> translation
groups, links and duplicates (at index time, after all articles are read).

Two kinds of evidence, in order:

1. *URL*: articles whose normalised source URLs are equal share a group
   (confidence 1).  Two articles of one language with one URL are one
   article twice: the second is reported as a duplicate and left out.
2. *Content*, for everything else (no URL, or different URLs): numbers,
   number bigrams (the sequence), Latin tokens, provinces, resolutions and
   transliterated name keys, each weighted by rarity (idf).  The score is a
   weighted Dice of the shared features less what two articles of those
   languages share by chance, halved when the shared features come in
   another order, and faded when the lengths do not fit the language
   pair's usual ratio (estimated from the URL links).  A pair is linked
   when each is the other's best match in its language (mutual best) and
   the score reaches ``threshold``; its confidence is score / (score +
   threshold), 0.5 at the threshold.

Blocking keeps this sub-quadratic: only pairs that share a *rare* feature
(in at most ``max_block`` articles), or one of both articles' few rarest
features, are considered, and of those only the ``top`` best-sharing
partners per article and language get a full score.  Same-language
near-duplicates are found by blocking on the two smallest sentence hashes
(a MinHash band) and reported; they may still link (two reports of one
event may each have their own translation).

A group holds at most one article per language; its id is the smallest
document id in it, so it is deterministic and changes only when the group
does.  Incremental builds re-run :func:`link` over all stored fingerprints:
20k articles link in about 3 s, 100k in about 16 s and 1 GB (far below
re-reading them), and the global mutual-best rule cannot be applied to new
articles alone without missing the old ones it displaces.  :func:`changes`
tells the builder which stored group ids and alignments to rewrite.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .fingerprint import Fingerprint

__all__ = [
    "DEFAULT_THRESHOLD",
    "METHOD_CONTENT",
    "METHOD_URL",
    "Duplicate",
    "Link",
    "LinkChanges",
    "LinkStats",
    "Linking",
    "changes",
    "link",
]

METHOD_URL = "url"
METHOD_CONTENT = "content"

# Measured with scripts/eval_alignment.py (NTREX, independent human
# translations) and make_corpus.py corpora (machine-translation-like pairs):
# mutual best pairs of translations mostly score 0.11-0.6, of unrelated
# articles up to about 0.09.
DEFAULT_THRESHOLD = 0.10
# A feature shared by more articles than this makes no block of all its
# pairs: it is too common to point at one translation (it still counts in
# the score, and as one of an article's rarest it makes a bounded block).
DEFAULT_MAX_BLOCK = 24
# Each article's rarest features that make blocks whatever their frequency.
_SIGNATURE = 8
# Partners per article and other language that get a full score.
DEFAULT_TOP = 3
# Translations differ in length; beyond this spread (log of the char ratio,
# after the language pair's usual ratio) the score fades.
_LENGTH_SIGMA = 0.35
# Estimated Jaccard of sentence sets above which two articles of one
# language are the same article twice.
_DUPLICATE_JACCARD = 0.8
_DUPLICATE_WINDOW = 8
_MIN_PAIRS_FOR_RATIO = 5

Array = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Link:
    """Two articles that are translations of each other (a < b)."""

    a: str
    b: str
    method: str  # METHOD_URL or METHOD_CONTENT
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "method": self.method, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``b`` repeats ``a`` in the same language.

    Reason "same url": ``b`` is left out of linking.  "identical text" or
    "near-identical text" (sentence sets 80% alike): reported only; ``a`` is
    the one with translations if just one of them has any.
    """

    a: str
    b: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"a": self.a, "b": self.b, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class LinkStats:
    """How much work linking did: ``scored`` is far below n² by design."""

    articles: int
    candidate_pairs: int  # cross-language pairs sharing a block
    scored: int  # pairs given a full score
    duplicate_checks: int

    def to_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "candidate_pairs": self.candidate_pairs,
            "scored": self.scored,
            "duplicate_checks": self.duplicate_checks,
        }


@dataclass(frozen=True)
class Linking:
    """The result of :func:`link` for a whole corpus."""

    groups: dict[str, str]  # every document id -> its group id
    links: list[Link]  # sorted by (a, b)
    duplicates: list[Duplicate]  # sorted by (a, b)
    stats: LinkStats = field(compare=False)

    def members(self) -> dict[str, list[str]]:
        """Group id -> its document ids, sorted."""
        out: dict[str, list[str]] = defaultdict(list)
        for doc, group in sorted(self.groups.items()):
            out[group].append(doc)
        return dict(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": dict(sorted(self.groups.items())),
            "links": [x.to_dict() for x in self.links],
            "duplicates": [x.to_dict() for x in self.duplicates],
            "stats": self.stats.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class LinkChanges:
    """What an incremental build must rewrite after re-linking."""

    regrouped: tuple[str, ...]  # documents whose group id changed (or are new)
    added: tuple[Link, ...]  # pairs to align
    removed: tuple[Link, ...]  # pairs whose stored alignment is obsolete


def changes(old: Linking, new: Linking) -> LinkChanges:
    """Differences between two linkings.

    Documents only in ``old`` (deleted) are not listed: the builder knows
    them.  A pair linked in both, by whatever method, keeps its alignment.
    """
    regrouped = tuple(sorted(d for d, g in new.groups.items() if old.groups.get(d) != g))
    old_pairs = {(x.a, x.b) for x in old.links}
    new_pairs = {(x.a, x.b) for x in new.links}
    return LinkChanges(
        regrouped=regrouped,
        added=tuple(x for x in new.links if (x.a, x.b) not in old_pairs),
        removed=tuple(x for x in old.links if (x.a, x.b) not in new_pairs),
    )


# --------------------------------------------------------------------------- groups


class _Groups:
    """Union-find over article indexes that keeps one article per language."""

    def __init__(self, langs: Sequence[str]) -> None:
        self.parent = list(range(len(langs)))
        self.langs: list[set[str]] = [{lang} for lang in langs]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_join(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        return ri != rj and not (self.langs[ri] & self.langs[rj])

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        self.parent[rj] = ri
        self.langs[ri] |= self.langs[rj]

    def has_lang(self, i: int, lang: str) -> bool:
        return lang in self.langs[self.find(i)]


# --------------------------------------------------------------------------- features


def _features(fp: Fingerprint) -> list[list[str]]:
    """Every feature of a fingerprint as a string, by kind, in text order.

    The prefix keeps kinds apart (names are letters only, numbers digits
    only).  Positions are compared within a kind, across languages.
    """
    nums = fp.numbers
    return [
        list(fp.names),
        list(nums),
        # Consecutive numbers: the sequence, and much rarer than either number.
        [f"{x}>{y}" for x, y in zip(nums, nums[1:], strict=False) if x != y],
        ["@" + t for t in fp.latin],
        ["p:" + p for p in fp.provinces],
        ["r:" + r for r in fp.resolutions],
    ]


@dataclass
class _Matrix:
    """Articles x features, CSR layout: ``feats[ptr[i]:ptr[i+1]]`` sorted, distinct."""

    ptr: Array
    feats: Array
    where: Array  # relative first position of each feature in its article
    weight: Array  # idf per feature
    lang_of: Array  # language index per article
    present: Array  # (languages, features) bool: feature occurs in that language
    mass: Array  # (articles, languages): weight of an article's features seen in that language
    # (articles, languages): sum over an article's features of weight x the
    # number of articles of that language holding it (see _chance).
    spread: Array
    counts: Array  # articles per language


# Articles whose features are turned into ids at a time: the feature
# strings of 100k articles at once would take gigabytes.
_CHUNK = 5000


def _feature_ids(fps: Sequence[Fingerprint]) -> tuple[Array, Array, Array, int]:
    """Distinct feature ids per article (CSR, ids sorted) and their relative first positions.

    A position is an occurrence's index within its kind divided by the
    kind's length, so 0..1 whatever the kind's size.  Chunks of articles
    are sorted apart: each holds whole articles, so their concatenation is
    sorted too, and no sort ever spans the whole corpus.
    """
    vocab: dict[str, int] = {}
    id_parts: list[Array] = []
    where_parts: list[Array] = []
    counts = np.zeros(len(fps), dtype=np.int64)
    for start in range(0, len(fps), _CHUNK):
        chunk = fps[start : start + _CHUNK]
        feats: list[str] = []
        runs: list[int] = []  # length of each (article, kind) run
        rows: list[int] = []
        for row, fp in enumerate(chunk):
            for kind in _features(fp):
                feats += kind
                runs.append(len(kind))
                rows.append(row)
        new = [f for f in dict.fromkeys(feats) if f not in vocab]
        vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
        ids = np.fromiter(map(vocab.__getitem__, feats), dtype=np.int64, count=len(feats))
        run_len = np.array(runs, dtype=np.int64)
        offset = np.arange(len(feats)) - np.repeat(np.cumsum(run_len) - run_len, run_len)
        where = offset / np.repeat(np.maximum(run_len, 1), run_len)
        row_of = np.repeat(np.array(rows, dtype=np.int64), run_len)
        keys, first = np.unique((row_of << 32) | ids, return_index=True)
        id_parts.append((keys & 0xFFFFFFFF).astype(np.int32))
        where_parts.append(where[first].astype(np.float32))
        counts[start : start + len(chunk)] = np.bincount(keys >> 32, minlength=len(chunk))
    ptr = np.zeros(len(fps) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    feats_all = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
    where_all = np.concatenate(where_parts) if where_parts else np.zeros(0, dtype=np.float32)
    return ptr, feats_all, where_all, len(vocab)


def _matrix(fps: Sequence[Fingerprint], lang_index: Mapping[str, int]) -> _Matrix:
    ptr, feats, where, n_feats = _feature_ids(fps)
    n = len(fps)
    df = np.bincount(feats, minlength=n_feats)
    weight = np.log((n + 1) / np.maximum(df, 1))
    lang_of = np.array([lang_index[fp.lang] for fp in fps], dtype=np.int64)
    row_of = np.repeat(np.arange(n, dtype=np.int32), np.diff(ptr))
    n_langs = len(lang_index)
    present = np.zeros((n_langs, n_feats), dtype=bool)
    mass = np.zeros((n, n_langs))
    spread = np.zeros((n, n_langs))
    for k in range(n_langs):
        rows_in = lang_of == k
        in_lang = rows_in[row_of]
        present[k, feats[in_lang]] = True
        # Per-feature products first: one gather per sum keeps the peak low.
        mass[:, k] = np.bincount(row_of, weights=(weight * present[k])[feats], minlength=n)
        holders = np.bincount(feats[in_lang], minlength=n_feats)
        spread[:, k] = np.bincount(row_of, weights=(weight * holders)[feats], minlength=n)
    counts = np.bincount(lang_of, minlength=n_langs)
    return _Matrix(ptr, feats, where, weight, lang_of, present, mass, spread, counts)


def _chance(m: _Matrix, i: int, j: int, shared: float) -> float:
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


def _block_entries(m: _Matrix, max_block: int, signature: int) -> tuple[Array, Array]:
    """(feature, article) entries that make blocks (see _block_pairs).

    Two kinds: every feature shared by 2..max_block articles; and each
    article's ``signature`` rarest features whatever their frequency, so
    that an article made only of common features (a reused wire story)
    still meets its translation -- which picks the same rarest features.
    The second kind enters a block only with the articles that picked it.
    Only features seen in two languages or more can link anything.
    """
    n = len(m.ptr) - 1
    df = np.bincount(m.feats, minlength=len(m.weight)).astype(np.int64)
    useful = (m.present.sum(axis=0) >= 2) & (df >= 2)
    ok = useful[m.feats]
    feats = m.feats[ok]
    rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(m.ptr))[ok]
    freq = df[feats]
    # Rank each article's features by frequency; a stable sort keeps ties in
    # feature order, so the choice is deterministic.
    order = np.argsort(rows.astype(np.int64) * (int(df.max(initial=0)) + 1) + freq, kind="stable")
    first = np.searchsorted(rows[order], np.arange(n, dtype=np.int32))  # rows stay ascending
    position = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    keep = freq <= max_block
    keep[order[position < signature]] = True
    return feats[keep], rows[keep].astype(np.int64)


def _block_pairs(m: _Matrix, feats: Array, rows: Array, max_block: int, size_key: Array) -> tuple[Array, Array, Array]:
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
    starts = np.flatnonzero(np.r_[True, feats[1:] != feats[:-1]])
    sizes = np.diff(np.r_[starts, len(feats)])
    keys: list[Array] = []
    gains: list[Array] = []

    def add(a: Array, b: Array, w: Array) -> None:
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        cross = m.lang_of[lo] != m.lang_of[hi]
        keys.append(lo[cross] * n + hi[cross])
        gains.append(w[cross])

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
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    pair_keys, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    shared = np.bincount(inverse, weights=np.concatenate(gains))
    return pair_keys // n, pair_keys % n, shared


def _size_key(fps: Sequence[Fingerprint], m: _Matrix) -> Array:
    """Log length less its language's median: translations come out close."""
    logs = np.log(np.array([max(fp.chars, 1) for fp in fps], dtype=np.float64))
    key = np.empty_like(logs)
    for k in range(len(m.counts)):
        rows = m.lang_of == k
        if rows.any():
            key[rows] = logs[rows] - np.median(logs[rows])
    return key


def _top_partners(m: _Matrix, a: Array, b: Array, shared: Array, top: int) -> tuple[Array, Array]:
    """Keep a pair if it is among the ``top`` of either article in the other's language."""
    src = np.r_[a, b]
    dst = np.r_[b, a]
    gain = np.r_[shared, shared]
    # Sort by article, then the partner's language, then gain descending
    # (partner index breaks ties, for determinism).
    order = np.lexsort((dst, -gain, m.lang_of[dst], src))
    src, dst = src[order], dst[order]
    group = src * len(m.present) + m.lang_of[dst]
    starts = np.r_[True, group[1:] != group[:-1]]
    rank = np.arange(len(group)) - np.maximum.accumulate(np.where(starts, np.arange(len(group)), 0))
    src, dst = src[rank < top], dst[rank < top]
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    n = len(m.ptr) - 1
    pairs = np.unique(lo * n + hi)
    return pairs // n, pairs % n


def _shared(m: _Matrix, i: int, j: int) -> tuple[float, float]:
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


# --------------------------------------------------------------------------- linking


def _log_ratios(fps: Sequence[Fingerprint], pairs: Iterable[tuple[int, int]]) -> dict[tuple[str, str], float]:
    """Median log length ratio per ordered language pair, from trusted pairs."""
    seen: dict[tuple[str, str], list[float]] = defaultdict(list)
    for i, j in pairs:
        x, y = fps[i], fps[j]
        if x.chars and y.chars:
            seen[(x.lang, y.lang)].append(math.log(y.chars / x.chars))
            seen[(y.lang, x.lang)].append(math.log(x.chars / y.chars))
    return {k: sorted(v)[len(v) // 2] for k, v in seen.items() if len(v) >= _MIN_PAIRS_FOR_RATIO}


def _length_fit(x: Fingerprint, y: Fingerprint, ratios: Mapping[tuple[str, str], float]) -> float:
    if not x.chars or not y.chars:
        return 0.0
    deviation = math.log(y.chars / x.chars) - ratios.get((x.lang, y.lang), 0.0)
    return math.exp(-0.5 * (deviation / _LENGTH_SIGMA) ** 2)


def _url_groups(fps: Sequence[Fingerprint]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """URL links (all pairs of a URL's articles, one per language) and URL duplicates."""
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if fp.url:
            by_url[fp.url].append(i)
    pairs: list[tuple[int, int]] = []
    dups: list[tuple[int, int, str]] = []
    for members in by_url.values():
        first: dict[str, int] = {}
        for i in members:  # ascending id: the first of a language is kept
            lang = fps[i].lang
            if lang in first:
                dups.append((first[lang], i, "same url"))
            else:
                first[lang] = i
        kept = sorted(first.values())
        pairs += [(x, y) for k, x in enumerate(kept) for y in kept[k + 1 :]]
    return pairs, dups


def _estimated_jaccard(x: Sequence[int], y: Sequence[int]) -> float:
    k = min(len(x), len(y))
    if k == 0:
        return 0.0
    union = sorted(set(x) | set(y))[:k]
    both = set(x) & set(y)
    return sum(1 for h in union if h in both) / k


def _content_duplicates(fps: Sequence[Fingerprint], skip: set[int]) -> tuple[list[tuple[int, int, str]], int]:
    """Same-language pairs whose sentence sets are near-identical.

    Blocks: articles of one language whose smallest (or second smallest)
    sentence hash is equal -- a MinHash band, met by near-identical texts
    with high probability.  A block of articles that all reuse one popular
    sentence can be large; within a block only articles close in size are
    compared (a sorted neighbourhood of _DUPLICATE_WINDOW), which keeps the
    work linear and loses nothing, since duplicates have about equal sizes.
    """
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if i not in skip:
            for h in fp.shingles[:2]:
                blocks[(fp.lang, h)].append(i)
    checked: set[tuple[int, int]] = set()
    found: list[tuple[int, int, str]] = []
    for members in blocks.values():
        members.sort(key=lambda i: (fps[i].sentences, fps[i].chars, i))
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + _DUPLICATE_WINDOW]:
                pair = (min(i, j), max(i, j))
                if pair in checked:
                    continue
                checked.add(pair)
                x, y = fps[pair[0]], fps[pair[1]]
                if min(x.sentences, y.sentences) < _DUPLICATE_JACCARD * max(x.sentences, y.sentences):
                    continue
                similarity = _estimated_jaccard(x.shingles, y.shingles)
                if similarity >= _DUPLICATE_JACCARD:
                    found.append((*pair, "identical text" if similarity == 1.0 else "near-identical text"))
    return sorted(found), len(checked)


def _score(fps: Sequence[Fingerprint], m: _Matrix, i: int, j: int, ratios: Mapping[tuple[str, str], float]) -> float:
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


def _mutual_best(
    fps: Sequence[Fingerprint], scores: Mapping[tuple[int, int], float], threshold: float
) -> list[tuple[float, int, int]]:
    """Pairs that are each other's best partner in their languages, best first."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        for s, t in ((i, j), (j, i)):
            key = (s, fps[t].lang)
            if key not in best or (score, -t) > (best[key][0], -best[key][1]):
                best[key] = (score, t)
    mutual = [
        (score, i, j)
        for (i, j), score in scores.items()
        if score >= threshold and best[(i, fps[j].lang)][1] == j and best[(j, fps[i].lang)][1] == i
    ]
    return sorted(mutual, key=lambda t: (-t[0], t[1], t[2]))


def link(
    fingerprints: Iterable[Fingerprint],
    threshold: float = DEFAULT_THRESHOLD,
    max_block: int = DEFAULT_MAX_BLOCK,
    top: int = DEFAULT_TOP,
) -> Linking:
    """Group translations among all articles (see the module docstring)."""
    fps = sorted(fingerprints, key=lambda fp: fp.id)
    ids = [fp.id for fp in fps]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate document ids among fingerprints")
    groups = _Groups([fp.lang for fp in fps])
    links: list[Link] = []

    url_pairs, url_dups = _url_groups(fps)
    for i, j in url_pairs:
        groups.join(i, j)
        links.append(Link(ids[i], ids[j], METHOD_URL, 1.0))
    # A second file with the same URL and language is the same article
    # again: it stays out of linking.  Near-identical text is only reported
    # (two reports of one event can share most sentences and still each
    # have a translation of their own).
    copies = {j for _, j, _ in url_dups}
    content_dups, dup_checks = _content_duplicates(fps, copies)

    m = _matrix(fps, {lang: k for k, lang in enumerate(sorted({fp.lang for fp in fps}))})
    a, b, shared = _block_pairs(m, *_block_entries(m, max_block, _SIGNATURE), max_block, _size_key(fps, m))
    candidates = len(a)
    a, b = _top_partners(m, a, b, shared, top) if candidates else (a, b)
    ratios = _log_ratios(fps, url_pairs)
    scores = {
        (i, j): _score(fps, m, i, j, ratios)
        for i, j in zip(a.tolist(), b.tolist(), strict=True)
        # An article linked by URL in the other's language has its
        # translation there; content may still add further languages.
        if i not in copies and j not in copies
        and not groups.has_lang(i, fps[j].lang) and not groups.has_lang(j, fps[i].lang)
    }  # fmt: skip
    for score, i, j in _mutual_best(fps, scores, threshold):
        # A pair already in one group (through a third language) is linked
        # too, so that it gets aligned; one that would put two articles of
        # a language in one group is not.
        if groups.find(i) == groups.find(j) or groups.can_join(i, j):
            groups.join(i, j)
            # Reported on a 0..1 scale that is 0.5 at the threshold.
            links.append(Link(ids[i], ids[j], METHOD_CONTENT, round(score / (score + threshold), 4)))

    dups = list(url_dups)
    for i, j, reason in content_dups:
        # Name first the one that has translations, else the first by id.
        dups.append((j, i, reason) if _linked(groups, j) and not _linked(groups, i) else (i, j, reason))
    root_id: dict[int, str] = {}
    for i in range(len(fps)):  # ascending ids: the first member names the group
        root_id.setdefault(groups.find(i), ids[i])
    return Linking(
        groups={ids[i]: root_id[groups.find(i)] for i in range(len(fps))},
        links=sorted(links, key=lambda x: (x.a, x.b)),
        duplicates=sorted((Duplicate(ids[i], ids[j], r) for i, j, r in dups), key=lambda d: (d.a, d.b)),
        stats=LinkStats(len(fps), candidates, len(scores), dup_checks),
    )


def _linked(groups: _Groups, i: int) -> bool:
    return len(groups.langs[groups.find(i)]) > 1
