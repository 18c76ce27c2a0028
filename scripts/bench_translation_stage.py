#!/usr/bin/env python3
"""The build's translation stage alone, as a full build runs it, on an index already built.

Stage: tooling around index time.  Opens INDEX, hides its stored groups,
lexicon and bitext (so every pair is linked and aligned again, as in a full
build), runs :func:`index.pipeline.groups.update_groups` with ``--workers``
alignment workers, cancels the writer and removes the files it wrote: the
index is left as it was.  Prints the stage's wall seconds, linking,
alignment and lexicon seconds (preparing the bitext, learning the table,
storing it), the CPU seconds (user + system) of this process and of its
child processes during the stage (the alignment workers, and the child
that groups the repeats, index.pipeline.forked), the links and the
rejected candidates as JSON.
Run it under ``flock /tmp/setu-bench.lock``.

Usage:
    bench_translation_stage.py INDEX [--workers N]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

from index import open_index
from index.pipeline import groups, lexicon_step
from index.pipeline.builder import _writer


def stage_figures(index_dir: Path, workers: int) -> dict[str, object]:
    ix = open_index(index_dir, readonly=False)
    existing = {p for p in index_dir.rglob("*") if p.is_file()}
    writer = _writer(ix)
    # What a full build sees: no stored groups, lexicon or bitext.
    hidden = ExitStack()
    hidden.enter_context(mock.patch.object(groups, "_stored_groups", lambda reader: {}))
    hidden.enter_context(mock.patch.object(groups, "_has_groups", lambda reader: False))
    hidden.enter_context(mock.patch.object(lexicon_step, "stored_table", lambda reader: None))
    hidden.enter_context(mock.patch.object(lexicon_step, "stored_bitext", lambda reader: None))
    try:
        with ix.reader() as reader:
            started, cpu = time.perf_counter(), _cpu_seconds()
            report = groups.update_groups(writer, reader, {}, set(), workers)
            wall = time.perf_counter() - started
            own, workers_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu, strict=True))
    finally:
        writer.cancel()
        hidden.close()
        for path in index_dir.rglob("*"):  # the cancelled writer's segment files
            if path.is_file() and path not in existing:
                path.unlink()
    return {
        "seconds": round(wall, 3),
        "linking_seconds": round(report.linking_seconds, 3),
        "alignment_seconds": round(report.alignment_seconds, 3),
        "lexicon_seconds": round(report.lexicon.seconds, 3),
        "cpu_seconds": round(own, 3),
        "workers_cpu_seconds": round(workers_cpu, 3),
        "links": report.links_url + report.links_content,
        "rejected": report.rejected,
    }


def _cpu_seconds() -> tuple[float, float]:
    """User + system CPU seconds of this process, and of its ended child processes (the pool, forked steps)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--workers", type=int, default=1, help="alignment workers (the pool has one more)")
    args = parser.parse_args(argv)
    if not 0 <= args.workers <= 64:
        parser.error("--workers: between 0 and 64")
    if not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build one with `setu build CORPUS --index {args.index}`")
    print(json.dumps(stage_figures(args.index, args.workers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
