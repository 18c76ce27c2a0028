"""Tests for scripts/bench_whole_build.py: Setu's whole build against Lucene's whole run, alternating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample"

whole = load_script("bench_whole_build")


def _round(lucene: float, setu: float, lucene_speed: float, setu_speed: float, peak: float) -> dict[str, float]:
    return {
        "lucene_whole_seconds": lucene,
        "setu_whole_seconds": setu,
        "lucene_docs_per_second": lucene_speed,
        "setu_indexing_docs_per_second": setu_speed,
        "setu_peak_rss_mb": peak,
    }


def test_the_ratios_are_those_of_each_sides_median_and_the_peak_is_the_highest() -> None:
    # One slow round on each side (a noisy minute) moves neither median.
    rounds = [_round(10, 40, 1000, 300, 400), _round(30, 50, 900, 350, 420), _round(12, 41, 1100, 310, 410)]
    m = whole.summarise(rounds)
    assert (m["lucene_whole_seconds"], m["setu_whole_seconds"]) == (12, 41)
    assert m["whole_build_ratio"] == round(12 / 41, 4)
    assert m["indexing_ratio"] == round(310 / 1000, 4)
    assert m["setu_peak_rss_mb"] == 420
    assert "whole_build_ratio_same_documents" not in m  # rounds run without the same-documents run


def test_the_same_documents_ratios_are_those_of_the_medians_too() -> None:
    rounds = [_round(10, 40, 1000, 300, 400), _round(30, 50, 900, 350, 420), _round(12, 41, 1100, 310, 410)]
    for r, same_seconds, same_speed in zip(rounds, (20, 60, 24), (500, 400, 450), strict=True):
        r["lucene_same_documents_whole_seconds"] = same_seconds
        r["lucene_same_documents_docs_per_second"] = same_speed
    m = whole.summarise(rounds)
    assert (m["whole_build_ratio"], m["indexing_ratio"]) == (round(12 / 41, 4), round(310 / 1000, 4))
    assert m["lucene_same_documents_whole_seconds"] == 24
    assert m["whole_build_ratio_same_documents"] == round(24 / 41, 4)
    assert m["indexing_ratio_same_documents"] == round(310 / 450, 4)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--rounds", "0"], "--rounds takes 1 or more"), (["--rounds", "1", "/nonexistent"], "is not a folder")],
)
def test_bad_arguments_say_what_to_change(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = args if "/nonexistent" in args else [*args, str(SAMPLE)]
    with pytest.raises(SystemExit):
        whole.main(argv)
    assert message in capsys.readouterr().err


def test_an_out_folder_that_cannot_be_made_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit):
        whole.main([str(SAMPLE), "--out", str(blocker / "scratch")])
    assert "give a folder that can be made or written" in capsys.readouterr().err


_MISSING = load_script("bench_lucene").missing_prerequisites()


@pytest.mark.skipif(_MISSING is not None, reason=f"Lucene harness cannot run: {_MISSING}")
def test_one_round_on_the_sample_reports_both_sides(tmp_path: Path) -> None:
    out = tmp_path / "whole.json"
    scratch = tmp_path / "not" / "made" / "yet"
    assert whole.main([str(SAMPLE), "--rounds", "1", "--workers", "0", "--out", str(scratch), "--json", str(out)]) == 0
    assert scratch.is_dir()  # made, and the indexes in it removed
    result = json.loads(out.read_text(encoding="utf-8"))
    (r,) = result["rounds"]
    assert r["lucene_whole_seconds"] > 0 and r["setu_whole_seconds"] > 0
    assert result["median"]["whole_build_ratio"] == round(r["lucene_whole_seconds"] / r["setu_whole_seconds"], 4)
    assert "publish" in json.dumps(r["setu_timeline"])
    # Lucene's equal-work run: one document per article, as Setu indexed, and the same sentences.
    assert r["lucene_same_documents_docs"] == r["setu_articles"] == r["lucene_docs"] == 5
    assert r["lucene_same_documents_sentences"] == r["setu_sentences"] > 0
    assert result["median"]["whole_build_ratio_same_documents"] == round(
        r["lucene_same_documents_whole_seconds"] / r["setu_whole_seconds"], 4
    )
    assert r["lucene_same_documents_index_mb"] > 0 and r["lucene_same_documents_cpu_seconds"] > 0


@pytest.mark.skipif(_MISSING is not None, reason=f"Lucene harness cannot run: {_MISSING}")
def test_keep_moves_the_last_setu_index_where_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept = tmp_path / "kept"
    assert whole.main([str(SAMPLE), "--rounds", "1", "--workers", "0", "--keep", str(kept)]) == 0
    assert (kept / "CURRENT").is_file()
    assert "same documents:" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # never over an existing folder
        whole.main([str(SAMPLE), "--rounds", "1", "--keep", str(kept)])
    assert "give a new folder" in capsys.readouterr().err


@pytest.mark.skipif(_MISSING is not None, reason=f"Lucene harness cannot run: {_MISSING}")
def test_no_same_documents_keeps_only_the_plain_ratios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "whole.json"
    assert whole.main([str(SAMPLE), "--rounds", "1", "--workers", "0", "--no-same-documents", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert not any("same_documents" in k for k in [*result["rounds"][0], *result["median"]])
    assert "whole_build_ratio" in result["median"] and "same documents" not in capsys.readouterr().out
