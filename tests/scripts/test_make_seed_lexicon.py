"""scripts/make_seed_lexicon.py and the table it ships: open data only, and a table Setu reads."""

from __future__ import annotations

import pytest
from conftest import ROOT, load_script

from index.analysis.analyzers import stem_term
from index.analysis.textnorm import normalize_term
from index.interface import Lexicon
from index.translation.lexicon import EMPTY_TABLE
from index.translation.seed import parse_seed, seed_table

S = load_script("make_seed_lexicon")


def test_the_shipped_table_is_small_and_both_ways() -> None:
    text = (ROOT / "index" / "data" / "seed_lexicon.tsv").read_text(encoding="utf-8")
    rows = list(parse_seed(text))
    assert 500 < len(rows) // 2 <= 5000
    lexicon = Lexicon(EMPTY_TABLE, seed_table(), None)
    police = lexicon.equivalents(stem_term(normalize_term("পুলিশ")), "bn")
    assert (police[0].term, police[0].kind) == ("पुलिस", "seed")
    assert lexicon.equivalents("पुलिस", "hi")[0].term == "পুলিশ"


def test_a_malformed_seed_line_names_its_number() -> None:
    with pytest.raises(ValueError, match="line 2: expected 4"):
        list(parse_seed("# comment\nক\tख\t3\n"))
