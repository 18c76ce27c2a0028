"""Array helpers for the build's hot loops.

Stage: any.  NumPy 2's ``np.unique`` finds the distinct values of an
integer array with a hash table and then sorts them: on the arrays a build
has per article (a few hundred to a few thousand values) that is 4-5 times
slower than sorting the array and keeping each value that differs from the
one before it, which gives the same array.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["distinct", "range_positions", "sorted_unique"]


def sorted_unique(values: npt.ArrayLike, runs: bool = False) -> npt.NDArray[Any]:
    """``np.unique(values)`` (the distinct values, flattened and ascending) by sorting.

    ``runs``: the values are a few ascending runs end to end, which a stable
    sort (a merge of runs for integers) orders faster than the default.
    """
    ordered = np.sort(np.asarray(values), axis=None, kind="stable" if runs else None)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def distinct(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
    """``np.unique(values, return_counts=True)`` for a 1-d array that is usually ascending already.

    Search's arrays (docnums of position keys, sentence ids of occurrences)
    come out of posting lists in order: one comparison pass finds that out,
    and the runs are read off without sorting or hashing (a phrase's
    docnums at 100k: 13 ms in ``np.unique``).  An array out of order is
    sorted first, so the answer is ``np.unique``'s whatever the input.
    """
    ordered = np.asarray(values).ravel()
    if ordered.size > 1 and not bool(np.all(ordered[1:] >= ordered[:-1])):
        ordered = np.sort(ordered)
    if ordered.size < 2:
        return ordered.copy(), np.ones(ordered.size, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, ordered.size)).astype(np.int64)
    return ordered[starts], counts


def range_positions(starts: npt.NDArray[np.int64], counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The positions ``starts[i] .. starts[i] + counts[i] - 1`` of every range, end to end.

    How CSR rows are gathered (``values[range_positions(ptr[rows], ptr[rows + 1] - ptr[rows])]``)
    in one arange and one repeat, with no Python step per row.
    """
    counts = np.asarray(counts, dtype=np.int64)
    before = np.cumsum(counts) - counts  # where each range begins in the output
    return np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(np.asarray(starts, dtype=np.int64) - before, counts)
