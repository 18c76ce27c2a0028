#!/usr/bin/env python3
"""The journalists' desk at scale: the trend's latency, folding's cost, repeat detection's share of the build.

    python scripts/bench_desk.py --index DIR [--rounds 20] [--sample 2000] [--json OUT]

On an index that ``setu build`` made (its ``last-build.json`` is read):

1. ``/api/trend`` through a running ``setu serve`` on loopback: the
   /api/search queries of the benchmark mix (scripts/bench_search.py), each
   as a trend by month, and the empty query by week and by year; two untimed
   rounds, then ``--rounds`` timed ones; median and p95.
2. folding: the same /api/search queries with ``collapse=true`` (folding
   repeats, the default) and ``collapse=false`` (the search as it was before
   folding existed), alternated request by request and the order swapped
   every round, so a noisy minute hurts both; p95 of each and their ratio.
3. repeat detection's share of the build: the build's own ``repeats_seconds``
   (grouping and storing) plus the word MinHash the fingerprints carry, timed
   here on ``--sample`` articles of the index and scaled to all of them (CPU
   seconds, counted as if the build's workers ran them one after another: an
   upper bound), over the build's wall time.

``scripts/bench.py`` runs the same on every size it builds (``make bench``).
A benchmark, not a test: run it on a quiet machine, under the shared lock.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import bench_search  # noqa: E402

Json = dict[str, Any]

SEARCHES = [params for _kind, path, params in bench_search.QUERIES if path == "/api/search"]
TRENDS = [{**p, "interval": "month"} for p in SEARCHES] + [{"q": "", "interval": "week"}, {"q": "", "interval": "year"}]


def _summary(values: list[float]) -> Json:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(bench_search.percentile(values, 95), 2),
    }


def latencies(index_dir: Path, rounds: int) -> Json:
    """Trend latency, and search latency with folding on and off, from one server."""
    port = bench_search.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [bench_search.SETU, "serve", "--index", str(index_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    trend: list[float] = []
    folded: dict[str, list[float]] = {"on": [], "off": []}
    errors = 0
    try:
        bench_search.wait_until_up(server, base)
        for _ in range(2):  # warm-up: the generation's arrays, the page cache
            for params in TRENDS:
                bench_search.fetch(base, "/api/trend", params)
            for params in SEARCHES:
                for collapse in ("true", "false"):
                    bench_search.fetch(base, "/api/search", {**params, "collapse": collapse})
        for r in range(rounds):
            for params in TRENDS:
                ms, status = bench_search.fetch(base, "/api/trend", params)
                errors += status != 200
                trend.append(ms)
            order = ("on", "off") if r % 2 == 0 else ("off", "on")
            for params in SEARCHES:
                for which in order:
                    collapse = "true" if which == "on" else "false"
                    ms, status = bench_search.fetch(base, "/api/search", {**params, "collapse": collapse})
                    errors += status != 200
                    folded[which].append(ms)
    finally:
        server.terminate()
        server.wait(timeout=30)
    on, off = _summary(folded["on"]), _summary(folded["off"])
    return {
        "rounds": rounds,
        "errors": errors,
        "trend": _summary(trend),
        "search_folding_on": on,
        "search_folding_off": off,
        "folding_p95_ratio": round(on["p95_ms"] / off["p95_ms"], 3) if off["p95_ms"] else None,
    }


def shingle_seconds(index_dir: Path, sample: int) -> Json:
    """CPU seconds of the word MinHash for every article, from a timed sample of them."""
    from index import open_index
    from index.analysis.analyzers import analyze_columns
    from index.storage.columns import live_documents
    from index.storage.documents import from_stored
    from index.translation.fingerprint import word_shingles

    with open_index(index_dir).reader() as reader:
        articles = live_documents(reader).tolist()
        step = max(1, len(articles) // sample)
        chosen = articles[::step][:sample]
        terms = [analyze_columns(from_stored(reader.stored_fields(d)).body()).terms for d in chosen]
    started = time.process_time()
    for t in terms:
        word_shingles(t)
    spent = time.process_time() - started
    per_article = spent / max(1, len(terms))
    return {
        "sampled": len(terms),
        "articles": len(articles),
        "per_article_ms": round(per_article * 1000, 4),
        "seconds": round(per_article * len(articles), 3),
    }


def build_share(index_dir: Path, sample: int) -> Json:
    report = json.loads((index_dir / "last-build.json").read_text(encoding="utf-8"))
    translations = report["translations"]
    shingles = shingle_seconds(index_dir, sample)
    grouping = float(translations.get("repeats_seconds", 0.0))
    build_seconds = float(report["seconds"])
    return {
        "build_mode": report.get("mode"),
        "build_seconds": build_seconds,
        "repeats_seconds": grouping,
        "repeat_groups": translations.get("repeat_groups"),
        "repeated_articles": translations.get("repeated_articles"),
        "word_minhash": shingles,
        "share": round((grouping + shingles["seconds"]) / build_seconds, 4) if build_seconds else None,
    }


def figures(index_dir: Path, rounds: int, sample: int = 2000) -> Json:
    return {**latencies(index_dir, rounds), "repeats": build_share(index_dir, sample)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index built by setu build")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--sample", type=int, default=2000, help="articles whose word MinHash is timed")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = figures(args.index, args.rounds, args.sample)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
