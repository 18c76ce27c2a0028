"""Passage scores kept for the sentences a word scored in, not in an array over every sentence.

Stage: search (passage search).  search.matching scores the sentences its
words occur in, word after word.  At 100k articles there are 4 million
sentences: an array over all of them (32 MB of float64, zeroed, then
written at scattered places) cost about 4 ms a search, more than the
scores it held.  Each word's scores are kept as they come instead and
added up, in the same order, for the sentences that have any; every other
sentence scores 0, as in the array.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.interface import sorted_unique

__all__ = ["SentenceScores"]


class SentenceScores:
    """Scores by sentence id, read like an array (``scores[ids]``, ``scores[sid]``); 0 where no word scored."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._totals: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, ids: np.ndarray, values: np.ndarray) -> None:
        """Add ``values`` to the scores of the sentences ``ids`` (ascending, no id twice)."""
        self._parts.append((ids, values))
        self._totals = None

    def totals(self) -> tuple[np.ndarray, np.ndarray]:
        """The sentences that scored (ascending ids) and their scores."""
        if self._totals is None:
            if len(self._parts) == 1:  # one word: its ids are already ascending and distinct
                ids = self._parts[0][0]
            elif self._parts:
                # Ascending runs, one per part (np.unique hashes, and cost more than the array it replaces).
                ids = sorted_unique(np.concatenate([part_ids for part_ids, _ in self._parts]), runs=True)
            else:
                ids = np.zeros(0, dtype=np.int64)
            values = np.zeros(ids.size, dtype=np.float64)
            # Part after part, as ``array[ids] += values`` over every sentence
            # added them: the same sums, to the last bit.
            for part_ids, part_values in self._parts:
                if part_ids.size == ids.size:  # the part holds every id (one word): in place
                    values += part_values
                else:
                    values[np.searchsorted(ids, part_ids)] += part_values
            self._totals = ids, values
        return self._totals

    def __getitem__(self, at: Any) -> Any:
        ids, values = self.totals()
        wanted = np.asarray(at, dtype=np.int64)
        if not ids.size:
            return np.zeros(wanted.shape, dtype=np.float64)
        pos = np.minimum(np.searchsorted(ids, wanted), ids.size - 1)
        return np.where(ids[pos] == wanted, values[pos], 0.0)
