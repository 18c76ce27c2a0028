#!/usr/bin/env python3
"""The whole `setu build` against Lucene's whole run, alternating, medians of N rounds.

    python scripts/bench_whole_build.py CORPUS [--rounds 3] [--workers W] [--out DIR] [--json OUT] [--keep DIR]

What a user waits for is the whole build, spawn to exit; Lucene's harness
(scripts/lucene) is timed from JVM start to exit on the same files.  Each
round runs Lucene, then Setu, so a slow or a fast minute of a shared machine
moves both sides; the ratios are those of the medians.  Printed per round
and as medians:

- whole build: Lucene's whole run ÷ Setu's whole build (higher is better
  for Setu; issue 19's target is 0.30);
- indexing stage: Setu's articles per second without linking and alignment
  ÷ Lucene's in the JVM (the ``make bench`` ratio; target 0.40);
- Setu's peak memory (PSS of the process tree, sampled every 100 ms, and in which stage) and the CPU
  that other processes took during the rounds (the noise).

A benchmark, not a test: run it on a quiet machine, holding
``flock /tmp/setu-bench.lock`` if others share it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_index  # noqa: E402
import bench_lucene  # noqa: E402
from bench import machine_busy_seconds, own_cpu_seconds  # noqa: E402

Json = dict[str, Any]


def one_round(classpath: str, corpus: Path, work: Path, workers: int | None, keep: Path | None = None) -> Json:
    """Lucene's whole run, then Setu's whole build, on ``corpus``; both indexes removed after.

    With ``keep``, Setu's index is moved there instead (to serve or search
    it next without building it again).
    """
    lucene_dir, setu_dir = work / "lucene", work / "setu"
    try:
        lucene = bench_lucene.index_corpus(classpath, corpus, lucene_dir)
    finally:
        shutil.rmtree(lucene_dir, ignore_errors=True)
    try:
        setu = bench_index.build_figures(corpus, setu_dir, workers)
        if keep is not None:
            shutil.move(setu_dir, keep)
    finally:
        shutil.rmtree(setu_dir, ignore_errors=True)
    return {
        "lucene_whole_seconds": round(lucene.wall_seconds, 3),
        "lucene_docs_per_second": lucene.report["docs_per_s"],
        "setu_whole_seconds": setu["build_seconds"],
        "setu_indexing_docs_per_second": setu["indexing_docs_per_second"],
        "setu_peak_rss_mb": setu["peak_rss_mb"],
        # Where the peak falls: reading and indexing, or linking and alignment.
        "setu_peak_indexing_mb": setu["peak_indexing_mb"],
        "setu_peak_translations_mb": setu["peak_translations_mb"],
        "setu_linking_seconds": setu["linking_seconds"],
        "setu_alignment_seconds": setu["alignment_seconds"],
        "whole_build_ratio": round(lucene.wall_seconds / setu["build_seconds"], 4),
        "indexing_ratio": round(setu["indexing_docs_per_second"] / lucene.report["docs_per_s"], 4),
        "setu_timeline": setu["timeline"],
    }


def summarise(rounds: list[Json]) -> Json:
    """Medians of each side, and the ratios of the medians."""

    def median(key: str) -> float:
        return float(statistics.median(r[key] for r in rounds))

    lucene_whole, setu_whole = median("lucene_whole_seconds"), median("setu_whole_seconds")
    lucene_speed, setu_speed = median("lucene_docs_per_second"), median("setu_indexing_docs_per_second")
    return {
        "rounds": len(rounds),
        "lucene_whole_seconds": lucene_whole,
        "setu_whole_seconds": setu_whole,
        "whole_build_ratio": round(lucene_whole / setu_whole, 4),
        "lucene_docs_per_second": lucene_speed,
        "setu_indexing_docs_per_second": setu_speed,
        "indexing_ratio": round(setu_speed / lucene_speed, 4),
        "setu_peak_rss_mb": max(r["setu_peak_rss_mb"] for r in rounds),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (e.g. from scripts/make_corpus.py)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of each (default 3)")
    parser.add_argument("--workers", type=int, help="setu build --workers (default: its own)")
    parser.add_argument("--out", type=Path, help="scratch folder for the indexes (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the rounds and medians as JSON")
    parser.add_argument("--keep", type=Path, help="keep the last round's Setu index in this new folder")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds takes 1 or more")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder: give a corpus made by scripts/make_corpus.py")
    if args.keep is not None and args.keep.exists():
        parser.error(f"--keep {args.keep} exists: give a new folder (the index is moved there)")
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            parser.error(f"--out {args.out}: {exc.strerror}; give a folder that can be made or written")
    reason = bench_lucene.missing_prerequisites()
    if reason is not None:
        parser.error(f"Lucene's harness cannot run here: {reason}")
    classpath = bench_lucene.build()
    work = Path(tempfile.mkdtemp(prefix="setu-whole-build-", dir=args.out))
    busy, own, started = machine_busy_seconds(), own_cpu_seconds(), time.perf_counter()
    try:
        rounds = []
        for i in range(args.rounds):
            keep = args.keep if i == args.rounds - 1 else None
            rounds.append(one_round(classpath, args.corpus, work, args.workers, keep))
            r = rounds[-1]
            print(
                f"round {i + 1}: Lucene {r['lucene_whole_seconds']:.1f} s ({r['lucene_docs_per_second']:.0f} docs/s "
                f"in the JVM), Setu {r['setu_whole_seconds']:.1f} s ({r['setu_indexing_docs_per_second']:.0f} "
                f"docs/s indexing), whole {r['whole_build_ratio']:.3f}, indexing {r['indexing_ratio']:.3f}, "
                f"peak {r['setu_peak_rss_mb']:.0f} MB (indexing {r['setu_peak_indexing_mb']:.0f}, linking and "
                f"alignment {r['setu_peak_translations_mb']:.0f})",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - started
    after = machine_busy_seconds()
    other = None if busy is None or after is None else max(0.0, after - busy - (own_cpu_seconds() - own))
    result = {"corpus": str(args.corpus), "workers": args.workers, "rounds": rounds, "median": summarise(rounds)}
    result["other_processes_cpu_seconds"] = None if other is None else round(other, 1)
    result["wall_seconds"] = round(wall, 1)
    m = result["median"]
    print(
        f"median of {m['rounds']}: Lucene {m['lucene_whole_seconds']:.1f} s, Setu {m['setu_whole_seconds']:.1f} s: "
        f"whole build {m['whole_build_ratio']:.3f} (target ≥ 0.30); indexing stage {m['indexing_ratio']:.3f} "
        f"(target ≥ 0.40); Setu's peak {m['setu_peak_rss_mb']:.0f} MB; other processes took "
        f"{'?' if other is None else f'{other:.0f}'} CPU-seconds of {wall:.0f} s",
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
