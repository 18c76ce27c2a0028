#!/usr/bin/env python3
"""Sentence alignment alone: time it on an index's linked pairs, against another version of align.py.

    python scripts/bench_align.py --index DIR [--pairs 250] [--rounds 3] [--against OLD_ALIGN_PY]

Reads the first ``--pairs`` linked pairs stored in the index (their
sentences and caption flags, as the build hands them to the alignment
workers), aligns them all once with each version to warm the per-token
caches and to compare the answers (beads and scores rounded as stored),
then times ``--rounds`` runs of each, alternating, in this one process.
``--against`` is an older ``index/translation/align.py``, e.g. from
``git show COMMIT:index/translation/align.py > /tmp/align_old.py``; it is
loaded as a module of ``index.translation``, so it must fit the current
package.  Without it, only the current version is timed.  Exits 1 when the
two versions' answers differ.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import index.translation.align as current  # noqa: E402
from index import open_index  # noqa: E402
from index.pipeline import groups  # noqa: E402

Task = tuple[list[str], list[str], list[bool], list[bool]]


def load_version(path: Path) -> ModuleType:
    name = "index.translation._align_under_test"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def linked_pairs(index_dir: Path, limit: int) -> list[Task]:
    reader = open_index(index_dir, readonly=True).reader()
    try:
        links = [(x["a"], x["b"]) for g in groups._stored_groups(reader).values() for x in g["links"]][:limit]

        def sentences(doc_id: str) -> tuple[list[str], list[bool]]:
            return groups._sentences(reader.stored_fields(reader.first_id("uid", f"a:{doc_id}")))

        tasks = []
        for a, b in links:
            (sa, ca), (sb, cb) = sentences(a), sentences(b)
            tasks.append((sa, sb, ca, cb))
        return tasks
    finally:
        reader.close()


def run(module: Any, tasks: list[Task]) -> list[list[tuple[tuple[int, ...], tuple[int, ...], float]]]:
    return [
        [(b.src, b.tgt, round(b.score, 4)) for b in module.align(s, t, src_captions=cs, tgt_captions=ct)]
        for s, t, cs, ct in tasks
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index built by setu build")
    parser.add_argument("--pairs", type=int, default=250, help="linked pairs to align (default 250)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each version (default 3)")
    parser.add_argument("--against", type=Path, help="another version of index/translation/align.py")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").exists():
        parser.error(f"{args.index} holds no index")
    tasks = linked_pairs(args.index, args.pairs)
    if not tasks:
        parser.error(f"{args.index} has no linked pairs")
    versions: dict[str, Any] = {"current": current}
    if args.against:
        versions = {"against": load_version(args.against), **versions}
    answers = {name: run(module, tasks) for name, module in versions.items()}
    differ = 0
    if args.against:
        differ = sum(a != b for a, b in zip(answers["against"], answers["current"], strict=True))
    times: dict[str, list[float]] = {name: [] for name in versions}
    for _ in range(args.rounds):
        for name, module in versions.items():
            started = time.perf_counter()
            run(module, tasks)
            times[name].append(time.perf_counter() - started)
    print(f"{len(tasks)} pairs" + (f", {differ} aligned differently" if args.against else ""))
    for name, values in times.items():
        if values:
            median = statistics.median(values)
            runs = ", ".join(f"{v:.2f}" for v in values)
            print(f"{name:>8}: median {median:.2f} s ({1000 * median / len(tasks):.1f} ms a pair); runs {runs}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
