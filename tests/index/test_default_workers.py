"""`setu build`'s default number of workers: cores - 1, fewer when memory is short."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE

from index import build
from index.pipeline import builder, workers


@pytest.mark.parametrize(
    ("cores", "available_mb", "expected"),
    [
        (2, 20_000.0, 1),
        (8, 20_000.0, 7),  # every core writes (N + 1 processes)
        (32, 20_000.0, 31),  # 32 writers of 600 MB fit in 20 GB
        (8, 3 * workers.WRITER_PEAK_MB + 1.0, 2),  # memory for three writers only
        (8, 100.0, 0),  # not even one more: all in the builder
        (1, 20_000.0, 0),
        (8, None, 7),  # memory unknown: cores alone
    ],
)
def test_default_workers(
    monkeypatch: pytest.MonkeyPatch, cores: int, available_mb: float | None, expected: int
) -> None:
    monkeypatch.setattr(workers, "usable_cores", lambda: cores)
    monkeypatch.setattr(workers, "_available_mb", lambda: available_mb)
    assert workers.default_workers() == expected


def test_this_machine_has_its_cores_and_memory() -> None:
    available = workers._available_mb()
    assert workers.usable_cores() >= 1
    assert available is None or available > 0


def test_a_build_without_workers_given_takes_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = builder.write_in_processes

    def spy(ix: Any, chunks: Any, procs: int, on_chunk: Any, timeline: Any) -> list[Any]:
        seen.append(procs)
        return real(ix, chunks, procs, on_chunk, timeline)

    monkeypatch.setattr(builder, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(builder, "default_workers", lambda: 2)
    monkeypatch.setattr(builder, "write_in_processes", spy)
    report = build(SAMPLE, tmp_path / "ix")
    assert (report.articles, seen) == (5, [3])  # 2 workers: 3 processes write
