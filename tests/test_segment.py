"""ICU segmentation: whole words, code-point offsets, danda sentences."""

from __future__ import annotations

from index.segment import sentence_spans, to_codepoint_offsets, word_spans


def words(text: str) -> list[str]:
    return [text[s.start : s.end] for s in word_spans(text)]


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


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
