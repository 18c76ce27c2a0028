"""Which articles are translations of one another, as docnum pairs, for ranking.

Stage: search (per index generation).  Ranking asks, for a word typed in
Latin letters, whether an article's translation holds it as well
(search.ranking): a name is spelled out in both versions of an article, an
ordinary word that happens to share its phonetic key is translated, not
spelled.  Made once per generation from the groups' members
(FacetIndex.group_docnum, read from the term tables; Engine.warm does it
before the first request).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from whoosh.reading import IndexReader

from index.interface import column_values, term_text

__all__ = ["Partners"]


class Partners:
    """Every pair of live articles of one translation group, both ways (immutable: threads share it)."""

    def __init__(self, reader: IndexReader, articles: np.ndarray, group_of: Callable[[str], int | None]) -> None:
        members: dict[int, list[int]] = {}
        for doc_id, docnum in zip(column_values(reader, "doc", articles), articles.tolist(), strict=True):
            group = group_of(term_text(doc_id))
            if group is not None:
                members.setdefault(group, []).append(docnum)
        pairs = [pair for group in members.values() for pair in itertools.permutations(group, 2)]
        table = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        self.source = table[:, 0].copy()
        self.target = table[:, 1].copy()

    def both(self, scores: np.ndarray) -> np.ndarray:
        """Docnums with a positive score whose translation (some member of their group) has one too."""
        held = (scores[self.source] > 0) & (scores[self.target] > 0)
        return np.unique(self.source[held])
