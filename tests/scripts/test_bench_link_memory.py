"""scripts/bench_link_memory.py on an index of the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE, load_script

from index import build

STEPS = ["read", "table", "url groups", "duplicates", "feature matrix", "candidate pairs", "scores", "links"]


def test_it_reports_every_step_and_hashes_the_linking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index_dir = tmp_path / "ix"
    build(SAMPLE, index_dir, workers=0)
    out = tmp_path / "figures.json"
    assert load_script("bench_link_memory").main([str(index_dir), "--trace", "--json", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert json.loads(out.read_text(encoding="utf-8")) == result
    assert [row["step"] for row in result["steps"]] == STEPS
    assert all(
        set(row) == {"step", "cpu_seconds", "rss_peak_mb", "rss_after_mb", "traced_peak_mb", "traced_after_mb"}
        for row in result["steps"]
    )
    assert all(row["rss_peak_mb"] >= row["rss_after_mb"] > 0 for row in result["steps"])
    assert result["links"] == 1 and len(result["linking_sha256"]) == len(result["scores_sha256"]) == 64
    # A second run of the same index hashes the same.
    assert load_script("bench_link_memory").main([str(index_dir)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["linking_sha256"], again["scores_sha256"]) == (result["linking_sha256"], result["scores_sha256"])
    assert "traced_peak_mb" not in again["steps"][0]


def test_no_index_is_a_usage_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        load_script("bench_link_memory").main([str(tmp_path / "nothing")])
    assert stop.value.code == 2 and "holds no index" in capsys.readouterr().err
