"""BM25 scores of articles, computed over whole posting lists with numpy.

Stage: search.  Which articles match is decided exactly elsewhere
(search.matching); this module only orders them.  It computes the same
BM25F score Whoosh's default weighting gives (same idf, same byte-coded
field lengths, same B and K1, boosts multiply and OR/AND add up their
parts), but a term at a time over numpy arrays instead of a Python call per
posting.

Scores per query part (search.alternatives.scored_terms, from the terms the
parse analysed):

* a word: its exact form (boosted) plus its stem;
* a phrase or a word that analyses to several tokens: the sum of its exact
  terms' scores (Whoosh scores phrases by their words as well);
* a prefix: the sum over the words it expands to (Whoosh gives every
  prefix match the same score);
* a place name: the sum over its spellings;
* ``field:value`` and exclusions: nothing (they filter, they do not rank).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from .alternatives import KEY_EXCEPT_FIELD, KEY_FIELD, TEXT_FIELDS, bridge_scored, scored_terms
from .coordination import coordination, counted, crosses
from .facets import FacetIndex
from .levels import Level
from .occurrences import Occurrences
from .partners import Partners
from .sentence_scores import SentenceScores
from .tree import And, KeyPhrase, Node, Not, Or, Word

__all__ = ["SPELLED_BOTH", "article_partners", "article_scores", "top"]

# Whoosh's BM25F defaults (whoosh.scoring.BM25F).
_B, _K1 = 0.75, 1.2
# A word typed in Latin letters scores this many times more in an article
# whose translation holds it too (_Scorer.spelled_out).  Chosen on
# `scripts/eval_bridge.py --dev` (names of the even NTREX documents): 1.5,
# 2, 3 and 5 gave 0.905, 0.915, 0.918 and 0.918 where 1 gave 0.869.
SPELLED_BOTH = 2.0


def _latin_bridged(node: Word) -> bool:
    """A word typed in Latin letters that crosses into the Bengali and Hindi words (search.bridge)."""
    return bool(node.bridges) and all(t.isascii() and t.isalpha() for t in node.terms.exact)


class _Scorer:
    def __init__(self, searcher: Searcher, fi: FacetIndex, occ: Occurrences) -> None:
        self.searcher, self.fi, self.occ = searcher, fi, occ
        self.reader = searcher.reader()
        self.scores = np.zeros(fi.doc_count, dtype=np.float64)
        self.scored = False

    def term(self, field: str, text: str, boost: float = 1.0) -> None:
        p = self.occ.counts(field, text)  # frequencies: positions are not decoded for ranking
        if not p.ids.size:
            return
        if field == KEY_EXCEPT_FIELD:
            # Whoosh's idf over the documents that hold the key other than as a common word.
            idf = math.log(self.searcher.doc_count_all() / (p.ids.size + 1)) + 1
            field = KEY_FIELD
        else:
            idf = self.searcher.idf(field, text)
        avgfl = self.searcher.avg_field_length(field) or 1
        fl = self.fi.field_lengths(self.reader, field)[p.ids]
        tf = p.weights
        self.scores[p.ids] += boost * idf * ((tf * (_K1 + 1)) / (tf + _K1 * ((1 - _B) + _B * fl / avgfl)))
        self.scored = True

    def apart(self, parts: list[list[tuple[str, str, float]]]) -> list[np.ndarray]:
        """Each part's scores in an array of its own (the running total untouched)."""
        saved, out = self.scores, []
        for terms in parts:
            self.scores = np.zeros_like(saved)
            for field, text, boost in terms:
                self.term(field, text, boost)
            out.append(self.scores)
        self.scores = saved
        return out

    def best_of(self, node: Word) -> None:
        """A translated word scored once: its own terms or its best equivalent, whichever scores more."""
        own = scored_terms(replace(node, bridges=()), self.reader)
        bridged = [bridge_scored(b) for b in node.bridges if b.field in TEXT_FIELDS]
        self.scores += np.maximum.reduce(self.apart([own, *bridged]))

    def coordinated(self, node: And) -> None:
        """An AND across languages: its score times the share of its words each article holds."""
        saved = self.scores
        self.scores = np.zeros_like(saved)
        held = np.zeros(saved.size, dtype=np.int16)
        words = 0
        for child in node.children:
            before = self.scores.copy() if counted(child) else None
            self.node(child)
            if before is not None:
                held += self.scores > before
                words += 1
        self.scores = saved + self.scores * coordination(held, words)

    def node(self, node: Node) -> None:
        if isinstance(node, Not):
            return  # exclusions filter, they do not rank
        if isinstance(node, And) and node.cross:
            self.coordinated(node)
        elif isinstance(node, Word) and crosses(node):
            self.best_of(node)
        elif isinstance(node, And | Or):
            for child in node.children:
                self.node(child)
        elif isinstance(node, KeyPhrase):
            self.spelled_out(node)
        elif isinstance(node, Word) and _latin_bridged(node):
            self.spelled_out(node)
        else:
            for field, text, boost in scored_terms(node, self.reader):
                self.term(field, text, boost)

    def spelled_out(self, node: KeyPhrase | Word) -> None:
        """A word or run typed in Latin letters, counted SPELLED_BOTH times where an article's translation holds it too.

        A name is spelled out in every version of an article; an ordinary
        Bengali or Hindi word that shares its phonetic key (ছোঁয়া, ची for
        Kai) is translated, so its article's translation rarely holds the key.
        """
        saved = self.scores
        self.scores = np.zeros_like(saved)
        # A run's words count once, with the run (not each twice over).
        for word in node.words if isinstance(node, KeyPhrase) else (node,):
            for field, text, boost in scored_terms(word, self.reader):
                self.term(field, text, boost)
        if isinstance(node, KeyPhrase):
            for text in node.bridge.terms:
                self.term(node.bridge.field, text, node.bridge.weight)
        part = self.scores
        if self.scored:
            part[self.partners().both(part)] *= SPELLED_BOTH
        self.scores = saved + part

    def partners(self) -> Partners:
        return article_partners(self.fi, self.reader)


