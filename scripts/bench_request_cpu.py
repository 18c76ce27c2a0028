#!/usr/bin/env python3
"""The CPU one request of the search benchmark's mix costs, in-process, per query and in all.

    python scripts/bench_request_cpu.py INDEX_DIR [--rounds N] [--json OUT]

Stage: tooling, query time.  Sends the query mix of scripts/bench_search.py
(``QUERIES``: the kinds ``make bench`` times through a server) to the Flask
app through its test client, in one thread, with no server and no socket:
each query twice to warm, then ``--rounds`` times, timing this thread's CPU
(``time.thread_time``), which other work on a shared machine disturbs
little.  Prints the median per query and their sum, i.e. what one core
would answer per second if it did nothing else.  To compare two checkouts,
run it from each in turn on the same index (``PYTHONPATH=CHECKOUT python
CHECKOUT/scripts/bench_request_cpu.py IX``), alternating, and take the medians
of the sums.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES  # noqa: E402

from webui.app import create_app  # noqa: E402


def request_cpu(index_dir: Path, rounds: int) -> dict[str, object]:
    """Median CPU milliseconds per query of the mix, and their sum."""
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    paths = [f"{path}?{urlencode(params)}" for _kind, path, params in QUERIES]
    for path in paths * 2:
        answer = client.get(path)
        if answer.status_code != 200:
            raise SystemExit(f"{path} answered {answer.status_code}: is {index_dir} an index of the generated corpus?")
    times: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for n, path in enumerate(paths):
            started = time.thread_time()
            client.get(path)
            times[n].append((time.thread_time() - started) * 1000)
    medians = [round(statistics.median(t), 2) for t in times]
    rows = [
        {"kind": kind, "params": params, "median_ms": ms}
        for (kind, _path, params), ms in zip(QUERIES, medians, strict=True)
    ]
    total = sum(medians)
    per_core = round(1000 * len(rows) / total, 1) if total else None
    return {"rounds": rounds, "queries": rows, "sum_ms": round(total, 1), "per_core_rps": per_core}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path, help="an index built by setu build")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 1000:
        parser.error("--rounds: between 1 and 1000")
    if not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build one with `setu build CORPUS --index {args.index}`")
    figures = request_cpu(args.index, args.rounds)
    for row in figures["queries"]:  # type: ignore[attr-defined]
        print(f"{row['kind']:<28} {json.dumps(row['params'], ensure_ascii=False)[:48]:<50} {row['median_ms']:>8} ms")
    print(f"sum of medians {figures['sum_ms']} ms: {figures['per_core_rps']} requests/s on one core")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
