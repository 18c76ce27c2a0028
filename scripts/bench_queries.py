#!/usr/bin/env python3
"""In-process query timings: the first run of each query (nothing cached) and its repeats.

    python scripts/bench_queries.py --index DIR [--repeats 5]

Opens the index with the same Engine the server uses and runs each query of
scripts/bench_search.py's mix once, then ``--repeats`` more times.  The first
run shows what a query costs before the per-generation cache of passage
sentences holds it; the repeats what it costs after.
No HTTP, no server: the search function alone.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from bench_search import QUERIES  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from search.engine import Engine  # noqa: E402
from webui.params import request_from_args  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index built by setu build")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        parser.error(f"{args.index} holds no index: build one with setu build")
    engine = Engine(args.index)
    started = time.perf_counter()
    engine.warm()
    print(f"open and warm: {(time.perf_counter() - started) * 1000:.0f} ms")
    print(f"{'kind':<16} {'query':<24} {'hits':>7} {'first ms':>9} {'repeat ms':>10}")
    for kind, path, params in QUERIES:
        request = request_from_args(MultiDict(params))  # as /api/search reads them
        q = request.q or f"parallel_q={request.parallel_q}"
        run = engine.passages if path == "/api/passages" else engine.search
        times = []
        for _ in range(1 + max(1, args.repeats)):
            t = time.perf_counter()
            result = run(request)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{kind:<16} {q[:24]:<24} {result.total:>7} {times[0]:>9.1f} {statistics.median(times[1:]):>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