def article_partners(fi: FacetIndex, reader: IndexReader) -> Partners:
    """The generation's translation pairs, read by the first request that needs them (or Engine.warm)."""
    articles = fi.levels[Level.ARTICLE]
    return fi.derived("partners", lambda: Partners(reader, articles, lambda doc_id: fi.group_docnum(reader, doc_id)))


def article_scores(root: Node, searcher: Searcher, fi: FacetIndex, occ: Occurrences) -> np.ndarray | None:
    """BM25 per docnum for the query's text (None: nothing in it ranks, e.g. facets only)."""
    scorer = _Scorer(searcher, fi, occ)
    scorer.node(root)
    return scorer.scores if scorer.scored else None


def top(ids: np.ndarray, scores: np.ndarray | SentenceScores, k: int, order: np.ndarray) -> np.ndarray:
    """The ``k`` best of ``ids`` by score, best first (ties: by ``order``, the document-id order)."""
    values = scores[ids]
    if ids.size > 4 * k:
        # Keep everything at least as good as the k-th best (ties included).
        kth = np.partition(values, ids.size - k)[ids.size - k]
        keep = values >= kth
        ids, values = ids[keep], values[keep]
    return ids[np.lexsort((order[ids], -values))][:k]


def newest(ids: np.ndarray, dates: np.ndarray, k: int, order: np.ndarray) -> np.ndarray:
    """The ``k`` newest of ``ids`` by ``dates`` (yyyymmdd, 0 = undated, last), ties by ``order``.

    ``order`` is a permutation (every unit's place in document-id order), so
    one int64 key orders the units completely, and only the first ``k`` of
    it are sorted: a query with no words lists 100k articles newest first.
    """
    key = -dates[ids] * np.int64(order.size) + order[ids]
    if ids.size > 4 * k:
        ids = ids[np.argpartition(key, k - 1)[:k]]
        key = -dates[ids] * np.int64(order.size) + order[ids]
    return ids[np.argsort(key, kind="stable")][:k]
