"""ICU word and sentence segmentation with code-point offsets.

Stage: text -> spans.  This is the only module that touches ICU break
iterators.  ICU counts in UTF-16 code units; Python strings count code points.
Every offset leaving this module is a code-point offset, converted here, so a
highlight never slips after an emoji or any other astral character.

Break iterators are created lazily, one per process and kind, and never
pickled: Whoosh pickles analyzers into the index, and worker processes of a
parallel build must each create their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import icu

__all__ = ["Span", "sentence_spans", "to_codepoint_offsets", "word_spans"]

# ICU word-break rule statuses: UBRK_WORD_NONE is [0, 100); numbers [100, 200);
# letters [200, 300); kana [300, 400); ideographs [400, 500).
_WORD_STATUS_MIN = 100

_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open code-point range [start, end) of a text."""

    start: int
    end: int


class _Iterators:
    """Per-process cache of ICU break iterators (never pickled)."""

    word: icu.BreakIterator | None = None
    sentence: icu.BreakIterator | None = None


def _word_iterator() -> icu.BreakIterator:
    if _Iterators.word is None:
        _Iterators.word = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    return _Iterators.word


def _sentence_iterator() -> icu.BreakIterator:
    if _Iterators.sentence is None:
        _Iterators.sentence = icu.BreakIterator.createSentenceInstance(icu.Locale.getRoot())
    return _Iterators.sentence


def to_codepoint_offsets(text: str) -> list[int] | None:
    """Map UTF-16 offsets to code-point offsets, or None when they coincide.

    Only texts with astral characters (emoji, some symbols) need a table; for
    the usual all-BMP article the identity saves the work.
    """
    if not _ASTRAL_RE.search(text):
        return None
    table: list[int] = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)  # the low surrogate maps to the same code point
    table.append(len(text))
    return table


def _segments(it: icu.BreakIterator, text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, rule status) of each ICU segment, in code points."""
    if not text:
        return
    it.setText(text)
    table = to_codepoint_offsets(text)
    prev = 0
    for boundary in it:
        status = it.getRuleStatus()
        if table is None:
            yield prev, boundary, status
        else:
            yield table[prev], table[boundary], status
        prev = boundary


def word_spans(text: str) -> Iterator[Span]:
    """Yield the spans of words and numbers (not spaces, not punctuation).

    A run of digits glued to letters ("১৬৭টি", "5G") is split at the
    digit/letter boundary so that a query for the number finds it.
    """
    for start, end, status in _segments(_word_iterator(), text):
        if status >= _WORD_STATUS_MIN:
            yield from _split_digit_runs(text, start, end)


def _split_digit_runs(text: str, start: int, end: int) -> Iterator[Span]:
    piece_start = start
    prev_digit = text[start].isdecimal()
    for i in range(start + 1, end):
        ch = text[i]
        if ch in ".,":  # decimal and thousands separators stay inside numbers
            continue
        is_digit = ch.isdecimal()
        # A vowel sign or virama never starts a token of its own.
        if is_digit != prev_digit and not unicodedata.category(ch).startswith("M"):
            yield Span(piece_start, i)
            piece_start = i
            prev_digit = is_digit
    yield Span(piece_start, end)


def sentence_spans(text: str) -> Iterator[Span]:
    """Yield sentence spans, trimmed of surrounding whitespace.

    ICU already ends sentences at the danda (।) and double danda (॥); a
    span never starts or ends with whitespace and empty spans are dropped.
    """
    for start, end, _status in _segments(_sentence_iterator(), text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield Span(start, end)
