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

__all__ = ["sorted_unique"]


def sorted_unique(values: npt.ArrayLike) -> npt.NDArray[Any]:
    """``np.unique(values)`` (the distinct values, flattened and ascending) by sorting."""
    ordered = np.sort(np.asarray(values), axis=None)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
