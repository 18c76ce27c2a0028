"""Translation linking: which articles are translations of one another.

Stage: fingerprints of every article (:mod:`index.translation.fingerprint`) -> translation
groups, links and duplicates (at index time, after all articles are read).

Two kinds of evidence, in order:

1. *URL*: articles whose normalised source URLs are equal share a group
   (confidence 1).  Two articles of one language with one URL are one
   article twice: the second is reported as a duplicate and left out
   (:mod:`index.translation.duplicates`, which also reports same-language
   near-duplicates; those may still link).
2. *Content*, for everything else (no URL, or different URLs): the pairs
   that blocking puts forward (:mod:`index.translation.link_blocks`) get a
   score from their shared features weighted by rarity
   (:mod:`index.translation.link_scores`).  A pair is linked when each is
   the other's best match in its language (mutual best) and the score
   reaches ``threshold``; its content confidence is score / (score +
   threshold), 0.5 at the threshold.
3. *Verification*, when :func:`link` is given an aligner (the build always
   gives one): every URL pair and content candidate is aligned first.  A
   content candidate whose alignment does not support it
   (:mod:`index.translation.link_support`: confident beads, bead scores,
   one-sided beads, length, and whether its aligned words translate,
   :mod:`index.translation.link_lexical`) is rejected, and its articles get
   one more round with what is left; a kept one's confidence combines the
   three.  Two long articles that share no rare feature must also align
   nearly whole (:class:`_PassageOnly`): their common ground may be
   a passage many articles repeat.  A URL pair whose alignment is very poor
   stays linked and is reported in ``warnings``.
4. *Last rounds*, with an aligner: the mutual best pairs among the
   articles still open, down to a score of ``WEAK_THRESHOLD``.  One under
   the threshold is judged only where an article is short (few numbers or
   names to score; its evidence is words) and kept only when its beads and
   words carry it alone.

A group holds at most one article per language; its id is the smallest
document id in it, so it is deterministic and changes only when the group
does.  Incremental builds re-run :func:`link` over all stored fingerprints,
which costs far less than re-reading the articles: the global mutual-best
rule cannot be applied to new articles alone without missing the old ones
it displaces.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .duplicates import content_duplicates, url_groups
from .fingerprint import Fingerprint
from .fingerprint_table import ArticleFacts, FingerprintTable
from .link_blocks import SHORT_ARTICLE, candidate_pairs, rare_features
from .link_scores import Array, feature_matrix, log_ratios, pair_scores
from .link_support import Support, alignment_support

__all__ = [
    "DEFAULT_THRESHOLD",
    "METHOD_CONTENT",
    "METHOD_URL",
    "Aligner",
    "Duplicate",
    "Evidence",
    "Link",
    "LinkStats",
    "PairAlignment",
    "Linking",
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
# Partners per article and other language that get a full score.
DEFAULT_TOP = 3
# Content score from which a pair under the threshold, one of whose
# articles is short, may still be linked when its alignment and words carry
# it (see _Linker.last_links).  Translations of 2-5 sentences with few names
# scored 0.02-0.1 on the short tuning seeds.
WEAK_THRESHOLD = 0.02


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a pair was linked (or rejected): its content score and its alignment's support.

    ``content`` is None for a URL link; ``alignment`` is None when the pair
    was not aligned before linking (``link`` without an aligner).
    """

    content: float | None
    alignment: Support | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": None if self.content is None else {"score": round(self.content, 4)},
            "alignment": None if self.alignment is None else self.alignment.to_dict(),
            "lexicon": None if self.alignment is None else self.alignment.lexicon_dict(),
        }


