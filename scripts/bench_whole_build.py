#!/usr/bin/env python3
"""The whole `setu build` against Lucene's whole run, alternating, medians of N rounds.

    python scripts/bench_whole_build.py CORPUS [--rounds 3] [--workers W] [--out DIR] [--json OUT] [--keep DIR]
                                        [--no-same-documents]

What a user waits for is the whole build, spawn to exit; Lucene's harness
(scripts/lucene) is timed from JVM start to exit on the same files.  Each
round runs Lucene (its plain run, then its same-documents run), then Setu,
so a slow or a fast minute of a shared machine moves every side; the ratios
are those of the medians.  Printed per round and as medians:

- whole build: Lucene's whole run ÷ Setu's whole build (higher is better
  for Setu; issue 19's target is 0.30);
- indexing stage: Setu's articles per second without linking and alignment
  ÷ Lucene's in the JVM (the ``make bench`` ratio; target 0.40);
- the same two ratios against Lucene indexing the documents Setu writes
  (``--same-documents``: exact, stemmed and key fields with positions, the
  text and sentence ranges stored; ``*_same_documents`` keys), with the
  documents and sentences each side indexed: how much of the gap is Setu
  doing more work.  Lucene still does no extraction, language
  identification, fingerprints, linking or alignment;
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
from benchkit.machine import machine_busy_seconds, own_cpu_seconds  # noqa: E402

Json = dict[str, Any]


def one_round(
    classpath: str,
    corpus: Path,
    work: Path,
    workers: int | None,
    keep: Path | None = None,
    same_documents: bool = True,
) -> Json:
    """Lucene's whole run(s), then Setu's whole build, on ``corpus``; the indexes removed after.

    With ``keep``, Setu's index is moved there instead (to serve or search
    it next without building it again).  With ``same_documents``, Lucene
    also indexes the documents Setu writes, in its own run and index.
    """
    lucene_dir, same_dir, setu_dir = work / "lucene", work / "lucene-same", work / "setu"
    try:
        lucene = bench_lucene.index_corpus(classpath, corpus, lucene_dir)
    finally:
        shutil.rmtree(lucene_dir, ignore_errors=True)
    same = None
    if same_documents:
        try:
            same = bench_lucene.index_corpus(classpath, corpus, same_dir, same_documents=True)
        finally:
            shutil.rmtree(same_dir, ignore_errors=True)
    try:
        setu = bench_index.build_figures(corpus, setu_dir, workers)
        if keep is not None:
            shutil.move(setu_dir, keep)
    finally:
        shutil.rmtree(setu_dir, ignore_errors=True)
    result = {
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
        # What each side indexed: Lucene's plain run one document per file, Setu one per article.
        "lucene_docs": lucene.report["docs"],
        "lucene_cpu_seconds": lucene.cpu_seconds,
        "setu_articles": setu["articles"],
        "setu_sentences": setu["sentences"],
        "setu_index_mb": setu["index_mb"],
    }
    if same is not None:
        r = same.report
        result |= {
            "lucene_same_documents_whole_seconds": round(same.wall_seconds, 3),
            "lucene_same_documents_docs_per_second": r["docs_per_s"],
            "lucene_same_documents_cpu_seconds": same.cpu_seconds,
            "lucene_same_documents_peak_rss_mb": same.peak_rss_mb,
            # The documents in the committed index, read back, and the sentences it split.
            "lucene_same_documents_docs": r["index_docs"],
            "lucene_same_documents_sentences": r["sentences"],
            "lucene_same_documents_index_mb": round(r["index_bytes"] / 1e6, 2),
            "whole_build_ratio_same_documents": round(same.wall_seconds / setu["build_seconds"], 4),
            "indexing_ratio_same_documents": round(setu["indexing_docs_per_second"] / r["docs_per_s"], 4),
        }
    return result


def summarise(rounds: list[Json]) -> Json:
    """Medians of each side, and the ratios of the medians."""

    def median(key: str) -> float:
        return float(statistics.median(r[key] for r in rounds))

    lucene_whole, setu_whole = median("lucene_whole_seconds"), median("setu_whole_seconds")
    lucene_speed, setu_speed = median("lucene_docs_per_second"), median("setu_indexing_docs_per_second")
    summary = {
        "rounds": len(rounds),
        "lucene_whole_seconds": lucene_whole,
        "setu_whole_seconds": setu_whole,
        "whole_build_ratio": round(lucene_whole / setu_whole, 4),
        "lucene_docs_per_second": lucene_speed,
        "setu_indexing_docs_per_second": setu_speed,
        "indexing_ratio": round(setu_speed / lucene_speed, 4),
        "setu_peak_rss_mb": max(r["setu_peak_rss_mb"] for r in rounds),
    }
    if all("lucene_same_documents_whole_seconds" in r for r in rounds):
        same_whole, same_speed = (
            median("lucene_same_documents_whole_seconds"),
            median("lucene_same_documents_docs_per_second"),
        )
        summary |= {
            "lucene_same_documents_whole_seconds": same_whole,
            "lucene_same_documents_docs_per_second": same_speed,
            "whole_build_ratio_same_documents": round(same_whole / setu_whole, 4),
            "indexing_ratio_same_documents": round(setu_speed / same_speed, 4),
        }
    return summary


def _print_round(number: int, r: Json) -> None:
    print(
        f"round {number}: Lucene {r['lucene_whole_seconds']:.1f} s ({r['lucene_docs_per_second']:.0f} docs/s "
        f"in the JVM), Setu {r['setu_whole_seconds']:.1f} s ({r['setu_indexing_docs_per_second']:.0f} "
        f"docs/s indexing), whole {r['whole_build_ratio']:.3f}, indexing {r['indexing_ratio']:.3f}, "
        f"peak {r['setu_peak_rss_mb']:.0f} MB (indexing {r['setu_peak_indexing_mb']:.0f}, linking and "
        f"alignment {r['setu_peak_translations_mb']:.0f})",
        flush=True,
    )
    if "whole_build_ratio_same_documents" in r:
        print(
            f"  same documents: Lucene {r['lucene_same_documents_whole_seconds']:.1f} s "
            f"({r['lucene_same_documents_docs_per_second']:.0f} docs/s in the JVM; "
            f"{r['lucene_same_documents_docs']} documents, {r['lucene_same_documents_sentences']} sentences; "
            f"Setu {r['setu_articles']}, {r['setu_sentences']}), whole "
            f"{r['whole_build_ratio_same_documents']:.3f}, indexing {r['indexing_ratio_same_documents']:.3f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (e.g. from scripts/make_corpus.py)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of each (default 3)")
    parser.add_argument("--workers", type=int, help="setu build --workers (default: its own)")
    parser.add_argument("--out", type=Path, help="scratch folder for the indexes (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the rounds and medians as JSON")
    parser.add_argument("--keep", type=Path, help="keep the last round's Setu index in this new folder")
    parser.add_argument(
        "--no-same-documents",
        dest="same_documents",
        action="store_false",
        help="skip Lucene's run on the documents Setu writes (and the *_same_documents ratios)",
    )
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
            rounds.append(one_round(classpath, args.corpus, work, args.workers, keep, args.same_documents))
            _print_round(i + 1, rounds[-1])
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
    if "whole_build_ratio_same_documents" in m:
        print(
            f"against Lucene indexing Setu's documents ({m['lucene_same_documents_whole_seconds']:.1f} s): whole build "
            f"{m['whole_build_ratio_same_documents']:.3f}, indexing stage {m['indexing_ratio_same_documents']:.3f}",
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
