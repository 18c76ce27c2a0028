"""Cited resolutions and documents: article text -> Citations, query -> id, id -> label."""

from __future__ import annotations

import re
import string
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.analysis.textnorm import fold_digits, nfc
from index.extraction.citations import (
    _LETTER_NAMES,
    Citations,
    canonical_resolution,
    extract_citations,
    label,
)

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"

NONE = Citations((), ())


def res(*ids: str) -> Citations:
    return Citations(tuple(ids), ())


def docs(*ids: str) -> Citations:
    return Citations((), tuple(ids))


def sample_text(prefix: str) -> str:
    (path,) = SAMPLE.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- the bundled sample corpus --------------------------------------------------
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", res("57-NQ/TW", "13-NQ/TW")),
        ("001", res("57-NQ/TW", "13-NQ/TW")),
        ("002", Citations(("57-NQ/TW",), ("02-KH/BCĐTW",))),
        ("003", Citations(("57-NQ/TW",), ("97-CTr/TU",))),
        ("004", res("57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW")),
    ],
)
def test_sample_articles(prefix: str, expected: Citations) -> None:
    assert extract_citations(sample_text(prefix)) == expected


def test_parallel_pair_cites_the_same() -> None:
    assert extract_citations(sample_text("000")) == extract_citations(sample_text("001"))


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_ascii_digits_give_the_same_citations(prefix: str) -> None:
    text = sample_text(prefix)
    assert extract_citations(fold_digits(text)) == extract_citations(text)


