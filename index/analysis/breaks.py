"""ICU word and sentence segmentation with code-point offsets.

Stage: text -> spans.  This is the only module that touches ICU break
iterators.  ICU counts in UTF-16 code units; Python strings count code points.
Every offset leaving this module is a code-point offset, converted here, so a
highlight never slips after an emoji or any other astral character.

Break iterators are created lazily, one per thread and kind, and never
pickled: Whoosh pickles analyzers into the index, worker processes of a
parallel build each create their own, and so does each server thread.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import icu

__all__ = [
    "Span",
    "digit_run_cuts",
    "sentence_ranges",
    "to_codepoint_offsets",
    "word_bounds",
    "word_ranges",
    "word_spans",
]

# ICU word-break rule statuses: UBRK_WORD_NONE is [0, 100); numbers [100, 200);
# letters [200, 300); kana [300, 400); ideographs [400, 500).
_WORD_STATUS_MIN = 100

_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
# \d of a str pattern is Py_UNICODE_ISDECIMAL, which is str.isdecimal.
_DECIMAL_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open code-point range [start, end) of a text."""

    start: int
    end: int


class _Iterators(threading.local):
    """ICU break iterators of the current thread (never pickled).

    A BreakIterator holds the text it was given with ``setText`` and a
    cursor into it, so one shared by the server's threads hands one thread's
    boundaries to another.  Like Lucene's per-thread ``ReuseStrategy``, each
    thread creates its own on first use.
    """

    word: icu.BreakIterator | None = None
    sentence: icu.BreakIterator | None = None


_ITERATORS = _Iterators()


def _word_iterator() -> icu.BreakIterator:
    if _ITERATORS.word is None:
        _ITERATORS.word = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    return _ITERATORS.word


def _sentence_iterator() -> icu.BreakIterator:
    if _ITERATORS.sentence is None:
        _ITERATORS.sentence = icu.BreakIterator.createSentenceInstance(icu.Locale.getRoot())
    return _ITERATORS.sentence


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


def word_spans(text: str) -> Iterator[Span]:
    """Yield the spans of words and numbers (not spaces, not punctuation).

    A run of digits glued to letters ("১৬৭টি", "5G") is split at the
    digit/letter boundary so that a query for the number finds it.
    """
    for start, end in word_ranges(text):
        for cut_start, cut_end in digit_run_cuts(text[start:end]):
            yield Span(start + cut_start, start + cut_end)


def word_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ICU word or number segment, before digit splitting."""
    return _ranges(_word_iterator(), text, _WORD_STATUS_MIN)


def word_bounds(text: str) -> tuple[list[int], list[int]]:
    """:func:`word_ranges` as two lists, (starts, ends): what a build's analysis wants."""
    starts: list[int] = []
    ends: list[int] = []
    if not text:
        return starts, ends
    it = _word_iterator()
    it.setText(text)
    table = to_codepoint_offsets(text)
    prev = 0
    for boundary in it:
        if it.getRuleStatus() >= _WORD_STATUS_MIN:
            starts.append(prev)
            ends.append(boundary)
        prev = boundary
    if table is not None:
        starts = [table[i] for i in starts]
        ends = [table[i] for i in ends]
    return starts, ends


def _ranges(it: icu.BreakIterator, text: str, min_status: int | None) -> list[tuple[int, int]]:
    """(start, end) in code points of each ICU segment (with a rule status of at least ``min_status``).

    One loop filling a list: an article has thousands of segments, and
    generators stacked per segment cost more than the ICU calls.
    """
    if not text:
        return []
    it.setText(text)
    table = to_codepoint_offsets(text)
    ranges: list[tuple[int, int]] = []
    prev = 0
    for boundary in it:
        if min_status is None or it.getRuleStatus() >= min_status:
            ranges.append((prev, boundary) if table is None else (table[prev], table[boundary]))
        prev = boundary
    return ranges


def digit_run_cuts(word: str) -> tuple[tuple[int, int], ...]:
    """The pieces of one ICU word, digit runs cut from letters, as offsets into it."""
    if _DECIMAL_RE.search(word) is None:
        return ((0, len(word)),)  # no digit, no digit/letter boundary
    return tuple((span.start, span.end) for span in _split_digit_runs(word, 0, len(word)))


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


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace.

    ICU already ends sentences at the danda (।) and double danda (॥); a
    range never starts or ends with whitespace and empty ones are dropped.
    Every line of every article goes through here: tuples in one list.
    """
    ranges: list[tuple[int, int]] = []
    for start, end in _ranges(_sentence_iterator(), text, None):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            ranges.append((start, end))
    return ranges
