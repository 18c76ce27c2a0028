"""scripts/bench_latin.py: searches typed in Latin letters, timed in-process on a built index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script

B = load_script("bench_latin")


def test_every_query_is_timed_and_counted(sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "latin.json"
    assert B.main([str(sample_index), "--rounds", "2", "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert list(figures) == list(B.QUERIES)
    assert all(f["median_ms"] > 0 for f in figures.values())
    assert (figures["digital"]["hits"], figures["Mekong"]["hits"]) == (5, 2)  # the samples' ডিজিটাল, মেকং
    assert "Ho Chi Minh" in capsys.readouterr().out


def test_cpu_clock_times_with_process_time(sample_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter(range(0, 10_000, 2))  # each search takes 2 "seconds" of CPU
    monkeypatch.setattr(B.time, "process_time", lambda: next(ticks))
    figures = {}
    monkeypatch.setattr(B.json, "dumps", lambda data, **_: figures.update(data) or "{}")
    assert B.main([str(sample_index), "--rounds", "3", "--cpu", "--json", "/dev/null"]) == 0
    assert {f["median_ms"] for f in figures.values()} == {2000.0}


def test_rounds_must_be_positive(sample_index: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        B.main([str(sample_index), "--rounds", "0"])
    assert "--rounds must be 1 or more" in capsys.readouterr().err
