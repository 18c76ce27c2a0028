"""scripts/make_english_lexicon.py and the table it ships: open data only, deterministic."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_RAW, ROOT, load_script, needs_corpus_raw

S = load_script("make_english_lexicon")


@needs_corpus_raw("the English table is mined from its open parallel sets")
def test_the_script_reads_none_of_the_reserved_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = io.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording_open)
    out = tmp_path / "english.tsv"
    assert S.main(["--data-dir", str(CORPUS_RAW), "--out", str(out)]) == 0
    read = sorted({Path(p).parent.name for p in opened if str(CORPUS_RAW) in p})
    assert read == ["debian-gettext-bn-hi-vi", "ntrex128", "tatoeba-test-v2021-08-07", "udhr"]
    # and what it wrote is what ships (the script is deterministic)
    shipped = ROOT / "index" / "data" / "english_lexicon.tsv"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def test_english_words_are_folded_with_the_possessive_cut() -> None:
    assert S.english_words("Washington's judge met Nguyễn in Washington, a 2nd time") == [
        "washington",
        "judge",
        "met",
        "nguyen",
        "in",
        "nd",
        "time",
    ]
