"""search.ranking.newest: the first k units newest first, in the order a full sort would give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from search.ranking import newest


@settings(max_examples=200, deadline=None)
@given(
    dates=st.lists(st.sampled_from([0, 20240101, 20240102, 20250630]), min_size=1, max_size=300),
    k=st.integers(1, 40),
    seed=st.integers(0, 1000),
)
def test_it_is_a_full_sort_by_date_then_document_id_order_cut_to_k(dates: list[int], k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = len(dates)
    order = rng.permutation(n).astype(np.int64)  # each unit's place in document-id order
    date_keys = np.asarray(dates, dtype=np.int64)
    ids = np.flatnonzero(rng.random(n) < 0.7)
    expected = ids[np.lexsort((order[ids], -date_keys[ids]))][:k]
    assert newest(ids, date_keys, k, order).tolist() == expected.tolist()


def test_undated_units_come_last() -> None:
    dates = np.array([0, 20240101, 0, 20250101], dtype=np.int64)
    order = np.array([0, 1, 2, 3], dtype=np.int64)
    assert newest(np.arange(4), dates, 4, order).tolist() == [3, 1, 0, 2]