# --- forms that cite -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # coded, Latin
        ("57-NQ/TW", res("57-NQ/TW")),
        ("57/NQ-TW", res("57-NQ/TW")),
        ("57/NQ/TW", res("57-NQ/TW")),
        ("57 – NQ/TW", res("57-NQ/TW")),
        ("57\u2011NQ/TW", res("57-NQ/TW")),
        ("57-nq/tw", res("57-NQ/TW")),
        ("57-NQ/TƯ", res("57-NQ/TW")),
        ("Resolution No. 57-NQ/TW", res("57-NQ/TW")),
        ("Nghị quyết số 57-NQ/TW", res("57-NQ/TW")),
        # coded, spelt out
        ("৫৭-এনকিউ/টিডব্লিউ", res("57-NQ/TW")),
        ("৫৭-এনকিউ/টিডাব্লিউ", res("57-NQ/TW")),
        ("৫৭-এনকিউ/টিডাবলিউ", res("57-NQ/TW")),
        ("57-एनक्यू/टीडब्ल्यू", res("57-NQ/TW")),
        ("57-एनक्यू/टीडब्लू", res("57-NQ/TW")),
        ("৫৭-এন কিউ / টি ডব্লিউ", res("57-NQ/TW")),
        ("57-एन क्यू/टी डब्ल्यू", res("57-NQ/TW")),
        ("রেজোলিউশন নং ১৩-এনকিউ/টিডব্লিউ", res("13-NQ/TW")),
        ("रेजोलिउशन 57-एनक्यू/टीडब्ल्यू", res("57-NQ/TW")),
        # spelt-out code followed by a suffix or by words that are also letter names
        ("রেজোলিউশন নং ৫৭-এনকিউ/টিডব্লিউ-এর বাস্তবায়ন", res("57-NQ/TW")),
        ("৫৭-এনকিউ/টিডব্লিউ ও ৫৯-এনকিউ/টিডব্লিউ", res("57-NQ/TW", "59-NQ/TW")),
        ("৫৭-এনকিউ/টিডব্লিউ এই নথি", res("57-NQ/TW")),
        ("57-एनक्यू/टीडब्ल्यू के कार्यान्वयन", res("57-NQ/TW")),
        ("संकल्प 57-एनक्यू/टीडब्ल्यू, 59-एनक्यू/टीडब्ल्यू", res("57-NQ/TW", "59-NQ/TW")),
        # bare: keyword then number
        ("রেজোলিউশন ৫৭", res("57-NQ/TW")),
        ("রেজোলিউশন নং ৫৭", res("57-NQ/TW")),
        ("রেজোলিউশন ৫৭-এর বাস্তবায়ন", res("57-NQ/TW")),
        ("প্রস্তাব ৫৭", res("57-NQ/TW")),
        ("প্রস্তাব নং ৫৭", res("57-NQ/TW")),
        ("সংকল্প ৫৭", res("57-NQ/TW")),
        ("संकल्प संख्या 57", res("57-NQ/TW")),
        ("प्रस्ताव संख्या 57", res("57-NQ/TW")),
        ("संकल्प 57", res("57-NQ/TW")),
        ("प्रस्ताव 57 के", res("57-NQ/TW")),
        ("Resolution 57", res("57-NQ/TW")),
        ("resolution no.57", res("57-NQ/TW")),
        ("RESOLUTION NUMBER 57", res("57-NQ/TW")),
        ("৫৭-এনকিউ বাস্তবায়ন", res("57-NQ/TW")),
        # bare: number then "No. resolution"
        ("৫৭ নং রেজোলিউশন", res("57-NQ/TW")),
        ("৫৭ নং রেজোলিউশনের বাস্তবায়ন", res("57-NQ/TW")),
        # the date before the keyword is not the number
        ("২২ ডিসেম্বর, ২০২৪ তারিখের রেজোলিউশন নং ৫৭-এনকিউ/টিডব্লিউ", res("57-NQ/TW")),
        ("২২ ডিসেম্বর, ২০২৪ তারিখের রেজোলিউশন নং ৫৭ বাস্তবায়ন", res("57-NQ/TW")),
        # numbers are padded to two digits, as Vietnamese writes them
        ("রেজোলিউশন ৫", res("05-NQ/TW")),
        ("5-NQ/TW", res("05-NQ/TW")),
        # state numbering
        ("202/2025/QH15", res("202/2025/QH15")),
        ("২০২/২০২৫/কিউএইচ১৫", res("202/2025/QH15")),
        ("Resolution 202/2025/QH15", res("202/2025/QH15")),
        ("Nghị quyết 01/NQ-CP", res("01/NQ-CP")),
        ("01-NQ/CP", res("01/NQ-CP")),
        ("Resolution 01/2025/NQ-CP", res("01/2025/NQ-CP")),
        ("Resolution 1234/NQ-UBTVQH15", res("1234/NQ-UBTVQH15")),
        ("Resolution 12/NQ-HĐND", res("12/NQ-HĐND")),
        ("১২/এনকিউ-এইচডিএনডি", res("12/NQ-HĐND")),
        # an issuer missing from the table keeps its spelling and its written order
        ("57-NQ/XYZ", res("57-NQ/XYZ")),
        ("57/NQ-XYZ", res("57/NQ-XYZ")),
        # other documents
        ("প্ল্যান ০২-কেএইচ/বিসিডিটিডব্লিউ", docs("02-KH/BCĐTW")),
        ("02-KH/BCĐTW", docs("02-KH/BCĐTW")),
        ("02-KH/BCDTW", docs("02-KH/BCĐTW")),
        ("অ্যাকশন প্রোগ্রাম ৯৭-সিটিআর/টিইউ-তে", docs("97-CTr/TU")),
        ("97-सीटीआर/टीयू", docs("97-CTr/TU")),
        ("Directive 05-CT/TW", docs("05-CT/TW")),
        ("Conclusion 123-KL/TW", docs("123-KL/TW")),
        ("Decision 123/QĐ-TTg", docs("123/QĐ-TTg")),
        ("১২৩/কিউডি-টিটিজি", docs("123/QĐ-TTg")),
        ("Decree 13/2023/NĐ-CP", docs("13/2023/NĐ-CP")),
        ("Plan 45/KH-UBND", docs("45/KH-UBND")),
        ("Law 57/2014/QH13", docs("57/2014/QH13")),
        ("আইন নং ৫৭/২০১৪/কিউএইচ১৩", docs("57/2014/QH13")),
        ("कानून संख्या 57/2014/QH13", docs("57/2014/QH13")),
    ],
)
def test_forms(text: str, expected: Citations) -> None:
    assert extract_citations(text) == expected


# --- things that look like citations and are not -------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "ইউভিটিডব্লিউ পার্টি",  # a code with no number
        "নোটিশ নং ৫২৩ এবং ৫২৪-এ উল্লেখিত কাজগুলি",  # a notice without a code: not invented
        "পরিকল্পনা ০২ এর বাস্তবায়ন",  # a plan without a code
        "০২-কেএইচ",  # a plan without an issuer
        "৮৪/১৬৭টি কাজ",
        "২০২১-২০২৫ সময়কালে",
        "৫জি কভারেজ",
        "https://nq57.vn সিস্টেমে",
        "২০২৫ সালের রেজোলিউশন",
        "রেজোলিউশন ২০২৫ সালের",  # a year
        "রেজোলিউশন ২০২৪",
        "রেজোলিউশন ২২ ডিসেম্বর",  # a date
        "संकल्प 22 दिसंबर",
        "Resolution 57/2024",
        "resolution 12-15",  # a range
        "resolution 57%",
        "রেজোলিউশন ৫৭ শতাংশ",
        "resolution 3.5",
        "রেজোলিউশন ১,০৫৪",
        "প্রস্তাব ৩টি",  # three proposals
        "প্রস্তাব ৩ টি কাজ",
        "একটি প্রস্তাব পাস করেছে ২০২৫ - ২০২৭ সময়কালের জন্য",  # a proposal, no number after it
        "প্রস্তাবিত ৫৭",
        "রাজনৈতিক সংকল্প ১০০% অর্জন",  # resolve, not a resolution
        "प्रस्ताव में 57 बिंदु",  # Hindi proposal, the number is not right after
        "प्रस्तावित 57",
        "रिज़ॉल्यूशन 1080",  # four digits: not a Politburo resolution number
        "Resolution 0",
        "resolutions 57",
        "57-year-old",
        "COVID-19",
        "G20 summit 2025",
    ],
)
def test_non_forms(text: str) -> None:
    assert extract_citations(text) == NONE


