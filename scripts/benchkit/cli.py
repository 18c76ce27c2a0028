"""``python scripts/bench.py``'s options and main loop: each size in turn, report.json after each, the table last."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchkit.machine import loadavg, machine_info
from benchkit.run import bench_size
from benchkit.table import table
from benchkit.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]
# --help's description: the first line of scripts/bench.py's docstring.
DESCRIPTION = "The whole benchmark in one run: Setu's build, update, start and search, side by side with Lucene 8."
Json = dict[str, Any]


def _worker_counts(text: str) -> list[int | None]:
    try:
        counts = [int(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: whole numbers separated by commas, e.g. 0,1,2") from None
    if not counts or min(counts) < 0 or max(counts) > 64:
        raise argparse.ArgumentTypeError(f"{text!r}: worker counts between 0 and 64")
    return list(counts)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes in articles (default 10000,100000)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench", help="report and corpus cache folder")
    parser.add_argument("--seed", type=int, default=1, help="make_corpus.py seed (default 1)")
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds of the query mix (default 20)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput (default 8)")
    parser.add_argument("--seconds", type=float, default=20.0, help="throughput duration (default 20)")
    parser.add_argument("--cold-starts", type=int, default=3, help="fresh servers timed (default 3)")
    parser.add_argument(
        "--serve-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="setu serve --workers for the load, beside one process (default: the number of cores)",
    )
    parser.add_argument("--load-rounds", type=int, default=2, help="load runs of each server, alternating (default 2)")
    parser.add_argument(
        "--workers",
        type=_worker_counts,
        default=[None],
        help="setu build --workers, or several comma-separated (0,1,2): a full build with each, in turn; "
        "the last one's index is searched and updated (default: setu build's own)",
    )
    parser.add_argument("--lucene", action=argparse.BooleanOptionalAction, default=True, help="run Lucene too")
    parser.add_argument("--lucene-rounds", type=int, default=200, help="Lucene's timed rounds (default 200)")
    parser.add_argument(
        "--lucene-index-rounds",
        type=int,
        default=3,
        help="Lucene indexing runs, one before Setu's build and the rest after; the median counts (default 3)",
    )
    parser.add_argument(
        "--lucene-same-documents",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="one more Lucene run indexing the documents Setu writes, for the *_same_documents ratios (default yes)",
    )
    parser.add_argument("--lucene-warmup", type=int, default=1000, help="Lucene's untimed rounds (default 1000)")
    parser.add_argument(
        "--lucene-store-body",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Lucene stores the text, as Setu does (default yes)",
    )
    parser.add_argument(
        "--unrelated",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build an unrelated corpus of each size too and count its (false) translation links (default yes)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the indexes under OUT/work")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes: comma-separated article counts")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes: at least one size, each at least 1")
    if args.lucene_index_rounds < 1:
        parser.error("--lucene-index-rounds at least 1")
    if args.rounds < 1 or args.cold_starts < 1 or not 1 <= args.clients <= 64 or not 1 <= args.seconds <= 3600:
        parser.error("--rounds and --cold-starts at least 1, --clients 1-64, --seconds 1-3600")
    args.out = args.out.resolve()
    return args


def write_report(report: Json, out: Path) -> None:
    tmp = out / "report.json.tmp"
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / "report.json")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: Json = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "complete": False,
        "command": [sys.executable, *sys.argv],
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {**machine_info(), "loadavg_before": loadavg()},
        "targets": [vars(t) for t in TARGETS],
        "runs": [],
    }
    for size in args.sizes:
        report["runs"].append(bench_size(size, args))
        write_report(report, args.out)  # a long run keeps what it has measured
    report.update(complete=True, loadavg_after=loadavg(), seconds=round(time.perf_counter() - started, 1))
    write_report(report, args.out)
    text = table(report)
    (args.out / "report.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nreport: {args.out / 'report.json'}")
    failed = sum(
        run["latency"]["errors"] + run["throughput"]["errors"] + (run["throughput"].get("server_exit") is not None)
        for run in report["runs"]
    )
    return 1 if failed else 0
