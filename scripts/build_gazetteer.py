"""Derive index/data/provinces.tsv from the raw gazetteer sources.

Stage: offline data preparation (run by hand, output committed).  The runtime
(:mod:`index.extraction.gazetteer`) reads only the committed TSV, never the raw sources.

Inputs (``--source``, default ../shared/corpus-raw/gazetteer-vn):
  vn_provinces_63_cldr41.tsv        63 pre-2025 units, CLDR 41 vi/en/bn/hi names
  vn_units_2025.tsv                 34 units of 1 July 2025 and what each absorbed
  wof_vn_places_bn_hi_vi_en.json    Who's On First names (regions + counties)

Spellings: the CLDR/WOF Bengali and Hindi names are Wikidata transliterations
that MT output rarely uses, so most variants come from the hand tables below:
per-syllable renderings of the Vietnamese name as Google-Translate-style MT
writes them (``Cần Thơ`` -> ক্যান থো / कैन थो), combined syllable by syllable,
plus whole-name spellings for the names MT knows as words (Hanoi -> হ্যানয়).

Usage:
    python scripts/build_gazetteer.py            # write the TSV
    python scripts/build_gazetteer.py --check    # exit 1 if the TSV is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# The column list and the term normalisation come from the package itself, so
# the file this script writes is the file the gazetteer reads (its data is
# loaded lazily: importing the module does not read the TSV being rebuilt).
sys.path.insert(0, str(REPO))
from index.analysis.textnorm import normalize_term  # noqa: E402
from index.extraction.gazetteer import COLUMNS  # noqa: E402

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw" / "gazetteer-vn"
OUT = REPO / "index" / "data" / "provinces.tsv"


# ---------------------------------------------------------------------------
# Hand-curated tables
# ---------------------------------------------------------------------------

# Per-syllable MT renderings, keyed by the lower-cased Vietnamese syllable
# (with its diacritics: "cần" and "can" are different syllables).  The first
# rendering is the one used for the display label.
SYLL_BN: Mapping[str, tuple[str, ...]] = {
    "an": ("আন", "অ্যান"),
    "bà": ("বা",),
    "bạc": ("বাক", "ব্যাক"),
    "bắc": ("বাক", "ব্যাক"),
    "bái": ("বাই",),
    "bằng": ("বাং", "ব্যাং"),
    "bến": ("বেন",),
    "biên": ("বিয়েন", "বিএন"),
    "bình": ("বিন", "বিনহ", "বিহ্ন"),
    "cà": ("কা", "ক্যা", "সিএ"),
    "cai": ("কাই", "কায়"),
    "cần": ("ক্যান", "কান"),
    "cao": ("কাও",),
    "châu": ("চাউ", "চাও", "চৌ"),
    "dương": ("ডুওং", "দুওং", "ডুয়ং", "দুয়ং"),
    "đà": ("দা", "ডা"),
    "đắk": ("ডাক", "দাক", "ড্যাক"),
    "điện": ("দিয়েন", "ডিয়েন"),
    "định": ("দিন", "দিনহ"),
    "đồng": ("ডং", "দং", "ডোং", "দোং"),
    "gia": ("গিয়া", "জিয়া"),
    "giang": ("গিয়াং", "জিয়াং", "জাং"),
    "hà": ("হা",),
    "hải": ("হাই",),
    "hậu": ("হাউ", "হাও"),
    "hòa": ("হোয়া",),
    "hóa": ("হোয়া",),
    "hưng": ("হুং", "হাং"),
    "kạn": ("কান", "ক্যান"),
    "khánh": ("খান", "খানহ"),
    "kiên": ("কিয়েন", "কিএন"),
    "kon": ("কন", "কোন"),
    "la": ("লা",),
    "lai": ("লাই",),
    "lắk": ("লাক", "ল্যাক"),
    "lâm": ("লাম",),
    "lạng": ("ল্যাং", "লাং"),
    "lào": ("লাও",),
    "liêu": ("লিউ", "লিয়েউ", "লিও"),
    "long": ("লং",),
    "mau": ("মাউ", "মৌ"),
    "nai": ("নাই",),
    "nam": ("নাম",),
    "nẵng": ("নাং", "নাঙ"),
    "nghệ": ("এনঘে", "নঘে", "ঙে", "এনগে"),
    "ngãi": ("নগাই", "এনগাই", "গাই", "ঙাই"),
    "nguyên": ("নগুয়েন", "গুয়েন", "এনগুয়েন"),
    "ninh": ("নিন", "নিনহ"),
    "nội": ("নোই",),
    "nông": ("নং", "নোং"),
    "phòng": ("ফং", "ফোং"),
    "phú": ("ফু",),
    "phúc": ("ফুক",),
    "phước": ("ফুওক", "ফুক", "ফুয়োক"),
    "quang": ("কোয়াং", "কুয়াং"),
    "quảng": ("কোয়াং", "কুয়াং"),
    "rịa": ("রিয়া",),
    "sóc": ("সোক", "সক"),
    "sơn": ("সন", "সোন"),
    "tàu": ("তাউ", "টাউ", "তাও"),
    "tây": ("তায়", "টে", "টাই"),
    "thái": ("থাই", "তাই"),
    "thanh": ("থান", "থানহ"),
    "tháp": ("থাপ",),
    "thọ": ("থো",),
    "thơ": ("থো",),
    "thuận": ("থুয়ান", "থুআন"),
    "tiền": ("তিয়েন", "টিয়েন"),
    "tĩnh": ("তিন", "তিনহ"),
    "trà": ("ত্রা", "ট্রা"),
    "trăng": ("ট্রাং", "ত্রাং"),
    "tre": ("ত্রে", "ট্রে"),
    "trị": ("ত্রি", "ট্রি"),
    "tum": ("তুম", "টুম"),
    "tuyên": ("টুয়েন", "তুয়েন"),
    "vĩnh": ("ভিন", "ভিনহ"),
    "vinh": ("ভিন", "ভিনহ"),
    "vũng": ("ভুং",),
    "yên": ("ইয়েন",),
}

SYLL_HI: Mapping[str, tuple[str, ...]] = {
    "an": ("आन", "एन", "अन"),
    "bà": ("बा",),
    "bạc": ("बाक", "बैक", "बक"),
    "bắc": ("बाक", "बैक", "बक"),
    "bái": ("बाई", "बाइ"),
    "bằng": ("बांग", "बैंग", "बंग"),
    "bến": ("बेन", "बैन"),
    "biên": ("बिएन", "बियेन", "बीएन"),
    "bình": ("बिन्ह", "बिन", "बिंह"),
    "cà": ("का", "कै", "सीए"),
    "cai": ("काई", "काइ", "कै"),
    "cần": ("कैन", "कान", "केन"),
    "cao": ("काओ",),
    "châu": ("चाउ", "चौ"),
    "dương": ("डुओंग", "दुओंग", "डुयोंग", "दुयोंग", "ड्यूओंग"),
    "đà": ("दा", "डा"),
    "đắk": ("डाक", "दाक", "डक"),
    "điện": ("दिएन", "डिएन", "दियेन"),
    "định": ("दिन्ह", "दिन", "दिंह"),
    "đồng": ("डोंग", "दोंग", "डॉन्ग", "डांग"),
    "gia": ("जिया", "गिया", "जिआ"),
    "giang": ("जियांग", "गियांग", "जिआंग"),
    "hà": ("हा",),
    "hải": ("हाई", "हाइ", "है"),
    "hậu": ("हाउ", "हौ"),
    "hòa": ("होआ",),
    "hóa": ("होआ",),
    "hưng": ("हुंग", "हंग"),
    "kạn": ("कान", "कैन"),
    "khánh": ("खान्ह", "खान", "खांह"),
    "kiên": ("किएन", "कियेन", "कीन"),
    "kon": ("कोन", "कॉन"),
    "la": ("ला",),
    "lai": ("लाई", "लाइ"),
    "lắk": ("लाक", "लक"),
    "lâm": ("लाम",),
    "lạng": ("लांग", "लैंग", "लंग"),
    "lào": ("लाओ",),
    "liêu": ("लियू", "लिउ", "लिएउ"),
    "long": ("लॉन्ग", "लोंग", "लांग"),
    "mau": ("माउ", "मऊ", "माऊ"),
    "nai": ("नाई", "नाइ", "नै"),
    "nam": ("नाम",),
    "nẵng": ("नांग", "नंग"),
    "nghệ": ("न्घे", "नघे", "न्गे", "ङे"),
    "ngãi": ("न्गाई", "नगाई", "गाई"),
    "nguyên": ("न्गुयेन", "गुयेन", "नगुयेन"),
    "ninh": ("निन्ह", "निन", "निंह"),
    "nội": ("नोई", "नोइ"),
    "nông": ("नोंग", "नॉन्ग"),
    "phòng": ("फोंग", "फॉन्ग"),
    "phú": ("फु", "फू"),
    "phúc": ("फुक", "फूक"),
    "phước": ("फुओक", "फुक", "फ्वोक"),
    "quang": ("क्वांग", "क्वैंग", "कुआंग"),
    "quảng": ("क्वांग", "क्वैंग", "कुआंग"),
    "rịa": ("रिया",),
    "sóc": ("सोक", "सॉक"),
    "sơn": ("सोन", "सॉन", "सन"),
    "tàu": ("ताउ", "ताऊ", "तौ"),
    "tây": ("ताय", "टे", "ताई", "तै", "टाय"),
    "thái": ("थाई", "थाइ", "ताई"),
    "thanh": ("थान्ह", "थान", "थांह"),
    "tháp": ("थाप",),
    "thọ": ("थो", "थॉ"),
    "thơ": ("थो", "थौ"),
    "thuận": ("थुआन", "थुअन"),
    "tiền": ("तिएन", "टिएन", "तियेन"),
    "tĩnh": ("तिन्ह", "टिन्ह", "तिन", "टिन"),
    "trà": ("ट्रा", "त्रा"),
    "trăng": ("ट्रांग", "त्रांग"),
    "tre": ("ट्रे", "त्रे"),
    "trị": ("त्रि", "ट्री", "त्री"),
    "tum": ("तुम", "टुम"),
    "tuyên": ("तुयेन", "तुएन", "टुयेन"),
    "vĩnh": ("विन्ह", "विन", "विंह"),
    "vinh": ("विन्ह", "विन", "विंह"),
    "vũng": ("वुंग", "वंग"),
    "yên": ("येन",),
}

# Slugs that take only their EXTRA spellings, no syllable products: every
# spelling of Hồ Chí Minh City must keep its "City" part (bare Hồ Chí Minh is
# the person), and Huế's old name Thừa Thiên Huế is spelt out whole.
HAND_ONLY = frozenset({"ho-chi-minh", "hue"})

# Whole-name spellings, first one per language is the label unless
# LABEL overrides it.  Latin entries are written as newspapers write them;
# diacritics and case do not matter for matching.
EXTRA: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "ha-noi": {
        "latin": ("Hanoi", "Ha Noi"),
        "bn": ("হ্যানয়", "হানয়", "হা নোই", "হ্যানোই", "হানোই"),
        "hi": ("हनोई", "हनोइ", "हा नोई", "हा नोइ", "हैनोई", "हानोई"),
    },
    "ho-chi-minh": {
        "latin": (
            "Ho Chi Minh City",
            "Thành phố Hồ Chí Minh",
            "TP Hồ Chí Minh",
            "TP.HCM",
            "TPHCM",
            "HCMC",
            "HCM City",
            "Hochiminh City",
            "Saigon",
            "Sài Gòn",
        ),
        "bn": (
            "হো চি মিন সিটি",
            "হো চি মিন শহর",
            "হো চি মিন নগরী",
            "হো চি মিন নগর",
            "হো চি মিনহ সিটি",
            "হো চি মিনহ শহর",
            "হোচিমিন সিটি",
            "থান ফো হো চি মিন",
            "এইচসিএমসি",
            "সাইগন",
            "সায়গন",
        ),
        "hi": (
            "हो ची मिन्ह सिटी",
            "हो ची मिन्ह शहर",
            "हो ची मिन्ह नगर",
            "हो ची मिन सिटी",
            "हो ची मिन शहर",
            "हो चि मिन्ह सिटी",
            "हो चि मिन्ह शहर",
            "एचसीएमसी",
            "साइगॉन",
            "साइगोन",
            "सैगॉन",
        ),
    },
    "hue": {
        "latin": ("Huế", "Thừa Thiên Huế", "Thua Thien-Hue"),
        "bn": ("হিউ", "হুয়ে", "থুয়া থিয়েন হিউ", "থুয়া থিয়েন-হিউ", "থুয়া থিয়েন হুয়ে"),
        "hi": ("ह्यू", "ह्यु", "थुआ थिएन ह्यू", "थुआ थियेन ह्यू", "थुआ थिएन हुए", "थुआ थिएन ह्यु"),
    },
    "da-nang": {"latin": ("Danang",), "bn": ("দানাং", "ডানাং", "দা নাঙ্গ"), "hi": ("दानांग", "डानांग")},
    "hai-phong": {
        "latin": ("Haiphong",),
        "bn": ("হাইফং", "হাইফোং"),
        "hi": ("हाईफोंग", "हाइफोंग"),
    },
    "can-tho": {"latin": ("Cantho",)},
    "ba-ria-vung-tau": {"latin": ("Ba Ria-Vung Tau",)},
    "dak-lak": {"latin": ("Daklak",)},
    "dak-nong": {"latin": ("Daknong",)},
    "kon-tum": {"latin": ("Kontum",)},
    "bac-kan": {"latin": ("Bac Can", "Backan")},
}

LABEL: Mapping[str, Mapping[str, str]] = {
    "ha-noi": {"en": "Hanoi", "bn": "হ্যানয়", "hi": "हनोई"},
    "ho-chi-minh": {"en": "Ho Chi Minh City", "bn": "হো চি মিন সিটি", "hi": "हो ची मिन्ह सिटी"},
    "hue": {"en": "Hue", "bn": "হিউ", "hi": "ह्यू"},
    "ba-ria-vung-tau": {"en": "Ba Ria-Vung Tau"},
    # the plain MT spellings read as "give a name" / "post no."
    "nam-dinh": {"bn": "নাম দিনহ"},
    "dak-nong": {"bn": "ডাক নোং"},
}

# Spellings that are also ordinary words or phrases; they count next to a
# province/city word (কা মাউ প্রদেশ, tỉnh ..., ... प्रांत), or where the same
# article names the province otherwise.  নাম দিন is "give a name", তাই নিন
# "so take (it)", টাই নিন "take a tie", ডাক নং "post no.", बिन दिन "without
# day", का मऊ "of Mau" (a town in Uttar Pradesh); হিউ / ह्यू is also Hugh
# (Hugh Jackman), "hue" an English word.
GATED: Mapping[str, tuple[str, ...]] = {
    "nam-dinh": ("নাম দিন", "नाम दिन"),
    "tay-ninh": ("তাই নিন", "টাই নিন"),
    "dak-nong": ("ডাক নং",),
    "binh-dinh": ("बिन दिन",),
    "ca-mau": ("का मऊ",),
    "hue": ("Huế", "হিউ", "ह्यू", "ह्यु"),
}

# CLDR/WOF names that are wrong or are ordinary words: हुए is a common Hindi
# verb form ("happened"), হুই a Chinese name, ताइयुआन is Taiyuan (China),
# सा मऊ a garbled Cà Mau, "Ho Chi Minh"/"Hochiminh" the person, सोनला a
# village in Uttarakhand.
DROP = frozenset(
    normalize_term(s) for s in ("हुए", "হুই", "ताइयुआन", "सा मऊ", "Ho Chi Minh", "Hochiminh", "सोनला", "সোনলা")
)

# Province names in a URL are ASCII Vietnamese with the diacritics gone, so
# some collide with ordinary words: "dien-bien" is also diễn biến
# ("developments"), "hoa-binh" hòa bình ("peace"), "da-nang" đa năng
# ("multi-purpose"), "hue" huệ ("lily"), "hai-duong" hai đường ("two roads"),
# "cao-bang" cao bằng ("as tall as").  A leading "^" in url_variants means:
# only at the start of a path segment or after tinh/tp/thanh-pho.
URL_START_ONLY = frozenset({"da-nang", "hue", "hai-duong", "cao-bang"})
URL_OVERRIDE: Mapping[str, tuple[str, ...]] = {
    "dien-bien": ("tinh-dien-bien", "dien-bien-phu", "dienbien"),
    "hoa-binh": ("tinh-hoa-binh", "tp-hoa-binh", "thanh-pho-hoa-binh", "hoabinh"),
    "ho-chi-minh": (
        "ho-chi-minh-city",
        "thanh-pho-ho-chi-minh",
        "tp-ho-chi-minh",
        "tp-hcm",
        "tphcm",
        "hcmc",
        "sai-gon",
        "saigon",
    ),
    "hue": ("^hue", "thua-thien-hue"),
}

# Single-token spellings fire on any one word, so each was checked by hand
# not to be a Bengali, Hindi or English word.  The build fails on any other.
SINGLE_TOKEN_OK = frozenset(
    normalize_term(s)
    for s in (
        "hanoi", "haiphong", "danang", "cantho", "daklak", "daknong", "kontum", "backan",
        "saigon", "tphcm", "hcmc", "hue",
        "হ্যানয়", "হানয়", "হ্যানোই", "হানোই", "এইচসিএমসি", "সাইগন", "সায়গন", "হিউ", "হুয়ে",
        "দানাং", "ডানাং", "হাইফং", "হাইফোং",
        "हनोई", "हनोइ", "हैनोई", "हानोई", "एचसीएमसी", "साइगॉन", "साइगोन", "सैगॉन", "ह्यू", "ह्यु",
        "दानांग", "डानांग", "हाईफोंग", "हाइफोंग",
        # WOF joined spellings of two-syllable names: not words in any language
        "laichau", "langson", "sonla", "yenbai", "hoabinh", "thainguyen", "hatinh", "quangbinh",
        "quangnam", "quangtri", "caobang", "hagiang", "laocai", "ভিনলং",
        # CLDR transliterations of Nghệ An / Thái Nguyên: odd, but not words
        "নেহেয়ান", "তৈইয়ূআন",
    )
)  # fmt: skip

# The official name keeps "Thành phố" (City): bare "Hồ Chí Minh" is the person.
NAME_VI: Mapping[str, str] = {"ho-chi-minh": "Thành phố Hồ Chí Minh"}

PROVINCE_WORDS = ("প্রদেশ", "प्रांत", "प्रान्त")
VI_PREFIXES = ("Tỉnh ", "Thành phố ")

# ---------------------------------------------------------------------------


@dataclass
class Row:
    slug: str
    era: str
    kind: str
    merged_into: str
    iso: str
    wikidata: str
    name_vi: str
    labels: dict[str, str]
    latin: list[str]
    bn: list[str]
    hi: list[str]
    gated: list[str]
    url: list[str]


def _words(text: str) -> list[str]:
    """Normalised words: the same cut as index.extraction.gazetteer.tokenize."""
    out: list[str] = []
    cur: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return [normalize_term(w) for w in out]


def _key(text: str) -> str:
    return " ".join(_words(text))


def slugify(name_vi: str) -> str:
    return "-".join(_words(name_vi))


def ascii_title(name_vi: str) -> str:
    """Cần Thơ -> Can Tho (keeps case, drops diacritics)."""
    text = name_vi.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def clean_vi(name: str) -> str:
    for prefix in VI_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.replace("–", " - ").replace("  ", " ").strip()


def strip_province_word(name: str) -> str:
    for word in PROVINCE_WORDS:
        if name.endswith(word):
            name = name[: -len(word)]
    return name.strip()


def malformed(name: str) -> bool:
    """Doubled vowel signs or a virama after a vowel sign: CLDR/WOF typos."""
    for a, b in itertools.pairwise(name):
        if "VOWEL SIGN" in unicodedata.name(a, "") and (
            "VOWEL SIGN" in unicodedata.name(b, "") or "VIRAMA" in unicodedata.name(b, "")
        ):
            return True
    return any(q in name for q in "'‘’\"")


def product(name_vi: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
    sylls = [s.lower() for s in _raw_words(name_vi)]
    missing = [s for s in sylls if s not in table]
    if missing:
        raise SystemExit(f"no rendering for syllables {missing} of {name_vi!r}")
    return [" ".join(combo) for combo in itertools.product(*(table[s] for s in sylls))]


def _raw_words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").split() if w]


def _add(target: list[str], seen: set[str], names: Iterable[str]) -> None:
    for name in names:
        name = name.strip()
        key = _key(name)
        if not key or key in seen or key in DROP or malformed(name):
            continue
        seen.add(key)
        target.append(name)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def wof_names(records: Sequence[Mapping[str, object]], wof_id: str, name_keys: Sequence[str]) -> dict[str, list[str]]:
    """bn/hi/en names of one region plus its same-named capital county."""
    out: dict[str, list[str]] = {"bn": [], "hi": [], "en": []}
    region = next((r for r in records if str(r["wof:id"]) == wof_id), None)
    if region is None:
        raise SystemExit(f"WOF region {wof_id} missing")
    chosen = [region]
    for rec in records:
        names = rec["names"]
        if rec["wof:placetype"] != "county" or str(rec["wof:parent_id"]) != wof_id or not isinstance(names, dict):
            continue
        vie = names.get("name:vie_x_preferred", [""])[0]
        if _key(vie) in name_keys:
            chosen.append(rec)
    for rec in chosen:
        names = rec["names"]
        if not isinstance(names, dict):
            raise SystemExit(f"WOF record {rec['wof:id']}: names is not an object")
        for key, values in sorted(names.items()):
            lang = {"name:ben": "bn", "name:hin": "hi", "name:eng": "en"}.get(key[:8])
            if lang:
                out[lang].extend(strip_province_word(v) for v in values)
    return out


def fill_spellings(row: Row, old_name: str, cldr: Mapping[str, str], wof: Mapping[str, list[str]]) -> None:
    """Labels, variants per script, context variants and URL forms of a row."""
    slug, name_vi = row.slug, row.name_vi
    extra = EXTRA.get(slug, {})
    row.labels = {
        "en": ascii_title(name_vi),
        "bn": (product(name_vi, SYLL_BN) if slug not in HAND_ONLY else list(extra["bn"]))[0],
        "hi": (product(name_vi, SYLL_HI) if slug not in HAND_ONLY else list(extra["hi"]))[0],
    }
    row.labels.update(LABEL.get(slug, {}))
    row.gated = list(GATED.get(slug, ()))

    # a context variant must not come back as a free-standing one
    seen = {_key(g) for g in row.gated}
    # WOF English names carry data errors (Sóc Trăng's county is "Long My",
    # Bình Dương "Bin Duong"): only the name itself, possibly run
    # together ("Cantho"), is taken from there.
    joined = {_key(n).replace(" ", "") for n in (name_vi, old_name)}
    wof_en = [n for n in wof["en"] if _key(n).replace(" ", "") in joined]
    _add(row.latin, seen, [name_vi, old_name, row.labels["en"], *extra.get("latin", ()), cldr["en_cldr"], *wof_en])
    for lang, table, target in (("bn", SYLL_BN, row.bn), ("hi", SYLL_HI, row.hi)):
        names: list[str] = [row.labels[lang], *extra.get(lang, ())]
        if slug not in HAND_ONLY:
            names += product(name_vi, table)
        names += [strip_province_word(cldr[f"{lang}_cldr"]), *wof[lang]]
        _add(target, seen, names)

    row.url = list(URL_OVERRIDE.get(slug, ()))
    if not row.url:
        marker = "^" if slug in URL_START_ONLY else ""
        for name in row.latin:
            form = "-".join(_words(name))
            if form.isascii() and marker + form not in row.url:
                row.url.append(marker + form)


def build_rows(source: Path) -> list[Row]:
    cldr = read_tsv(source / "vn_provinces_63_cldr41.tsv")
    units = read_tsv(source / "vn_units_2025.tsv")
    wof = json.loads((source / "wof_vn_places_bn_hi_vi_en.json").read_text(encoding="utf-8"))

    # Old province -> slug.  Thừa Thiên Huế was renamed Huế and keeps going as
    # the 2025 city, so it takes the 2025 slug.
    slug_of_key: dict[str, str] = {}
    for rec in cldr:
        name = clean_vi(rec["vi_cldr"])
        slug = slugify(name)
        slug_of_key[_key(name)] = "hue" if slug == "thua-thien-hue" else slug

    current: dict[str, tuple[str, str]] = {}  # slug -> (2025 name, kind)
    merged_into: dict[str, str] = {}
    for unit in units:
        slug = slugify(unit["unit_2025"])
        current[slug] = (unit["unit_2025"], unit["type"])
        for old in unit["formed_from_pre2025"].split(";"):
            old_slug = slug_of_key[_key(clean_vi(old))]
            if old_slug != slug:
                merged_into[old_slug] = slug
    if len(current) != 34 or len(slug_of_key) != 63 or len(current) + len(merged_into) != 63:
        raise SystemExit(f"unexpected counts: {len(current)} units, {len(merged_into)} merged")

    rows: list[Row] = []
    for rec in cldr:
        old_name = clean_vi(rec["vi_cldr"])
        slug = slug_of_key[_key(old_name)]
        if slug in current:
            name_vi, kind = current[slug]
            era = "current"
        else:
            name_vi, kind, era = old_name, rec["type"].lower().replace("municipality", "city"), "former"
        name_vi = NAME_VI.get(slug, name_vi)
        wof_extra = wof_names(wof, rec["wof_id"], (_key(old_name), _key(name_vi)))
        row = Row(
            slug, era, kind, merged_into.get(slug, ""), rec["iso3166_2"], rec["wikidata"], name_vi,
            labels={}, latin=[], bn=[], hi=[], gated=[], url=[],
        )  # fmt: skip
        fill_spellings(row, old_name, rec, wof_extra)
        rows.append(row)
    rows.sort(key=lambda r: r.slug)
    check(rows)
    return rows


def check(rows: Sequence[Row]) -> None:
    """Refuse to write data that would make a wrong facet."""
    owner: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        for name in [*row.latin, *row.bn, *row.hi, *row.gated]:
            key = _key(name)
            if owner.setdefault(key, row.slug) != row.slug:
                problems.append(f"{name!r} belongs to both {owner[key]} and {row.slug}")
            if " " not in key and key not in SINGLE_TOKEN_OK:
                problems.append(f"single-token spelling {name!r} of {row.slug} is not reviewed")
    if problems:
        raise SystemExit("\n".join(problems))


def render(rows: Sequence[Row]) -> str:
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        cells = (
            r.slug,
            r.era,
            r.kind,
            r.merged_into,
            r.iso,
            r.wikidata,
            r.name_vi,
            r.labels["en"],
            r.labels["bn"],
            r.labels["hi"],
            "|".join(r.latin),
            "|".join(r.bn),
            "|".join(r.hi),
            "|".join(r.gated),
            "|".join(r.url),
        )
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise SystemExit(f"tab or newline in {cell!r}")
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from a fresh build")
    args = parser.parse_args(argv)
    text = render(build_rows(args.source))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines()) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