def test_order_of_first_mention_and_deduplication() -> None:
    text = (
        "রেজোলিউশন ৫৯, তারপর 57-NQ/TW, আবার রেজোলিউশন নং ৫৯ এবং ৫৭ নং রেজোলিউশন; প্ল্যান ০২-কেএইচ/বিসিডিটিডব্লিউ, 02-KH/BCĐTW"
    )
    assert extract_citations(text) == Citations(("59-NQ/TW", "57-NQ/TW"), ("02-KH/BCĐTW",))


def test_bare_number_binds_to_the_coded_resolution_of_the_article() -> None:
    # a provincial article: its "Resolution 57" is the province's 57-NQ/TU
    text = "রেজোলিউশন ৫৭ বাস্তবায়ন ... প্রাদেশিক পার্টি কমিটির রেজোলিউশন 57-NQ/TU"
    assert extract_citations(text) == res("57-NQ/TU")


def test_format_chars_and_decomposed_letters_are_ignored() -> None:
    assert extract_citations("৫৭-এন\u200cকিউ/টি\u200dডব্লিউ") == res("57-NQ/TW")
    # precomposed U+09DF and NFC-decomposed YA + NUKTA both read as Y
    assert extract_citations("৫৭-এনকিউ/টিও\u09dfাই") == res("57-NQ/TY")
    assert extract_citations("৫৭-এনকিউ/টিও\u09af\u09bcাই") == res("57-NQ/TY")


def test_to_dict() -> None:
    assert Citations(("57-NQ/TW",), ("97-CTr/TU",)).to_dict() == {
        "resolutions": ["57-NQ/TW"],
        "documents": ["97-CTr/TU"],
    }


# --- letter names ------------------------------------------------------------------
def test_letter_tables_cover_a_to_z_in_both_scripts() -> None:
    assert sorted(_LETTER_NAMES) == list(string.ascii_uppercase)
    assert [letter for letter, (bn, hi) in _LETTER_NAMES.items() if not bn or not hi] == []


_ALL_NAMES = [
    (letter, script, name)
    for letter, scripts in _LETTER_NAMES.items()
    for script, names in zip(("bn", "hi"), scripts, strict=True)
    for name in names
]


@pytest.mark.parametrize(("letter", "script", "name"), _ALL_NAMES)
def test_every_letter_name_decodes(letter: str, script: str, name: str) -> None:
    # "T" + the letter makes an issuer code; unknown ones are kept as spelt
    text = f"৫৭-এনকিউ/টি{name}" if script == "bn" else f"57-एनक्यू/टी{name}"
    assert extract_citations(text) == res(f"57-NQ/T{letter}")


# --- query side ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("57-NQ/TW", "57-NQ/TW"),
        ("57-nq/tw", "57-NQ/TW"),
        ("57/NQ-TW", "57-NQ/TW"),
        ("৫৭-এনকিউ/টিডব্লিউ", "57-NQ/TW"),
        ("57-एनक्यू/टीडब्ल्यू", "57-NQ/TW"),
        ("৫৭-এন কিউ / টি ডব্লিউ", "57-NQ/TW"),
        ("57", "57-NQ/TW"),
        ("৫৭", "57-NQ/TW"),
        (" 57 ", "57-NQ/TW"),
        ("5", "05-NQ/TW"),
        ("Resolution 57", "57-NQ/TW"),
        ("resolution no. 57", "57-NQ/TW"),
        ("রেজোলিউশন ৫৭", "57-NQ/TW"),
        ("রেজোলিউশন নং ৫৭", "57-NQ/TW"),
        ("৫৭ নং রেজোলিউশন", "57-NQ/TW"),
        ("संकल्प संख्या 57", "57-NQ/TW"),
        ("प्रस्ताव 57", "57-NQ/TW"),
        ('"57-NQ/TW"', "57-NQ/TW"),
        ("202/2025/QH15", "202/2025/QH15"),
        ("01/NQ-CP", "01/NQ-CP"),
        ("57-NQ/TU", "57-NQ/TU"),
    ],
)
def test_canonical_resolution(query: str, expected: str) -> None:
    assert canonical_resolution(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "",
        "2025",
        "0",
        "1234",
        "57 km",
        "57%",
        "Resolution 57 implementation",
        "রেজোলিউশন",
        "প্রস্তাব",
        "02-KH/BCĐTW",  # a plan, not a resolution
        "97-CTr/TU",
        "Law 57/2014/QH13",
        "NQ/TW",
        "57-NQ/TW 59-NQ/TW",
    ],
)
def test_canonical_resolution_rejects(query: str) -> None:
    assert canonical_resolution(query) is None


