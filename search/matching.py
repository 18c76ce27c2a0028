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
articles.  There the parts are held as sentence ids or article masks while
the tree is evaluated (search.unitsets), so a facet word is read at the
matched sentences' articles instead of being spread over every sentence.
A place name there matches only the sentences that write it
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
from .tree import And, KeyPhrase, Leaf, Node, Not, Or, Province, Resolution, Word, coded_resolution, number_term
from .unitsets import Space, Units, as_mask, both, coordinated_units, either, excluding

__all__ = ["Match", "match", "match_mask"]

# BM25 parameters for scoring sentences (Whoosh's defaults for documents).
_K1, _B = 1.2, 0.75
# Sentence-level parts held as ids or article masks (search.unitsets).  False
# spreads every part over every sentence, as masks: the reference the tests
# compare the sparse evaluation with.
SPARSE_SENTENCES = True


@dataclass(frozen=True)
class Match:
    """A query's exact matches at one level, and (sentences) their scores."""

    mask: np.ndarray
    # Sentence level: BM25 of each sentence over the query's positive words,
    # with idf from article frequencies.  None at the article level (Whoosh
    # ranks articles).
    scores: SentenceScores | None = None
    # The mask's ids (ascending) where evaluating found them anyway, so a
    # caller need not scan the mask (4 million sentences at 100k); else None.
    ids: np.ndarray | None = None


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
        sentences = level is Level.SENTENCE and SPARSE_SENTENCES
        # Every sentence of the map is a live article's: spreading needs no AND with the units.
        spread = (lambda a: a[fi.sentences.article]) if sentences else (lambda a: fi.at_level(a, level) & self.units)
        self.space = Space(fi.size(level), fi.parents[level], self.units, spread, sentences)
        # Sentence level: the articles worth decoding positions in.
        self.within = within
        self.scores = SentenceScores() if level is Level.SENTENCE else None

    def leaf(self, node: Leaf, positive: bool) -> Units | None:
        alts: list[Alternative] | None
        if self.written and isinstance(node, Province):
            alts, facets = written_alternatives(node, self.searcher.reader()), []
        elif self.written and isinstance(node, Resolution):
            # A passage cites the resolution where it writes its number, in
            # an article that cites it (the facet, intersected below).
            return self._cited(node.resolution, node.number, positive)
        else:
            alts, facets = alternatives(node, self.searcher.reader()), facet_alternatives(node)
            if self.written and isinstance(node, Word) and (code := coded_resolution(node)):
                # 57-NQ/TW the same: where a sentence writes it, or its
                # number in an article that cites it, not every sentence
                # of such an article (its facet).
                if number := number_term([node]):
                    facets = [f for f in facets if f != ("resolution", code)]
                    found = self._leaf_units(alts, facets, positive)
                    cited = self._cited(code, number, positive)
                    return cited if found is None else either(self.space, [found, cited])
        return self._leaf_units(alts, facets, positive)

    def _leaf_units(
        self, alts: list[Alternative] | None, facets: list[tuple[str, str]], positive: bool
    ) -> Units | None:
        """The units holding one of ``alts`` or tagged with one of ``facets`` (None: neither given)."""
        if alts is None and not facets:
            return None  # nothing searchable in it (punctuation only)
        if self.space.sparse:
            # The facets as their articles, not spread over every sentence.
            text = self.occurring_units(alts or [], positive)
            if not facets:
                return text
            articles = reduce(np.logical_or, [self.fi.filter_mask(name, (value,)) for name, value in facets])
            return Units(articles=articles) if not alts else either(self.space, [text, Units(articles=articles)])
        tagged = None
        for name, value in facets:
            found = self.fi.filter_mask(name, (value,), self.level)
            tagged = found if tagged is None else tagged | found
        # An article its facet already matches needs no phrase decoded in it
        # (a place's ten spellings, at 100k).
        mask = self.occurring(alts or [], positive, tagged if self.level is Level.ARTICLE else None)
        if tagged is not None:
            mask |= tagged
        return Units(mask=mask & self.units)

    def in_lang(self, lang: str) -> Units:
        """The units whose article is in ``lang``."""
        if self.space.sparse:
            return Units(articles=self.fi.filter_mask("lang", (lang,)))
        return Units(mask=self.fi.filter_mask("lang", (lang,), self.level) & self.units)

    def occurring_units(self, alts: list[Alternative], positive: bool) -> Units:
        """:meth:`occurring` as Units: at the sentence level the ids, with no mask made."""
        if not self.space.sparse:
            return Units(mask=self.occurring(alts, positive) & self.units)
        ids = np.zeros(0, dtype=np.int64)
        if alts:
            docs = self.occ.docs(alts, None)
            if docs.size:
                ids = self._sentences(alts, docs, positive)
        return Units(ids=ids)

    def occurring(self, alts: list[Alternative], positive: bool, matched: np.ndarray | None = None) -> np.ndarray:
        """The units where any of ``alts`` occurs (or may: in the articles ``matched`` marks, it is not checked)."""
        mask = np.zeros(self.fi.size(self.level), dtype=bool)
        if alts:
            docs = self.occ.docs(alts, matched)
            if self.level is Level.ARTICLE:
                mask[docs] = True
            elif docs.size:
                mask[self._sentences(alts, docs, positive)] = True
        return mask

    def _cited(self, resolution: str, number: tuple[str, ...], positive: bool) -> Units:
        """The units that write ``number`` in an article citing ``resolution``."""
        cites = self.fi.filter_mask("resolution", (resolution,))
        if self.space.sparse:
            return both(self.space, [self.occurring_units([(EXACT_FIELD, number)], positive), Units(articles=cites)])
        mask = self.occurring([(EXACT_FIELD, number)], positive)
        return Units(mask=mask & self.fi.at_level(cites, self.level) & self.units)

    def _sentences(self, alts: list[Alternative], docs: np.ndarray, positive: bool) -> np.ndarray:
        """The sentences holding any of ``alts`` (ascending), their BM25 added to the scores if ``positive``."""
        df = docs.size
        sids = self._leaf_sentences(alts, docs)
        if not sids.size:
            return sids
        unique, tf = distinct(sids)
        if positive and self.scores is not None:
            n = self.fi.levels[Level.ARTICLE].size
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            norm = 1 - _B + _B * self.fi.sentences.length[unique] / self.fi.sentences.mean_length
            self.scores.add(unique, idf * tf * (_K1 + 1) / (tf + _K1 * norm))
        return unique

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


