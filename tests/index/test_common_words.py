"""The bundled common Bengali and Hindi words, by phonetic key (index.translation.common)."""

from __future__ import annotations

import pytest

from index.analysis.phonetic import phonetic_key
from index.translation.common import common_words, parse_common
from index.translation.tables import bundled_text


def test_every_shipped_key_is_the_word_s_key_today() -> None:
    # The key column is written by scripts/make_common_words.py: a change to the
    # phonetic key must regenerate the table (the query side looks words up by key).
    rows = list(parse_common(bundled_text("common_words.tsv")))
    assert 2000 < len(rows) < 20000
    stale = [(word, key, phonetic_key(word)) for word, _, key, _ in rows if phonetic_key(word) != key]
    assert stale == []


def test_common_words_share_a_names_key_and_names_are_not_common() -> None:
    assert "जब" in common_words(phonetic_key("zaev"))
    assert {"করেন", "কারণ"} <= set(common_words(phonetic_key("karen")))
    # spelled out for English names in the sources: a Latin query must reach them
    assert "টম" not in common_words(phonetic_key("tom"))
    assert common_words("no such key") == ()


def test_a_malformed_line_names_the_file_and_line() -> None:
    with pytest.raises(ValueError, match=r"^common_words.tsv line 2: occurrences must be a whole number, not 'x'$"):
        list(parse_common("# comment\nजब\thi\tjab\tx\n"))
