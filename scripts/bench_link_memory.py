#!/usr/bin/env python3
"""The memory of reading the stored fingerprints and linking them, step by step, in one process.

Stage: tooling around index time.  Opens INDEX (built by ``setu build``),
reads every live article's stored fingerprint into a table as the build's
translation stage does (:func:`index.pipeline.groups._stored_fingerprints`),
then runs :func:`index.translation.linking.link` on it without an aligner
(content candidates are linked on their scores alone; the build aligns
them, in worker processes).  For each step -- ``read`` (the stored
fingerprints), ``table`` (``finish``: sorted into compact arrays),
``url groups``, ``duplicates``, ``feature matrix``, ``candidate pairs``,
``scores`` (each candidate's full score), ``links`` (mutual best) -- prints
its CPU seconds and the process's RSS after it and at its peak (sampled
every 2 ms by a thread: a long numpy call that holds the GIL can hide a
short peak), and with ``--trace`` the traced memory after it and at its
peak (``tracemalloc``, numpy's arrays included; it slows the run, so take
CPU seconds without it).  Then ``ru_maxrss``, the links, and a SHA-256 of
the scored candidates and of ``Linking.to_dict()`` (compare two checkouts'
outputs: same hashes, same linking).

Usage:
    bench_link_memory.py INDEX [--trace] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

from index import open_index
from index.pipeline import groups
from index.translation import linking

_MB = 1024 * 1024
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    with open("/proc/self/statm", "rb") as f:
        return int(f.read().split()[1]) * _PAGE


class _Sampler(threading.Thread):
    """The highest RSS seen since the last :meth:`reset`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = _rss()
        self.done = threading.Event()
        # Without it a sample taken before a reset could land after it: the step before's peak.
        self.lock = threading.Lock()

    def run(self) -> None:
        while not self.done.wait(0.002):
            with self.lock:
                self.peak = max(self.peak, _rss())

    def reset(self) -> int:
        with self.lock:
            peak, self.peak = max(self.peak, _rss()), _rss()
        return peak


class _Steps:
    """Each step's CPU seconds and memory, recorded as it ends."""

    def __init__(self, trace: bool) -> None:
        self.trace = trace
        self.rows: list[dict[str, Any]] = []
        self.sampler = _Sampler()
        self.sampler.start()
        self.cpu = time.process_time()

    def end(self, name: str) -> None:
        cpu = time.process_time()
        row: dict[str, Any] = {"step": name, "cpu_seconds": round(cpu - self.cpu, 3)}
        after = _rss()  # before the reset: the step's peak is at least what it ended at
        row["rss_peak_mb"] = round(max(self.sampler.reset(), after) / _MB, 1)
        row["rss_after_mb"] = round(after / _MB, 1)
        if self.trace:
            current, peak = tracemalloc.get_traced_memory()
            row["traced_peak_mb"], row["traced_after_mb"] = round(peak / _MB, 1), round(current / _MB, 1)
            tracemalloc.reset_peak()
        self.rows.append(row)
        self.cpu = time.process_time()

    def wrap(self, name: str, fn: Callable[..., Any], before: str | None = None) -> Callable[..., Any]:
        """``fn`` ending step ``name`` when it returns (and step ``before`` when it is called)."""

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if before is not None:
                self.end(before)
            out = fn(*args, **kwargs)
            self.end(name)
            return out

        return wrapped


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@contextlib.contextmanager
def _instrumented(steps: _Steps, scored: dict[str, Any]) -> Iterator[None]:
    content_links = linking._Linker.content_links

    def judged(
        self: Any, scores: dict[tuple[int, int], float], threshold: float, passage_only: Callable[[int, int], bool]
    ) -> None:
        steps.end("scores")
        ids = self.ids
        scored["candidates"] = len(scores)
        scored["sha256"] = _digest(sorted([ids[i], ids[j], s] for (i, j), s in scores.items()))
        content_links(self, scores, threshold, passage_only)
        steps.end("links")

    with contextlib.ExitStack() as stack:
        for name, step in (
            ("url_groups", "url groups"),
            ("content_duplicates", "duplicates"),
            ("feature_matrix", "feature matrix"),
            ("candidate_pairs", "candidate pairs"),
        ):
            stack.enter_context(mock.patch.object(linking, name, steps.wrap(step, getattr(linking, name))))
        stack.enter_context(mock.patch.object(linking._Linker, "content_links", judged))
        yield


def link_memory(index_dir: Path, trace: bool) -> dict[str, Any]:
    """The figures of one run (see the module docstring)."""
    if trace:
        tracemalloc.start()
    steps = _Steps(trace)
    scored: dict[str, Any] = {}
    try:
        ix = open_index(index_dir)
        with ix.reader() as reader:
            builder = groups._stored_fingerprints(reader, skip=set())
            steps.end("read")
            table = builder.finish()
            del builder
            steps.end("table")
            with _instrumented(steps, scored):
                result = linking.link(table)
    finally:  # the sampler and tracing stop with the run, whatever happened (a caller's process goes on)
        steps.sampler.done.set()
        steps.sampler.join()
        if trace:
            tracemalloc.stop()
    return {
        "articles": len(table),
        "steps": steps.rows,
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "links": len(result.links),
        "candidate_pairs": result.stats.candidate_pairs,
        "scored": scored.get("candidates", 0),
        "scores_sha256": scored.get("sha256"),
        "linking_sha256": _digest(result.to_dict()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--trace", action="store_true", help="tracemalloc's figures too (slower)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build one with `setu build CORPUS --index {args.index}`")
    figures = link_memory(args.index, args.trace)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
