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

__all__ = ["distinct", "sorted_unique"]


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
