"""What a search selects: matches under the filters and dates, repeats folded, ranked, one page cut.

Stage: search (a parsed request -> masks -> a page of units).  The Engine
calls :func:`select` for a search or a passage search and
:func:`matched` alone for a trend, so a trend counts exactly the units a
search would list.

Repeats (the same article re-published, found at build time:
index.translation.repeats) are folded at the article level: of each group
of repeats that a search selects, the first in the result order stays and
the others go under it ("+2 similar"); the total and the facets count the
group once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from whoosh.searching import Searcher

from .errors import BadRequest
from .facets import DATE_FILTERS, FacetIndex, FacetValue
from .levels import Level
from .matching import Match, match
from .notes import canonical_filter_value
from .occurrences import Occurrences
from .query import ParsedQuery
from .ranking import article_scores, newest, top
from .repeats import Repeats
from .request import SearchRequest
from .sentence_scores import SentenceScores

__all__ = ["Matched", "Selected", "matched", "select"]


@dataclass(frozen=True)
class Matched:
    """The query's matches (``base``), each filter as an article mask, and what all of them keep."""

    request: SearchRequest  # its filters as the index spells them
    found: Match | None
    base: np.ndarray
    masks: Mapping[str, np.ndarray]
    selected: np.ndarray  # a mask at the level
    # At the sentence level: the matches' ids (``np.flatnonzero(base)``) and
    # the selected ones', both ascending; None at the article level.
    matches: np.ndarray | None = None
    ids: np.ndarray | None = None


@dataclass(frozen=True)
class Selected:
    request: SearchRequest
    total: int
    page: list[tuple[int, float | None]]
    facets: dict[str, tuple[FacetValue, ...]]
    undated: int
    # Repeats folded away, and for each unit on the page the ones folded under it (in result order).
    folded: int = 0
    similar: Mapping[int, tuple[int, ...]] = field(default_factory=dict)


def matched(
    s: Searcher,
    fi: FacetIndex,
    request: SearchRequest,
    parsed: ParsedQuery,
    level: Level,
    restrict: Callable[[np.ndarray], np.ndarray] | None = None,
    occ: Occurrences | None = None,
) -> Matched:
    """Match the query and apply the filters and the date range."""
    filters_in = {
        name: tuple(canonical_filter_value(name, v, fi.values[name]) for v in values)
        for name, values in request.filters.items()
    }
    request = replace(request, filters=filters_in)
    # Each filter as an article mask; at the sentence level also the
    # articles worth decoding positions in (those every filter keeps).
    by_article = {name: fi.filter_mask(name, values) for name, values in filters_in.items()}
    if request.dates.active:
        by_article["date"] = request.dates.mask(fi.date_keys[Level.ARTICLE])
    within = None
    if level is Level.SENTENCE and by_article:
        within = np.logical_and.reduce(list(by_article.values()))
        if any(name in DATE_FILTERS for name in by_article):
            # Undated articles too: the result counts those the dates leave out (FacetIndex.undated).
            others = [m for name, m in by_article.items() if name not in DATE_FILTERS]
            undated = fi.undated_units[Level.ARTICLE]
            within |= np.logical_and.reduce(others) & undated if others else undated
    occ = occ or Occurrences(s.reader())
    found = match(parsed, s, fi, level, within, occ)
    if found is None and not parsed.is_empty:
        raise BadRequest("The query has no searchable words (only punctuation or symbols): type a word.")
    base = fi.level_mask(level) if found is None else found.mask
    if restrict is not None:
        base = restrict(base)
    if level is Level.ARTICLE:
        selected = base.copy()
        for m in by_article.values():
            selected &= m
        return Matched(request, found, base, by_article, selected)
    # Sentences: the filters are read at the matches' articles, not spread
    # over every sentence (a gather of 4 million per filter at 100k); the
    # matches' ids come from the matching when it has them (no pass over the mask).
    known = found.ids if found is not None and restrict is None else None
    matches = np.flatnonzero(base) if known is None else known
    ids = matches
    if by_article:
        keep = np.logical_and.reduce(list(by_article.values()))  # the articles every filter keeps
        ids = matches[keep[fi.parents[level][matches]]]
    selected = np.zeros(fi.size(level), dtype=bool)
    selected[ids] = True
    return Matched(request, found, base, by_article, selected, matches, ids)


def select(
    s: Searcher,
    fi: FacetIndex,
    request: SearchRequest,
    parsed: ParsedQuery,
    level: Level,
    restrict: Callable[[np.ndarray], np.ndarray] | None = None,
    occ: Occurrences | None = None,
    repeats: Repeats | None = None,
) -> Selected:
    """Match, filter, fold repeats, count facets and undated articles, and cut one page of (unit, score)."""
    occ = occ or Occurrences(s.reader())
    m = matched(s, fi, request, parsed, level, restrict, occ)
    request, found, base, selected = m.request, m.found, m.base, m.selected
    scores: np.ndarray | SentenceScores | None = None
    if request.sort == "relevance" and found is not None and parsed.root is not None:
        scores = found.scores if level is Level.SENTENCE else article_scores(parsed.root, s, fi, occ)
        if scores is None:  # nothing in the query ranks (facets only): document-id order
            scores = np.zeros(fi.size(level)) if level is Level.ARTICLE else SentenceScores()
    by_id = fi.id_order[level]
    folded: dict[int, tuple[int, ...]] = {}
    if repeats is not None and request.collapse and level is Level.ARTICLE and repeats.count:
        # What comes first in the result list: the best score, or the newest date; then document-id order.
        primary = -scores if isinstance(scores, np.ndarray) else -fi.date_keys[level]
        dropped, folded = repeats.fold(selected, primary, by_id)
        if dropped.size:
            selected = selected.copy()
            selected[dropped] = False
            base = base.copy()
            base[dropped] = False  # the facets count a group once too
    # Sentences: the matches and the selection as ids, found once by matched
    # (a pass over 4 million at 100k); the facets and the undated read them
    # instead of passing over the masks again.
    matches = m.matches
    docnums = m.ids if m.ids is not None else np.flatnonzero(selected)
    total = int(docnums.size)
    first = (request.page - 1) * request.per_page
    if first >= total and request.page > 1:
        pages = max(1, -(-total // request.per_page))
        raise BadRequest(f"page {request.page} is past the end: this search has {pages} page(s) of {request.per_page}.")
    facets = fi.counts(base, m.masks, request.filters, level, matches)
    undated = fi.undated(base, m.masks, level, matches)
    page: list[tuple[int, float | None]]
    if scores is not None:
        # Best score first, then document-id order; only the top of the list is sorted.
        shown = top(docnums, scores, first + request.per_page, by_id)[first:]
        # The page's scores in one lookup (a SentenceScores lookup is a binary search).
        page = list(zip(shown.tolist(), np.asarray(scores[shown], dtype=np.float64).tolist(), strict=True))
    else:
        ordered = newest(docnums, fi.date_keys[level], first + request.per_page, by_id)
        page = [(int(d), None) for d in ordered[first:]]
    similar = {d: folded[d] for d, _ in page if d in folded}
    return Selected(request, total, page, facets, undated, sum(len(v) for v in folded.values()), similar)
