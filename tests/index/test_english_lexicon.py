"""The bundled English -> Bengali/Hindi table (index.translation.english)."""

from __future__ import annotations

import pytest

from index.translation.english import english_equivalents, parse_english


def test_an_english_word_has_its_bengali_and_hindi_translations_best_first() -> None:
    found = [(e.term, e.lang, e.kind) for e in english_equivalents("south")][:2]
    assert found == [("दक्षिण", "hi", "english"), ("দক্ষিণ", "bn", "english")]


def test_a_plural_the_table_lacks_is_looked_up_as_its_singular() -> None:
    assert english_equivalents("hospitals") == english_equivalents("hospital") != ()
    # a word ending in ss is no plural
    assert english_equivalents("xyzpress") == ()


def test_an_unknown_word_has_none() -> None:
    assert english_equivalents("nguyen") == ()


def test_a_malformed_line_names_its_number() -> None:
    with pytest.raises(ValueError, match="line 2: language must be one of bn, hi"):
        list(parse_english("# comment\nsouth\txx\tদক্ষিণ\t3\t0.5\n"))
    rows = list(parse_english("south\tbn\tদক্ষিণ\t3\t0.5\n"))
    assert [(w, e.term, e.lang, e.pairs, e.score) for w, e in rows] == [("south", "দক্ষিণ", "bn", 3, 0.5)]
