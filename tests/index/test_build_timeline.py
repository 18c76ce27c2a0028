"""The build's wall-clock timeline: every phase, in order, in the report, the JSON and the summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE

from index import build
from index.pipeline.timeline import Timeline, process_age_seconds

SETU = str(Path(sys.executable).parent / "setu")
GROUPS = ["link", "align", "learn lexicon", "store groups"]
FULL = ["list and plan", "read, parse and write", "commit", *GROUPS, "publish"]
UPDATE = ["list and plan", "read, parse and write", *GROUPS, "commit"]


@pytest.mark.parametrize("workers", [0, 1])
def test_a_full_build_times_every_phase_in_order(tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.pipeline.builder.PARALLEL_MIN_FILES", 1)  # the sample's 5 files on 2 processes
    report = build(SAMPLE, tmp_path / "ix", workers=workers)
    phases = report.timeline.phases
    assert list(phases) == FULL
    assert all(seconds >= 0 for seconds in phases.values())
    assert sum(phases.values()) <= report.seconds
    t = report.translations
    assert (phases["link"], phases["align"], phases["learn lexicon"]) == (
        t.linking_seconds,
        t.alignment_seconds,
        t.lexicon.seconds,
    )
    work = report.timeline.work
    assert list(work) == ["read and parse", "write"]
    assert work["read and parse"] > 0 and work["write"] > 0
    assert report.to_dict()["timeline"]["phases"][0] == {"phase": "list and plan", "seconds": round(phases[FULL[0]], 3)}


def test_an_update_times_its_phases(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    build(corpus, tmp_path / "ix", workers=0)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nনতুন অনুচ্ছেদ।\n", encoding="utf-8")
    report = build(corpus, tmp_path / "ix", workers=0)
    assert (report.mode, len(report.updated), list(report.timeline.phases)) == ("incremental", 1, UPDATE)
    nothing = build(corpus, tmp_path / "ix", workers=0)
    assert list(nothing.timeline.phases) == ["list and plan"]


def test_the_start_up_comes_first() -> None:
    timeline = Timeline()
    timeline.add("list and plan", 0.5)
    timeline.add("read, parse and write", 2.0)
    timeline.add("read, parse and write", 1.0)  # a phase entered twice adds up
    timeline.first("start-up", 0.25)
    assert timeline.phases == {"start-up": 0.25, "list and plan": 0.5, "read, parse and write": 3.0}
    assert list(timeline.phases) == ["start-up", "list and plan", "read, parse and write"]


def test_setu_build_reports_its_start_up_and_prints_the_timeline(tmp_path: Path) -> None:
    done = subprocess.run(
        [SETU, "build", str(SAMPLE), "--index", str(tmp_path / "ix"), "--json", "--workers", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    phases = json.loads(done.stdout)["timeline"]["phases"]
    assert [p["phase"] for p in phases] == ["start-up", *FULL]
    assert 0 < phases[0]["seconds"] < 60  # the interpreter and imports, not the machine's uptime
    assert "  timeline: start-up " in done.stderr and ", publish " in done.stderr
    assert "  in the writers, summed over processes: read and parse " in done.stderr


def test_process_age_is_this_process_s() -> None:
    age = process_age_seconds()
    assert age is not None and 0 < age < 24 * 3600
