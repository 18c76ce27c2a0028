"""Which documents a query matches, exactly, as a docnum mask.

Stage: search.  The query tree is evaluated bottom-up over boolean numpy
masks: a text leaf contributes the documents its Whoosh query matches, a
facet (``province:ca-mau``, or the province behind a place name) the
documents of that facet value, expanded from articles to their sentences.
AND, OR and NOT are mask operations.  Sentence documents carry no facet
fields of their own (that halves their postings); this is what lets passage
search filter by province all the same.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
from whoosh.searching import Searcher

from .facets import FacetIndex
from .query import And, Fields, Leaf, Node, Not, Or, ParsedQuery, facet_alternatives, text_query

__all__ = ["match_mask"]


class _Context:
    def __init__(self, searcher: Searcher, fi: FacetIndex, kind: str, fields: Fields) -> None:
        self.searcher, self.fi, self.kind, self.fields = searcher, fi, kind, fields
        self.level = fi.level_mask(kind)

    def leaf(self, node: Leaf) -> np.ndarray | None:
        q = text_query(node, self.fields, self.searcher.reader())
        alternatives = facet_alternatives(node)
        if q is None and not alternatives:
            return None  # nothing searchable in it (punctuation only)
        mask = np.zeros(self.fi.doc_count, dtype=bool)
        if q is not None:
            docs = np.fromiter(q.docs(self.searcher), dtype=np.int64)
            if docs.size:
                mask[docs] = True
        for name, value in alternatives:
            mask |= self.fi.filter_mask(name, (value,), self.kind)
        return mask & self.level


def _evaluate(node: Node, ctx: _Context) -> np.ndarray | None:
    if isinstance(node, Not):
        inner = _evaluate(node.child, ctx)
        return None if inner is None else ctx.level & ~inner
    if isinstance(node, (And, Or)):
        parts = [m for c in node.children if (m := _evaluate(c, ctx)) is not None]
        if not parts:
            return None
        op = np.logical_and if isinstance(node, And) else np.logical_or
        return reduce(op, parts)
    return ctx.leaf(node)


def match_mask(parsed: ParsedQuery, searcher: Searcher, fi: FacetIndex, kind: str, fields: Fields) -> np.ndarray | None:
    """The mask of documents of level ``kind`` matching the query (None: empty query)."""
    if parsed.root is None:
        return None
    return _evaluate(parsed.root, _Context(searcher, fi, kind, fields))
