"""scripts/ntrex_split.py: the seed lexicon and the bridge evaluation never share an NTREX document."""

from __future__ import annotations

import pytest
from conftest import load_script

S = load_script("ntrex_split")


def test_even_documents_train_odd_ones_evaluate() -> None:
    assert [S.seed_documents(i) for i in range(5)] == [True, False, True, False, True]
    assert [S.evaluation_documents(i) for i in range(5)] == [False, True, False, True, False]


def test_a_negative_index_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        S.seed_documents(-1)
