"""Tests for the gazetteer (index.extraction.gazetteer and its parts): article text -> province slugs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_RAW, needs_corpus_raw
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis.analyzers import analyze
from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, normalize_term, script_counts, strip_format_chars
from index.extraction import gazetteer, province_names, province_words
from index.extraction.gazetteer import find_in_tokens, find_provinces, get, label, slugs_from_url, tokenize

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample"
RAW_SOURCES = CORPUS_RAW / "gazetteer-vn"

CURRENT = [
    "an-giang", "bac-ninh", "ca-mau", "can-tho", "cao-bang", "da-nang", "dak-lak", "dien-bien",
    "dong-nai", "dong-thap", "gia-lai", "ha-noi", "ha-tinh", "hai-phong", "ho-chi-minh", "hue",
    "hung-yen", "khanh-hoa", "lai-chau", "lam-dong", "lang-son", "lao-cai", "nghe-an", "ninh-binh",
    "phu-tho", "quang-ngai", "quang-ninh", "quang-tri", "son-la", "tay-ninh", "thai-nguyen",
    "thanh-hoa", "tuyen-quang", "vinh-long",
]  # fmt: skip

# Resolution 202/2025/QH15: each dissolved province -> the unit it joined.
MERGED_INTO = {
    "ba-ria-vung-tau": "ho-chi-minh",
    "bac-giang": "bac-ninh",
    "bac-kan": "thai-nguyen",
    "bac-lieu": "ca-mau",
    "ben-tre": "vinh-long",
    "binh-dinh": "gia-lai",
    "binh-duong": "ho-chi-minh",
    "binh-phuoc": "dong-nai",
    "binh-thuan": "lam-dong",
    "dak-nong": "lam-dong",
    "ha-giang": "tuyen-quang",
    "ha-nam": "ninh-binh",
    "hai-duong": "hai-phong",
    "hau-giang": "can-tho",
    "hoa-binh": "phu-tho",
    "kien-giang": "an-giang",
    "kon-tum": "quang-ngai",
    "long-an": "tay-ninh",
    "nam-dinh": "ninh-binh",
    "ninh-thuan": "khanh-hoa",
    "phu-yen": "dak-lak",
    "quang-binh": "quang-tri",
    "quang-nam": "da-nang",
    "soc-trang": "can-tho",
    "thai-binh": "hung-yen",
    "tien-giang": "dong-thap",
    "tra-vinh": "vinh-long",
    "vinh-phuc": "phu-tho",
    "yen-bai": "lao-cai",
}

PROVINCES = gazetteer.all_provinces()


# --- the sample corpus ------------------------------------------------------


def test_sample_corpus() -> None:
    found = {path.name[:3]: find_provinces(path.read_text(encoding="utf-8")) for path in sorted(SAMPLE.glob("*.txt"))}
    assert found == {
        "000": ["can-tho"],
        "001": ["can-tho"],
        "002": ["hue"],
        "003": ["ca-mau", "bac-lieu"],
        "004": ["ca-mau"],
    }


# --- data -------------------------------------------------------------------


def test_63_rows_34_current() -> None:
    assert len(PROVINCES) == 63
    assert [p.slug for p in PROVINCES if p.era == "current"] == CURRENT


def test_slugs_unique_ascii_sorted() -> None:
    slugs = [p.slug for p in PROVINCES]
    assert slugs == sorted(set(slugs))
    assert [s for s in slugs if not re.fullmatch(r"[a-z]+(-[a-z]+)*", s)] == []


def test_merged_into() -> None:
    assert {p.slug: p.merged_into for p in PROVINCES if p.era == "former"} == MERGED_INTO
    assert {p.slug: p.merged_into for p in PROVINCES if p.era == "current"} == {s: None for s in CURRENT}


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.slug)
def test_every_province_reaches_a_current_unit(province: gazetteer.Province) -> None:
    target = get(province.merged_into or province.slug)
    assert target is not None
    assert (target.era, target.merged_into) == ("current", None)


def test_hue_is_one_slug_for_old_province_and_2025_city() -> None:
    hue = get("hue")
    assert hue is not None
    assert (hue.era, hue.kind, hue.merged_into, hue.name_vi, hue.iso_3166_2) == (
        "current",
        "city",
        None,
        "Huế",
        "VN-26",
    )
    assert find_provinces("Thừa Thiên Huế, Huế, হিউ, थुआ थिएन ह्यू, ह्यू") == ["hue"]
    assert get("thua-thien-hue") is None


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.slug)
def test_labels_in_the_right_script(province: gazetteer.Province) -> None:
    assert list(province.labels) == ["en", "bn", "hi"]
    assert province.labels["en"].isascii()
    assert set(script_counts(province.labels["bn"])) == {SCRIPT_BENGALI}
    assert set(script_counts(province.labels["hi"])) == {SCRIPT_DEVANAGARI}


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.slug)
def test_every_label_and_variant_finds_its_province(province: gazetteer.Province) -> None:
    context = {tuple(tokenize(v)) for v in province.context_variants}
    spellings = [*province.labels.values(), province.name_vi, *province.variants]
    free = [s for s in spellings if tuple(tokenize(s)) not in context]
    assert {s: find_provinces(s) for s in free} == {s: [province.slug] for s in free}
    # the name is every token of the spelling
    assert {s: find_in_tokens(tokenize(s)) for s in free} == {s: [(0, len(tokenize(s)), province.slug)] for s in free}


@pytest.mark.parametrize("province", [p for p in PROVINCES if p.context_variants], ids=lambda p: p.slug)
def test_context_variants_need_a_province_word(province: gazetteer.Province) -> None:
    alone = {v: find_provinces(v) for v in province.context_variants}
    assert alone == {v: [] for v in province.context_variants}
    cued = {v: find_provinces(f"{v} প্রদেশের / {v} प्रांत / tỉnh {v}") for v in province.context_variants}
    assert cued == {v: [province.slug] for v in province.context_variants}


def test_single_token_spellings_are_the_reviewed_ones() -> None:
    # A one-word spelling fires on any occurrence of that word: each of these
    # was checked not to be a Bengali, Hindi or English word.
    single = {v: p.slug for p in PROVINCES for v in p.variants if len(tokenize(v)) == 1}
    assert single == {
        "Cantho": "can-tho",
        "Caobang": "cao-bang",
        "Danang": "da-nang",
        "দানাং": "da-nang",
        "ডানাং": "da-nang",
        "दानांग": "da-nang",
        "डानांग": "da-nang",
        "Daklak": "dak-lak",
        "Hagiang": "ha-giang",
        "Hanoi": "ha-noi",
        "হ্যানয়": "ha-noi",
        "হানয়": "ha-noi",
        "হ্যানোই": "ha-noi",
        "হানোই": "ha-noi",
        "हनोई": "ha-noi",
        "हनोइ": "ha-noi",
        "हैनोई": "ha-noi",
        "हानोई": "ha-noi",
        "Hatinh": "ha-tinh",
        "Haiphong": "hai-phong",
        "হাইফং": "hai-phong",
        "হাইফোং": "hai-phong",
        "हाईफोंग": "hai-phong",
        "हाइफोंग": "hai-phong",
        "TPHCM": "ho-chi-minh",
        "HCMC": "ho-chi-minh",
        "Saigon": "ho-chi-minh",
        "এইচসিএমসি": "ho-chi-minh",
        "সাইগন": "ho-chi-minh",
        "সায়গন": "ho-chi-minh",
        "एचसीएमसी": "ho-chi-minh",
        "साइगॉन": "ho-chi-minh",
        "साइगोन": "ho-chi-minh",
        "सैगॉन": "ho-chi-minh",
        "Hoabinh": "hoa-binh",
        "হুয়ে": "hue",
        "Daknong": "dak-nong",
        "Laichau": "lai-chau",
        "Langson": "lang-son",
        "Laocai": "lao-cai",
        "Backan": "bac-kan",
        "Kontum": "kon-tum",
        "নেহেয়ান": "nghe-an",
        "Quangbinh": "quang-binh",
        "Quangnam": "quang-nam",
        "Quangtri": "quang-tri",
        "Sonla": "son-la",
        "Thainguyen": "thai-nguyen",
        "তৈইয়ূআন": "thai-nguyen",
        "ভিনলং": "vinh-long",
        "Yenbai": "yen-bai",
    }


def test_to_dict_and_hash() -> None:
    bac_lieu = get("bac-lieu")
    assert bac_lieu is not None
    assert bac_lieu.to_dict() == {
        "slug": "bac-lieu",
        "kind": "province",
        "era": "former",
        "merged_into": "ca-mau",
        "name_vi": "Bạc Liêu",
        "labels": {"en": "Bac Lieu", "bn": "বাক লিউ", "hi": "बाक लियू"},
        "variants": [
            "Bạc Liêu",
            "বাক লিউ",
            "বাক লিয়েউ",
            "বাক লিও",
            "ব্যাক লিউ",
            "ব্যাক লিয়েউ",
            "ব্যাক লিও",
            "बाक लियू",
            "बाक लिउ",
            "बाक लिएउ",
            "बैक लियू",
            "बैक लिउ",
            "बैक लिएउ",
            "बक लियू",
            "बक लिउ",
            "बक लिएउ",
            "बैक लिऊ",
        ],
        "context_variants": [],
        "iso_3166_2": "VN-55",
        "wikidata": "Q36658",
    }
    assert len({bac_lieu, get("bac-lieu"), get("ca-mau")}) == 2


# --- labels and variants ----------------------------------------------------


def test_labels() -> None:
    slugs = ("can-tho", "hue", "ca-mau", "ho-chi-minh", "ha-noi")
    got = {(s, lang): label(s, lang) for s in slugs for lang in ("en", "bn", "hi")}
    assert got == {
        ("can-tho", "en"): "Can Tho",
        ("can-tho", "bn"): "ক্যান থো",
        ("can-tho", "hi"): "कैन थो",
        ("hue", "en"): "Hue",
        ("hue", "bn"): "হিউ",
        ("hue", "hi"): "ह्यू",
        ("ca-mau", "en"): "Ca Mau",
        ("ca-mau", "bn"): "কা মাউ",
        ("ca-mau", "hi"): "का माउ",
        ("ho-chi-minh", "en"): "Ho Chi Minh City",
        ("ho-chi-minh", "bn"): "হো চি মিন সিটি",
        ("ho-chi-minh", "hi"): "हो ची मिन्ह सिटी",
        ("ha-noi", "en"): "Hanoi",
        ("ha-noi", "bn"): "হ্যানয়",
        ("ha-noi", "hi"): "हनोई",
    }


def test_label_errors() -> None:
    with pytest.raises(ValueError, match=r"^unknown label language 'vi'; known: en, bn, hi$"):
        label("hue", "vi")
    with pytest.raises(KeyError, match="unknown province slug 'saigon'"):
        label("saigon", "en")
    assert get("saigon") is None


def test_variants_for_query_expansion() -> None:
    assert gazetteer.variants("can-tho") == (
        "Cần Thơ",
        "Cantho",
        "ক্যান থো",
        "কান থো",
        "कैन थो",
        "कैन थौ",
        "कान थो",
        "कान थौ",
        "केन थो",
        "केन थौ",
    )
    # নাম দিন ("give a name") would make a phrase query find ordinary text.
    nam_dinh = get("nam-dinh")
    assert nam_dinh is not None
    assert (nam_dinh.context_variants, "নাম দিন" in nam_dinh.variants) == (("নাম দিন", "नाम दिन"), False)
    with pytest.raises(KeyError):
        gazetteer.variants("nowhere")


# --- spellings, per language --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        # Bengali, as MT writes it
        ("ক্যান থো সিটি", ["can-tho"]),
        ("কা মাউ প্রদেশ, সিএ মাউ প্রদেশ, Ca Mau প্রদেশ", ["ca-mau"]),
        ("হিউ সিটিতে", ["hue"]),
        ("বাক লিউ প্রদেশের (পুরাতন)", ["bac-lieu"]),
        ("হ্যানয়, হানয়, হা নোই", ["ha-noi"]),
        ("হো চি মিন সিটি এবং হো চি মিন শহর", ["ho-chi-minh"]),
        ("দা নাং থেকে হাই ফং", ["da-nang", "hai-phong"]),
        ("কোয়াং নিন ও কোয়াং নাম", ["quang-ninh", "quang-nam"]),
        # Hindi
        ("कैन थो सिटी ने", ["can-tho"]),
        ("हनोई, हनोइ, हा नोई", ["ha-noi"]),
        ("हो ची मिन्ह सिटी और हो ची मिन्ह शहर", ["ho-chi-minh"]),
        ("दा नांग और हाई फोंग", ["da-nang", "hai-phong"]),
        ("का माउ प्रांत", ["ca-mau"]),
        # Latin, with and without diacritics
        ("Cần Thơ, Can Tho, CAN THO", ["can-tho"]),
        ("TP.HCM, TPHCM, HCMC, Ho Chi Minh City, Sài Gòn", ["ho-chi-minh"]),
        ("Bà Rịa - Vũng Tàu", ["ba-ria-vung-tau"]),
        ("Đắk Lắk và Đắk Nông", ["dak-lak", "dak-nong"]),
    ],
)
def test_spellings(text: str, slugs: list[str]) -> None:
    assert find_provinces(text) == slugs


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("ক্যান থোর স্টার্টআপ", ["can-tho"]),
        ("মিঃ তুং ক্যান থোকে একটি", ["can-tho"]),
        ("ক্যান থোতে", ["can-tho"]),
        ("ডিজিটাল প্ল্যাটফর্ম তৈরিতে Ca Mau-কে সহায়তা", ["ca-mau"]),
        ("Ca Mauর", ["ca-mau"]),
        ("সিএ মাউতে রেজোলিউশন", ["ca-mau"]),
        ("হিউ সিটি এবং হিউ-এর", ["hue"]),
        ("থুয়া থিয়েন হিউয়ের", ["hue"]),
        ("হ্যানয়ের, হ্যানয়ে", ["ha-noi"]),
        ("হ্যানয়বাসী", ["ha-noi"]),
        ("হো চি মিন সিটির, হো চি মিন শহরে", ["ho-chi-minh"]),
        ("দা নাংয়ে", ["da-nang"]),
        ("कैन थो के लिए", ["can-tho"]),
    ],
)
def test_bengali_case_endings(text: str, slugs: list[str]) -> None:
    assert find_provinces(text) == slugs


@pytest.mark.parametrize(
    "text",
    [
        "হিউম্যান রাইটস ওয়াচ",  # human, not Huế
        "হিউজ",  # huge
        "ক্যান থোড়াই",  # a case ending must come from the closed list
        "Long",
        "the road is long and narrow",
        "নাম",
        "লং",
        "আন",
        "বিন",
        "ভিন",
        "बेटा",
        "कई लोग घायल हुए",  # हुए: WOF's Hindi name for Huế, and a verb form
        "ताइयुआन",  # WOF's Hindi for Thái Nguyên is Taiyuan, China
        "আপনার নাম দিন",  # give your name: Nam Định only next to প্রদেশ
        "তাই নিন",  # so take it: Tây Ninh only next to প্রদেশ
        "उत्तर प्रदेश का मऊ",  # Mau, India
        "হো চি মিন",  # the person, not the city
        "हो ची मिन्ह के विचार",
        "Ho Chi Minh",
        "Thái Bình Dương",  # the Pacific Ocean
        "মেকং ডেল্টা অঞ্চলে",
        "নিনহ কিউ ওয়ার্ড",  # a ward of Cần Thơ, not Ninh Bình
        "নগুয়েন দিন ট্রুং",  # a person
        "হিউ জ্যাকম্যানের সঞ্চালনায়",  # Hugh Jackman
        "ह्यू जैकमैन",
        "the hue of the sky",
        "হিউ বিশ্ববিদ্যালয়",  # Huế University, but nothing here says Huế is a place
        "টাই নিন",  # take a tie
        "ডাক নং ১২",  # post no. 12
        "Biên tập Âm thanh, Hòa âm",  # a name never spans a comma
    ],
)
def test_non_matches(text: str) -> None:
    assert find_provinces(text) == []


def test_long_an_needs_both_words() -> None:
    assert [find_provinces(t) for t in ("Long An", "long an", "Vĩnh Long", "An")] == [
        ["long-an"],
        ["long-an"],
        ["vinh-long"],
        [],
    ]


# --- find_in_tokens -------------------------------------------------------------


def test_tokenize() -> None:
    assert tokenize("ক্যান থোর, Cần_Thơ ২০২৫! হিউ-এর") == ["ক্যান", "থোর", "can", "tho", "2025", "হিউ", "এর"]
    # ZWNJ inside a word (as in রা‌জ্য) must not cut it
    assert tokenize("কা\u200cমাউ") == ["কামাউ"]


def test_context_variant_vouched_by_another_mention() -> None:
    tokens = province_words.clause_tokens("হিউ সিটি। হিউ বিশ্ববিদ্যালয়, হিউ জ্যাকম্যান")
    assert tokens == ["হিউ", "সিটি", "", "হিউ", "বিশ্ববিদ্যালয়", "", "হিউ", "জ্যাকম্যান"]
    # once হিউ is established as a place, its bare mentions count too
    assert find_in_tokens(tokens) == [(0, 1, "hue"), (3, 4, "hue"), (6, 7, "hue")]
    assert find_in_tokens(["হিউ", "বিশ্ববিদ্যালয়"]) == []
    assert find_in_tokens(["থুয়া", "থিয়েন", "হিউ", "", "হিউ"]) == [(0, 3, "hue"), (4, 5, "hue")]


def test_clause_breaks() -> None:
    assert province_words.clause_tokens("Cà Mau, TP.HCM. Hà Nội।") == [
        "ca",
        "mau",
        "",
        "tp",
        "hcm",
        "",
        "ha",
        "noi",
        "",
    ]
    assert find_in_tokens(["can", "", "tho"]) == []
    assert find_provinces("TP.HCM.") == ["ho-chi-minh"]


def test_find_in_tokens_spans() -> None:
    assert find_in_tokens(tokenize("মিঃ তুং ক্যান থোকে একটি")) == [(2, 4, "can-tho")]
    assert find_in_tokens(["ca", "mau", "bac", "lieu", "ca", "mau"]) == [
        (0, 2, "ca-mau"),
        (2, 4, "bac-lieu"),
        (4, 6, "ca-mau"),
    ]


def test_longest_match_wins() -> None:
    assert find_in_tokens(tokenize("Thừa Thiên Huế")) == [(0, 3, "hue")]
    assert find_in_tokens(tokenize("হো চি মিন সিটিতে")) == [(0, 4, "ho-chi-minh")]
    # the stop phrase (Pacific) is longer than Thái Bình, so neither fires
    assert find_in_tokens(tokenize("thai binh duong thai binh")) == [(3, 5, "thai-binh")]


VOCAB = sorted({t for p in PROVINCES for v in (*p.variants, *p.context_variants) for t in tokenize(v)}) + [
    "প্রদেশ",
    "tinh",
    "থোর",
    "হিউম্যান",
    "x",
]


@given(st.lists(st.sampled_from(VOCAB), max_size=30))
def test_find_in_tokens_spans_are_ordered_and_inside(tokens: list[str]) -> None:
    matches = find_in_tokens(tokens)
    ends = [0]
    for start, end, slug in matches:
        assert ends[-1] <= start < end <= len(tokens)
        assert get(slug) is not None
        ends.append(end)


@given(st.text(max_size=200))
def test_find_provinces_never_raises(text: str) -> None:
    assert all(get(slug) is not None for slug in find_provinces(text))


# --- The fast tokenising and scanning against the one-regex, every-token loops ---


def _word_or_break_reference() -> re.Pattern[str]:
    breaks = "".join(re.escape(c) for c in province_words.BREAK_CHARS)
    return re.compile(f"{province_words.word_re().pattern}|[{breaks}]|\\.(?=\\s|$)")


def _clause_tokens_reference(text: str) -> list[str]:
    out: list[str] = []
    for w in _word_or_break_reference().findall(strip_format_chars(text).replace("_", " ")):
        if w[0] not in province_words.BREAK_CHARS and w != ".":
            out.append(normalize_term(w))
        elif out and out[-1] != province_words.BREAK:
            out.append(province_words.BREAK)
    return out


def _find_reference(matcher: province_names.Matcher, tokens: list[str]) -> list[province_names.Match]:
    found: list[province_names.Match] = []
    unconfirmed: list[province_names.Match] = []
    i = 0
    while i < len(tokens):
        hit, maybe = matcher._at(tokens, i)
        if hit is None:
            if maybe is not None:
                unconfirmed.append(maybe)
            i += 1
            continue
        stop, slug = hit
        if slug is not None:
            found.append((i, stop, slug))
        i = stop
    return province_names._vouched(found, unconfirmed) if unconfirmed and matcher._vouch else found


_PIECES = st.one_of(
    st.sampled_from(
        [*VOCAB, "তে", "র", ", ", ". ", ".", "TP.HCM", "।", "\n", " ", "_", "\u200d", "\U0001f600", "\U000e0100"]
    ),
    st.characters(codec="utf-8"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join), st.lists(_PIECES, max_size=40).map("".join))
def test_clause_tokens_and_matching_match_the_reference(spaced: str, glued: str) -> None:
    for text in (spaced, glued):
        tokens = province_words.clause_tokens(text)
        assert tokens == _clause_tokens_reference(text)
        words = province_words.word_re().findall(strip_format_chars(text).replace("_", " "))
        assert tokenize(text) == [normalize_term(w) for w in words]
        for matcher in (province_names.text_matcher(), province_names.url_matcher()):
            assert matcher.find(tokens) == _find_reference(matcher, tokens)


def test_bmp_word_regex_is_the_word_regex_without_astral_marks() -> None:
    full = province_words.word_re().pattern
    bmp = province_words.bmp_word_re().pattern
    assert full.startswith(bmp[:-2]) and "\U000e0100" in full and "\U000e0100" not in bmp


# --- URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slugs"),
    [
        ("https://daibieunhandan.vn/ca-mau-tao-dot-pha-chuyen-doi-so-10388317.html", ["ca-mau"]),
        (
            "https://doanhnghiepvn.vn/cong-nghe/"
            "can-tho-tang-toc-chuyen-doi-so-huong-den-do-thi-thong-minh-vung-dbscl/20251029071027975",
            ["can-tho"],
        ),
        ("https://baotintuc.vn/dia-phuong/ca-mau-hop-tac-chien-luoc-20250917230101015.htm", ["ca-mau"]),
        ("x.vn/ha-noi/can-tho-va-soc-trang-hop-nhat", ["ha-noi", "can-tho", "soc-trang"]),
        ("https://x.vn/C%E1%BA%A7n-Th%C6%A1-mua-lu", ["can-tho"]),
        ("https://x.vn/tp-hcm-mo-rong-metro", ["ho-chi-minh"]),
        ("https://x.vn/bao-ton-tu-tuong-ho-chi-minh", []),  # the person
        ("https://baocantho.com.vn/tin-moi", []),  # the host is not evidence
        ("https://x.vn/cancan-thoi-trang", []),  # whole words only
        # ordinary Vietnamese words that look like names without diacritics
        ("https://x.vn/da-nang-don-khach", ["da-nang"]),
        ("https://x.vn/may-xay-da-nang-gia-re", []),  # đa năng: multi-purpose
        ("https://x.vn/thoi-su/tinh-dien-bien-mua-lu", ["dien-bien"]),
        ("https://x.vn/dien-bien-moi-vu-an", []),  # diễn biến: developments
        ("https://x.vn/gin-giu-hoa-binh-the-gioi", []),  # hòa bình: peace
        ("https://x.vn/chau-a-thai-binh-duong", []),  # the Pacific
        ("https://x.vn/thai-binh-mua-lua", ["thai-binh"]),
        ("https://x.vn/can-ho-hai-phong-ngu", []),  # two bedrooms
        ("https://huengaynay.vn/chinh-polit-xa-hoi/tao-dong-luc-dua-hue-but-pha-161016.html", []),
        ("https://x.vn/thanh-pho-hue-don-khach", ["hue"]),
    ],
)
def test_slugs_from_url(url: str, slugs: list[str]) -> None:
    assert slugs_from_url(url) == slugs


def test_urls_in_text_are_read_as_urls() -> None:
    text = "শান্তি নিয়ে। সূত্র: https://x.vn/gin-giu-hoa-binh-the-gioi-123.html মন্তব্য (0)"
    assert find_provinces(text) == []
    text = "হ্যানয় সূত্র: https://x.vn/tin-ca-mau/can-tho-ok এবং হিউ শহর"
    assert find_provinces(text) == ["ha-noi", "ca-mau", "can-tho", "hue"]


# --- packaging --------------------------------------------------------------------


def test_runtime_reads_only_the_committed_tsv() -> None:
    for name in ("gazetteer.py", "provinces.py", "province_names.py", "province_words.py"):
        source = (ROOT / "index" / "extraction" / name).read_text(encoding="utf-8")
        assert ("corpus-raw" in source, "shared" in source) == (False, False), name


@needs_corpus_raw(
    "the CLDR, Who's On First and 2025 merger tables scripts/build_gazetteer.py rebuilds index/data/provinces.tsv from",
    "gazetteer-vn",
)
def test_committed_tsv_is_what_the_build_script_writes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--check", "--source", str(RAW_SOURCES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


# --- Articles: provinces from the analysed terms, as from the text ---

_ARTICLE_PIECES = st.sampled_from(
    [
        *VOCAB,
        "তে",
        "র",
        ",",
        ".",
        "TP.HCM",
        "।",
        "_",
        "মুখসে.উনকী",
        "1,00,000",
        "৩.৫",
        "১৬৭টি",
        "https://x.vn/ca-mau-tao-dot-pha-1.html",
        "www.hue.gov.vn/tin",
        "(",
        ")",
    ]
)


def _provinces_from_terms(paragraphs: list[str]) -> list[str]:
    text = "\n".join(paragraphs)
    body = text.replace("\n", " ")  # as Article.body() blanks what lies between paragraphs
    tokens = analyze(body)
    starts, pos = [], 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p) + 1
    return gazetteer.find_provinces_in_terms(body, [t[0] for t in tokens], [t[2] for t in tokens], starts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ARTICLE_PIECES, min_size=1, max_size=25).map(" ".join), min_size=1, max_size=4))
def test_provinces_from_terms_match_the_text_scan(paragraphs: list[str]) -> None:
    assert _provinces_from_terms(paragraphs) == find_provinces("\n".join(paragraphs))


def test_provinces_from_terms_of_the_sample_and_edge_articles() -> None:
    from conftest import DATA, SAMPLE

    from index.corpus.article import FileInfo, parse_article

    paths = sorted(SAMPLE.glob("*.txt")) + sorted((DATA / "edge").glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        article = parse_article(text, FileInfo(id=path.stem, path=path.name, size=0, mtime_ns=0, sha256=""))
        paragraphs = "\n".join(article.text[p.start : p.end] for p in article.paragraphs)
        expected = find_provinces(paragraphs)
        if article.url:
            expected += [s for s in slugs_from_url(article.url) if s not in expected]
        assert list(article.provinces) == expected, path.name


def test_a_name_right_after_a_leading_url_comes_after_the_urls_provinces() -> None:
    # Found by hypothesis: the terms path put हाइफोंग before the URL's ca-mau.
    paragraphs = ["https://x.vn/ca-mau-tao-dot-pha-1.html हाइफोंग"]
    assert _provinces_from_terms(paragraphs) == find_provinces("\n".join(paragraphs)) == ["ca-mau", "hai-phong"]


def test_a_name_right_after_a_url_that_opens_a_paragraph_comes_after_its_provinces() -> None:
    paragraphs = ["an", "https://x.vn/ca-mau-tao-dot-pha-1.html हाइफोंग"]
    assert _provinces_from_terms(paragraphs) == find_provinces("\n".join(paragraphs)) == ["ca-mau", "hai-phong"]
