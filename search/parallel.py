"""Parallel translations at query time: groups, translations, aligned pairs.

Stage: search.  The builder stored one ``group`` document per translation
group (members, links with method and confidence, beads per pair); this
module reads it and turns beads into sentence pairs with code-point offsets.
Nothing is realigned at query time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.interface import KIND_GROUP, StoredArticle, column_values, live_docnums, term_text

from .facets import FacetIndex
from .results import Translation
from .sentences import SentenceMap

__all__ = [
    "LOW_SCORES",
    "bead_shape",
    "Group",
    "PairSide",
    "Parallel",
    "ParallelPair",
    "SentencePairs",
    "is_low",
    "load_group",
    "side",
    "stored_group",
]

# Bead scores below which a row is marked as uncertain (``low`` in the JSON, a
# mark on the article page), by the bead's shape: one sentence on each side,
# or a merge (1-2, 2-1 or more).  On the NTREX evaluation a 1-1 bead is rarely
# wrong even at a low score (a threshold of 0.5 flagged five right rows for one
# wrong), a merge much more often (it may have swallowed an untranslated
# sentence).  Chosen on seeds 100-119 as the pair with the best F1 of the flag
# (``scripts/eval_alignment.py --seeds 100-119 --tune``).  No threshold makes a
# flagged row more likely wrong than right (precision stays near 0.4), so the
# flag says "uncertain", not "wrong".
LOW_SCORES = {"one_to_one": 0.25, "merged": 0.65}


_NO_EVIDENCE: dict[str, Any] = {"content": None, "alignment": None, "lexicon": None}
# A content link's confidence (index.translation.link_support: 0.55 at the
# least) in words: "strong" from 0.8 (true make_corpus pairs mostly score
# 0.85-0.97), "weak", and marked as low, below 0.65.
STRONG_LINK = 0.8
WEAK_LINK = 0.65


def link_strength(method: str, confidence: float, evidence: dict[str, Any]) -> str:
    """``url``, ``url_poor`` (a URL pair whose sentences hardly align), or ``strong``, ``moderate``, ``weak``."""
    if method == "url":
        return "url_poor" if (evidence.get("alignment") or {}).get("poor") else "url"
    if confidence >= STRONG_LINK:
        return "strong"
    return "moderate" if confidence >= WEAK_LINK else "weak"


# The strength in words (the JSON's ``confidence_label``; the page translates them).
STRENGTH_WORDS = {
    "url": "linked by source URL",
    "url_poor": "linked by source URL, but the sentences hardly align: low confidence",
    "strong": "linked by content, strong",
    "moderate": "linked by content, moderate",
    "weak": "linked by content, weak: low confidence",
}
LOW_STRENGTHS = frozenset({"url_poor", "weak"})


@dataclass(frozen=True)
class Group:
    """A translation group as stored by the builder."""

    id: str
    langs: dict[str, str]  # member id -> lang
    links: list[dict[str, Any]]  # {"a","b","method","confidence","beads"}

    def translations(self, doc_id: str) -> tuple[Translation, ...]:
        """The other members, each with the link that joins it (or the weakest on the way)."""
        direct = {}
        for x in self.links:
            if doc_id in (x["a"], x["b"]):
                other = x["b"] if x["a"] == doc_id else x["a"]
                direct[other] = (x["method"], x["confidence"])
        weakest = min(self.links, key=lambda x: x["confidence"]) if self.links else None
        out = []
        for other, lang in sorted(self.langs.items()):
            if other == doc_id:
                continue
            if other in direct:
                method, confidence = direct[other]
            elif weakest is not None:  # linked through a third member
                method, confidence = weakest["method"], weakest["confidence"]
            else:
                continue
            out.append(Translation(other, lang, method, float(confidence)))
        return tuple(out)

    def evidence(self, doc_id: str, other_id: str) -> dict[str, Any]:
        """Why the two were linked, as the build stored it (all None for a link stored without it)."""
        for x in self.links:
            if {x["a"], x["b"]} == {doc_id, other_id}:
                return {**_NO_EVIDENCE, **x.get("evidence", {})}
        return dict(_NO_EVIDENCE)

    def beads(self, doc_id: str, other_id: str) -> list[tuple[list[int], list[int], float]] | None:
        """Beads from ``doc_id``'s side to ``other_id``'s, or None if the two are not linked."""
        for x in self.links:
            if (x["a"], x["b"]) == (doc_id, other_id):
                return [(src, tgt, score) for src, tgt, score in x["beads"]]
            if (x["a"], x["b"]) == (other_id, doc_id):
                return [(tgt, src, score) for src, tgt, score in x["beads"]]
        return None


def stored_group(stored: str) -> Group:
    """A group document's stored ``parallel`` field as a Group."""
    record = json.loads(stored)
    return Group(id=record["group"], langs={m["id"]: m["lang"] for m in record["members"]}, links=record["links"])


