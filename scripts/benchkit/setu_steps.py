"""Setu's steps of ``make bench``: full builds, cold start, latency, load, and the unrelated corpus's false links.

Each step drives the real CLI and HTTP server through the sibling scripts
(bench_index, bench_search, bench_load) and returns its figures as JSON.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import bench_index
import bench_load
import bench_search

from benchkit.corpus import cached_corpus, corpus_figures

HOST = "127.0.0.1"
PROBE = ("/api/search", {"q": "57"})  # bench_search's own readiness query
Json = dict[str, Any]


def cold_start(index_dir: Path, starts: int) -> Json:
    """Seconds from spawning ``setu serve`` to the first HTTP 200 of /api/search, for ``starts`` fresh servers."""
    runs = [_one_cold_start(index_dir) for _ in range(starts)]
    seconds = [r["seconds"] for r in runs]
    return {
        "measured": "spawn of `setu serve` until the first /api/search?q=57 answers 200 (polled every 10 ms); "
        "index in the page cache",
        "runs": runs,
        "median_seconds": round(statistics.median(seconds), 3),
        "max_seconds": round(max(seconds), 3),
    }


def _one_cold_start(index_dir: Path) -> Json:
    port = bench_search.free_port()
    base = f"http://{HOST}:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [bench_search.SETU, "serve", "--index", str(index_dir), "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                first_ms, status = bench_search.fetch(base, *PROBE)
            except OSError:  # not listening yet
                first_ms, status = 0.0, 0
            if status == 200:
                break
            if server.poll() is not None:
                raise SystemExit(f"setu serve exited ({server.returncode}) before answering")
            if time.perf_counter() - started > 300:
                raise SystemExit("setu serve did not answer within 300 s")
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        memory = bench_load.memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"seconds": round(seconds, 3), "first_request_ms": round(first_ms, 1), "memory_after": memory}


def summarize(values: list[float]) -> Json:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(bench_search.percentile(values, 95), 2),
        "p99_ms": round(bench_search.percentile(values, 99), 2),
    }


def latency(index_dir: Path, rounds: int) -> Json:
    samples, errors = bench_search.measure(index_dir, rounds)

    def on(route: str) -> list[float]:
        kinds = {kind for kind, path, _ in bench_search.QUERIES if path == route} - {bench_search.PARALLEL_ONLY}
        return [ms for kind, values in samples.items() if kind in kinds for ms in values]

    everything = [ms for kind, values in samples.items() if kind not in bench_search.WORKBENCH_KINDS for ms in values]
    workbench = {
        name: summarize(samples[kind])
        for name, kind in (
            ("api_concordance_frequent", bench_search.CONCORDANCE_FREQUENT),
            ("api_concordance_rare", bench_search.CONCORDANCE_RARE),
            ("api_concordance_rare_sorted", bench_search.CONCORDANCE_RARE_SORTED),
            ("api_search_cross_language", bench_search.CROSS_LANGUAGE),
            ("api_search_latin", bench_search.LATIN),
        )
        if samples.get(kind)
    }
    return {
        "rounds": rounds,
        "requests": len(everything),
        "errors": errors,
        "by_kind": {kind: summarize(values) for kind, values in samples.items()},
        "api_search": summarize(on("/api/search")),  # the kinds Lucene runs too
        "api_passages": summarize(on("/api/passages")),  # with a q
        "api_passages_parallel_only": summarize(samples[bench_search.PARALLEL_ONLY]),
        **workbench,
        "concordance_lines": bench_search.workbench_lines(index_dir),
        "overall": summarize(everything),
        "samples_ms": {kind: [round(ms, 2) for ms in values] for kind, values in samples.items()},
    }


def _load(index_dir: Path, clients: int, seconds: float, workers: int) -> Json:
    # bench_load prints a bare row per level; keep stdout for the table.
    with contextlib.redirect_stdout(sys.stderr):
        load = bench_load.measure(index_dir, seconds, [clients], workers)
    (level,) = cast(list[Json], load["levels"])
    return {
        **level,
        "workers": workers,
        "server_exit": load["server_exit"],
        "memory_start": load["memory_start"],
        "memory_end": load["memory_end"],
    }


def throughput(index_dir: Path, clients: int, seconds: float, workers: int, rounds: int) -> Json:
    """``clients`` against one process (``--workers 1``) and against ``workers`` processes, alternating.

    The figures of each are the medians of ``rounds`` runs (throughput, p99,
    memory at the end); ``per_extra_worker_pss_mb`` is what each process past
    the first adds to the server's PSS.
    """
    runs: dict[int, list[Json]] = {1: [], workers: []}
    for _ in range(rounds):
        for n in runs:
            runs[n].append(_load(index_dir, clients, seconds, n))

    def median(n: int, key: str) -> float:
        return round(statistics.median(float(r[key]) for r in runs[n]), 1)

    def median_pss(n: int) -> float:
        return round(statistics.median(float(r["memory_end"]["pss_mb"]) for r in runs[n]), 1)

    def figures(n: int) -> Json:
        # server_cores: how much of the machine the server kept busy; one
        # process above 1.0 overlaps work outside the GIL, which bounds the
        # gain a second worker can bring on two cores.
        return {
            "throughput_rps": median(n, "throughput_rps"),
            "p99_ms": median(n, "p99_ms"),
            "pss_mb": median_pss(n),
            "server_cores": median(n, "server_cores"),
            "server_cpu_ms_per_request": median(n, "server_cpu_ms_per_request"),
        }

    one, many = figures(1), figures(workers)
    return {
        "clients": clients,
        "workers": workers,
        "rounds": rounds,
        "one_process": one,
        "workers_figures": many,
        "speedup": round(many["throughput_rps"] / one["throughput_rps"], 3) if one["throughput_rps"] else None,
        "p99_vs_one_process": round(many["p99_ms"] / one["p99_ms"], 3) if one["p99_ms"] else None,
        "per_extra_worker_pss_mb": round((many["pss_mb"] - one["pss_mb"]) / (workers - 1), 1) if workers > 1 else None,
        "errors": sum(int(r["errors"]) for rs in runs.values() for r in rs),
        "server_exit": next((r["server_exit"] for rs in runs.values() for r in rs if r["server_exit"]), None),
        "runs": {str(n): rs for n, rs in runs.items()},
        # The figures of before, for readers of older reports: the multi-process server's.
        "throughput_rps": many["throughput_rps"],
        "p99_ms": many["p99_ms"],
    }


def unrelated_links(out: Path, size: int, seed: int, index_dir: Path, workers: int | None) -> Json:
    """A full build of the unrelated corpus: its translation links, all false."""
    cache, cached = cached_corpus(out, size, seed, unrelated=True)
    try:
        build = bench_index.build_figures(cache, index_dir, workers)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)
    return {
        "corpus": {**corpus_figures(cache), "seed": seed, "cached": cached},
        "articles": build["articles"],
        "links_url": build["links_url"],
        "links_content": build["links_content"],
        "false_links": build["links_url"] + build["links_content"],
        "build_seconds": build["build_seconds"],
    }


def builds(corpus: Path, index_dir: Path, counts: list[int | None], run: Json) -> Json:
    """A full build with each worker count in turn (``run["build_scaling"]``); the last one's figures."""
    scaling = []
    figures: Json = {}
    for count in counts:
        figures = bench_index.build_figures(corpus, index_dir, count)
        scaling.append({"workers": count, **figures})
    if len(counts) > 1:
        run["build_scaling"] = scaling
    return figures
