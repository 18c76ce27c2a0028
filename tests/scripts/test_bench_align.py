"""scripts/bench_align.py: the index's linked pairs aligned by two versions of align.py, compared and timed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script

ALIGN = Path(__file__).resolve().parents[2] / "index" / "translation" / "align.py"


def test_the_same_version_aligns_the_same(sample_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_script("bench_align")
    assert bench.main(["--index", str(sample_index), "--rounds", "1", "--against", str(ALIGN)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 pairs, 0 aligned differently"
    assert [line.split(":")[0].strip() for line in out[1:]] == ["against", "current"]


def test_a_version_that_aligns_differently_fails(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_script("bench_align")
    hotter = tmp_path / "align_hot.py"  # another temperature: every score changes
    hotter.write_text(ALIGN.read_text(encoding="utf-8").replace("_TEMPERATURE = 3.0", "_TEMPERATURE = 9.0"))
    assert bench.main(["--index", str(sample_index), "--rounds", "0", "--against", str(hotter)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "1 pairs, 1 aligned differently"
