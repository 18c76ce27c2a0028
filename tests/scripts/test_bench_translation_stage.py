"""scripts/bench_translation_stage.py on an index of the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE, load_script

from index import build


def files_of(index_dir: Path) -> dict[str, int]:
    return {str(p.relative_to(index_dir)): p.stat().st_size for p in index_dir.rglob("*") if p.is_file()}


def test_it_links_and_aligns_again_and_leaves_the_index_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = tmp_path / "ix"
    build(SAMPLE, index_dir, workers=0)
    before = files_of(index_dir)
    assert load_script("bench_translation_stage").main([str(index_dir), "--workers", "0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["links"], result["rejected"]) == (1, 0)  # 000-001, aligned again
    assert set(result) == {
        "seconds",
        "linking_seconds",
        "alignment_seconds",
        "lexicon_seconds",
        "cpu_seconds",
        "workers_cpu_seconds",
        "links",
        "rejected",
    }
    assert result["cpu_seconds"] > 0 and result["workers_cpu_seconds"] == 0  # --workers 0: no pool
    # One short pair aligns in a few milliseconds: the time is there, not necessarily above 0 ms.
    assert 0 <= result["linking_seconds"] + result["alignment_seconds"] <= result["seconds"] + 0.002  # each rounded
    assert files_of(index_dir) == before


@pytest.mark.parametrize(("args", "says"), [(["--workers", "-1"], "--workers: between"), ([], "holds no index")])
def test_a_bad_argument_is_a_usage_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        load_script("bench_translation_stage").main([str(tmp_path / "nothing"), *args])
    assert stop.value.code == 2 and says in capsys.readouterr().err