# --- labels --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("citation_id", "lang", "expected"),
    [
        ("57-NQ/TW", "en", "Resolution 57-NQ/TW"),
        ("57-NQ/TW", "bn", "রেজোলিউশন ৫৭-এনকিউ/টিডব্লিউ"),
        ("57-NQ/TW", "hi", "संकल्प 57-एनक्यू/टीडब्ल्यू"),
        ("202/2025/QH15", "en", "Resolution 202/2025/QH15"),
        ("202/2025/QH15", "bn", "রেজোলিউশন ২০২/২০২৫/কিউএইচ১৫"),
        ("01/NQ-CP", "hi", "संकल्प 01/एनक्यू-सीपी"),
        ("02-KH/BCĐTW", "en", "Plan 02-KH/BCĐTW"),
        ("02-KH/BCĐTW", "bn", "পরিকল্পনা ০২-কেএইচ/বিসিডিটিডব্লিউ"),
        ("97-CTr/TU", "hi", "कार्यक्रम 97-सीटीआर/टीयू"),
    ],
)
def test_label(citation_id: str, lang: str, expected: str) -> None:
    assert label(citation_id, lang) == expected


def test_label_unknown_language_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown language 'vi'; known: bn, en, hi")):
        label("57-NQ/TW", "vi")


def test_label_rejects_what_is_not_an_id() -> None:
    with pytest.raises(ValueError, match="not a citation id"):
        label("hello", "en")


_ROUND_TRIP_IDS = [
    "57-NQ/TW",
    "13-NQ/TW",
    "05-NQ/TU",
    "01/NQ-CP",
    "01/2025/NQ-CP",
    "202/2025/QH15",
    "12/NQ-HĐND",
    "02-KH/BCĐTW",
    "97-CTr/TU",
    "123/QĐ-TTg",
    "13/2023/NĐ-CP",
    "08-QĐi/TW",
    "45/KH-UBND",
]


@pytest.mark.parametrize("lang", ["en", "bn", "hi"])
@pytest.mark.parametrize("citation_id", _ROUND_TRIP_IDS)
def test_labels_read_back_as_their_id(citation_id: str, lang: str) -> None:
    cited = extract_citations(label(citation_id, lang))
    assert cited.resolutions + cited.documents == (citation_id,)


# --- robustness -------------------------------------------------------------------------
_CODE = r"[A-Za-zĐ]+[0-9]*"
_ID_SHAPE = re.compile(rf"[0-9]{{2,5}}(?:-{_CODE}/{_CODE}|/(?:[0-9]{{4}}/)?{_CODE}(?:-{_CODE})?)")

# Text built from the pieces citations are made of, so that near-misses abound.
_citation_text = st.lists(
    st.sampled_from(
        list("0123456789৫৭২০ -/–.,%নংএকিউটিডব্লিউরেজোলশপ্রস্তাবएनक्यूटीडब्ल्यूसंकल्पNQTWKH\u200c")
        + ["রেজোলিউশন ", "संकल्प ", "এই", "৫৭-", "-এনকিউ/", "टीडब्ल्यू", "/2025/", "QH15", "আইন "]
    ),
    max_size=40,
).map("".join)


@given(_citation_text)
def test_never_raises_and_ids_are_well_formed(text: str) -> None:
    cited = extract_citations(text)
    assert [i for i in cited.resolutions + cited.documents if not _ID_SHAPE.fullmatch(i)] == []
    assert len(set(cited.resolutions)) == len(cited.resolutions)
    canonical_resolution(text)


@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    extract_citations(text)
    canonical_resolution(text)


@given(_citation_text)
def test_nfc_text_needs_no_second_normalisation(text: str) -> None:
    # parse_article passes is_nfc=True for its (NFC) body text.
    text = nfc(text)
    assert extract_citations(text, is_nfc=True) == extract_citations(text)


def test_runs_of_ambiguous_letter_names_stay_linear() -> None:
    # "এই" reads as A or as A+E: a regex free to try every split of a long run
    # takes seconds at 22 repetitions and doubles with each one more.
    started = time.perf_counter()
    cited = [extract_citations("৫-" + "এই" * 22 + "ক"), extract_citations("৫-" + "এই " * 5000 + "ক")]
    assert time.perf_counter() - started < 0.5
    assert cited == [NONE, NONE]
