"""The one reader of the bundled tab-separated tables (index.translation.tables)."""

from __future__ import annotations

import pytest

from index.translation.english import parse_english
from index.translation.seed import parse_seed
from index.translation.tables import one_of, read_rows

COLUMNS = (("word", str), ("language", one_of("bn", "hi")), ("pairs", int), ("score", float))


def test_rows_are_converted_and_comments_and_blank_lines_skipped() -> None:
    text = "# a comment\nদক্ষিণ\tbn\t3\t0.5\n\n   \nदक्षिण\thi\t12\t0.25\n"
    assert list(read_rows(text, "t.tsv", COLUMNS)) == [["দক্ষিণ", "bn", 3, 0.5], ["दक्षिण", "hi", 12, 0.25]]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("দক্ষিণ\tbn\t3", "t.tsv line 3: expected 4 tab-separated columns (word, language, pairs, score), got 3"),
        (
            "দক্ষিণ\tbn\t3\t0.5\tx",
            "t.tsv line 3: expected 4 tab-separated columns (word, language, pairs, score), got 5",
        ),
        ("দক্ষিণ\txx\t3\t0.5", "t.tsv line 3: language must be one of bn, hi, not 'xx'"),
        ("দক্ষিণ\tbn\tthree\t0.5", "t.tsv line 3: pairs must be a whole number, not 'three'"),
        ("দক্ষিণ\tbn\t3\thalf", "t.tsv line 3: score must be a number, not 'half'"),
    ],
)
def test_a_bad_line_names_the_file_the_line_and_what_was_expected(line: str, message: str) -> None:
    text = f"# comment\nদক্ষিণ\tbn\t3\t0.5\n{line}\n"
    with pytest.raises(ValueError) as e:
        list(read_rows(text, "t.tsv", COLUMNS))
    assert str(e.value) == message


def test_the_english_and_seed_tables_name_their_own_file() -> None:
    with pytest.raises(ValueError, match=r"^english_lexicon.tsv line 2: pairs must be a whole number, not 'x'$"):
        list(parse_english("# comment\nsouth\tbn\tদক্ষিণ\tx\t0.5\n"))
    with pytest.raises(ValueError, match=r"^seed_lexicon.tsv line 1: score must be a number, not ''$"):
        list(parse_seed("ক\tख\t3\t\n"))
