"""Character-level normalisation shared by the indexer and the query side.

Stage: text -> normalised text.  Every function here is pure and cheap, and the
same functions run on article text at build time and on query text at search
time, so that what a user types folds to exactly what was indexed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import icu
import numpy as np
import numpy.typing as npt

__all__ = [
    "SCRIPT_BENGALI",
    "SCRIPT_DEVANAGARI",
    "SCRIPT_LATIN",
    "SCRIPT_OTHER",
    "fold_digits",
    "fold_latin",
    "nfc",
    "normalize_term",
    "script_counts",
    "script_of",
    "strip_format_chars",
]

SCRIPT_BENGALI = "Beng"
SCRIPT_DEVANAGARI = "Deva"
SCRIPT_LATIN = "Latn"
SCRIPT_OTHER = "Zyyy"

# Zero-width and format characters that change rendering, never meaning.
# ZWJ/ZWNJ select conjunct shapes in Bengali and Devanagari (র‍্যাব, क्‍ष); a
# reader cannot see them and a user never types them, so they are removed from
# index terms on both sides.  The text itself keeps them (offsets stay true).
# Bidi marks, embeddings, overrides and isolates only steer display: a word
# next to an LRM or a U+202E is still the same word.
_BIDI_CHARS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORMAT_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + _BIDI_CHARS
# Deleting by regex runs in C over the whole string; str.translate with a dict
# would look every other character up in Python.
_FORMAT_RE = re.compile(f"[{_FORMAT_CHARS}]+")

# Legacy Bengali khanda-ta: TA + VIRAMA + ZWJ renders as KHANDA TA (ৎ).
_KHANDA_TA_LEGACY = "\u09a4\u09cd\u200d"


def nfc(text: str) -> str:
    """Return NFC text.

    NFC decomposes the nukta letters that are composition exclusions
    (U+095F य़, U+09DF য়, ...), so precomposed and decomposed input meet on
    the decomposed form.
    """
    by_icu = _icu_nfc()
    if by_icu is not None and by_icu[1].search(text) is None:
        return str(by_icu[0].normalize(text))
    return unicodedata.normalize("NFC", text)


def _version(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@cache
def _icu_nfc() -> tuple[icu.Normalizer2, re.Pattern[str]] | None:
    """ICU's NFC and the characters it must not be given, or None to use unicodedata alone.

    Bengali vowel signs and the Devanagari nukta are "maybe" to NFC's quick
    check, so unicodedata normalises nearly every article in full, at four
    times the cost of this guard and ICU together.  ICU's answer is
    unicodedata's for any text of characters both know: Unicode's stability
    policy fixes a character's decomposition, combining class and
    compositions once it is assigned, and both implement UAX #15.  ICU's
    data is the newer (Unicode 16 against Python 3.11's 14), so a character
    unicodedata does not know (category Cn), a surrogate, or any astral
    character (rare; the class stays a BMP bitmap) sends the text to
    unicodedata.  tests/index/test_textnorm.py checks every BMP character and
    every canonical composition.
    """
    if _version(icu.UNICODE_VERSION) < _version(unicodedata.unidata_version):
        return None
    unknown = "".join(f"\\u{cp:04x}" for cp in range(0x10000) if unicodedata.category(chr(cp)) in ("Cn", "Cs"))
    return icu.Normalizer2.getNFCInstance(), re.compile(f"[{unknown}\\U00010000-\\U0010ffff]")


def strip_format_chars(text: str) -> str:
    """Remove ZWJ, ZWNJ, ZWSP, word joiner, BOM, soft hyphen and bidi controls."""
    if _KHANDA_TA_LEGACY in text:
        text = text.replace(_KHANDA_TA_LEGACY, "\u09ce")
    return _FORMAT_RE.sub("", text)


def _build_digit_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x1FBFA):
        ch = chr(cp)
        value = unicodedata.decimal(ch, None)
        if value is not None:
            table[cp] = str(value)
    return table


_DIGITS = _build_digit_table()
# Runs of non-ASCII decimal digits.  Python's \d is Py_UNICODE_ISDECIMAL, the
# same database unicodedata.decimal reads, so this class is exactly the keys
# of _DIGITS (tests/index/test_textnorm.py checks every code point).  A class that
# lists the 650 digits compiles to a per-character scan of ~300 astral
# literals; str.translate over a whole sentence looks each character up in
# the dict.  Translating only the runs does neither.
_NON_ASCII_DIGITS_RE = re.compile(r"[^\D0-9]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_DIGITS)


def fold_digits(text: str) -> str:
    """Fold every Unicode decimal digit (৫৭, ५७, ５７) to ASCII (57)."""
    if text.isascii():
        return text
    return _NON_ASCII_DIGITS_RE.sub(_fold_run, text)


# The scripts Setu tells apart, as code-point ranges: the one definition that
# script_of, script_counts and the Latin regex below are all made from.
_SCRIPT_RANGES: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    (SCRIPT_BENGALI, ((0x0980, 0x09FF),)),
    (SCRIPT_DEVANAGARI, ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))),
    (SCRIPT_LATIN, ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0xFF21, 0xFF5A))),
)
_SCRIPT_NAMES = (SCRIPT_OTHER, *(script for script, _ in _SCRIPT_RANGES))


def _bmp_scripts() -> npt.NDArray[np.uint8]:
    """The script of every BMP code point: its index in _SCRIPT_NAMES (0: other).

    Every range is in the BMP, so an astral character (and any surrogate) is other.
    """
    table = np.zeros(0x10000, dtype=np.uint8)
    for n, (_, ranges) in enumerate(_SCRIPT_RANGES, 1):
        for first, last in ranges:
            table[first : last + 1] = n
    return table


_BMP_SCRIPTS = _bmp_scripts()
_BMP_SCRIPT_BYTES = _BMP_SCRIPTS.tobytes()  # bytes index to a Python int fastest
_LATIN_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _SCRIPT_RANGES[2][1]) + "]+")


def script_of(ch: str) -> str:
    """The script of one character: Beng, Deva, Latn or Zyyy (anything else)."""
    cp = ord(ch)
    return _SCRIPT_NAMES[_BMP_SCRIPT_BYTES[cp]] if cp < 0x10000 else SCRIPT_OTHER


def _is_latin(ch: str) -> bool:
    return script_of(ch) == SCRIPT_LATIN


def script_counts(text: str) -> dict[str, int]:
    """Count letters per script (digits, punctuation and spaces are not counted).

    The scripts come in order of first appearance in ``text`` (dominant_script
    breaks ties by that order).
    """
    # Every article goes through here (dominant_script): a table lookup per
    # UTF-16 unit and a bincount in numpy take a sixth of the time of a
    # regex search and sub per script.  UTF-16 positions keep the order of
    # first appearance.
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    scripts = _BMP_SCRIPTS[units]
    counts = np.bincount(scripts, minlength=len(_SCRIPT_NAMES)).tolist()
    found: list[tuple[int, str, int]] = []
    for n, script in enumerate(_SCRIPT_NAMES[1:], 1):
        if counts[n]:
            found.append((int(np.argmax(scripts == n)), script, counts[n]))
    return {script: count for _, script, count in sorted(found)}


_LATIN_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l"})


def fold_latin(text: str) -> str:
    """Lower-case Latin and drop its diacritics (Cần Thơ -> can tho).

    Only marks that sit on a Latin base are dropped: Bengali and Devanagari
    vowel signs, viramas and nuktas are combining marks too, and removing them
    would merge unrelated words.
    """
    if text.isascii():
        return text.lower()
    if _LATIN_RE.search(text) is None:
        # Bengali, Devanagari, digits...: nothing to lower, no special letter
        # to replace, and unless decomposition makes a Latin letter (K KELVIN
        # SIGN -> K) every mark stays, so the loop below would hand back the
        # decomposed text unchanged.  Most words of the corpus end here.
        decomposed = unicodedata.normalize("NFD", text)
        if _LATIN_RE.search(decomposed) is None:
            return unicodedata.normalize("NFC", decomposed)
    text = text.translate(_LATIN_SPECIAL)
    out: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if base_is_latin:
                continue
        else:
            base_is_latin = _is_latin(ch)
            if base_is_latin:
                ch = ch.lower()
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=1 << 18)
def normalize_term(text: str) -> str:
    """The full term normalisation: NFC, format chars, digits, Latin folding.

    This is the one function that decides what "the same word" means; the
    analysis chain and the query parser both call it.  Cached: news
    vocabulary is Zipfian, so a quarter-million entries cover nearly every
    token of a build and the per-character work runs once per word.
    """
    return fold_latin(fold_digits(strip_format_chars(nfc(text))))