def load_group(searcher: Searcher, doc_id: str, fi: FacetIndex) -> Group | None:
    docnum = fi.group_docnum(searcher.reader(), doc_id)
    if docnum is None:
        return None
    return stored_group(searcher.stored_fields(docnum)["parallel"])


def bead_shape(src_count: int, tgt_count: int) -> str:
    """``one_sided`` (a sentence with no counterpart), ``one_to_one`` or ``merged`` (1-2, 2-1)."""
    if not src_count or not tgt_count:
        return "one_sided"
    return "one_to_one" if src_count == tgt_count == 1 else "merged"


def is_low(src_count: int, tgt_count: int, score: float) -> bool:
    """Whether a bead of ``src_count`` and ``tgt_count`` sentences is marked as uncertain.

    A sentence on one side only (a caption, a photo credit, a sentence the
    translator left out) is never marked: the page shows it as untranslated,
    and it has no counterpart that could be the wrong one.
    """
    shape = bead_shape(src_count, tgt_count)
    return shape in LOW_SCORES and score < LOW_SCORES[shape]


class SentencePairs:
    """Every aligned pair of sentences in the index, as sentence ids, in both directions.

    Built once per index generation from the stored groups (their beads),
    so that "sentences whose counterpart matches" is one numpy lookup
    instead of reading a group per sentence: ``parallel_q`` without ``q``
    would otherwise visit every sentence of the index.
    """

    def __init__(self, reader: IndexReader, sentences: SentenceMap, articles: np.ndarray) -> None:
        docnum = dict(zip(map(term_text, column_values(reader, "doc", articles)), articles.tolist(), strict=True))
        count = np.bincount(sentences.article, minlength=sentences.base.size)
        here: list[int] = []
        there: list[int] = []
        # Every sentence's bead, per link: (sentence id, sentences on the a side,
        # on the b side, score); the aligned-side filters read these (search.aligned).
        members: list[tuple[int, int, int, float]] = []
        for group in live_docnums(reader, "kind", KIND_GROUP):
            for link in stored_group(reader.stored_fields(group)["parallel"]).links:
                a, b = docnum.get(link["a"]), docnum.get(link["b"])
                if a is None or b is None:
                    continue  # a member deleted since the groups were stored
                base_a, base_b, count_a, count_b = sentences.base[a], sentences.base[b], count[a], count[b]
                for src, tgt, score in link["beads"]:
                    shape = (len(src), len(tgt), float(score))
                    members += [(base_a + i, *shape) for i in src if i < count_a]
                    members += [(base_b + j, *shape) for j in tgt if j < count_b]
                    for i in src:
                        for j in tgt:
                            if i < count_a and j < count_b:
                                here.append(base_a + i)
                                there.append(base_b + j)
        table = np.asarray(members, dtype=np.float64).reshape(-1, 4)
        self.member = table[:, 0].astype(np.int64)
        self.member_a = table[:, 1].astype(np.int64)
        self.member_b = table[:, 2].astype(np.int64)
        self.member_score = table[:, 3]
        a_side, b_side = np.asarray(here, dtype=np.int64), np.asarray(there, dtype=np.int64)
        self.size = sentences.size
        # source[k] is aligned to target[k]; each bead is listed both ways.
        self.source = np.concatenate([a_side, b_side])
        self.target = np.concatenate([b_side, a_side])
        # Sentence mask: the sentences with an aligned counterpart (the ``aligned``
        # filter), made once per generation, read-only: requests share it.
        self.with_counterpart = np.zeros(self.size, dtype=bool)
        self.with_counterpart[self.source] = True
        self.with_counterpart.flags.writeable = False

    def aligned_to(self, matched: np.ndarray) -> np.ndarray:
        """Sentence mask: the sentences aligned to at least one of ``matched`` (a sentence mask)."""
        keep = np.zeros(self.size, dtype=bool)
        keep[self.source[matched[self.target]]] = True
        return keep


