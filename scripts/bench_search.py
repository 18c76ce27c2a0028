#!/usr/bin/env python3
"""Search latency benchmark: /api/search through a running `setu serve`.

    python scripts/bench_search.py --index DIR [--rounds R] [--json OUT]
    python scripts/bench_search.py --corpus DIR   (builds a temporary index first)

Starts ``setu serve`` on a free loopback port, warms it up, then sends a
fixed mix of queries (single word, two words, phrase, facet-filtered, empty
query with facets, passage search, passage search by the translation side
alone, and the concordance of a frequent and of a rare term) R times each,
one at a time, and reports the median and 95th percentile per kind and
overall (the concordance rows apart).  Every request asks for
facets and highlights (the API always computes both).  A benchmark, not a
test: compare within one run on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

SETU = str(Path(sys.executable).parent / "setu")

PARALLEL_ONLY = "passages, parallel_q only"
# (kind, path, parameters): words common in the generated corpus and in news.
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("one word", "/api/search", {"q": "প্রকল্প"}),
    ("one word", "/api/search", {"q": "सरकार"}),
    ("one word", "/api/search", {"q": "57"}),
    ("two words", "/api/search", {"q": "ডিজিটাল রূপান্তর"}),
    ("two words", "/api/search", {"q": "स्वास्थ्य मंत्रालय"}),
    ("two words", "/api/search", {"q": "Can Tho"}),
    ("phrase", "/api/search", {"q": '"ডিজিটাল রূপান্তর"'}),
    ("phrase", "/api/search", {"q": '"संकल्प संख्या"'}),
    ("facet-filtered", "/api/search", {"q": "প্রকল্প", "province": "ca-mau"}),
    ("facet-filtered", "/api/search", {"q": "सरकार", "lang": "hi", "resolution": "57-NQ/TW"}),
    ("empty + facets", "/api/search", {"q": ""}),
    ("empty + facets", "/api/search", {"q": "", "province": "ha-noi"}),
    ("passages", "/api/passages", {"q": "প্রকল্প"}),
    ("passages", "/api/passages", {"q": '"संकल्प संख्या"'}),
    # Sentences whose translation matches, with no query on their own side:
    # the whole index is a candidate, so it has its own row in the report.
    (PARALLEL_ONLY, "/api/passages", {"parallel_q": "डिजिटल"}),
    (PARALLEL_ONLY, "/api/passages", {"parallel_q": "ডিজিটাল রূপান্তর"}),
]

# The researchers' workbench (issue 17), reported on rows of its own and left
# out of "overall": a frequent term (tens of thousands of lines at 100k) pages
# through its lines in document order, a rare one also sorts by context (after
# the warm-up rounds its order comes from the generation's result cache).
CONCORDANCE_FREQUENT = "concordance, frequent term"
CONCORDANCE_RARE = "concordance, rare term"
CONCORDANCE_RARE_SORTED = "concordance, rare term, sort by context"
WORKBENCH: list[tuple[str, str, dict[str, str]]] = [
    (CONCORDANCE_FREQUENT, "/api/concordance", {"q": "সরকার"}),
    (CONCORDANCE_FREQUENT, "/api/concordance", {"q": "सरकार"}),
    (CONCORDANCE_RARE, "/api/concordance", {"q": "ইলিশ"}),
    (CONCORDANCE_RARE, "/api/concordance", {"q": "তিস্তা"}),
    (CONCORDANCE_RARE_SORTED, "/api/concordance", {"q": "ইলিশ", "sort": "right"}),
    (CONCORDANCE_RARE_SORTED, "/api/concordance", {"q": "তিস্তা", "sort": "left"}),
]
WORKBENCH_KINDS = {kind for kind, _path, _params in WORKBENCH}

# The bridge (issue 15): the same /api/search queries with cross_language=true,
# and words typed in Latin letters (always bridged through phonetic keys).
# Their own rows, left out of "overall".
CROSS_LANGUAGE = "search, cross_language"
LATIN = "search, Latin letters"
BRIDGE: list[tuple[str, str, dict[str, str]]] = [
    (CROSS_LANGUAGE, path, {**params, "cross_language": "true"})
    for _kind, path, params in QUERIES
    if path == "/api/search"
] + [
    (LATIN, "/api/search", {"q": "digital"}),
    (LATIN, "/api/search", {"q": "Mekong"}),
    (LATIN, "/api/search", {"q": "Nguyen Van"}),
    (LATIN, "/api/search", {"q": '"Ho Chi Minh"'}),
]
WORKBENCH_KINDS |= {CROSS_LANGUAGE, LATIN}


def workbench_lines(index_dir: Path) -> dict[str, int]:
    """How many lines each workbench query has in this index (in-process, untimed)."""
    from webui import create_app

    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    out = {}
    for _kind, path, params in WORKBENCH:
        data = client.get(path, query_string={**params, "per_page": "1"}).get_json()
        out[" ".join(f"{k}={v}" for k, v in params.items())] = int(data.get("total", -1))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(base: str, path: str, params: dict[str, str]) -> tuple[float, int]:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return (time.perf_counter() - started) * 1000, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def measure(index_dir: Path, rounds: int) -> tuple[dict[str, list[float]], int]:
    """Serve the index on a free loopback port and time the query mix."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [SETU, "serve", "--index", str(index_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples: dict[str, list[float]] = {}
    errors = 0
    try:
        wait_until_up(server, base)
        for _kind, path, params in (QUERIES + WORKBENCH + BRIDGE) * 2:  # warm-up: caches and page cache
            fetch(base, path, params)
        for _ in range(rounds):
            for kind, path, params in QUERIES + WORKBENCH + BRIDGE:
                ms, status = fetch(base, path, params)
                errors += status != 200
                samples.setdefault(kind, []).append(ms)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return samples, errors


