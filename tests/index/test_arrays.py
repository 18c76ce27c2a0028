from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from index.analysis.arrays import distinct, range_positions, sorted_unique


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


@given(
    st.lists(st.integers(min_value=0, max_value=2**40), max_size=300),
    st.sampled_from(["int64", "uint64"]),
    st.booleans(),
)
def test_distinct_is_np_unique_with_counts_sorted_or_not(values: list[int], dtype: str, ascending: bool) -> None:
    array = np.array(sorted(values) if ascending else values, dtype=dtype)
    before = array.copy()
    expected, expected_counts = np.unique(array, return_counts=True)
    got, counts = distinct(array)
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert counts.dtype == np.int64 and counts.tolist() == expected_counts.tolist()
    got[:1] = 0  # a copy: the caller's array is left as it was
    assert array.tolist() == before.tolist()


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 6)), max_size=30))
def test_range_positions_are_the_ranges_end_to_end(ranges: list[tuple[int, int]]) -> None:
    starts = np.array([s for s, _ in ranges], dtype=np.int64)
    counts = np.array([c for _, c in ranges], dtype=np.int64)
    expected = [p for s, c in ranges for p in range(s, s + c)]
    assert range_positions(starts, counts).tolist() == expected
