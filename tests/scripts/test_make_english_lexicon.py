"""scripts/make_english_lexicon.py and the table it ships: open data only, deterministic."""

from __future__ import annotations

from conftest import load_script

S = load_script("make_english_lexicon")


def test_english_words_are_folded_with_the_possessive_cut() -> None:
    assert S.english_words("Washington's judge met Nguyễn in Washington, a 2nd time") == [
        "washington",
        "judge",
        "met",
        "nguyen",
        "in",
        "nd",
        "time",
    ]
