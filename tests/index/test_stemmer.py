"""The light stemmer: whole-value tables per language, and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.analysis.stemmer import STEMMERS, stem
from index.analysis.textnorm import normalize_term

BENGALI = [
    # the cases Lucene's BengaliStemmer gets wrong, and the ones it gets right
    ("সময়ের", "সময়"),
    ("ক্যান", "ক্যান"),
    ("রূপান্তরের", "রূপান্তর"),
    ("রূপান্তরকে", "রূপান্তর"),
    ("কাজগুলি", "কাজ"),
    ("প্রযুক্তির", "প্রযুক্তি"),
    ("শহরে", "শহর"),
    ("শহরের", "শহর"),
    ("স্টার্টআপগুলিকে", "স্টার্টআপ"),
    # short words stay whole
    ("কাজ", "কাজ"),
    ("নয়", "নয়"),
    ("এবং", "এবং"),
    ("ও", "ও"),
    ("যায়", "যায়"),
    ("মা", "মা"),
    # -য় and -র belong to the word after a consonant, are endings after a vowel
    ("জাতীয়", "জাতীয়"),
    ("বিষয়ের", "বিষয়"),
    ("বইয়ের", "বই"),
    ("ঢাকায়", "ঢাকা"),
    ("ঢাকার", "ঢাকা"),
    # plural, classifier, and both with case
    ("নেতারা", "নেতা"),
    ("লোকেরা", "লোক"),
    ("নেতাদের", "নেতা"),
    ("ব্যক্তিদেরকে", "ব্যক্তি"),
    ("নিজেদেরকে", "নিজ"),
    ("দেশগুলোর", "দেশ"),
    ("দেশসমূহের", "দেশ"),
    ("দেশটির", "দেশ"),
    ("বিষয়টিকে", "বিষয়"),
    ("প্রযুক্তিতে", "প্রযুক্তি"),
    # a suffix that would leave a dangling virama falls through to a shorter one
    ("পার্টির", "পার্টি"),
    ("ঘণ্টা", "ঘণ্টা"),
    ("সম্পর্কে", "সম্পর্ক"),
    # -তে after -া is a noun in -াত taking -ে, not a locative; after a
    # consonant it is a verb infinitive, and only -ে goes
    ("হাতে", "হাত"),
    ("আঘাতে", "আঘাত"),
    ("করতে", "করত"),
    # emphatic -ই/-ও only with three letters left
    ("শহরেই", "শহর"),
    ("প্রযুক্তিতেও", "প্রযুক্তি"),
    ("লড়াই", "লড়াই"),
    ("সবাই", "সবাই"),
    ("আরও", "আরও"),
    ("ভিডিও", "ভিডিও"),
    # protected function words
    ("আমরা", "আমরা"),
    ("আমরাও", "আমরা"),
    ("দ্বারা", "দ্বারা"),
    ("অনেকে", "অনেকে"),
    # compounds in -খানা and words in -টার are not inflections
    ("কারখানা", "কারখানা"),
    ("কম্পিউটার", "কম্পিউটা"),
]

HINDI = [
    ("कार्यों", "कार्य"),
    ("परियोजनाओं", "परियोजन"),
    ("परियोजना", "परियोजन"),
    ("संगठनों", "संगठन"),
    ("नीतियां", "नीत"),
    ("नीति", "नीत"),
    ("प्रणालियां", "प्रणाल"),
    ("प्रणाली", "प्रणाल"),
    ("शहर", "शहर"),
    ("शहरों", "शहर"),
    ("बातें", "बात"),
    ("भाषाएं", "भाष"),
    ("वस्तुओं", "वस्त"),
    ("जगत्", "जगत"),
    # short words and postpositions stay whole
    ("में", "में"),
    ("का", "का"),
    ("के", "के"),
    ("है", "है"),
    # no bare -ां: यहां must not become यह
    ("यहां", "यहां"),
    ("राष्ट्रीय", "राष्ट्रीय"),
]

# ड़ and য় as NFC leaves them: base letter + nukta.
NUKTA = [
    ("hi", "ल\u0921\u093c\u0915\u094b\u0902", "ल\u0921\u093c\u0915"),  # लड़कों
    ("hi", "ल\u0921\u093c\u093e\u0907\u092f\u094b\u0902", "ल\u0921\u093c"),  # लड़ाइयों
    ("bn", "সম\u09af\u09bc\u09c7\u09b0", "সম\u09af\u09bc"),  # সময়ের
    ("bn", "ঢাকা\u09af\u09bc", "ঢাকা"),  # ঢাকায়
    ("bn", "ব\u09a1\u09bc\u09cb", "ব\u09a1\u09bc\u09cb"),  # বড়ো: one letter + signs left
]

UNCHANGED = [
    ("bn", ""),
    ("hi", ""),
    ("bn", "\u09cd"),  # a lone virama
    ("hi", "\u094d"),
    ("bn", "\u09cd\u09cd"),
    ("bn", "শহরের2"),  # digits (already ASCII after normalize_term)
    ("bn", "শহরের২"),  # and native ones, should any get through
    ("hi", "शहरों5"),
    ("bn", "2025সালের"),
    ("bn", "শহরেরabc"),  # Latin
    ("hi", "covid"),
    ("bn", "শহর-স্তরের"),  # a hyphen is not a letter
    ("bn", "शहरों"),  # the other script
    ("hi", "শহরের"),
    ("vi", "শহরের"),  # a language without a stemmer
    ("en", "शहरों"),
    ("", "শহরের"),
    ("hi", "ल\u095cकों"),  # a precomposed nukta letter: input skipped NFC
    ("bn", "শহর\u200cের"),  # ZWNJ: input skipped normalisation
]


@pytest.mark.parametrize("table", [BENGALI, HINDI], ids=["bn", "hi"])
def test_tables_are_in_normalised_form(table: list[tuple[str, str]]) -> None:
    # What normalize_term hands over is what the stemmer is tested on.
    assert [w for w, _ in table] == [normalize_term(w) for w, _ in table]


def test_bengali_table() -> None:
    assert {w: stem(w, "bn") for w, _ in BENGALI} == dict(BENGALI)


def test_hindi_table() -> None:
    assert {w: stem(w, "hi") for w, _ in HINDI} == dict(HINDI)


def test_nukta_words_decomposed() -> None:
    assert [stem(w, lang) for lang, w, _ in NUKTA] == [want for _, _, want in NUKTA]


@pytest.mark.parametrize(("lang", "term"), UNCHANGED)
def test_unchanged(lang: str, term: str) -> None:
    assert stem(term, lang) == term


BENGALI_FAMILIES = [
    ("শহর", ["শহর", "শহরে", "শহরের", "শহরকে", "শহরগুলো", "শহরগুলোর", "শহরটি", "শহরেই"]),
    ("সরকা", ["সরকার", "সরকারের", "সরকারকে", "সরকারে", "সরকারগুলো", "সরকারও"]),
    ("ক্যাম", ["ক্যামেরা", "ক্যামেরার", "ক্যামেরায়", "ক্যামেরাগুলো"]),
    ("কম্পিউটা", ["কম্পিউটার", "কম্পিউটারের", "কম্পিউটারে", "কম্পিউটারগুলো"]),
    ("মসজি", ["মসজিদ", "মসজিদে", "মসজিদের", "মসজিদগুলো"]),
    ("সংস", ["সংসদ", "সংসদে", "সংসদের", "সংসদকে"]),
    ("সাংস", ["সাংসদ", "সাংসদের", "সাংসদদের", "সাংসদেরা"]),
    ("ছেল", ["ছেলে", "ছেলেকে", "ছেলেদের", "ছেলেরা", "ছেলেটি"]),
    ("উপা", ["উপায়", "উপায়ে", "উপায়ের", "উপায়গুলো"]),
    ("কমি", ["কমিটি", "কমিটির", "কমিটিকে", "কমিটিগুলো"]),
]

HINDI_FAMILIES = [
    ("लड़क", ["लड़का", "लड़के", "लड़कों", "लड़की", "लड़कियां", "लड़कियों"]),
    ("नेत", ["नेता", "नेताओं"]),
    ("महिल", ["महिला", "महिलाएं", "महिलाएँ", "महिलाओं"]),
    ("हिंद", ["हिंदू", "हिंदुओं"]),
    ("ऊंच", ["ऊंचा", "ऊंची", "ऊंचे", "ऊंचाई", "ऊंचाइयों"]),
]


@pytest.mark.parametrize(
    ("lang", "want", "family"),
    [("bn", *f) for f in BENGALI_FAMILIES] + [("hi", *f) for f in HINDI_FAMILIES],
    ids=[f[0] for f in BENGALI_FAMILIES + HINDI_FAMILIES],
)
def test_inflections_meet(lang: str, want: str, family: list[str]) -> None:
    assert {w: stem(w, lang) for w in family} == {w: want for w in family}


APART = [
    ("bn", "সময়ের", "সম"),  # Lucene: সময়ের -> সম
    ("bn", "ক্যান", "কেন"),  # Lucene: ক্যান -> the stop word কেন
    ("bn", "জাতীয়", "জাতি"),
    ("bn", "আমরা", "আম"),
    ("bn", "কারখানা", "কার"),
    ("hi", "यहां", "यह"),
    ("hi", "सपने", "सप"),
]


@pytest.mark.parametrize(("lang", "a", "b"), APART, ids=[a for _, a, _ in APART])
def test_unrelated_words_stay_apart(lang: str, a: str, b: str) -> None:
    assert stem(a, lang) != stem(b, lang)


def test_stemmer_table() -> None:
    assert sorted(STEMMERS) == ["bn", "hi"]
    assert [STEMMERS["bn"]("শহরের"), STEMMERS["hi"]("शहरों")] == ["শহর", "शहर"]


# ---------------------------------------------------------------- properties --

_SUFFIXES = [
    "গুলোকে", "গুলির", "দের", "েরা", "রা", "টির", "টি", "য়ের", "ের", "কে", "তে", "য়", "র", "ে", "ই", "ও", "দ",
    "ाइयों", "ियां", "ाओं", "ाएं", "ुओं", "ों", "ें", "ाई", "ा", "ि", "ी", "ु", "ू", "े", "ो", "्",
]  # fmt: skip
_LETTERS = st.characters(min_codepoint=0x0900, max_codepoint=0x09FF) | st.sampled_from(list("aZ5-\u200c\u200d"))
_TERMS = st.text(_LETTERS, max_size=10) | st.builds(
    str.__add__, st.text(_LETTERS, max_size=6), st.sampled_from(_SUFFIXES)
)
_VIRAMAS = "\u09cd\u094d"


@given(term=_TERMS, lang=st.sampled_from(["bn", "hi", "vi"]))
def test_stem_only_strips(term: str, lang: str) -> None:
    result = stem(term, lang)
    assert term.startswith(result)
    assert bool(result) == bool(term)
    if result != term:
        # a stripped stem keeps two letters and no dangling virama
        assert result[-1] not in _VIRAMAS
        assert sum(unicodedata.category(ch) == "Lo" for ch in result) >= 2


@given(term=_TERMS)
def test_stem_agrees_with_the_table(term: str) -> None:
    for lang, stemmer in STEMMERS.items():
        assert stemmer(term) == stem(term, lang)
