#!/usr/bin/env python3
"""Generate a deterministic benchmark/test corpus in the Setu article format.

Stage: tooling before build time -- writes the text files that ``index`` reads.

Every body sentence is real text from ``../shared/corpus-raw`` (parallel bn/hi
sets for translated pairs, monolingual pools for single articles); only short
template sentences that mention provinces and Politburo resolutions, some titles,
photo captions, bylines and the trailing boilerplate are made up here.  About half
of the articles come as Bengali/Hindi pairs on consecutive file numbers: the two
files hold the same sentences in the same order (paragraphs may be grouped
differently) and share a source URL most of the time.

Usage:
    make_corpus.py N OUT_DIR [--seed S] [--truth FILE] [--subdirs] [--data-dir DIR] [--unrelated]

OUT_DIR receives nothing but ``*.txt`` articles.  ``--truth FILE`` writes one JSON
line per article: id, path, lang, pair_id, provinces (slugs), resolutions
("57-NQ/TW"), url, sentences (source ids in order; both files of a pair have the
same list).  Standard library only, no network; the same N, seed and source data
give byte-identical output, and the first K files do not depend on N.

``--unrelated`` writes no pair at all: every article is a single one, its
body from its own language's monolingual pools (BNLP for Bengali, HiNER and
WMT14 for Hindi), so no Bengali article translates any Hindi one and every
translation link a build makes on it is false.  Singles carry the made-up
province and resolution sentences, titles and captions as they do in the
default corpus: unrelated articles that share names and numbers.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import json
import math
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"  # ../shared
LANGS = ("bn", "hi")

PAIR_START_PROB = 1 / 3  # a pair takes two slots, so about half of the files are in pairs
PAIR_SHARED_URL = 0.70  # the other pairs get different or missing source lines
NO_URL_SINGLE = 0.04
ENGLISH_SOURCE_LABEL = 0.03
COMMENT_COUNTER = 0.80
# Body sentences are drawn up to a log-normal byte target; templates, captions,
# title and tail add about 1.5 KB, which brings the mean to about 10.5 KB.
TARGET_MEDIAN_BYTES = 8600.0
TARGET_SIGMA = 0.35
MIN_SENTENCE_CHARS = 20
MAX_SENTENCE_CHARS = 1200

BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
HI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")
SENTENCE_END = ("।", ".", "?", "!", '"', "'", "\u201d", "\u2019", "|", ")", "॥")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Province:
    """A provincial unit and the spellings machine translation produces for it."""

    slug: str
    city: bool
    bn: tuple[str, ...]
    hi: tuple[str, ...]
    latin: tuple[str, ...]


PROVINCES: tuple[Province, ...] = (
    Province("can-tho", True, ("ক্যান থো", "কান থো", "ক্যান থ"), ("कैन थो", "कान थो", "कन थो"), ("Can Tho", "Cần Thơ")),
    Province("ca-mau", False, ("কা মাউ", "সিএ মাউ", "ক্যা মাউ"), ("का माउ", "सीए माउ", "कै माउ"), ("Ca Mau", "Cà Mau")),
    Province("hue", True, ("হিউ", "হুয়ে", "হুয়েই"), ("ह्यू", "हुए", "ह्यूए"), ("Hue", "Huế")),
    Province("ha-noi", True, ("হ্যানয়", "হানয়", "হা নোই"), ("हनोई", "हानोई", "हा नोई"), ("Hanoi", "Ha Noi", "Hà Nội")),
    Province(
        "ho-chi-minh",
        True,
        ("হো চি মিন সিটি", "হো চি মিন শহর", "হো চি মিন"),
        ("हो ची मिन्ह सिटी", "हो ची मिन्ह शहर", "हो ची मिन्ह"),
        ("Ho Chi Minh City",),
    ),
    Province("da-nang", True, ("দা নাং", "ডানাং", "দানাং"), ("दा नांग", "दानांग", "डा नांग"), ("Da Nang", "Đà Nẵng")),
    Province(
        "hai-phong", True, ("হাই ফং", "হাইফোং", "হাই ফোং"), ("हाई फोंग", "हाईफोंग", "है फोंग"), ("Hai Phong", "Haiphong")
    ),
    Province(
        "quang-ninh",
        False,
        ("কোয়াং নিন", "কুয়াং নিন", "কোয়াং নিনহ"),
        ("क्वांग निन्ह", "क्वांग निन", "क्वैंग निन्ह"),
        ("Quang Ninh",),
    ),
    Province("nghe-an", False, ("এনঘে আন", "নঘে আন", "নেহেয়ান"), ("न्घे आन", "न्हे अन", "नाघिए एन"), ("Nghe An", "Nghệ An")),
    Province("thanh-hoa", False, ("থান হোয়া", "থানহ হোয়া", "থাহ্ন হোয়া"), ("थान्ह होआ", "थान होआ", "थांह होआ"), ("Thanh Hoa",)),
    Province("khanh-hoa", False, ("খান হোয়া", "খানহ হোয়া"), ("खान्ह होआ", "खान होआ", "खांह हो"), ("Khanh Hoa", "Khánh Hòa")),
    Province("lam-dong", False, ("লাম ডং", "লাম দং"), ("लाम डोंग", "लाम दोंग"), ("Lam Dong", "Lâm Đồng")),
    Province("an-giang", False, ("আন জিয়াং", "আন গিয়াং", "আন জাং"), ("आन जियांग", "एन जियांग", "एन गियांग"), ("An Giang",)),
    Province("dong-thap", False, ("ডং থাপ", "দং থাপ", "দোং থাপ"), ("डोंग थाप", "दोंग थाप", "दांग थाप"), ("Dong Thap",)),
    Province(
        "vinh-long", False, ("ভিন লং", "ভিনহ লং"), ("विन्ह लोंग", "विन्ह लॉन्ग", "विन लोंग"), ("Vinh Long", "Vĩnh Long")
    ),
    Province("gia-lai", False, ("জিয়া লাই", "গিয়া লাই", "জিয়া লিয়া"), ("जिया लाई", "गिया लाई"), ("Gia Lai",)),
    Province("bac-ninh", False, ("বাক নিন", "বাক নিনহ", "ব্যাক নিহ্ন"), ("बाक निन्ह", "बक निन्ह"), ("Bac Ninh", "Bắc Ninh")),
    Province("tay-ninh", False, ("তাই নিন", "তাই নিনহ", "তায় নিহ্ন"), ("ताई निन्ह", "ताय निन्ह"), ("Tay Ninh", "Tây Ninh")),
)
# Bengali unit words: nominative, locative, genitive; Hindi takes postpositions.
BN_UNIT = {True: ("শহর", "শহরে", "শহরের"), False: ("প্রদেশ", "প্রদেশে", "প্রদেশের")}
HI_UNIT = {True: "शहर", False: "प्रांत"}

RESOLUTIONS = (57, 13, 52, 59, 66, 68)
RESOLUTION_WEIGHTS = (50, 8, 10, 10, 10, 12)
# {n}: number in the language's digits, {a}: ASCII digits.
BN_RESOLUTION_FORMS = (
    "রেজোলিউশন নং {n}-এনকিউ/টিডব্লিউ",
    "রেজোলিউশন {n}",
    "{n} নং রেজোলিউশন",
    "রেজোলিউশন নং {a}-NQ/TW",
    "রেজোলিউশন {a}-NQ/TW",
    "পলিটব্যুরোর রেজোলিউশন নং {n}-এনকিউ/টিডব্লিউ",
)
HI_RESOLUTION_FORMS = (
    "संकल्प संख्या {n}-एनक्यू/टीडब्ल्यू",
    "प्रस्ताव संख्या {n}",
    "संकल्प {n}",
    "संकल्प संख्या {a}-NQ/TW",
    "प्रस्ताव {a}-NQ/TW",
    "पोलित ब्यूरो के संकल्प संख्या {n}-एनक्यू/टीडब्ल्यू",
)

# Parallel template sentences.  {P} province with its unit word, {Pl} locative,
# {Pg} genitive (Bengali; Hindi uses postpositions), {R}/{R2} resolutions,
# {N} a count, {Q} a percentage, {G} a growth rate, {Y} the year, {T} a target year.
TEMPLATES: tuple[tuple[str, str], ...] = (
    ("{Pl} {R} বাস্তবায়ন অব্যাহত রয়েছে।", "{P} में {R} का कार्यान्वयन जारी है।"),
    (
        "{Y} সালে {Pg} পিপলস কমিটি {R} বাস্তবায়নের জন্য {N}টি কাজ নির্ধারণ করেছে।",
        "{Y} में {P} की पीपुल्स कमेटी ने {R} को लागू करने के लिए {N} कार्य निर्धारित किए हैं।",
    ),
    (
        "সম্মেলনে {Pg} নেতারা {R} বাস্তবায়নের ফলাফল মূল্যায়ন করেন।",
        "सम्मेलन में {P} के नेताओं ने {R} के कार्यान्वयन के परिणामों का आकलन किया।",
    ),
    (
        "{Pg} পার্টি কমিটির সেক্রেটারি জোর দিয়ে বলেন যে {R} বাস্তবায়ন একটি গুরুত্বপূর্ণ রাজনৈতিক কাজ।",
        "{P} पार्टी समिति के सचिव ने ज़ोर देकर कहा कि {R} को लागू करना एक महत्वपूर्ण राजनीतिक कार्य है।",
    ),
    (
        "{R} অনুযায়ী, {P} ডিজিটাল রূপান্তর এবং উদ্ভাবনকে অগ্রাধিকার দিচ্ছে।",
        "{R} के अनुसार, {P} डिजिटल परिवर्तन और नवाचार को प्राथमिकता दे रहा है।",
    ),
    ("{Pl} এখন পর্যন্ত {N}টি অনলাইন পাবলিক সার্ভিস চালু হয়েছে।", "{P} में अब तक {N} ऑनलाइन सार्वजनिक सेवाएं शुरू की गई हैं।"),
    (
        "বিজ্ঞান ও প্রযুক্তি বিভাগের মতে, {Pl} {N}টি স্টার্টআপ প্রকল্প সহায়তা পেয়েছে।",
        "विज्ञान और प्रौद्योगिकी विभाग के अनुसार, {P} में {N} स्टार्टअप परियोजनाओं को सहायता मिली है।",
    ),
    (
        "{R} বাস্তবায়নে {P} দেশের শীর্ষস্থানীয় এলাকাগুলির মধ্যে রয়েছে।",
        "{R} के कार्यान्वयन में {P} देश के अग्रणी क्षेत्रों में शामिल है।",
    ),
    (
        "{Pg} প্রতিনিধিরা {R} বাস্তবায়নে বেশ কিছু অসুবিধার কথা তুলে ধরেন।",
        "{P} के प्रतिनिधियों ने {R} के कार्यान्वयन में आने वाली कई कठिनाइयों की ओर ध्यान दिलाया।",
    ),
    (
        "{T} সালের মধ্যে {P} {Q}% প্রশাসনিক প্রক্রিয়া অনলাইনে সম্পন্ন করার লক্ষ্য নিয়েছে।",
        "{T} तक {P} ने {Q}% प्रशासनिक प्रक्रियाओं को ऑनलाइन पूरा करने का लक्ष्य रखा है।",
    ),
    (
        "{R} এবং {R2} বাস্তবায়নের জন্য {Pl} একটি স্টিয়ারিং কমিটি গঠন করা হয়েছে।",
        "{R} और {R2} के कार्यान्वयन के लिए {P} में एक संचालन समिति का गठन किया गया है।",
    ),
    (
        "প্রতিনিধিরা আগামী সময়ে {R} বাস্তবায়নের কার্যকারিতা উন্নত করার জন্য বেশ কিছু সমাধান প্রস্তাব করেন।",
        "प्रतिनिधियों ने आने वाले समय में {R} के कार्यान्वयन की प्रभावशीलता में सुधार के लिए कई समाधान प्रस्तावित किए।",
    ),
    ("{Pg} অর্থনীতি {Y} সালে {G}% প্রবৃদ্ধি অর্জন করেছে।", "{Y} में {P} की अर्थव्यवस्था ने {G}% की वृद्धि हासिल की।"),
)
# Headings: {Pn} is the bare name.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("{Pn} ডিজিটাল রূপান্তর ত্বরান্বিত করছে", "{Pn} डिजिटल परिवर्तन में तेज़ी ला रहा है"),
    ("{R} বাস্তবায়নে নতুন অগ্রগতি", "{R} के कार्यान्वयन में नई प्रगति"),
    ("{Pn}: উদ্ভাবন ও স্টার্টআপের জন্য নতুন গতি", "{Pn}: नवाचार और स्टार्टअप के लिए नई गति"),
    ("বিজ্ঞান ও প্রযুক্তিতে অগ্রগতি সৃষ্টি করা", "विज्ञान और प्रौद्योगिकी में सफलता पैदा करना"),
    ('পার্টি কংগ্রেসগুলিকে "ডিজিটালাইজ করা"', 'पार्टी कांग्रेसों का "डिजिटलीकरण"'),
    ("প্রশাসনিক সংস্কারে এগিয়ে {Pn}", "प्रशासनिक सुधार में आगे {Pn}"),
    ("{Pn} {R} বাস্তবায়নের ফলাফল পর্যালোচনা করেছে", "{Pn} ने {R} के कार्यान्वयन के परिणामों की समीक्षा की"),
    ("স্মার্ট সিটির পথে {Pn}", "स्मार्ट सिटी की राह पर {Pn}"),
)
CREDITS: tuple[tuple[str, str], ...] = (
    ("ভিএনএ", "वीएनए"),
    ("নাট ট্রুং", "न्हाट ट्रुंग"),
    ("থু হিয়েন", "थू हिएन"),
    ("মিন কোয়াং", "मिन्ह क्वांग"),
    ("হোয়াং হা", "होआंग हा"),
    ("নথি", "दस्तावेज़"),
    ("{Pn} সংবাদপত্র", "{Pn} समाचार पत्र"),
    ("{Pn} পোর্টাল", "{Pn} पोर्टल"),
)
BYLINES: tuple[tuple[str, str], ...] = (
    ("হোয়াই থুং", "होआई थुओंग"),
    ("থান হা", "थान्ह हा"),
    ("ভ্যান ডুক", "वान डुक"),
    ("মাই আনহ", "माई आन्ह"),
    ("কুওক টুয়ান", "क्वोक तुआन"),
    ("লে হুয়ং", "ले हुओंग"),
)
CAPTION_LABEL = {"bn": "ছবি", "hi": "फोटो"}
SOURCE_LABEL = {"bn": "সূত্র", "hi": "स्रोत"}
COMMENT_LABEL = {"bn": "মন্তব্য", "hi": "टिप्पणी"}

URL_TOPICS = (
    "tang-toc-chuyen-doi-so",
    "dot-pha-khoa-hoc-cong-nghe-doi-moi-sang-tao",
    "hop-tac-chien-luoc-chuyen-doi-so-toan-dien",
    "xay-dung-do-thi-thong-minh",
    "phat-trien-kinh-te-tu-nhan",
    "cai-cach-thu-tuc-hanh-chinh",
    "tao-dong-luc-tang-truong",
    "day-manh-khoi-nghiep-sang-tao",
    "nang-cao-chat-luong-nguon-nhan-luc",
    "hoi-nhap-quoc-te-sau-rong",
    "hoan-thien-the-che-phap-luat",
    "ung-dung-tri-tue-nhan-tao",
    "so-hoa-dai-hoi-dang",
)
URL_TAILS = ("", "", "", "-vung-dbscl", "-nam-2025", "-giai-doan-moi", "-hieu-qua")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Sentence:
    """One source sentence: an id such as ``ntrex:17`` and its text per language."""

    sid: str
    text: dict[str, str]


@dataclass
class Pool:
    """One source's documents; a draw takes a run from a uniformly chosen sentence."""

    name: str
    docs: list[list[Sentence]] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def add(self, doc: list[Sentence]) -> None:
        if doc:
            self.docs.append(doc)
            self._ends.append(self.size + len(doc))

    @property
    def size(self) -> int:
        return self._ends[-1] if self._ends else 0

    def run(self, rng: random.Random, length: int, from_start: bool = False) -> tuple[int, int, list[Sentence]]:
        """Up to ``length`` consecutive sentences of one document: (doc index, start, run)."""
        k = rng.randrange(self.size)
        d = bisect.bisect_right(self._ends, k)
        start = 0 if from_start else k - (self._ends[d - 1] if d else 0)
        return d, start, self.docs[d][start : start + length]


