"""Filters on the aligned side of a sentence: what its translation says, or leaves out.

Stage: search (sentence level).  Passage search and the concordance keep a
sentence by what stands beside it in a translation, read from the stored
beads (search.parallel.SentencePairs, built once per index generation):

- ``parallel_q``: an aligned sentence matches this query;
- ``parallel_not``: no aligned sentence matches this query (a sentence
  without a counterpart is kept);
- ``min_score``: the sentence lies in a bead scored at least this much;
- ``bead``: the sentence lies in a bead of one of these shapes, written as
  the count of sentences of the article with the smaller id, then of the
  other (so ``1-0`` is a sentence of the first article its translation left
  out, ``0-1`` a sentence of the second with nothing in the first);
- ``aligned``: ``only`` sentences with a counterpart, ``none`` those without
  (in an article with no translation, or in a ``1-0``/``0-1`` bead).

Each condition is a sentence mask; a sentence is kept when every condition
set holds.  With several translations a condition holds when it holds
beside any one of them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh.searching import Searcher

from .errors import BadRequest
from .facets import FacetIndex
from .levels import Level
from .matching import match_mask
from .notes import check_typed_values
from .parallel import SentencePairs
from .query import ParsedQuery, parse_query
from .request import SearchRequest

__all__ = ["Restriction", "aligned_masks", "aligned_restriction", "refuse_for_articles", "restriction"]

Restriction = Callable[[np.ndarray], np.ndarray]


def _members(pairs: SentencePairs, keep: np.ndarray) -> np.ndarray:
    """Sentence mask: the sentences of the bead memberships ``keep`` selects."""
    mask = np.zeros(pairs.size, dtype=bool)
    mask[pairs.member[keep]] = True
    return mask


def _bead_mask(pairs: SentencePairs, shapes: tuple[str, ...]) -> np.ndarray:
    keep = np.zeros(pairs.member.size, dtype=bool)
    for shape in shapes:
        a, b = (int(n) for n in shape.split("-"))
        keep |= (pairs.member_a == a) & (pairs.member_b == b)
    return _members(pairs, keep)


def refuse_for_articles(request: SearchRequest) -> None:
    """A BadRequest when a filter on aligned sentences is given to an article search, which would ignore it."""
    given = [
        name
        for name, value in (
            ("parallel_not", request.parallel_not),
            ("min_score", request.min_score),
            ("bead", request.bead),
            ("aligned", request.aligned),
        )
        if value not in ("", None, ())
    ]
    if given:
        raise BadRequest(
            f"{', '.join(given)} filter{'s' if len(given) > 1 else ''} aligned sentences: use them on "
            "/api/passages or /api/concordance (the Sentences or Concordance tab), not on an article search."
        )


def aligned_masks(
    request: SearchRequest,
    pairs: Callable[[], SentencePairs],
    matched: Callable[[ParsedQuery], np.ndarray | None],
    other: ParsedQuery | None,
    excluded: ParsedQuery | None,
) -> list[np.ndarray]:
    """One sentence mask per aligned-side filter the request sets (``matched``: a query's sentence mask)."""
    if not request.aligned_filters:
        return []
    table = pairs()
    masks = []
    if other is not None:
        found = matched(other)
        if found is None:
            raise BadRequest("parallel_q has no searchable words: type a word for the translation side.")
        masks.append(table.aligned_to(found))
    if excluded is not None:
        found = matched(excluded)
        if found is None:
            raise BadRequest("parallel_not has no searchable words: type a word the translation must not hold.")
        masks.append(~table.aligned_to(found))
    if request.min_score is not None:
        masks.append(_members(table, table.member_score >= request.min_score))
    if request.bead:
        masks.append(_bead_mask(table, request.bead))
    if request.aligned:
        counterpart = table.with_counterpart
        masks.append(counterpart if request.aligned == "only" else ~counterpart)
    return masks


def restriction(masks: list[np.ndarray]) -> Restriction | None:
    """The masks as one restriction of a sentence mask (None: nothing to restrict)."""
    if not masks:
        return None
    keep = np.logical_and.reduce(masks) if len(masks) > 1 else masks[0]
    return lambda mask: mask & keep


def aligned_restriction(
    s: Searcher,
    fi: FacetIndex,
    request: SearchRequest,
    parsed: ParsedQuery,
    other: ParsedQuery | None,
    pairs: Callable[[], SentencePairs],
) -> Restriction | None:
    """The request's aligned-side filters as one restriction; typed values are checked before any matching."""
    excluded = parse_query(request.parallel_not) if request.parallel_not else None
    check_typed_values(fi.values, parsed, other, excluded)
    # The other side is matched over the whole index (not only over articles
    # with a translation): the next request with the same words finds their
    # sentences in the generation's cache.
    return restriction(aligned_masks(request, pairs, lambda q: match_mask(q, s, fi, Level.SENTENCE), other, excluded))
