#!/usr/bin/env python3
"""Time searches typed in Latin letters in-process: warm medians, one line of figures.

    python scripts/bench_latin.py INDEX_DIR [--rounds N] [--json OUT]

Stage: tooling, query time.  Words typed in Latin letters match the
Bengali and Hindi words through their phonetic keys, and a run of them
("Ho Chi Minh") through the keys in a row (``ha ka man``), whose words can
be among the commonest keys of the index.  Each query runs once to warm,
then ``--rounds`` times; the median is printed in milliseconds (wall
clock, or with ``--cpu`` the process's CPU time, which other work on a
shared machine disturbs less).  To compare
two checkouts, run it from each in turn on the same index (``PYTHONPATH=CHECKOUT
python CHECKOUT/scripts/bench_latin.py IX``), alternating, and take the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from search import Engine, SearchRequest

QUERIES = ('"Ho Chi Minh"', "Ho Chi Minh", "Nguyen Van", "digital", "Mekong", "Can Tho")


def timed(engine: Engine, q: str, rounds: int, clock: Callable[[], float] = time.perf_counter) -> tuple[float, int]:
    """The median of ``rounds`` warm searches in ms, and the number of hits."""
    total = engine.search(SearchRequest.create(q)).total
    times = []
    for _ in range(rounds):
        started = clock()
        engine.search(SearchRequest.create(q))
        times.append((clock() - started) * 1000)
    return statistics.median(times), total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path, help="an index built by setu build")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--cpu", action="store_true", help="time this process's CPU (time.process_time): steadier on a shared machine"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    engine = Engine(args.index)
    engine.warm()
    figures = {}
    for q in QUERIES:
        ms, total = timed(engine, q, args.rounds, time.process_time if args.cpu else time.perf_counter)
        figures[q] = {"median_ms": round(ms, 1), "hits": total}
    print("  ".join(f"{q}: {f['median_ms']} ms ({f['hits']} hits)" for q, f in figures.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