@dataclass
class Data:
    """The sentence pools, read once per run."""

    parallel: list[Pool]
    headlines: dict[int, Sentence]  # ntrex document index -> its headline
    short_parallel: list[Sentence]
    mono: dict[str, list[Pool]]
    short_mono: dict[str, list[Sentence]]

    def pools(self, langs: Sequence[str]) -> list[Pool]:
        return self.parallel if len(langs) == 2 else self.mono[langs[0]]

    def shorts(self, langs: Sequence[str]) -> list[Sentence]:
        return self.short_parallel if len(langs) == 2 else self.short_mono[langs[0]]


def clean(text: str, end_mark: bool = True) -> str | None:
    """Repair CSV quoting artefacts, give a sentence its end mark, drop misfits."""
    s = " ".join(text.split())
    if s.startswith('"') and s.endswith('"') and '""' in s:
        s = s[1:-1]
    while '""' in s:
        s = s.replace('""', '"')
    s = s.strip()
    if not MIN_SENTENCE_CHARS <= len(s) <= MAX_SENTENCE_CHARS:
        return None
    if end_mark and not s.endswith(SENTENCE_END):
        s += "।"
    return s


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _parallel(sid: str, bn: str, hi: str, end_mark: bool = True) -> Sentence | None:
    b, h = clean(bn, end_mark), clean(hi, end_mark)
    return Sentence(sid, {"bn": b, "hi": h}) if b and h else None


