"""ICU segmentation: whole words, code-point offsets, danda sentences."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import icu
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import breaks
from index.analysis.breaks import Span, sentence_ranges, to_codepoint_offsets, word_spans


def words(text: str) -> list[str]:
    return [text[s.start : s.end] for s in word_spans(text)]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_ranges(text)]


def test_indic_words_stay_whole() -> None:
    # Whoosh's \w-based tokenizers give ['रस', 'पर', 'चर'] here.
    assert words("हिन्दी प्रस्ताव पर चर्चा") == ["हिन्दी", "प्रस्ताव", "पर", "चर्चा"]
    assert words("কান থো") == ["কান", "থো"]


def test_numbers_are_split_from_attached_letters() -> None:
    assert words("৮৪/১৬৭টি কাজ, ২০.৮৩% এবং 5G") == ["৮৪", "১৬৭", "টি", "কাজ", "২০.৮৩", "এবং", "5", "G"]


def test_offsets_are_code_points_after_an_emoji() -> None:
    text = "😀ক্যান থো 🎉 कैन"
    spans = list(word_spans(text))
    assert [(s.start, s.end) for s in spans] == [(1, 6), (7, 9), (12, 15)]
    assert [text[s.start : s.end] for s in spans] == ["ক্যান", "থো", "कैन"]


def test_codepoint_table_only_for_astral_text() -> None:
    assert to_codepoint_offsets("ক্যান থো") is None
    assert to_codepoint_offsets("a😀b") == [0, 1, 1, 2, 3]


def test_danda_ends_sentences_and_spans_are_trimmed() -> None:
    text = "  এটা একটা বাক্য। এটা আরেকটা!  तीसरा वाक्य। अंत "
    assert sentences(text) == ["এটা একটা বাক্য।", "এটা আরেকটা!", "तीसरा वाक्य।", "अंत"]


def test_empty_text() -> None:
    assert words("") == []
    assert sentences("") == []
    assert sentences("   ") == []


# --- The list-building loops against the generator chain they replaced ----------


def _segments_reference(it: icu.BreakIterator, text: str) -> Iterator[tuple[int, int, int]]:
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


def _words_reference(text: str) -> list[Span]:
    spans: list[Span] = []
    for start, end, status in list(_segments_reference(breaks._word_iterator(), text)):
        if status >= breaks._WORD_STATUS_MIN:
            spans.extend(breaks._split_digit_runs(text, start, end))  # not under test here
    return spans


def _sentences_reference(text: str) -> list[Span]:
    spans: list[Span] = []
    for start, end, _status in list(_segments_reference(breaks._sentence_iterator(), text)):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(Span(start, end))
    return spans


_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("কখা্ৎ০৫৭টি कख़ि५ 57G.,।!? \n\t\u00a0\u200d\U0001f600\U0001d7d8")),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_spans_match_the_generator_chain(text: str) -> None:
    assert list(word_spans(text)) == _words_reference(text)
    assert [Span(s, e) for s, e in sentence_ranges(text)] == _sentences_reference(text)


def test_digit_test_is_isdecimal() -> None:
    # digit_run_cuts skips words without a \d match: that must be every word
    # without an isdecimal() character.
    digit = re.compile(r"\d")
    assert all(bool(digit.match(chr(cp))) == chr(cp).isdecimal() for cp in range(sys.maxunicode + 1))