@dataclass(frozen=True, slots=True)
class Link:
    """Two articles that are translations of each other (a < b)."""

    a: str
    b: str
    method: str  # METHOD_URL or METHOD_CONTENT
    confidence: float
    evidence: Evidence | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b, "method": self.method, "confidence": round(self.confidence, 4)}
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_dict()
        return out


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
    # Content candidates whose alignment did not support them (confidence 0), sorted by (a, b).
    rejected: list[Link] = field(default_factory=list)
    # (document id, sentence): URL links whose sentences hardly align.
    warnings: list[tuple[str, str]] = field(default_factory=list)

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
            "rejected": [x.to_dict() for x in self.rejected],
        }


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


def _mutual_best(
    fps: Sequence[ArticleFacts], scores: Mapping[tuple[int, int], float], threshold: float
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


# Beads of each pair asked for, as stored ([src indexes, tgt indexes, score]),
# and the lexical share of its aligned stems (index.translation.link_lexical;
# None where unknown, as for a language pair the lexicon does not cover).
PairAlignment = tuple[Sequence[Sequence[Any]], float | None]
Aligner = Callable[[Sequence[tuple[str, str]]], Mapping[tuple[str, str], PairAlignment]]
# Rounds of content linking: a rejected candidate's articles may link to
# their next-best partner once (each round aligns only the new candidates).
_ROUNDS = 2


class _PassageOnly:
    """Whether two long articles share no rare feature: perhaps only a passage many articles repeat.

    Such a pair's mutual best may be another article that repeats the
    passage, its own translation never scored (blocking meets it among too
    many): it must align nearly whole (Support.keeps_passage).  Made from
    the feature matrix's arrays, which outlive the matrix itself.
    """

    def __init__(self, fps: Sequence[ArticleFacts], rare: Array, ptr: Array, feats: Array) -> None:
        self.fps = fps
        self.rare = rare  # per feature, whether it is rare (link_blocks.rare_features)
        self.ptr = ptr  # each article's features (CSR, the table's own arrays)
        self.feats = feats

    def __call__(self, i: int, j: int) -> bool:
        if min(self.fps[i].sentences, self.fps[j].sentences) <= SHORT_ARTICLE:
            return False
        ptr, feats = self.ptr, self.feats
        shared = np.intersect1d(feats[ptr[i] : ptr[i + 1]], feats[ptr[j] : ptr[j + 1]], assume_unique=True)
        return not self.rare[shared].any()


class _Linker:
    """The state of one :func:`link` call: the articles, their groups and the links made so far."""

    def __init__(
        self, fps: Sequence[ArticleFacts], aligner: Aligner | None, ratios: Mapping[tuple[str, str], float]
    ) -> None:
        self.fps = fps
        self.ids = [fp.id for fp in fps]
        self.groups = _Groups([fp.lang for fp in fps])
        self.aligner = aligner
        self.ratios = ratios  # link_scores.log_ratios: each language pair's usual length ratio
        self.links: list[Link] = []
        self.rejected: list[Link] = []
        self.warnings: list[tuple[str, str]] = []

    def support(self, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Support]:
        """Each pair's alignment support (nothing without an aligner)."""
        if self.aligner is None or not pairs:
            return {}
        fps, ids = self.fps, self.ids
        aligned = self.aligner([(ids[i], ids[j]) for i, j in pairs])
        out = {}
        for i, j in pairs:
            beads, lexical = aligned[(ids[i], ids[j])]
            usual = self.ratios.get((fps[i].lang, fps[j].lang), 0.0)
            out[(i, j)] = alignment_support(beads, fps[i].chars, fps[j].chars, usual, lexical)
        return out

    def url_links(self, pairs: Sequence[tuple[int, int]]) -> None:
        ids = self.ids
        verdicts = self.support(pairs)
        for i, j in pairs:
            self.groups.join(i, j)
            found = verdicts.get((i, j))
            self.links.append(Link(ids[i], ids[j], METHOD_URL, 1.0, None if found is None else Evidence(None, found)))
            if found is not None and found.poor():
                self.warnings.append((ids[i], f"linked by source URL to {ids[j]}, but their sentences hardly "
                                      "align or translate each other: one site may have reused the URL"))  # fmt: skip

    def open_pair(self, i: int, j: int) -> bool:
        """Neither article has a link in the other's language yet."""
        return not self.groups.has_lang(i, self.fps[j].lang) and not self.groups.has_lang(j, self.fps[i].lang)

    def content_links(
        self, scores: dict[tuple[int, int], float], threshold: float, passage_only: Callable[[int, int], bool]
    ) -> None:
        """Mutual best pairs above ``threshold``, each kept if its alignment supports it.

        After a rejection, the rejected pairs' articles get one more round:
        the mutual best pairs among what is left that involve one of them.
        """
        touched: set[int] | None = None
        for _ in range(_ROUNDS):
            chosen = [
                (score, i, j)
                for score, i, j in _mutual_best(self.fps, scores, threshold)
                if touched is None or i in touched or j in touched
            ]
            touched = self._judge(chosen, threshold, passage_only)
            if not touched:
                return
            gone = {(x.a, x.b) for x in self.rejected}
            scores = {
                (i, j): s
                for (i, j), s in scores.items()
                if (self.ids[i], self.ids[j]) not in gone and self.open_pair(i, j)
            }

    def last_links(
        self, scores: dict[tuple[int, int], float], threshold: float, passage_only: Callable[[int, int], bool]
    ) -> None:
        """Last rounds: the mutual best pairs among all articles still open, down to WEAK_THRESHOLD.

        A pair at the threshold or above is judged as in :meth:`content_links`
        (its articles' better partners went elsewhere or were rejected).  One
        under it (weak) is aligned only if one side is a short article (few
        numbers or names to score: its evidence is words) and linked only if
        its beads and words carry it alone (:meth:`Support.keeps_weak`).  A
        rejected pair's articles get one more round, as in content_links.
        Without an aligner nothing is linked here.
        """
        if self.aligner is None:
            return
        fps = self.fps
        touched: set[int] | None = None
        for _ in range(_ROUNDS):
            gone = {(x.a, x.b) for x in self.rejected}
            left = {
                (i, j): s
                for (i, j), s in scores.items()
                if s >= WEAK_THRESHOLD and (self.ids[i], self.ids[j]) not in gone and self.open_pair(i, j)
            }
            chosen = [
                (s, i, j)
                for s, i, j in _mutual_best(fps, left, WEAK_THRESHOLD)
                if touched is None or i in touched or j in touched
            ]
            touched = self._judge([c for c in chosen if c[0] >= threshold], threshold, passage_only)
            weak = [
                (s, i, j)
                for s, i, j in chosen
                if s < threshold and min(fps[i].sentences, fps[j].sentences) <= SHORT_ARTICLE
            ]
            touched |= self._judge(weak, threshold, passage_only, weak=True)
            if not touched:
                return

    def _judge(
        self,
        chosen: list[tuple[float, int, int]],
        threshold: float,
        passage_only: Callable[[int, int], bool],
        weak: bool = False,
    ) -> set[int]:
        """Link or reject each chosen pair, best first; the articles of the rejected ones."""
        ids, groups = self.ids, self.groups
        verdicts = self.support([(i, j) for _, i, j in chosen])
        touched: set[int] = set()
        for score, i, j in chosen:
            # A pair already in one group (through a third language) is linked
            # too, so that it gets aligned; one that would put two articles of
            # a language in one group is not.
            if not (groups.find(i) == groups.find(j) or groups.can_join(i, j)):
                continue
            found = verdicts.get((i, j))
            content = score / (score + threshold)  # 0.5 at the threshold
            confidence = content if found is None else _combined(content, found)
            if found is not None and not (
                found.keeps_weak()
                if weak
                else found.keeps(confidence) and (found.keeps_passage() or not passage_only(i, j))
            ):
                self.rejected.append(Link(ids[i], ids[j], METHOD_CONTENT, 0.0, Evidence(score, found)))
                touched |= {i, j}
                continue
            groups.join(i, j)
            self.links.append(Link(ids[i], ids[j], METHOD_CONTENT, round(confidence, 4), Evidence(score, found)))
        return touched


def link(
    fingerprints: Iterable[Fingerprint] | FingerprintTable,
    threshold: float = DEFAULT_THRESHOLD,
    max_block: int = DEFAULT_MAX_BLOCK,
    top: int = DEFAULT_TOP,
    aligner: Aligner | None = None,
) -> Linking:
    """Group translations among all articles (see the module docstring).

    With an ``aligner`` (which returns the beads of the pairs it is given),
    every URL pair and content candidate is aligned: a content candidate
    whose alignment does not support it is rejected, and a URL pair whose
    alignment is very poor is reported in ``warnings``.
    """
    if isinstance(fingerprints, FingerprintTable):
        table = fingerprints
    else:
        table = FingerprintTable.of(sorted(fingerprints, key=lambda fp: fp.id))
    fps = table.rows
    ids = [fp.id for fp in fps]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate document ids among fingerprints")
    url_pairs, url_dups = url_groups(fps)
    linker = _Linker(fps, aligner, log_ratios(fps, url_pairs))
    groups = linker.groups
    linker.url_links(url_pairs)
    # A second file with the same URL and language is the same article
    # again: it stays out of linking.  Near-identical text is only reported
    # (two reports of one event can share most sentences and still each
    # have a translation of their own).
    copies = {j for _, j, _ in url_dups}
    content_dups, dup_checks = content_duplicates(fps, copies)

    m = feature_matrix(table, {lang: k for k, lang in enumerate(sorted({fp.lang for fp in fps}))})
    a, b, candidates = candidate_pairs(fps, m, max_block, top)
    scored = [
        (i, j)
        for i, j in zip(a.tolist(), b.tolist(), strict=True)
        # An article linked by URL in the other's language has its
        # translation there; content may still add further languages.
        if i not in copies and j not in copies and linker.open_pair(i, j)
    ]
    values = pair_scores(fps, m, np.array([i for i, _ in scored]), np.array([j for _, j in scored]), linker.ratios)
    scores = dict(zip(scored, values.tolist(), strict=True))
    passage_only = _PassageOnly(fps, rare_features(m, max_block), m.ptr, m.feats)
    # The matrix is not needed while the candidates are aligned (the build's longest step).
    del m, a, b
    linker.content_links(scores, threshold, passage_only)
    linker.last_links(scores, threshold, passage_only)

    dups = list(url_dups)
    for i, j, reason in content_dups:
        # Name first the one that has translations, else the first by id.
        dups.append((j, i, reason) if _linked(groups, j) and not _linked(groups, i) else (i, j, reason))
    root_id: dict[int, str] = {}
    for i in range(len(fps)):  # ascending ids: the first member names the group
        root_id.setdefault(groups.find(i), ids[i])
    return Linking(
        groups={ids[i]: root_id[groups.find(i)] for i in range(len(fps))},
        links=sorted(linker.links, key=lambda x: (x.a, x.b)),
        duplicates=sorted((Duplicate(ids[i], ids[j], r) for i, j, r in dups), key=lambda d: (d.a, d.b)),
        stats=LinkStats(len(fps), candidates, len(scores), dup_checks),
        rejected=sorted(linker.rejected, key=lambda x: (x.a, x.b)),
        warnings=sorted(linker.warnings),
    )


def _combined(content: float, found: Support) -> float:
    """A content link's confidence: the geometric mean of its content confidence and its alignment's support."""
    parts = [content, found.value]
    if found.lexical_strength is not None:
        parts.append(found.lexical_strength)
    return math.prod(parts) ** (1 / len(parts))


def _linked(groups: _Groups, i: int) -> bool:
    return len(groups.langs[groups.find(i)]) > 1