def wait_until_up(server: subprocess.Popen[bytes], base: str) -> None:
    started = time.perf_counter()
    while True:
        try:
            fetch(base, "/api/search", {"q": "57"})
            return
        except OSError:
            if server.poll() is not None or time.perf_counter() - started > 60:
                raise SystemExit("setu serve did not start") from None
            time.sleep(0.1)


def index_from_args(parser: argparse.ArgumentParser, index: Path | None, corpus: Path | None) -> Path:
    """The ``--index`` given, or a temporary index built from ``--corpus`` (exactly one of them)."""
    if (index is None) == (corpus is None):
        parser.error("give either --index or --corpus")
    if corpus is None:
        assert index is not None
        return index
    built = Path(tempfile.mkdtemp(prefix="setu-bench-")) / "index"
    subprocess.run([SETU, "build", str(corpus), "--index", str(built)], check=True, stderr=subprocess.DEVNULL)
    return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index built by setu build")
    parser.add_argument("--corpus", type=Path, help="build a temporary index of this corpus first")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    index_dir = index_from_args(parser, args.index, args.corpus)

    samples, errors = measure(index_dir, args.rounds)
    everything = [ms for kind, values in samples.items() if kind not in WORKBENCH_KINDS for ms in values]
    report: dict[str, Any] = {
        "index": str(index_dir),
        "workbench_lines": workbench_lines(index_dir),
        "requests": len(everything),
        "errors": errors,
        "by_kind": {
            kind: {"median_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 95), 1)}
            for kind, v in samples.items()
        },
        "overall": {
            "median_ms": round(statistics.median(everything), 1),
            "p95_ms": round(percentile(everything, 95), 1),
        },
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(len(kind) for kind in ["overall", *report["by_kind"]])
    print(f"{'kind':<{width}} {'median ms':>10} {'p95 ms':>8}")
    for kind, row in report["by_kind"].items():
        print(f"{kind:<{width}} {row['median_ms']:>10} {row['p95_ms']:>8}")
    print(f"{'overall':<{width}} {report['overall']['median_ms']:>10} {report['overall']['p95_ms']:>8}")
    print(f"{report['requests']} requests (overall: without the concordance rows), {errors} errors")
    print("concordance lines: " + ", ".join(f"{q}: {n:,}" for q, n in report["workbench_lines"].items()))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
