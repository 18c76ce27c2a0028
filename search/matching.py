"""Which articles or sentences a query matches, exactly, as a mask.

Stage: search.  The query tree is evaluated bottom-up over boolean numpy
masks: a text leaf contributes the units where its alternatives occur
(search.alternatives, read from the posting lists by search.occurrences), a
facet (``province:ca-mau``, or at the article level the province behind a
place name) the articles of that facet value; AND, OR and NOT are mask
operations.

At the article level a mask is indexed by docnum.  At the sentence level it
is indexed by sentence id (search.sentences): a text leaf's matching token
positions are mapped to sentences, and a facet covers every sentence of its
articles.  A place name there matches only the sentences that write it
(search.alternatives.written_alternatives): a passage about Hanoi names
Hanoi, while an article tagged Hanoi may do so in one sentence of forty.
Decoding positions is the costly part, so it is done only in articles that
can hold a matching sentence at all: those the query matches with its
exclusions dropped (a sentence that matches lies in such an article),
within the selected filters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce

import numpy as np
from whoosh.searching import Searcher

from index.interface import distinct

from .alternatives import EXACT_FIELD, Alternative, alternatives, facet_alternatives, written_alternatives
from .coordination import coordinated
from .facets import FacetIndex
from .levels import Level
from .occurrences import Occurrences
from .query import ParsedQuery
from .sentence_scores import SentenceScores
from .tree import And, KeyPhrase, Leaf, Node, Not, Or, Province, Resolution

__all__ = ["Match", "match", "match_mask"]

# BM25 parameters for scoring sentences (Whoosh's defaults for documents).
_K1, _B = 1.2, 0.75


@dataclass(frozen=True)
class Match:
    """A query's exact matches at one level, and (sentences) their scores."""

    mask: np.ndarray
    # Sentence level: BM25 of each sentence over the query's positive words,
    # with idf from article frequencies.  None at the article level (Whoosh
    # ranks articles).
    scores: SentenceScores | None = None


class _Context:
    def __init__(
        self,
        searcher: Searcher,
        fi: FacetIndex,
        occ: Occurrences,
        level: Level,
        within: np.ndarray | None = None,
        written: bool = False,
    ) -> None:
        self.searcher, self.fi, self.occ, self.level = searcher, fi, occ, level
        # Passage search: a place name matches where it is written, not
        # through its province facet.
        self.written = written
        self.units = fi.level_mask(level)
        # Sentence level: the articles worth decoding positions in.
        self.within = within
        self.scores = SentenceScores() if level is Level.SENTENCE else None

    def leaf(self, node: Leaf, positive: bool) -> np.ndarray | None:
        alts: list[Alternative] | None
        if self.written and isinstance(node, Province):
            alts, facets = written_alternatives(node, self.searcher.reader()), []
        elif self.written and isinstance(node, Resolution):
            # A passage cites the resolution where it writes its number, in
            # an article that cites it (the facet, intersected below).
            return self._cited(node)
        else:
            alts, facets = alternatives(node, self.searcher.reader()), facet_alternatives(node)
        if alts is None and not facets:
            return None  # nothing searchable in it (punctuation only)
        tagged = None
        for name, value in facets:
            found = self.fi.filter_mask(name, (value,), self.level)
            tagged = found if tagged is None else tagged | found
        # An article its facet already matches needs no phrase decoded in it
        # (a place's ten spellings, at 100k).
        mask = self.occurring(alts or [], positive, tagged if self.level is Level.ARTICLE else None)
        if tagged is not None:
            mask |= tagged
        return mask & self.units

    def in_lang(self, lang: str) -> np.ndarray:
        """The units whose article is in ``lang``."""
        return self.fi.filter_mask("lang", (lang,), self.level) & self.units

    def occurring(self, alts: list[Alternative], positive: bool, matched: np.ndarray | None = None) -> np.ndarray:
        """The units where any of ``alts`` occurs (or may: in the articles ``matched`` marks, it is not checked)."""
        mask = np.zeros(self.fi.size(self.level), dtype=bool)
        if alts:
            docs = self.occ.docs(alts, matched)
            if self.level is Level.ARTICLE:
                mask[docs] = True
            elif docs.size:
                self._sentences(alts, docs, mask, positive)
        return mask

    def _cited(self, node: Resolution) -> np.ndarray:
        mask = self.occurring([(EXACT_FIELD, node.number)], True)
        return mask & self.fi.filter_mask("resolution", (node.resolution,), self.level) & self.units

    def _sentences(self, alts: list[Alternative], docs: np.ndarray, mask: np.ndarray, positive: bool) -> None:
        df = docs.size
        sids = self._leaf_sentences(alts, docs)
        if not sids.size:
            return
        unique, tf = distinct(sids)
        mask[unique] = True
        if positive and self.scores is not None:
            n = self.fi.levels[Level.ARTICLE].size
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            norm = 1 - _B + _B * self.fi.sentences.length[unique] / self.fi.sentences.mean_length
            self.scores.add(unique, idf * tf * (_K1 + 1) / (tf + _K1 * norm))

    def _leaf_sentences(self, alts: list[Alternative], docs: np.ndarray) -> np.ndarray:
        """Sentence ids of every occurrence of the leaf in ``docs`` that ``within`` keeps (repeats count)."""
        docs = docs[self.fi.sentences.base[docs] >= 0]  # live articles only
        inside = docs if self.within is None else docs[self.within[docs]]
        cache, key = self.fi.results, ("sentences", tuple(alts))
        cached = cache.get(key)
        if cached is not None:
            sids = cached.astype(np.int64)
            return sids if self.within is None else sids[self.within[self.fi.sentences.article[sids]]]
        sids = self.fi.sentences.of_positions(*self.occ.positions(alts, inside))
        if inside.size == docs.size:
            cache.put(key, sids)  # complete: no article was left out
        return sids


