"""scripts/bench_filtered_search.py: filtered sentence-level calls, their CPU and their answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script, tick_thread_time

B = load_script("bench_filtered_search")


def test_every_call_is_timed_on_this_threads_clock_and_answered(
    sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tick_thread_time(monkeypatch, 3)  # each call costs 3 "seconds" of CPU
    out, answers = tmp_path / "cpu.json", tmp_path / "answers.json"
    assert B.main([str(sample_index), "--rounds", "2", "--json", str(out), "--answers", str(answers)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    n = (len(B.QUERIES) * 5 + 2) * 4  # five filter sets per query and two empty queries, four calls each
    assert len(figures["calls"]) == n
    assert {r["median_ms"] for r in figures["calls"]} == {3000.0}
    assert figures["sum_ms"] == 3000.0 * n
    given = json.loads(answers.read_text(encoding="utf-8"))
    assert [(a["call"], a["q"]) for a in given] == [(r["call"], r["q"]) for r in figures["calls"]]
    # The filters reach the answers: a language filter keeps its language's sentences only.
    hindi = [a for a in given if a["filters"] == {"lang": ["hi"]} and a["call"] == "passages"]
    assert hindi and all(h["lang"] == "hi" for a in hindi for h in a["answer"].get("hits", []))
    assert any(a["answer"].get("hits") for a in hindi)


def test_rounds_below_one_is_a_usage_error(sample_index: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        B.main([str(sample_index), "--rounds", "0"])
    assert exc.value.code == 2


def test_the_facet_word_mix_runs_every_call_and_its_facet_words_reach_the_answers(
    sample_index: Path, tmp_path: Path
) -> None:
    out, answers = tmp_path / "cpu.json", tmp_path / "answers.json"
    argv = [str(sample_index), "--mix", "facet-words", "--rounds", "1", "--json", str(out), "--answers", str(answers)]
    assert B.main(argv) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["mix"] == "facet-words"
    assert len(figures["calls"]) == 8 * 2 * 5  # eight queries, with and without a filter, five calls each
    given = json.loads(answers.read_text(encoding="utf-8"))
    # lang:bn inside the query keeps Bengali sentences only.
    bengali = [a for a in given if a["q"] == "প্রকল্প lang:bn" and a["call"] == "passages"]
    assert bengali and all(h["lang"] == "bn" for a in bengali for h in a["answer"].get("hits", []))
    tables = [a for a in given if a["call"] in ("collocations", "frequencies")]
    assert tables and all("rows" in a["answer"] or "error" in a["answer"] for a in tables)
