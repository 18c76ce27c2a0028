"""Term normalisation: the one definition of "the same word"."""

from __future__ import annotations

import pytest

from index.textnorm import fold_digits, fold_latin, nfc, normalize_term, script_counts, strip_format_chars


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("৫৭", "57"),
        ("५७", "57"),
        ("57", "57"),
        ("২০.৮৩", "20.83"),
        ("１２", "12"),
        ("৮৪/১৬৭টি", "84/167টি"),
    ],
)
def test_fold_digits(raw: str, expected: str) -> None:
    assert fold_digits(raw) == expected


def test_fold_latin_drops_vietnamese_diacritics_but_not_indic_signs() -> None:
    assert fold_latin("Cần Thơ") == "can tho"
    assert fold_latin("Đà Nẵng") == "da nang"
    assert fold_latin("BCĐTW") == "bcdtw"
    # Vowel signs, virama and nukta are combining marks too: they must stay.
    assert fold_latin("ক্যান থো") == "ক্যান থো"
    assert fold_latin("कैन थो ज़ोर") == nfc("कैन थो ज़ोर")


def test_precomposed_and_decomposed_nukta_meet() -> None:
    assert normalize_term("\u095b") == normalize_term("\u091c\u093c")  # ज़
    assert normalize_term("\u09df") == normalize_term("\u09af\u09bc")  # য়
    assert normalize_term("\u0921\u093c") == normalize_term("\u095c")  # ड़


def test_zero_width_characters_are_removed_from_terms() -> None:
    assert strip_format_chars("র\u200d্যাব") == "র্যাব"
    assert normalize_term("ক্\u200cষ") == normalize_term("ক্ষ")
    assert normalize_term("\ufeffকাজ") == "কাজ"
    # The legacy khanda-ta spelling becomes ৎ.
    assert normalize_term("উত্\u200dস") == "উৎস"


def test_script_counts_counts_letters_only() -> None:
    assert script_counts("ক্যান 57 Can थो!") == {"Beng": 5, "Latn": 3, "Deva": 2}
