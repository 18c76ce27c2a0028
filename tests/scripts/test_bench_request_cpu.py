"""scripts/bench_request_cpu.py: the search benchmark's query mix, its CPU per request in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import load_script, tick_thread_time
from flask.json.provider import DefaultJSONProvider

from search.engine import Engine
from search.results import PassageResult, SearchResult

B = load_script("bench_request_cpu")


def test_every_query_of_the_mix_is_timed_on_this_threads_clock(
    sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tick_thread_time(monkeypatch, 3)  # each call costs 3 "seconds" of CPU
    out = tmp_path / "cpu.json"
    assert B.main([str(sample_index), "--rounds", "3", "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["kind"], r["params"]) for r in figures["queries"]] == [(k, p) for k, _path, p in B.QUERIES]
    assert {r["median_ms"] for r in figures["queries"]} == {3000.0}
    assert figures["sum_ms"] == 3000.0 * len(B.QUERIES)


def test_split_times_the_engine_call_to_dict_and_the_json_of_every_query(
    sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A clock that only the timed parts move: the Engine call costs 5 "seconds", to_dict 3, the JSON 1.
    clock = [0.0]
    monkeypatch.setattr(B.time, "thread_time", lambda: clock[0])

    def costing(method: Any, seconds: float) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            clock[0] += seconds
            return method(*args, **kwargs)

        return timed

    for owner, name, seconds in (
        (Engine, "search", 5),
        (Engine, "passages", 5),
        (SearchResult, "to_dict", 3),
        (PassageResult, "to_dict", 3),
        (DefaultJSONProvider, "dumps", 1),
    ):
        monkeypatch.setattr(owner, name, costing(getattr(owner, name), seconds))
    out = tmp_path / "cpu.json"
    assert B.main([str(sample_index), "--rounds", "2", "--split", "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    parts = [{k: r[k] for k in ("engine_ms", "to_dict_ms", "json_ms")} for r in figures["queries"]]
    assert parts == [{"engine_ms": 5000.0, "to_dict_ms": 3000.0, "json_ms": 1000.0}] * len(B.QUERIES)
    assert [figures[f"{part}_sum_ms"] for part in B.PARTS] == [n * len(B.QUERIES) for n in (5000.0, 3000.0, 1000.0)]


def test_a_request_that_fails_stops_the_run_with_its_reason(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(B, "QUERIES", [("bad", "/api/search", {"q": "x", "page": "0"})])
    with pytest.raises(SystemExit, match="answered 400"):
        B.request_cpu(sample_index, 1)


@pytest.mark.parametrize(("args", "says"), [(["--rounds", "0"], "--rounds"), ([], "holds no index")])
def test_bad_arguments_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        B.main([str(tmp_path), *args])
    assert stop.value.code == 2 and says in capsys.readouterr().err
