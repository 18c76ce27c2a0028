"""scripts/bench_suggest.py: misspellings of indexed words, each answered and timed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script


def test_every_misspelling_is_answered(sample_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_script("bench_suggest")
    typos = bench.misspellings(sample_index, 6, seed=3)
    assert len(typos) == 6 and all(len(t) >= 5 for t in typos)
    assert bench.main([str(sample_index), "--words", "6", "--seed", "3"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("6/6 answered (hits or a suggestion)")
