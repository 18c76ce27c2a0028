from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from index.analysis.arrays import sorted_unique


@given(st.lists(st.integers(min_value=0, max_value=2**40), max_size=300), st.sampled_from(["int64", "uint64"]))
def test_sorted_unique_is_np_unique(values: list[int], dtype: str) -> None:
    array = np.array(values, dtype=dtype)
    expected = np.unique(array)
    got = sorted_unique(array)
    assert got.dtype == expected.dtype
    assert got.tolist() == expected.tolist()


def test_sorted_unique_flattens_and_sorts() -> None:
    assert sorted_unique(np.array([[3, 1], [3, 2]], dtype=np.int32)).tolist() == [1, 2, 3]
    assert sorted_unique(np.array([7], dtype=np.uint64)).tolist() == [7]
