"""scripts/make_seed_lexicon.py and the table it ships: open data only, and a table Setu reads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_RAW, ROOT, load_script, needs_corpus_raw

from index.analysis.analyzers import stem_term
from index.analysis.textnorm import normalize_term
from index.interface import Lexicon
from index.translation.lexicon import EMPTY_TABLE
from index.translation.seed import parse_seed, seed_table

S = load_script("make_seed_lexicon")


@needs_corpus_raw("the seed lexicon is mined from its open parallel sets")
def test_the_script_reads_none_of_the_reserved_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = io.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording_open)
    out = tmp_path / "seed.tsv"
    assert S.main(["--data-dir", str(CORPUS_RAW), "--out", str(out)]) == 0
    read = sorted({Path(p).parent.name for p in opened if str(CORPUS_RAW) in p})
    assert read == ["debian-gettext-bn-hi-vi", "ntrex128", "tatoeba-test-v2021-08-07", "udhr"]
    # and what it wrote is what ships (the script is deterministic)
    assert out.read_text(encoding="utf-8") == (ROOT / "index" / "data" / "seed_lexicon.tsv").read_text(encoding="utf-8")


def test_a_reserved_set_is_refused(tmp_path: Path) -> None:
    for name in ("flores200-devtest", "sib200", "tico19"):
        with pytest.raises(ValueError, match="reserved for evaluation"):
            S.read_text(tmp_path / name / "x.txt")


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