def _evaluate(node: Node, ctx: _Context, positive: bool = True) -> Units | None:
    space = ctx.space
    if isinstance(node, KeyPhrase):
        words = _evaluate(And(node.words), ctx, positive)
        keys = ctx.occurring_units([(node.bridge.field, node.bridge.terms)], positive)
        return keys if words is None else either(space, [words, keys])
    if isinstance(node, Not):
        inner = _evaluate(node.child, ctx, not positive)
        return None if inner is None else excluding(space, inner)
    if isinstance(node, And) and node.cross:
        found = [(c, u) for c in node.children if (u := _evaluate(c, ctx, positive)) is not None]
        return coordinated_units(space, node, found, ctx.in_lang(node.cross)) if found else None
    if isinstance(node, (And, Or)):
        parts = [u for c in node.children if (u := _evaluate(c, ctx, positive)) is not None]
        if not parts:
            return None
        return both(space, parts) if isinstance(node, And) else either(space, parts)
    return ctx.leaf(node, positive)


def _relaxed(node: Node, ctx: _Context) -> np.ndarray | None:
    """Articles that can hold a match of ``node`` in one sentence (None: any article).

    Exclusions are dropped: a sentence without a word may sit in an article
    that has it elsewhere.  ``ctx`` is at the article level, where every part is a mask.
    """
    if isinstance(node, Not):
        return None
    if isinstance(node, KeyPhrase):
        words = _relaxed(And(node.words), ctx)
        return None if words is None else words | ctx.occurring([(node.bridge.field, node.bridge.terms)], True)
    if isinstance(node, And) and node.cross:
        held = [(c, m) for c in node.children if (m := _relaxed(c, ctx)) is not None]
        return coordinated(node, held, as_mask(ctx.space, ctx.in_lang(node.cross))) if held else None
    if isinstance(node, And):
        parts = [m for c in node.children if (m := _relaxed(c, ctx)) is not None]
        return reduce(np.logical_and, parts) if parts else None
    if isinstance(node, Or):
        found = [_relaxed(c, ctx) for c in node.children]
        alternatives = [p for p in found if p is not None]
        if len(alternatives) < len(found):
            return None
        return reduce(np.logical_or, alternatives)
    leaf = ctx.leaf(node, True)
    return None if leaf is None else as_mask(ctx.space, leaf)


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
        ctx = _Context(searcher, fi, occ, level)
        found = _evaluate(parsed.root, ctx)
        return None if found is None else Match(as_mask(ctx.space, found))
    articles = _relaxed(parsed.root, _Context(searcher, fi, occ, Level.ARTICLE, written=True))
    if within is not None:
        articles = within if articles is None else articles & within
    ctx = _Context(searcher, fi, occ, level, articles, written=True)
    found = _evaluate(parsed.root, ctx)
    if found is not None and found.articles is not None and ctx.space.sparse:
        # Facets only (``province:hue``): their sentences as runs of ids, not a gather over every sentence.
        found = Units(ids=fi.sentences.of_articles(found.articles))
    return None if found is None else Match(as_mask(ctx.space, found), ctx.scores, found.ids)


def match_mask(parsed: ParsedQuery, searcher: Searcher, fi: FacetIndex, level: Level) -> np.ndarray | None:
    """The mask of units of ``level`` matching the query (None: empty query)."""
    found = match(parsed, searcher, fi, level)
    return None if found is None else found.mask
