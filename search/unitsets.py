"""The units a part of a query matches, each held in its cheapest form.

Stage: search (AST -> masks; search.matching evaluates the tree with these).
At the sentence level a mask has one entry per sentence (4 million at
100k), yet a text leaf matches a few thousand sentences, and a facet word
(``lang:bn``, ``province:ca-mau``, a cross-language AND's "articles in the
other language") every sentence of some articles.  Spreading each facet over
every sentence and combining the masks costs a gather of 4 million per
facet and a pass of 4 million per operator.  A part is therefore held as
one of:

- ``ids``: ascending unit ids (a text leaf's sentences);
- ``articles``: an article mask standing for every unit of those articles
  (a facet), spread over the units only when an operator needs it;
- ``mask``: a mask at the level (the article level always uses this).

AND reads an ``articles`` or ``mask`` part at the ids of an ``ids`` part
(through the sentence -> article map), and OR of ``ids`` parts is a merge;
a mask is made only where an OR or a NOT mixes forms, and for the result
(search.matching.Match.mask).  Every operation gives exactly the set the
masks gave: only the work differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import numpy as np

from index.interface import distinct

from .coordination import coordinated, counted, text_leaf
from .tree import And, Node

__all__ = ["Space", "Units", "as_ids", "as_mask", "both", "coordinated_units", "either", "excluding"]


@dataclass(frozen=True)
class Space:
    """One level's units: how many, each one's article, every live one, and an article mask spread over them."""

    size: int
    parent: np.ndarray  # unit -> its article's docnum
    units: np.ndarray  # every live unit (read-only)
    spread: Callable[[np.ndarray], np.ndarray]  # an article mask -> the mask of the live units of those articles
    sparse: bool  # whether parts may be held as ids or articles (the sentence level)


@dataclass(frozen=True)
class Units:
    """A set of units in exactly one of three forms (see the module docstring)."""

    ids: np.ndarray | None = None
    articles: np.ndarray | None = None
    mask: np.ndarray | None = None


def as_mask(space: Space, u: Units) -> np.ndarray:
    """``u`` as a mask at the level (may be shared: copy before changing it)."""
    if u.mask is not None:
        return u.mask
    if u.articles is not None:
        return space.spread(u.articles)
    assert u.ids is not None
    mask = np.zeros(space.size, dtype=bool)
    mask[u.ids] = True
    return mask


def as_ids(space: Space, u: Units) -> np.ndarray:
    """``u``'s unit ids, ascending."""
    return u.ids if u.ids is not None else np.flatnonzero(as_mask(space, u))


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The ids in both ascending, distinct arrays (a binary search of each of ``a`` in ``b``)."""
    if not a.size or not b.size:
        return a[:0]
    at = np.minimum(np.searchsorted(b, a), b.size - 1)
    return a[b[at] == a]


def both(space: Space, parts: Sequence[Units]) -> Units:
    """The units in every one of ``parts`` (AND)."""
    ids_parts = sorted((p.ids for p in parts if p.ids is not None), key=len)
    articles = [p.articles for p in parts if p.articles is not None]
    masks = [p.mask for p in parts if p.mask is not None]
    if not ids_parts:
        if not masks:
            return Units(articles=reduce(np.logical_and, articles))
        mask = reduce(np.logical_and, masks)
        if not articles:
            return Units(mask=mask)
        ids, masks = np.flatnonzero(mask), []
    else:
        ids = reduce(_common, ids_parts)
    for m in masks:
        ids = ids[m[ids]]
    if articles:
        ids = ids[reduce(np.logical_and, articles)[space.parent[ids]]]
    return Units(ids=ids)


def either(space: Space, parts: Sequence[Units]) -> Units:
    """The units in any of ``parts`` (OR)."""
    if all(p.articles is not None for p in parts):
        return Units(articles=reduce(np.logical_or, [p.articles for p in parts if p.articles is not None]))
    if all(p.ids is not None for p in parts):
        ids = [p.ids for p in parts if p.ids is not None]
        return Units(ids=ids[0] if len(ids) == 1 else np.unique(np.concatenate(ids)))
    dense = [as_mask(space, p) for p in parts if p.ids is None]
    out = reduce(np.logical_or, dense) if len(dense) > 1 else dense[0].copy()
    for p in parts:
        if p.ids is not None:
            out[p.ids] = True
    return Units(mask=out)


def excluding(space: Space, u: Units) -> Units:
    """The live units not in ``u`` (NOT)."""
    if u.articles is not None:
        # Spread keeps live units only, so the complement of the articles is enough.
        return Units(articles=~u.articles)
    if u.ids is not None:
        mask = space.units.copy()
        mask[u.ids] = False
        return Units(mask=mask)
    assert u.mask is not None
    return Units(mask=space.units & ~u.mask)


def coordinated_units(space: Space, node: And, found: Sequence[tuple[Node, Units]], in_other: Units) -> Units:
    """search.coordination.coordinated over Units: the words counted from their ids where they have them."""
    words = [u for c, u in found if counted(c)]
    if not space.sparse or any(u.ids is None for u in words):
        parts = [(c, as_mask(space, u)) for c, u in found]
        return Units(mask=coordinated(node, parts, as_mask(space, in_other)))
    strict = both(space, [u for _, u in found])
    if not words:
        return strict
    # Each word's ids are distinct: an id's count is how many words hold it.
    held, count = distinct(np.concatenate([u.ids for u in words if u.ids is not None]))
    others = [u for c, u in found if not text_leaf(c)]
    loose = both(space, [Units(ids=held[count >= node.least]), in_other, *others])
    return either(space, [strict, loose])