def _evaluate(node: Node, ctx: _Context, positive: bool = True) -> np.ndarray | None:
    if isinstance(node, KeyPhrase):
        words = _evaluate(And(node.words), ctx, positive)
        keys = ctx.occurring([(node.bridge.field, node.bridge.terms)], positive) & ctx.units
        return keys if words is None else words | keys
    if isinstance(node, Not):
        inner = _evaluate(node.child, ctx, not positive)
        return None if inner is None else ctx.units & ~inner
    if isinstance(node, And) and node.cross:
        found = [(c, m) for c in node.children if (m := _evaluate(c, ctx, positive)) is not None]
        return coordinated(node, found, ctx.in_lang(node.cross)) if found else None
    if isinstance(node, (And, Or)):
        parts = [m for c in node.children if (m := _evaluate(c, ctx, positive)) is not None]
        if not parts:
            return None
        op = np.logical_and if isinstance(node, And) else np.logical_or
        return reduce(op, parts)
    return ctx.leaf(node, positive)


def _relaxed(node: Node, ctx: _Context) -> np.ndarray | None:
    """Articles that can hold a match of ``node`` in one sentence (None: any article).

    Exclusions are dropped: a sentence without a word may sit in an article
    that has it elsewhere.
    """
    if isinstance(node, Not):
        return None
    if isinstance(node, KeyPhrase):
        words = _relaxed(And(node.words), ctx)
        return None if words is None else words | ctx.occurring([(node.bridge.field, node.bridge.terms)], True)
    if isinstance(node, And) and node.cross:
        held = [(c, m) for c in node.children if (m := _relaxed(c, ctx)) is not None]
        return coordinated(node, held, ctx.in_lang(node.cross)) if held else None
    if isinstance(node, And):
        parts = [m for c in node.children if (m := _relaxed(c, ctx)) is not None]
        return reduce(np.logical_and, parts) if parts else None
    if isinstance(node, Or):
        found = [_relaxed(c, ctx) for c in node.children]
        alternatives = [p for p in found if p is not None]
        if len(alternatives) < len(found):
            return None
        return reduce(np.logical_or, alternatives)
    return ctx.leaf(node, True)


def match(
    parsed: ParsedQuery,
    searcher: Searcher,
    fi: FacetIndex,
    level: Level,
    within: np.ndarray | None = None,
    occ: Occurrences | None = None,
) -> Match | None:
    """What the query matches at ``level`` (None: an empty query).

    ``within`` (an article mask, e.g. the selected filters) only narrows the
    work at the sentence level: sentences outside it may be missing from the
    mask, so apply the same filters to the result.
    """
    if parsed.root is None:
        return None
    occ = occ or Occurrences(searcher.reader())
    if level is Level.ARTICLE:
        mask = _evaluate(parsed.root, _Context(searcher, fi, occ, level))
        return None if mask is None else Match(mask)
    articles = _relaxed(parsed.root, _Context(searcher, fi, occ, Level.ARTICLE, written=True))
    if within is not None:
        articles = within if articles is None else articles & within
    ctx = _Context(searcher, fi, occ, level, articles, written=True)
    mask = _evaluate(parsed.root, ctx)
    return None if mask is None else Match(mask, ctx.scores)


def match_mask(parsed: ParsedQuery, searcher: Searcher, fi: FacetIndex, level: Level) -> np.ndarray | None:
    """The mask of units of ``level`` matching the query (None: empty query)."""
    found = match(parsed, searcher, fi, level)
    return None if found is None else found.mask
