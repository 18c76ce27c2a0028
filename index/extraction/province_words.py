"""The gazetteer's words: text cut into normalised words and clause breaks.

Stage: text -> tokens, for :mod:`index.extraction.province_names` (which
matches province names in them) and :mod:`index.extraction.gazetteer`.
A word is a run of letters, marks and numbers, normalised with
:func:`index.analysis.textnorm.normalize_term`; a clause break (comma,
danda, sentence end) is the empty string :data:`BREAK`, which no name
crosses.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import unicodedata
from collections.abc import Iterable

from index.analysis.memo import Memo
from index.analysis.textnorm import normalize_term, strip_format_chars

__all__ = [
    "ASTRAL_RE",
    "BREAK",
    "BREAK_CHARS",
    "bmp_word_re",
    "break_re",
    "clause_tokens",
    "not_word_re",
    "pieces_of",
    "tokenize",
    "word_re",
]

# A name never runs across a clause break ("Âm thanh, Hòa âm" is not Thanh
# Hóa).  In token lists a break is the empty string, which no word can be.
# A full stop breaks only before a space, so that TP.HCM stays one name.
BREAK = ""
BREAK_CHARS = ',;:!?।॥()[]{}"“”«»…\n'

ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")

_MARK_CATEGORIES = frozenset(("Mn", "Mc", "Me"))


@functools.cache
def _mark_ranges(below: int) -> tuple[tuple[int, int], ...]:
    """The code-point ranges of the marks (category M) below ``below``, from unicodedata."""
    # One C-level pipeline over the code points, rather than a Python loop
    # calling unicodedata.category per code point.
    code_points = range(below)
    is_mark = map(_MARK_CATEGORIES.__contains__, map(unicodedata.category, map(chr, code_points)))
    ranges: list[tuple[int, int]] = []
    for cp in itertools.compress(code_points, is_mark):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return tuple(ranges)


def _word_pattern(ranges: Iterable[tuple[int, int]]) -> str:
    marks = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" if a != b else re.escape(chr(a)) for a, b in ranges)
    return f"[\\w{marks}]+"


@functools.cache
def word_re() -> re.Pattern[str]:
    # A word is a run of letters (L), marks (M) and numbers (N).  Python's \w
    # is L and N plus "_" but no marks, so alone it would cut Bengali and
    # Hindi words at every vowel sign and virama; the marks are added as
    # ranges and "_" is blanked before matching.  \w plus a short mark list
    # is faster than a class listing every L/M/N range.
    return re.compile(_word_pattern(_mark_ranges(sys.maxunicode + 1)))


@functools.cache
def bmp_word_re() -> re.Pattern[str]:
    # word_re for text without astral characters, which is nearly all text:
    # the regex engine tests astral ranges of a class one by one for every
    # character outside the BMP bitmap (every space and comma), so leaving
    # them out makes tokenising faster and changes no match.
    return re.compile(_word_pattern(_mark_ranges(0x10000)))


@functools.cache
def break_re() -> re.Pattern[str]:
    breaks = "".join(re.escape(c) for c in BREAK_CHARS)
    return re.compile(f"[{breaks}]|\\.(?=\\s|$)")


@functools.cache
def not_word_re(below: int) -> re.Pattern[str]:
    # A character that may cut a term into several gazetteer words: not a
    # word character of word_re, nor the separator \x00 (see
    # gazetteer._clause_terms for "_" and numbers).  ``below`` as for
    # _mark_ranges: 0x10000 (the fast one) for text without astral
    # characters.  One class, no alternation: the scan runs over every article.
    word_class = _word_pattern(_mark_ranges(below))[1:-2]  # inside [...]+
    return re.compile(f"[^{word_class}\x00]")


def _word_re_for(text: str) -> re.Pattern[str]:
    return word_re() if ASTRAL_RE.search(text) else bmp_word_re()


# Articles repeat their words, and normalize_term walks each character in
# Python: one call per distinct word.
_NORMALIZED: Memo[str, str] = Memo(normalize_term, 1 << 16)


def tokenize(text: str) -> list[str]:
    """Normalised words of ``text``, the tokens the gazetteer's matching expects."""
    # ZWJ/ZWNJ sit inside Bengali and Hindi words and are not letters or
    # marks, so they go before cutting, not after.
    text = strip_format_chars(text).replace("_", " ")
    return list(map(_NORMALIZED.__getitem__, _word_re_for(text).findall(text)))


def clause_tokens(text: str) -> list[str]:
    """Like tokenize, with BREAK where a clause ends (never first, never twice)."""
    text = strip_format_chars(text).replace("_", " ")
    words = _word_re_for(text)
    out: list[str] = []
    # No break character is a word character, so cutting at breaks first and
    # then finding words per clause gives the tokens of one word-or-break
    # scan, with a Python step per clause instead of per word.
    for n, clause in enumerate(break_re().split(text)):
        if n and out and out[-1] != BREAK:
            out.append(BREAK)
        out += map(_NORMALIZED.__getitem__, words.findall(clause))
    return out


def _term_pieces(term: str) -> tuple[str, ...]:
    """The gazetteer's words inside one analysed term (most terms are one word).

    ICU keeps letters joined by "." "'" ":" or "_" in one word (TP.HCM);
    :func:`tokenize` cuts them, so the term is cut the same way.
    """
    pieces = tokenize(term)
    return (term,) if pieces == [term] else tuple(pieces)


_TERM_PIECES: Memo[str, tuple[str, ...]] = Memo(_term_pieces, 1 << 16)
pieces_of = _TERM_PIECES.__getitem__
