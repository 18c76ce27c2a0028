"""scripts/measure_phonetic_key.py: the precision and recall figures of the phonetic key in the README."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import CORPUS_RAW, load_script, needs_corpus_raw

measure = load_script("measure_phonetic_key")


def test_precision_counts_the_native_words_a_query_word_reaches_per_minimum() -> None:
    by_key: dict[str, set[str]] = defaultdict(set)
    by_key.update({"ha": {"হাই", "हो", "হয়"}, "dajatal": {"ডিজিটাল"}})
    keys = {"hai": "ha", "digital": "dajatal", "zzz": ""}
    rows = measure.precision_rows(["hai", "digital", "zzz"], by_key, keys.__getitem__)
    # keyed queries, all queries, mean reach, p90, queries reaching more than 20
    assert rows[2] == (2, 3, 2.0, pytest.approx(2.8), 0)
    assert rows[3] == (1, 3, 1.0, 0.0, 0)  # "ha" is under a minimum of 3: Hai is not keyed


@needs_corpus_raw("the gazetteer's name pairs", "gazetteer-vn")
def test_name_pairs_are_read_word_by_word_from_the_gazetteer() -> None:
    pairs = measure.name_pairs(CORPUS_RAW)
    assert ("can", "কান", "province bn") in pairs
    assert ("tho", "थो", "province hi") in pairs
    assert ("afghanistan", "আফগানিস্তান", "country bn") in pairs
    # "प्रांत" (province) is not a name word, so लाइ चाउ प्रांत pairs with Lai Châu.
    assert ("chau", "चाउ", "province hi") in pairs
    assert not any(native == "प्रांत" for _, native, _ in pairs)