@dataclass(frozen=True)
class PairSide:
    text: str
    start: int | None
    end: int | None
    sentences: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "sentences": list(self.sentences)}


def side(article: StoredArticle, indexes: list[int]) -> PairSide:
    """The text of consecutive sentences of an article (empty for a 1-0 / 0-1 bead)."""
    if not indexes:
        return PairSide("", None, None, ())
    sentences = article.sentences()
    start, end = sentences[indexes[0]].start, sentences[indexes[-1]].end
    return PairSide(article.text[start:end], start, end, tuple(indexes))


@dataclass(frozen=True)
class ParallelPair:
    source: PairSide
    target: PairSide
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "score": self.score,
            "low": is_low(len(self.source.sentences), len(self.target.sentences), self.score),
        }


@dataclass(frozen=True)
class Parallel:
    """An article and one of its translations, aligned bead by bead."""

    source: StoredArticle
    target: StoredArticle
    method: str
    confidence: float
    pairs: tuple[ParallelPair, ...]
    evidence: dict[str, Any]

    @property
    def strength(self) -> str:
        return link_strength(self.method, self.confidence, self.evidence)

    def to_dict(self) -> dict[str, Any]:
        def head(a: StoredArticle) -> dict[str, Any]:
            return {"id": a.id, "lang": a.lang, "title": a.title, "url": a.url}

        return {
            "ok": True,
            "source": head(self.source),
            "target": head(self.target),
            "method": self.method,
            "confidence": self.confidence,
            "strength": self.strength,
            "confidence_label": STRENGTH_WORDS[self.strength],
            "low_confidence": self.strength in LOW_STRENGTHS,
            "evidence": self.evidence,
            "pairs": [p.to_dict() for p in self.pairs],
        }


def build_parallel(group: Group, source: StoredArticle, target: StoredArticle) -> Parallel | None:
    beads = group.beads(source.id, target.id)
    if beads is None:
        return None
    link = next(t for t in group.translations(source.id) if t.id == target.id)
    pairs = tuple(ParallelPair(side(source, s), side(target, t), float(score)) for s, t, score in beads)
    return Parallel(source, target, link.method, link.confidence, pairs, group.evidence(source.id, target.id))


def aligned_sentences(
    group: Group, doc_id: str, n: int, article: Callable[[str], StoredArticle]
) -> list[dict[str, Any]]:
    """For sentence ``n`` of ``doc_id``: the aligned sentence(s) in each translation."""
    out = []
    for t in group.translations(doc_id):
        beads = group.beads(doc_id, t.id)
        if not beads:
            continue
        for src, tgt, score in beads:
            if n in src:
                if tgt:
                    target = side(article(t.id), tgt)
                    out.append(
                        {
                            "id": t.id,
                            "lang": t.lang,
                            "text": target.text,
                            "start": target.start,
                            "end": target.end,
                            "sentences": list(target.sentences),
                            "score": float(score),
                        }
                    )
                break
    return out
