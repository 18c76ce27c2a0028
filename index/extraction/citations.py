"""Cited Vietnamese party and state documents.

Stage: article text -> cited resolutions and documents.  Runs on every
article at index time (the resolution facet) and, through
`canonical_resolution`, on query text, so both sides meet on one id.

Machine translation renders a Vietnamese document number in three ways:
kept in Latin ("57-NQ/TW"), spelt out letter by letter in the target script
("৫৭-এনকিউ/টিডব্লিউ", "57-एनक्यू/टीडब्ल्यू"), or cut down to a bare number
after a word for "resolution" ("রেজোলিউশন ৫৭", "संकल्प संख्या 57",
"৫৭ নং রেজোলিউশন").  One compiled regex finds all three shapes in a single
pass; small tables then spell letter names back to Latin and give the codes
their own case and diacritics (CTR -> CTr, QD -> QĐ, BCDTW -> BCĐTW).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple, TypeVar

from index.analysis.textnorm import fold_digits, nfc, strip_format_chars

__all__ = ["Citations", "canonical_resolution", "extract_citations", "label"]


@dataclass(frozen=True)
class Citations:
    """What one article cites, each id once, in order of first mention."""

    resolutions: tuple[str, ...]
    documents: tuple[str, ...]

    def to_dict(self) -> dict[str, list[str]]:
        return {"resolutions": list(self.resolutions), "documents": list(self.documents)}


# --- Letter names -----------------------------------------------------------
# How Bengali and Hindi MT spell Latin capitals.  The first name of each
# tuple is the one `label` writes; the others are variants seen in MT output.
# "এই" is also the Bengali word "this" and "के" the Hindi "of": both can only
# be read as letters right after a number and a dash, where such words are
# trimmed off again if the code they make is unknown (see _lookup).
_LETTER_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "A": (("এ", "এই"), ("ए",)),
    "B": (("বি",), ("बी",)),
    "C": (("সি",), ("सी",)),
    "D": (("ডি",), ("डी",)),
    "E": (("ই",), ("ई",)),
    "F": (("এফ",), ("एफ",)),
    "G": (("জি",), ("जी",)),
    "H": (("এইচ",), ("एच",)),
    "I": (("আই",), ("आई",)),
    "J": (("জে",), ("जे",)),
    "K": (("কে",), ("के",)),
    "L": (("এল",), ("एल",)),
    "M": (("এম",), ("एम",)),
    "N": (("এন",), ("एन",)),
    "O": (("ও",), ("ओ",)),
    "P": (("পি",), ("पी",)),
    "Q": (("কিউ",), ("क्यू",)),
    "R": (("আর",), ("आर",)),
    "S": (("এস",), ("एस",)),
    "T": (("টি",), ("टी",)),
    "U": (("ইউ",), ("यू",)),
    "V": (("ভি",), ("वी",)),
    "W": (("ডব্লিউ", "ডাব্লিউ", "ডাবলিউ", "ডব্লু", "ডাব্লু"), ("डब्ल्यू", "डब्लू", "डबल्यू")),
    "X": (("এক্স",), ("एक्स",)),
    "Y": (("ওয়াই",), ("वाई",)),
    "Z": (("জেড",), ("जेड", "ज़ेड")),
}


def _name_table(script: int) -> dict[str, str]:
    # Keys go through NFC like the text does: NFC decomposes য় and ज़.
    return {nfc(name): letter for letter, names in _LETTER_NAMES.items() for name in names[script]}


_BN_NAMES = _name_table(0)
_HI_NAMES = _name_table(1)
_NAME_MAX = max(len(name) for name in (*_BN_NAMES, *_HI_NAMES))


# --- Vietnamese codes ---------------------------------------------------------
class _DocType(NamedTuple):
    code: str  # as Vietnamese writes it
    en: str
    bn: str
    hi: str


_DOC_TYPES = (
    _DocType("NQ", "Resolution", "রেজোলিউশন", "संकल्प"),  # Nghị quyết
    _DocType("KH", "Plan", "পরিকল্পনা", "योजना"),  # Kế hoạch
    _DocType("CTr", "Programme", "কর্মসূচি", "कार्यक्रम"),  # Chương trình
    _DocType("CT", "Directive", "নির্দেশ", "निर्देश"),  # Chỉ thị
    _DocType("QĐ", "Decision", "সিদ্ধান্ত", "निर्णय"),  # Quyết định
    _DocType("QĐi", "Regulation", "প্রবিধান", "विनियम"),  # Quy định (party)
    _DocType("KL", "Conclusion", "উপসংহার", "निष्कर्ष"),  # Kết luận
    _DocType("TB", "Notice", "নোটিশ", "सूचना"),  # Thông báo
    _DocType("HD", "Guidance", "নির্দেশিকা", "मार्गदर्शन"),  # Hướng dẫn
    _DocType("CV", "Official letter", "সরকারি পত্র", "आधिकारिक पत्र"),  # Công văn
    _DocType("BC", "Report", "প্রতিবেদন", "रिपोर्ट"),  # Báo cáo
    _DocType("TTr", "Submission", "প্রস্তাবনা", "प्रस्तुति"),  # Tờ trình
    _DocType("NĐ", "Decree", "ডিক্রি", "डिक्री"),  # Nghị định
    _DocType("TT", "Circular", "সার্কুলার", "परिपत्र"),  # Thông tư
    _DocType("TTLT", "Joint circular", "যৌথ সার্কুলার", "संयुक्त परिपत्र"),  # Thông tư liên tịch
    _DocType("ĐA", "Project", "প্রকল্প", "परियोजना"),  # Đề án
    _DocType("QC", "Rules", "নিয়মাবলি", "नियमावली"),  # Quy chế
)
_RESOLUTION = _DOC_TYPES[0]

# Party issuers number as "57-NQ/TW", state issuers as "01/NQ-CP"; the
# canonical id follows the issuer's own convention whatever MT did to it.
_PARTY_ISSUERS = (
    "TW", "TU", "HU", "ĐU", "ĐUK", "BCĐTW", "BCĐ", "BCH", "BBT", "BCSĐ", "QUTW",
    "ĐUQSTW", "ĐUCA", "BTGTW", "BTCTW", "BDVTW", "BTGDVTW", "UBKTTW", "VPTW",
    "BKTTW", "BNCTW",
)  # fmt: skip
_STATE_ISSUERS = (
    "CP", "TTg", "UBND", "HĐND", "VPCP", "BTC", "BCA", "BQP", "BNG", "BNV", "BTP",
    "BKHĐT", "BCT", "BXD", "BGTVT", "BNNPTNT", "BNNMT", "BTNMT", "BTTTT", "BLĐTBXH",
    "BVHTTDL", "BKHCN", "BGDĐT", "BYT", "NHNN", "TANDTC", "VKSNDTC", "KTNN",
)  # fmt: skip
# The National Assembly and its Standing Committee carry the legislature number.
_ASSEMBLY_RE = re.compile(r"(?:UBTVQH|QH)[0-9]{1,2}")

_KEY_FOLD = str.maketrans({"Đ": "D", "đ": "d"})


def _key(code: str) -> str:
    """Lookup key: decoded letter names carry no diacritics, so neither may keys."""
    return code.translate(_KEY_FOLD).upper()


_TYPES: dict[str, _DocType] = {_key(t.code): t for t in _DOC_TYPES}
_ISSUERS: dict[str, tuple[str, bool]] = {
    **{_key(c): (c, False) for c in _STATE_ISSUERS},
    **{_key(c): (c, True) for c in _PARTY_ISSUERS},
    "TƯ": ("TW", True),  # Vietnamese writes Trung ương both ways
}


# --- The one regex ------------------------------------------------------------
def _alternation(words: Iterable[str]) -> str:
    # Longest first: regex alternation takes the first branch that fits.
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Digits stay native in the scanned text and fold per match: folding a whole
# article costs more than the regex itself.  Python's \d is exactly the set of
# Unicode decimal digits fold_digits knows.
_SP = "[ \u00a0]"
_SEP = f"{_SP}?[-/\u2010\u2011\u2012\u2013\u2014\u2212]{_SP}?"
_BN = _alternation(_BN_NAMES)
_HI = _alternation(_HI_NAMES)

_MAX_WORDS = 10


def _spelt_run(names: str, block: str) -> str:
    # Each word is cut into names greedily and possessively: "এই" is both A
    # and A+E, and letting the engine try every split of a long run of them is
    # exponential.  Giving back whole words stays linear, and no code runs to
    # more than _MAX_WORDS letters spelt out one per word.
    word = f"(?>{names})++"
    return f"{word}(?:{_SP}?{word}){{0,{_MAX_WORDS - 1}}}\\d{{0,2}}(?![{block}\\d])"


# A code segment: Latin letters (QH15), or a run of letter names, possibly
# spaced out ("এন কিউ"), that ends where the word ends.  Digits must touch the
# letters: "টিডব্লিউ ও 59-..." must leave 59 to the next citation.
_SEG = "|".join(
    (
        r"[A-Za-zĐđƯư]{1,12}\d{0,2}(?!\w)",
        _spelt_run(_BN, "\u0980-\u09ff"),
        _spelt_run(_HI, "\u0900-\u097f"),
    )
)
_KEYWORDS_BN = ("রেজোলিউশন", "রেজুলেশন", "রেজল্যুশন", "প্রস্তাব", "সংকল্প")
_KEYWORDS = (*_KEYWORDS_BN, "संकल्प", "प्रस्ताव", "रिज़ॉल्यूशन", "रेजोल्यूशन", "resolution", "nghị quyết")
_NUMBER_WORDS_BN = ("নং", "নম্বর", "নাম্বার")
_NUMBER_WORDS = (*_NUMBER_WORDS_BN, "संख्या", "सं.", "नंबर", "नम्बर", "क्रमांक", "no.", "no", "number", "số")

# Every citation starts with a digit or a keyword's first letter; testing that
# first keeps the scan fast over the text in between.
_FIRST_CHARS = "".join(sorted({w[0] for w in map(nfc, _KEYWORDS)} | {w[0].upper() for w in _KEYWORDS}))

_CITATION_RE = re.compile(
    rf"(?=[\d{re.escape(_FIRST_CHARS)}])"
    # an optional "resolution [No.]" in front
    rf"(?:(?<!\w)(?P<kw>(?i:{_alternation(map(nfc, _KEYWORDS))})){_SP}+"
    rf"(?:(?i:{_alternation(map(nfc, _NUMBER_WORDS))}){_SP}*)?)?"
    # the number; "nq57.vn" and "84/167" are not citation numbers
    r"(?<![\dA-Za-z_/])(?P<num>\d{1,5})(?!\d)"
    # an optional code: -NQ/TW, /NQ-TW, /2025/QH15, /2023/NĐ-CP
    rf"(?:(?P<sep1>{_SEP})(?:(?P<year>\d{{4}}){_SEP})?(?P<seg1>{_SEG})"
    rf"(?:{_SEP}(?P<seg2>{_SEG}))?)?"
    # a plain number is only a citation with a keyword, a code, or "নং রেজোলিউশন" after it
    rf"(?(kw)|(?(seg1)|(?P<post>{_SP}*(?:{_alternation(_NUMBER_WORDS_BN)}){_SP}*"
    rf"(?:{_alternation(map(nfc, _KEYWORDS_BN))}))))"
)

_MONTHS = (
    "জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর",
    "অক্টোবর", "নভেম্বর", "ডিসেম্বর", "जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून",
    "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)  # fmt: skip
_UNITS = (
    "%", "শতাংশ", "প্রতিশত", "प्रतिशत", "फीसदी", "percent", "per cent", "টি", "টা", "জন",
    "বার", "সাল", "বছর", "साल", "वर्ष", "year", "years", "মিলিয়ন", "বিলিয়ন", "लाख",
    "करोड़", "million", "billion", *_MONTHS,
)  # fmt: skip
# After "resolution N", what makes N a quantity, a date or a range rather than
# the resolution's number: "প্রস্তাব ৩টি", "resolution 57%", "২২ ডিসেম্বর", "57/2024", "12-15".
_NOT_A_NUMBER_RE = re.compile(rf"\w|[-\u2013/.,:]\d|{_SP}*(?i:{_alternation(map(nfc, _UNITS))})(?!\w)")
# "Law 57/2014/QH13": the Assembly passes laws under the same numbering as resolutions.
_LAW_WINDOW = 40
_LAW_BEFORE_RE = re.compile(
    rf"(?i:আইন|कानून|क़ानून|अधिनियम|law|luật)(?:{_SP}+(?i:{_alternation(map(nfc, _NUMBER_WORDS))}))?{_SP}*\Z"
)


# --- Reading one match ----------------------------------------------------------
class _Mention(NamedTuple):
    kind: Literal["resolution", "document", "bare"]
    value: str  # canonical id; empty for a bare number
    number: str  # canonical number, the key that binds a bare "resolution 57" to 57-NQ/TW


def _spell_word(word: str) -> str | None:
    """Latin letters for one word of a code, or None if it is not letter names."""
    end = len(word)
    while end and word[end - 1].isdecimal():
        end -= 1
    letters, tail = word[:end], fold_digits(word[end:])
    if not letters:
        return tail
    if "\u0980" <= letters[0] <= "\u09ff":
        spelt = _spell_names(letters, _BN_NAMES)
    elif "\u0900" <= letters[0] <= "\u097f":
        spelt = _spell_names(letters, _HI_NAMES)
    else:
        spelt = letters  # Latin already
    return None if spelt is None else spelt + tail


def _spell_names(word: str, names: dict[str, str]) -> str | None:
    # Longest name first and no second thoughts, as the regex reads it.
    letters: list[str] = []
    start = 0
    while start < len(word):
        for size in range(min(_NAME_MAX, len(word) - start), 0, -1):
            letter = names.get(word[start : start + size])
            if letter is not None:
                letters.append(letter)
                start += size
                break
        else:
            return None
    return "".join(letters)


_T = TypeVar("_T")


def _lookup(segment: str, table: dict[str, _T]) -> _T | None:
    """The code a segment spells, trimming trailing words the regex took too many.

    "টিডব্লিউ ও" (TW and) and "टीडब्ल्यू के" (TW of) are read as letters by the
    regex; the longest prefix of words that spells a known code wins.
    """
    words = segment.split()
    for count in range(len(words), 0, -1):
        spelt = [_spell_word(w) for w in words[:count]]
        if None in spelt:
            continue
        found = table.get(_key("".join(s for s in spelt if s is not None)))
        if found is not None:
            return found
    return None


def _issuer(segment: str) -> tuple[str, bool | None] | None:
    """(code, is_party) for an issuer segment; is_party None when unknown."""
    known = _lookup(segment, _ISSUERS)
    if known is not None:
        return known
    first = _spell_word(segment.split()[0])
    if first is None:
        return None
    code = _key(first)
    if _ASSEMBLY_RE.fullmatch(code):
        return code, False
    # An issuer we have no table entry for (a district committee, a new
    # ministry): keep it as spelt, the type code already vouches for the shape.
    if 2 <= len(code) <= 8 and code.isalpha():
        return code, None
    return None


def _number(digits: str) -> str | None:
    # Vietnamese pads to two digits ("02-KH/BCĐTW", "05-NQ/TW"); MT and users
    # may not, so "5" and "05" must meet.  No document is number zero.
    value = int(fold_digits(digits))
    return f"{value:02d}" if value else None


def _coded(match: re.Match[str], text: str, number: str) -> _Mention | None:
    year = None if match["year"] is None else fold_digits(match["year"])
    if year is not None and not year.startswith(("19", "20")):
        return None
    doc_type = _lookup(match["seg1"], _TYPES)
    if doc_type is None:
        # "202/2025/QH15": the Assembly's numbering has no type code.
        assembly = _issuer(match["seg1"])
        if year is None or match["seg2"] is not None or assembly is None:
            return None
        if not _ASSEMBLY_RE.fullmatch(assembly[0]):
            return None
        value = f"{number}/{year}/{assembly[0]}"
        window = max(0, match.start() - _LAW_WINDOW)
        is_law = match["kw"] is None and _LAW_BEFORE_RE.search(text, window, match.start()) is not None
        return _Mention("document" if is_law else "resolution", value, number)
    issuer = None if match["seg2"] is None else _issuer(match["seg2"])
    if issuer is None:
        # "৫৭-এনকিউ" with no issuer is as good as "রেজোলিউশন ৫৭"; a plan with no
        # issuer cannot be named without inventing one.
        return _Mention("bare", "", number) if doc_type is _RESOLUTION and year is None else None
    code, is_party = issuer
    if is_party is None:
        is_party = "-" in match["sep1"]
    if year is not None:
        value = f"{number}/{year}/{doc_type.code}-{code}"
    elif is_party:
        value = f"{number}-{doc_type.code}/{code}"
    else:
        value = f"{number}/{doc_type.code}-{code}"
    return _Mention("resolution" if doc_type is _RESOLUTION else "document", value, number)


def _interpret(match: re.Match[str], text: str) -> _Mention | None:
    number = _number(match["num"])
    if number is None:
        return None
    if match["seg1"] is not None:
        mention = _coded(match, text, number)
        if mention is not None or match["kw"] is None:
            return mention
    # A bare number: Politburo resolutions run to three digits, and four would
    # be a year ("রেজোলিউশন ২০২৫ সালের").
    if len(match["num"]) > 3:
        return None
    if match["post"] is None and _NOT_A_NUMBER_RE.match(text, match.end("num")):
        return None
    return _Mention("bare", "", number)


def _prepare(text: str) -> str:
    return strip_format_chars(nfc(text))


def _mentions(text: str) -> list[_Mention]:
    found = (_interpret(m, text) for m in _CITATION_RE.finditer(text))
    return [m for m in found if m is not None]


def _bare_id(number: str) -> str:
    return f"{number}-{_RESOLUTION.code}/TW"


# --- Public API ------------------------------------------------------------------
def extract_citations(text: str, *, is_nfc: bool = False) -> Citations:
    """The resolutions and other documents an article cites.

    A bare "resolution 57" is the coded resolution numbered 57 that the same
    article cites, if any ("57-NQ/TU" in a provincial article), else the
    Politburo's 57-NQ/TW.  ``is_nfc``: the caller vouches that ``text`` is
    NFC already (a parsed article's text is), which saves a pass over it:
    Bengali vowel signs are "maybe" to NFC's quick check, so NFC of Bengali
    text is always a full normalisation.
    """
    text = strip_format_chars(text) if is_nfc else _prepare(text)
    mentions = _mentions(text)
    coded_by_number: dict[str, str] = {}
    for m in mentions:
        if m.kind == "resolution":
            coded_by_number.setdefault(m.number, m.value)
    # dicts keep insertion order: deduplicated in order of first mention
    resolutions: dict[str, None] = {}
    documents: dict[str, None] = {}
    for m in mentions:
        if m.kind == "document":
            documents[m.value] = None
        elif m.kind == "resolution":
            resolutions[m.value] = None
        else:
            resolutions[coded_by_number.get(m.number, _bare_id(m.number))] = None
    return Citations(tuple(resolutions), tuple(documents))


_QUERY_TRIM = " \t\r\n.,;:!?()[]{}\"'“”‘’«»।"


def canonical_resolution(text: str) -> str | None:
    """The canonical id when the whole text names one resolution, else None.

    "57-nq/tw", "৫৭-এনকিউ/টিডব্লিউ", "संकल्प 57" and "57" give "57-NQ/TW";
    "2025", "57 km" and "02-KH/BCĐTW" (a plan) give None.
    """
    clean = _prepare(text).strip(_QUERY_TRIM)
    if clean.isdecimal() and len(clean) <= 3:
        number = _number(clean)
        return None if number is None else _bare_id(number)
    match = _CITATION_RE.fullmatch(clean)
    mention = None if match is None else _interpret(match, clean)
    if mention is None or mention.kind == "document":
        return None
    return mention.value if mention.kind == "resolution" else _bare_id(mention.number)


_LABEL_LANGS = ("bn", "en", "hi")
_BENGALI_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_CODE_PART_RE = re.compile(r"[A-Za-zĐđƯư]+")


def _id_type(citation_id: str) -> _DocType:
    parts = re.split(r"[-/]", citation_id)
    for part in parts:
        doc_type = _TYPES.get(_key(part))
        if doc_type is not None:
            return doc_type
    if any(_ASSEMBLY_RE.fullmatch(part) for part in parts):
        return _RESOLUTION
    raise ValueError(f"not a citation id: {citation_id!r}")


def _spell_out(citation_id: str, lang: str) -> str:
    script = 0 if lang == "bn" else 1

    def names(match: re.Match[str]) -> str:
        letters = _key(match[0]).replace("Ư", "U")
        return "".join(_LETTER_NAMES[ch][script][0] for ch in letters)

    spelt = _CODE_PART_RE.sub(names, citation_id)
    # The Bengali corpus writes Bengali digits, the Hindi one ASCII digits.
    return spelt.translate(_BENGALI_DIGITS) if lang == "bn" else spelt


def label(resolution_id: str, lang: str) -> str:
    """Display label: "Resolution 57-NQ/TW", "রেজোলিউশন ৫৭-এনকিউ/টিডব্লিউ", "संकल्प 57-एनक्यू/टीडब्ल्यू".

    Any id `extract_citations` returns works ("02-KH/BCĐTW" is a Plan).
    """
    if lang not in _LABEL_LANGS:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(_LABEL_LANGS)}")
    doc_type = _id_type(resolution_id)
    if lang == "en":
        return f"{doc_type.en} {resolution_id}"
    word = doc_type.bn if lang == "bn" else doc_type.hi
    return f"{word} {_spell_out(resolution_id, lang)}"
