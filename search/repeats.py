"""Repeated articles at query time: which docnums are one text, and folding them in a result.

Stage: search.  The build finds repeats (index.translation.repeats) and
stores one document per group; here they become one array per index
generation, ``group[docnum]`` (-1: not repeated), held by the generation's
FacetIndex.  Folding keeps, of each group a search selects, its first unit
in the result order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["Repeats"]


class Repeats:
    """The repeat groups of one index generation, by docnum."""

    def __init__(self, doc_count: int, groups: Sequence[Sequence[int]]) -> None:
        self.group = np.full(doc_count, -1, dtype=np.int64)
        for n, docnums in enumerate(groups):
            self.group[np.asarray(docnums, dtype=np.int64)] = n
        self.count = len(groups)

    def keys(self) -> np.ndarray:
        """One key per docnum, equal for the members of a group (a unit alone is its own key)."""
        own = np.arange(self.group.size, dtype=np.int64)
        return np.where(self.group >= 0, self.group + self.group.size, own)

    def fold(
        self, selected: np.ndarray, primary: np.ndarray, order: np.ndarray
    ) -> tuple[np.ndarray, dict[int, tuple[int, ...]]]:
        """The selected docnums folded away, and each kept docnum's folded ones (in result order).

        The result order is ``primary`` ascending (minus the score, or minus
        the date), then ``order`` (document-id order).
        """
        if not self.count:
            return np.zeros(0, dtype=np.int64), {}
        grouped = np.flatnonzero(selected & (self.group >= 0))
        if not grouped.size:
            return grouped, {}
        g = self.group[grouped]
        ranked = grouped[np.lexsort((order[grouped], primary[grouped], g))]
        g = self.group[ranked]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        ends = np.r_[starts[1:], ranked.size]
        folded: dict[int, tuple[int, ...]] = {}
        for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
            if hi - lo > 1:
                folded[int(ranked[lo])] = tuple(int(d) for d in ranked[lo + 1 : hi])
        keep = np.zeros(ranked.size, dtype=bool)
        keep[starts] = True
        return ranked[~keep], folded