def _grouped(
    rows: list[dict[str, str]], key: str, make: Callable[[dict[str, str]], Sentence | None]
) -> Iterator[list[Sentence]]:
    """Documents as runs of rows with the same ``key``."""
    doc: list[Sentence] = []
    last = None
    for row in rows:
        if row[key] != last and doc:
            yield doc
            doc = []
        last = row[key]
        s = make(row)
        if s is not None:
            doc.append(s)
    if doc:
        yield doc


def _tsv_pool(name: str, path: Path, key: str, keep: Callable[[dict[str, str]], bool], cols: tuple[str, ...]) -> Pool:
    """A parallel pool from a TSV: ``cols`` = (id column, Bengali column, Hindi column)."""
    pool = Pool(name)
    rows = [r for r in _read_tsv(path) if keep(r)]
    sid, bn, hi = cols
    for doc in _grouped(rows, key, lambda r: _parallel(f"{name}:{r[sid]}", r[bn], r[hi])):
        pool.add(doc)
    return pool


def _ntrex(path: Path) -> tuple[Pool, dict[int, Sentence]]:
    """NTREX documents; the first line of each is its headline, kept apart for titles."""
    pool, headlines = Pool("ntrex"), {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            rows = list(zip(rec["lines"], rec["ben"], rec["hin"], strict=True))
            head = _parallel(f"ntrex:{rows[0][0]}", rows[0][1], rows[0][2], end_mark=False)
            body = [s for s in (_parallel(f"ntrex:{n}", b, h) for n, b, h in rows[1:]) if s]
            if head and body:
                headlines[len(pool.docs)] = head
            pool.add(body)
    return pool, headlines


def _mono_pool(name: str, lang: str, path: Path) -> Pool:
    """A monolingual file as one long document (its lines are consecutive news text)."""
    doc = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            # HiNER carries thousands of Wikipedia village stubs; they are not news.
            if name == "hiner" and ("गाँव है" in line or "तहसील में" in line):
                continue
            s = clean(line)
            if s:
                doc.append(Sentence(f"{name}:{n}", {lang: s}))
    pool = Pool(name)
    pool.add(doc)
    return pool


def load_data(root: Path) -> Data:
    """Read the corpus-raw sets the generator uses (well under a second)."""
    csv.field_size_limit(1 << 24)
    ntrex, headlines = _ntrex(root / "ntrex128" / "docs.jsonl")
    parallel = [
        ntrex,
        _tsv_pool(
            "flores",
            root / "flores200-devtest" / "aligned_devtest.tsv",
            "article_idx",
            lambda r: True,
            ("sent_idx", "ben_Beng", "hin_Deva"),
        ),
        # SIB-200 rows from FLORES devtest duplicate flores200-devtest: keep the dev ones.
        _tsv_pool(
            "sib",
            root / "sib200" / "aligned_sib200.tsv",
            "url",
            lambda r: r["flores_split"] == "dev",
            ("index_id", "ben_Beng", "hin_Deva"),
        ),
        # The CMU document is doctor-patient dialogue without punctuation, not news.
        _tsv_pool(
            "tico",
            root / "tico19" / "aligned.tsv",
            "doc_id",
            lambda r: r["doc_id"] != "CMU_1",
            ("tuid", "bn", "hi"),
        ),
    ]
    mono = {
        "bn": [
            _mono_pool("bnlp-dev", "bn", root / "bn-news-bnlp-punct" / "dev.sentences.bn.txt"),
            _mono_pool("bnlp-test", "bn", root / "bn-news-bnlp-punct" / "test_news.sentences.bn.txt"),
        ],
        "hi": [
            _mono_pool("hiner", "hi", root / "hiner-hi" / "validation.sentences.hi.txt"),
            _mono_pool("wmt14", "hi", root / "wmt14-newstest-hi-en" / "newstest2014.hi"),
        ],
    }
    short_par = [s for p in parallel for d in p.docs for s in d if max(len(t) for t in s.text.values()) <= 90]
    short_mono = {
        lang: [s for p in pools for d in p.docs for s in d if len(s.text[lang]) <= 90] for lang, pools in mono.items()
    }
    return Data(parallel, headlines, short_par, mono, short_mono)


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Unit:
    """One sentence-level item of an article, with its text per language."""

    sid: str
    text: dict[str, str]
    caption: bool = False


@dataclass
class Context:
    """What an article is about, how it spells it, and what it has mentioned so far."""

    provinces: list[Province]
    resolutions: list[int]
    year: int
    mentioned_p: list[str] = field(default_factory=list)
    mentioned_r: list[str] = field(default_factory=list)
    preferred: dict[tuple[str, str], str] = field(default_factory=dict)

    def mention(self, province: Province | None, resolutions: Sequence[int]) -> None:
        if province is not None and province.slug not in self.mentioned_p:
            self.mentioned_p.append(province.slug)
        for n in resolutions:
            if f"{n}-NQ/TW" not in self.mentioned_r:
                self.mentioned_r.append(f"{n}-NQ/TW")

    def can_fill(self, pair: tuple[str, str]) -> bool:
        return ("{P" not in pair[0] or bool(self.provinces)) and ("{R}" not in pair[0] or bool(self.resolutions))


@dataclass(frozen=True)
class Slots:
    """The language-independent choices behind one template sentence."""

    province: Province | None
    resolutions: tuple[int, ...]
    number: int
    percent: int
    growth: str
    year: int
    target_year: int


def _digits(n: int | str, lang: str, rng: random.Random) -> str:
    """Bengali mostly in Bengali digits, Hindi mostly in ASCII digits."""
    s = str(n)
    if lang == "bn" and rng.random() < 0.8:
        return s.translate(BN_DIGITS)
    if lang == "hi" and rng.random() < 0.08:
        return s.translate(HI_DIGITS)
    return s


def _name(p: Province, lang: str, ctx: Context, rng: random.Random) -> str:
    """A spelling of the province: mostly the one this article prefers."""
    native = p.bn if lang == "bn" else p.hi
    key = (p.slug, lang)
    if key not in ctx.preferred:
        ctx.preferred[key] = rng.choice(p.latin) if rng.random() < 0.1 else rng.choice(native)
    r = rng.random()
    if r < 0.7:
        return ctx.preferred[key]
    return rng.choice(p.latin) if r < 0.78 else rng.choice(native)


def _province_forms(p: Province, lang: str, ctx: Context, rng: random.Random) -> dict[str, str]:
    """{Pn} bare name, {P} with unit word, {Pl} locative, {Pg} genitive."""
    name = _name(p, lang, ctx, rng)
    if lang == "hi":
        full = name if name.endswith(("सिटी", "शहर", "City")) else f"{name} {HI_UNIT[p.city]}"
        return {"Pn": name, "P": full, "Pl": full, "Pg": full}
    if name.endswith("সিটি"):
        return {"Pn": name, "P": name, "Pl": name + "তে", "Pg": name + "র"}
    if name.endswith("শহর"):
        return {"Pn": name, "P": name, "Pl": name + "ে", "Pg": name + "ের"}
    if name.endswith("City"):
        return {"Pn": name, "P": name, "Pl": name + "-তে", "Pg": name + "-এর"}
    nom, loc, gen = BN_UNIT[p.city]
    return {"Pn": name, "P": f"{name} {nom}", "Pl": f"{name} {loc}", "Pg": f"{name} {gen}"}


def _resolution(n: int, lang: str, rng: random.Random) -> str:
    forms = BN_RESOLUTION_FORMS if lang == "bn" else HI_RESOLUTION_FORMS
    return rng.choice(forms).format(n=_digits(n, lang, rng), a=n)


def _slots(pair: tuple[str, str], ctx: Context, rng: random.Random) -> Slots:
    province = rng.choice(ctx.provinces) if "{P" in pair[0] else None
    resolutions: tuple[int, ...] = ()
    if "{R}" in pair[0]:
        first = rng.choice(ctx.resolutions)
        resolutions = (first, rng.choice([r for r in RESOLUTIONS if r != first])) if "{R2}" in pair[0] else (first,)
    number = rng.choice((rng.randint(2, 99), rng.randint(10, 400)))
    growth = f"{rng.randint(3, 11)}.{rng.randint(0, 9)}"
    target = ctx.year + rng.choice((1, 2, 5))
    return Slots(province, resolutions, number, rng.randint(40, 100), growth, ctx.year, target)


def fill(pair: tuple[str, str], langs: Sequence[str], ctx: Context, rng: random.Random) -> dict[str, str]:
    """Render a parallel template in each language and note what it mentions."""
    slots = _slots(pair, ctx, rng)
    out: dict[str, str] = {}
    for lang in langs:
        values = {
            "N": _digits(slots.number, lang, rng),
            "Q": _digits(slots.percent, lang, rng),
            "G": _digits(slots.growth, lang, rng),
            "Y": _digits(slots.year, lang, rng),
            "T": _digits(slots.target_year, lang, rng),
        }
        if slots.province is not None:
            values.update(_province_forms(slots.province, lang, ctx, rng))
        for key, n in zip(("R", "R2"), slots.resolutions, strict=False):
            values[key] = _resolution(n, lang, rng)
        out[lang] = pair[LANGS.index(lang)].format(**values)
    ctx.mention(slots.province, slots.resolutions)
    return out


def make_context(rng: random.Random) -> Context:
    provinces: list[Province] = []
    if rng.random() < 0.92:
        provinces = rng.sample(PROVINCES, 2 if rng.random() < 0.2 else 1)
    resolutions: list[int] = []
    if rng.random() < 0.75:
        resolutions = [rng.choices(RESOLUTIONS, RESOLUTION_WEIGHTS)[0]]
        if rng.random() < 0.2:
            resolutions.append(rng.choice([r for r in RESOLUTIONS if r != resolutions[0]]))
    return Context(provinces, resolutions, rng.randint(2023, 2026))


def body_sentences(data: Data, langs: Sequence[str], rng: random.Random) -> tuple[list[Sentence], int | None]:
    """Real sentences in runs until the first language reaches a sampled size.

    Runs mostly stay in one source so that an article keeps a register; also
    returns the ntrex document the article starts with, if it starts at one.
    """
    target = min(40000.0, max(2500.0, rng.lognormvariate(math.log(TARGET_MEDIAN_BYTES), TARGET_SIGMA)))
    pools = data.pools(langs)
    weights = [p.size for p in pools]
    pool = rng.choices(pools, weights)[0]
    out: list[Sentence] = []
    size = 0
    first_doc: int | None = None
    while size < target or len(out) < 6:
        if out and rng.random() < 0.15:
            pool = rng.choices(pools, weights)[0]
        doc, start, run = pool.run(rng, rng.randint(4, 24), from_start=not out and rng.random() < 0.5)
        if not out and pool.name == "ntrex" and start == 0:
            first_doc = doc
        for s in run:
            out.append(s)
            size += len(s.text[langs[0]].encode("utf-8")) + 1
            if size >= target and len(out) >= 6:
                break
    return out, first_doc


def _insert_captions(units: list[Unit], langs: Sequence[str], ctx: Context, rng: random.Random) -> None:
    for _ in range(rng.choices((0, 1, 2, 3), (35, 40, 20, 5))[0]):
        at = rng.randint(1, len(units))
        if units[at - 1].caption or (at < len(units) and units[at].caption):
            continue
        k = rng.randrange(len(CREDITS))
        if not ctx.can_fill(CREDITS[k]):
            k = 0
        credit = fill(CREDITS[k], langs, ctx, rng)
        caption = {lang: f"{CAPTION_LABEL[lang]}: {credit[lang]}।" for lang in langs}
        units.insert(at, Unit(f"cap:{k}", caption, caption=True))


def _title(data: Data, langs: Sequence[str], first_doc: int | None, ctx: Context, rng: random.Random) -> Unit:
    """An ntrex headline, a made-up heading or a short real sentence."""
    if len(langs) == 2 and first_doc in data.headlines and rng.random() < 0.7:
        head = data.headlines[first_doc]
        return Unit(head.sid, head.text)
    heads = [k for k, pair in enumerate(HEADINGS) if ctx.can_fill(pair)]
    if heads and rng.random() < 0.5:
        k = rng.choice(heads)
        return Unit(f"head:{k}", fill(HEADINGS[k], langs, ctx, rng))
    s = rng.choice(data.shorts(langs))
    return Unit(s.sid, s.text)


@dataclass(frozen=True)
class Plan:
    """An article before layout: the same for both files of a pair."""

    title: Unit
    units: list[Unit]
    byline: Unit | None
    ctx: Context

    def sentence_ids(self) -> list[str]:
        return [self.title.sid] + [u.sid for u in self.units] + ([self.byline.sid] if self.byline else [])


def plan_article(data: Data, langs: Sequence[str], rng: random.Random) -> Plan:
    """Title, body units (real sentences, templates, captions) and byline."""
    ctx = make_context(rng)
    sents, first_doc = body_sentences(data, langs, rng)
    units = [Unit(s.sid, s.text) for s in sents]
    usable = [k for k, pair in enumerate(TEMPLATES) if ctx.can_fill(pair)]
    if usable:
        for _ in range(1 + len(units) // rng.randint(6, 12)):
            k = rng.choice(usable)
            units.insert(rng.randint(0, len(units)), Unit(f"tpl:{k}", fill(TEMPLATES[k], langs, ctx, rng)))
    _insert_captions(units, langs, ctx, rng)
    title = _title(data, langs, first_doc, ctx, rng)
    byline = None
    if rng.random() < 0.15:
        k = rng.randrange(len(BYLINES))
        byline = Unit(f"by:{k}", dict(zip(LANGS, BYLINES[k], strict=True)))
    return Plan(title, units, byline, ctx)


def paragraphs(units: list[Unit], rng: random.Random) -> list[list[Unit]]:
    """Group units into 5..40 paragraphs; a caption always ends its paragraph."""
    n = len(units)
    per = rng.choice((1, 1.5, 2, 2, 3, 4))
    want = max(5, min(40, round(n / per), n))
    forced = {i for i in range(n - 1) if units[i].caption}
    free = [i for i in range(n - 1) if i not in forced and not units[i + 1].caption]
    extra = max(0, min(len(free), want - 1 - len(forced)))
    cuts = sorted(forced | set(rng.sample(free, extra)))
    out: list[list[Unit]] = []
    start = 0
    for c in cuts:
        out.append(units[start : c + 1])
        start = c + 1
    out.append(units[start:])
    return out


# --------------------------------------------------------------------------- rendering


def make_url(ctx: Context, rng: random.Random) -> str:
    """A Vietnamese news URL with the province slug and (mostly) a date of the article's year."""
    day = dt.date(ctx.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    clock = f"{rng.randrange(24):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}{rng.randrange(1000):03d}"
    stamp = f"{day:%Y%m%d}{clock}"
    topic = rng.choice(URL_TOPICS)
    if ctx.resolutions and rng.random() < 0.3:
        topic = f"trien-khai-nghi-quyet-{ctx.resolutions[0]}"
    slug = "-".join([p.slug for p in ctx.provinces[:1]] + [topic + rng.choice(URL_TAILS)])
    site = rng.choices(range(6), (30, 25, 15, 10, 12, 8))[0]
    if site == 0:
        section = rng.choice(("dia-phuong", "thoi-su", "kinh-te"))
        return f"https://baotintuc.vn/{section}/{slug}-{stamp}.htm"
    if site == 1:
        section = rng.choice(("cong-nghe", "kinh-te", "thoi-su"))
        return f"https://doanhnghiepvn.vn/{section}/{slug}/{stamp}"
    if site == 2:
        return f"https://baochinhphu.vn/{slug}-102{stamp[2:]}.htm"
    if site == 3:
        return f"https://thanhnien.vn/{slug}-185{stamp[2:]}.htm"
    # Like the samples from these two sites: an article number, no date.
    if site == 4:
        return f"https://daibieunhandan.vn/{slug}-{rng.randrange(10_000_000, 11_000_000)}.html"
    return f"https://huengaynay.vn/chinh-tri-xa-hoi/{slug}-{rng.randrange(100_000, 200_000)}.html"


def render(lang: str, plan: Plan, paras: list[list[Unit]], url: str | None, rng: random.Random) -> str:
    """The article text in the corpus layout (no final newline, like the samples)."""
    style = rng.choices(("blank", "newline", "mixed"), (40, 35, 25))[0]
    lines = [plan.title.text[lang]]
    if style == "blank":
        lines.append("")
    for i, para in enumerate(paras):
        if i and (style == "blank" or (style == "mixed" and rng.random() < 0.15)):
            lines.append("")
        lines.append(" ".join(u.text[lang] for u in para))
    if plan.byline is not None:
        lines += ["", plan.byline.text[lang]]
    if url is not None:
        if style == "blank" or plan.byline is not None:
            lines.append("")
        label = "Source" if rng.random() < ENGLISH_SOURCE_LABEL else SOURCE_LABEL[lang]
        lines.append(f"{label}: {url}")
    if rng.random() < COMMENT_COUNTER:
        count = 0 if rng.random() < 0.9 else rng.randint(1, 12)
        lines += [""] * rng.choice((0, 1, 2, 3, 6, 6, 7))
        lines.append(f"{COMMENT_LABEL[lang]} ({count})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- output


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    pairs: int = 0


class Writer:
    """Streams articles to OUT_DIR and truth records to the truth file."""

    def __init__(self, out_dir: Path, subdirs: bool, truth: TextIO | None) -> None:
        self.out_dir = out_dir
        self.subdirs = subdirs
        self.truth = truth
        self.stats = Stats()

    def write(self, index: int, stem: str, lang: str, text: str, record: dict[str, object]) -> None:
        rel = f"{index // 1000:03d}/{stem}.txt" if self.subdirs else f"{stem}.txt"
        path = self.out_dir / rel
        if self.subdirs:
            path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.stats.files += 1
        self.stats.bytes += len(data)
        if self.truth is not None:
            self.truth.write(json.dumps({"id": stem, "path": rel, "lang": lang, **record}, ensure_ascii=False) + "\n")


class Generator:
    """Plans, lays out and writes N articles from one seeded random stream."""

    def __init__(self, data: Data, writer: Writer, seed: int, unrelated: bool = False) -> None:
        self.data = data
        self.writer = writer
        self.rng = random.Random(seed)
        self.used_urls: set[str] = set()
        self.pair_prob = 0.0 if unrelated else PAIR_START_PROB

    def run(self, n: int) -> None:
        i = 0
        while i < n:
            if n - i >= 2 and self.rng.random() < self.pair_prob:
                self.pair(i)
                i += 2
            else:
                self.single(i)
                i += 1

    def new_url(self, ctx: Context) -> str:
        while True:
            url = make_url(ctx, self.rng)
            if url not in self.used_urls:
                self.used_urls.add(url)
                return url

    def pair_urls(self, ctx: Context) -> tuple[str | None, str | None]:
        """Shared in most pairs; otherwise different, or missing on one or both sides."""
        url = self.new_url(ctx)
        if self.rng.random() < PAIR_SHARED_URL:
            return url, url
        kind = self.rng.choice(("different", "different", "bn-missing", "hi-missing", "both-missing"))
        if kind == "different":
            return url, self.new_url(ctx)
        if kind == "bn-missing":
            return None, url
        if kind == "hi-missing":
            return url, None
        return None, None

    def emit(
        self, i: int, lang: str, plan: Plan, paras: list[list[Unit]], url: str | None, pair_id: str | None
    ) -> None:
        text = render(lang, plan, paras, url, self.rng)
        record: dict[str, object] = {
            "pair_id": pair_id,
            "provinces": plan.ctx.mentioned_p,
            "resolutions": plan.ctx.mentioned_r,
            "url": url,
            "sentences": plan.sentence_ids(),
        }
        self.writer.write(i, f"{i:06d}_{self.rng.getrandbits(64):016x}", lang, text, record)

    def pair(self, i: int) -> None:
        plan = plan_article(self.data, LANGS, self.rng)
        url_bn, url_hi = self.pair_urls(plan.ctx)
        paras_bn = paragraphs(plan.units, self.rng)
        paras_hi = paras_bn if self.rng.random() < 0.6 else paragraphs(plan.units, self.rng)
        pair_id = f"pair-{i:06d}"
        self.emit(i, "bn", plan, paras_bn, url_bn, pair_id)
        self.emit(i + 1, "hi", plan, paras_hi, url_hi, pair_id)
        self.writer.stats.pairs += 1

    def single(self, i: int) -> None:
        lang = self.rng.choice(LANGS)
        plan = plan_article(self.data, (lang,), self.rng)
        url = None if self.rng.random() < NO_URL_SINGLE else self.new_url(plan.ctx)
        self.emit(i, lang, plan, paragraphs(plan.units, self.rng), url, None)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="make_corpus.py", description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2]
    )
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("n", metavar="N", type=int, help="number of article files")
    p.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="new or empty directory for the *.txt files")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--truth", type=Path, metavar="FILE", help="write the ground truth here as JSON lines")
    p.add_argument("--subdirs", action="store_true", help="spread the files into NNN/ folders of 1000")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help=f"corpus-raw folder ({DEFAULT_DATA_DIR})")
    p.add_argument(
        "--unrelated",
        action="store_true",
        help="no translated pairs: Bengali and Hindi articles from different pools (any link on it is false)",
    )
    args = p.parse_args(argv)
    if args.n < 1:
        p.error("N must be at least 1")
    if args.out_dir.exists() and (not args.out_dir.is_dir() or any(args.out_dir.iterdir())):
        p.error(f"OUT_DIR {args.out_dir} exists and is not an empty directory")
    if args.truth is not None and args.truth.resolve().is_relative_to(args.out_dir.resolve()):
        p.error("--truth must not be inside OUT_DIR (the indexer reads everything there)")
    if not (args.data_dir / "INDEX.txt").is_file():
        p.error(f"no corpus-raw data at {args.data_dir} (see --data-dir)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()
    data = load_data(args.data_dir)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    truth = args.truth.open("w", encoding="utf-8", newline="\n") if args.truth else None
    try:
        writer = Writer(args.out_dir, args.subdirs, truth)
        Generator(data, writer, args.seed, args.unrelated).run(args.n)
    finally:
        if truth is not None:
            truth.close()
    st = writer.stats
    print(
        f"make_corpus: {st.files} files, {st.bytes} bytes ({st.bytes / 1e6:.1f} MB), "
        f"average {st.bytes / st.files / 1000:.2f} KB/file, {st.pairs} bn/hi pairs ({2 * st.pairs} files), "
        f"seed {args.seed}, {time.perf_counter() - t0:.1f} s -> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
