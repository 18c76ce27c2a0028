"""Term normalisation: the one definition of "the same word"."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import textnorm
from index.analysis.textnorm import fold_digits, fold_latin, nfc, normalize_term, script_counts, strip_format_chars


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


@pytest.mark.parametrize(
    ("cp", "script"),
    [
        (0x08FF, "Zyyy"), (0x0900, "Deva"), (0x097F, "Deva"), (0x0980, "Beng"), (0x09FF, "Beng"),
        (0x0A00, "Zyyy"), (0x1CCF, "Zyyy"), (0x1CD0, "Deva"), (0x1CFF, "Deva"), (0xA8DF, "Zyyy"),
        (0xA8E0, "Deva"), (0xA8FF, "Deva"), (0x40, "Zyyy"), (0x41, "Latn"), (0x5A, "Latn"),
        (0x5B, "Zyyy"), (0x60, "Zyyy"), (0x61, "Latn"), (0x7A, "Latn"), (0x7B, "Zyyy"),
        (0xBF, "Zyyy"), (0xC0, "Latn"), (0x24F, "Latn"), (0x250, "Zyyy"), (0x1DFF, "Zyyy"),
        (0x1E00, "Latn"), (0x1EFF, "Latn"), (0x1F00, "Zyyy"), (0xFF20, "Zyyy"), (0xFF21, "Latn"),
        (0xFF5A, "Latn"), (0xFF5B, "Zyyy"), (0x1D400, "Zyyy"), (0x10FFFF, "Zyyy"),
    ],
)  # fmt: skip
def test_script_of_range_edges(cp: int, script: str) -> None:
    assert textnorm.script_of(chr(cp)) == script


def test_script_counts_counts_letters_only() -> None:
    assert script_counts("ক্যান 57 Can थो!") == {"Beng": 5, "Latn": 3, "Deva": 2}


# --- The fast paths against the per-character definitions they replaced -----------


def _script_counts_reference(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        script = textnorm.script_of(ch)
        if script != textnorm.SCRIPT_OTHER:
            counts[script] = counts.get(script, 0) + 1
    return counts


def _fold_latin_reference(text: str) -> str:
    if text.isascii():
        return text.lower()
    out: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFD", text.translate(textnorm._LATIN_SPECIAL)):
        if unicodedata.combining(ch):
            if base_is_latin:
                continue
        else:
            base_is_latin = textnorm._is_latin(ch)
            if base_is_latin:
                ch = ch.lower()
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


_FORMAT_TABLE = {ord(c): None for c in textnorm._FORMAT_CHARS}
_MIXED = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("কখা্ৎ০৫कख़ि५AaZzÀẠđĐßİΣσ\u0301\u0308\u200c\u200d\u00ad\u202e\u212a\u212b\U0001d7d8 .,")),
    ),
    max_size=60,
)


def test_digit_class_is_exactly_the_digit_table() -> None:
    digits = textnorm._NON_ASCII_DIGITS_RE
    found = {cp for cp in range(sys.maxunicode + 1) if digits.fullmatch(chr(cp))}
    assert found == set(textnorm._DIGITS)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_fast_paths_match_their_definitions(text: str) -> None:
    counts = script_counts(text)
    reference = _script_counts_reference(text)
    assert counts == reference and list(counts) == list(reference)  # order too: dominant_script ties
    assert fold_digits(text) == (text.translate(textnorm._DIGITS) if re.search(r"[^\D0-9]", text) else text)
    assert strip_format_chars(text) == text.replace(textnorm._KHANDA_TA_LEGACY, "\u09ce").translate(_FORMAT_TABLE)
    assert fold_latin(text) == _fold_latin_reference(text)


def test_fold_latin_fast_path_on_every_bmp_character() -> None:
    # Single characters and a Bengali base followed by each: the fast path
    # must hand back what the loop would, decompositions included (K KELVIN
    # SIGN and Å ANGSTROM SIGN decompose to Latin letters).
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if unicodedata.category(ch) == "Cs":
            continue
        assert fold_latin(ch) == _fold_latin_reference(ch), hex(cp)
        assert fold_latin("ক" + ch) == _fold_latin_reference("ক" + ch), hex(cp)


# --- ICU's NFC against unicodedata's, the definition -------------------------------

_MARKS = "\u0301\u0323\u0327\u09bc\u09be\u09cd\u09d7\u093c\u094d\u0b3e\u0cd5\u0f71\u3099"


def test_nfc_takes_the_icu_path() -> None:
    by_icu = textnorm._icu_nfc()
    assert by_icu is not None, "ICU's Unicode data is older than unicodedata's"
    assert by_icu[1].search("\u09df\u0995 Cần Thơ ज़") is None


def test_nfc_matches_unicodedata_on_every_bmp_character() -> None:
    # Alone, after bases it may compose with, and before marks of several
    # combining classes it may be reordered or composed with.
    for cp in range(0x10000):
        ch = chr(cp)
        for text in (ch, "\u09c7" + ch, "e" + ch, "\u1100" + ch, ch + _MARKS, ch + "\u0301\u0323"):
            assert nfc(text) == unicodedata.normalize("NFC", text), hex(cp)


def test_nfc_matches_unicodedata_on_every_canonical_composition() -> None:
    for cp in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = "".join(chr(int(h, 16)) for h in decomposition.split())
        for text in (parts, parts + "\u0323", parts[0] + "\u0323" + parts[1:], chr(cp) + parts):
            assert nfc(text) == unicodedata.normalize("NFC", text), hex(cp)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list("কোৗয়য়ড়ঢ়\u09bc\u09cdजज़ऩ\u093c\u094d\u0301\u0323AaEeÅ\u212b\u1100\u1161\u11a8")),
        ),
        max_size=40,
    )
)
def test_nfc_matches_unicodedata_on_any_text(text: str) -> None:
    assert nfc(text) == unicodedata.normalize("NFC", text)


def test_nfc_leaves_what_icu_may_not_know_to_unicodedata() -> None:
    # Astral characters, surrogates and characters unassigned in Python's
    # Unicode data are not given to ICU; the result is unicodedata's.
    for text in ("\U0001f600\u09df", "\ud800\u09df", "\u0378\u09df", "\U0001e030\u0301"):
        assert nfc(text) == unicodedata.normalize("NFC", text)


def test_script_counts_on_every_bmp_character() -> None:
    for cp in range(0x10000):
        ch = chr(cp)  # surrogates included: script_counts reads UTF-16 with surrogatepass
        assert script_counts(ch) == _script_counts_reference(ch), hex(cp)
    text = "".join(map(chr, range(0x10000))) + "\U0001d400\U0001f600"
    assert list(script_counts(text).items()) == list(_script_counts_reference(text).items())
