"""scripts/bench_writer_cpu.py and scripts/bench_repeats.py: tiny runs on the sample corpus and index."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
bench_writer_cpu = load_script("bench_writer_cpu")
bench_repeats = load_script("bench_repeats")


def test_writer_cpu_times_this_checkout(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_writer_cpu.main([str(sample_dir), "--warm", "1", "--articles", "3", "--src", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"3 articles after 1, {ROOT / 'index' / 'pipeline' / 'prepare.py'}: ")
    assert out.rstrip().endswith(" CPU s")


def test_writer_cpu_refuses_what_is_not_a_checkout(sample_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        bench_writer_cpu.main([str(sample_dir), "--src", str(tmp_path)])


def test_repeats_against_itself_finds_the_same_groups(sample_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_repeats.main([str(sample_index), "--old", str(ROOT), "--rounds", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == ["old", "new", "old", "new"]
    assert lines[-1] == "same groups"
