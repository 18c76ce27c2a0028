#!/usr/bin/env python3
"""Load benchmark: `setu serve` under rising concurrency, on loopback only.

    python scripts/bench_load.py --index DIR [--seconds 60] [--levels 1,2,4,8,16] [--json OUT]
    python scripts/bench_load.py --corpus DIR ...   (builds a temporary index first)

Starts ``setu serve`` on a free 127.0.0.1 port, warms it up, then runs the
query mix of scripts/bench_search.py from 1, 2, 4, 8 and 16 client threads
in turn (each keeps one HTTP/1.1 connection open), splitting ``--seconds``
evenly between the levels.  Per level it reports throughput, p50 and p99
latency and errors, the cores the server kept busy (user + system CPU of
the server and its workers over the level's wall time), its CPU per
answered request and the cores the client threads took, and the server's
memory after it (RSS, PSS and anonymous pages); the memory after a warm-up at the highest level (every
server thread has opened its searcher) and at the end tells whether the
server leaks.  Bounded in time (and every request in 30 s); the server
never listens beyond loopback.  The client threads share the machine with
the server: on a 2-core machine they cost the server part of a core at the
higher levels.  A benchmark, not a test: compare within one run on a quiet
machine.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES, SETU, free_port, index_from_args, percentile, wait_until_up  # noqa: E402

HOST = "127.0.0.1"
TIMEOUT = 30.0


def memory_mb(pid: int) -> dict[str, float]:
    """The server's resident memory: RSS, PSS and anonymous (heap) pages, in MB.

    RSS counts a file page once per mapping, and every searcher maps the
    index files anew; PSS counts it once, so PSS is the memory really used.
    """
    out: dict[str, float] = {}
    for name, keys in (("status", ("VmRSS", "RssAnon")), ("smaps_rollup", ("Pss",))):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii") as fh:
                for line in fh:
                    key = line.split(":", 1)[0]
                    if key in keys:
                        out[key] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    return {"rss_mb": out.get("VmRSS", 0.0), "pss_mb": out.get("Pss", 0.0), "anon_mb": out.get("RssAnon", 0.0)}


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers), from /proc."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text(encoding="ascii").split()]
    except OSError:
        pass
    return found


def server_memory_mb(pid: int) -> dict[str, object]:
    """The memory of the server and its workers: totals in MB, and PSS per process (master first).

    PSS adds up across processes (a shared page is split between them);
    RSS does not, its total counts the shared index pages once per process.
    """
    pids = [pid, *children(pid)]
    each = [memory_mb(p) for p in pids]
    total: dict[str, object] = {key: round(sum(m[key] for m in each), 1) for key in ("rss_mb", "pss_mb", "anon_mb")}
    total["processes"] = len(pids)
    total["pss_mb_each"] = [m["pss_mb"] for m in each]
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server and its live workers, from /proc/PID/stat.

    A live gunicorn worker's time is not in its master's ``cutime`` (that
    counts only children reaped), so each process is read by itself.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in [pid, *children(pid)]:
        try:
            # Fields after the command's closing ")" (a command may hold spaces):
            # utime and stime are the 12th and 13th of them.
            fields = Path(f"/proc/{p}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that exited between the listing and the read
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def client(port: int, until: float, offset: int, out: list[tuple[float, int]], lock: threading.Lock) -> None:
    """Loop over the query mix until ``until``, recording (latency ms, status); status 0 = no answer."""
    conn: http.client.HTTPConnection | None = None
    mine: list[tuple[float, int]] = []
    for n in itertools.count(offset):
        if time.monotonic() >= until:
            break
        _kind, path, params = QUERIES[n % len(QUERIES)]
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
            conn.request("GET", f"{path}?{urlencode(params)}")
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            if conn is not None:
                conn.close()
            conn = None
        mine.append(((time.perf_counter() - started) * 1000, status))
        if status == 0:
            time.sleep(0.05)  # a dead server refuses at once: do not spin
    if conn is not None:
        conn.close()
    with lock:
        out.extend(mine)


def run_level(port: int, clients: int, seconds: float, server_pid: int | None = None) -> dict[str, float]:
    """One level of ``clients`` threads for ``seconds``.

    With ``server_pid``, the row also says how many cores the server kept
    busy and how much CPU the client threads took from the same machine:
    on two cores a one-process server that releases the GIL in ICU, numpy or
    socket calls uses more than one core, which bounds what a second worker
    can add.
    """
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds
    server_before = cpu_seconds(server_pid) if server_pid else 0.0
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(port, until, n * 3, results, lock)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (client_after.ru_utime - client_before.ru_utime) + (client_after.ru_stime - client_before.ru_stime)
    # Throughput and latency count answered requests only: a failure is
    # reported as an error, never as a fast answer.
    latencies = [ms for ms, status in results if status == 200]
    row = {
        "clients": clients,
        "requests": len(results),
        "answered": len(latencies),
        "errors": sum(1 for _, status in results if status != 200),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1) if latencies else 0.0,
        "p99_ms": round(percentile(latencies, 99), 1) if latencies else 0.0,
        "client_cores": round(client_cpu / elapsed, 2),
    }
    if server_pid:
        server_cpu = cpu_seconds(server_pid) - server_before
        row["server_cores"] = round(server_cpu / elapsed, 2)
        row["server_cpu_ms_per_request"] = round(1000 * server_cpu / len(latencies), 1) if latencies else 0.0
    return row


def measure(index_dir: Path, seconds: float, levels: list[int], workers: int | None = None) -> dict[str, object]:
    """Load ``setu serve`` (``--workers`` if given, else its default) at each level in turn."""
    port = free_port()
    extra = [] if workers is None else ["--workers", str(workers)]
    server = subprocess.Popen(
        [SETU, "serve", "--index", str(index_dir), "--host", HOST, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(server, f"http://{HOST}:{port}")
        # Warm-up: every server thread opens its searcher, caches and the
        # page cache fill; the memory after it is the baseline.
        run_level(port, max(levels), min(5.0, seconds / 4), server.pid)
        start = server_memory_mb(server.pid)
        rows = []
        for clients in levels:
            row: dict[str, float] = run_level(port, clients, seconds / len(levels), server.pid)
            memory = server_memory_mb(server.pid)
            row.update({key: memory[key] for key in ("rss_mb", "pss_mb", "anon_mb")})  # type: ignore[misc]
            rows.append(row)
            if server.poll() is not None:
                print(f"setu serve exited ({server.returncode}) during the {clients}-client level", flush=True)
                break
            print(
                f"{row['clients']:>7} {row['requests']:>9} {row['throughput_rps']:>9} {row['p50_ms']:>8} "
                f"{row['p99_ms']:>8} {row['errors']:>6} {row['rss_mb']:>9} {row['pss_mb']:>9} {row['anon_mb']:>9} "
                f"{row['server_cores']:>7} {row['server_cpu_ms_per_request']:>7} {row['client_cores']:>7}",
                flush=True,
            )
        end = server_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "index": str(index_dir),
        "workers": workers,
        "seconds": seconds,
        "levels": rows,
        "requests": sum(int(r["requests"]) for r in rows),
        "errors": sum(int(r["errors"]) for r in rows),
        "server_exit": server.returncode if server.returncode not in (None, 0, -15) else None,
        "memory_start": start,
        "memory_end": end,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index built by setu build")
    parser.add_argument("--corpus", type=Path, help="build a temporary index of this corpus first")
    parser.add_argument("--seconds", type=float, default=60.0, help="total load time, split between levels")
    parser.add_argument("--levels", default="1,2,4,8,16", help="client counts, in order")
    parser.add_argument("--workers", type=int, help="setu serve --workers (default: its own, the number of cores)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    if not levels or min(levels) < 1 or max(levels) > 64:
        parser.error("--levels: client counts between 1 and 64")
    if not 1 <= args.seconds <= 3600:
        parser.error("--seconds: between 1 and 3600")
    index_dir = index_from_args(parser, args.index, args.corpus)
    if not (index_dir / "CURRENT").exists():
        parser.error(f"{index_dir} holds no index: build one (python scripts/bench_index.py 10000 --keep DIR)")

    print(
        f"{'clients':>7} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'RSS MB':>9} {'PSS MB':>9} {'anon MB':>9} {'srv cpu':>7} {'ms/req':>7} {'cli cpu':>7}"
    )
    report = measure(index_dir, args.seconds, levels, args.workers)
    start, end = report["memory_start"], report["memory_end"]
    print(f"{report['requests']} requests, {report['errors']} errors in {args.seconds:g} s")
    for key, name in (("rss_mb", "RSS"), ("pss_mb", "PSS"), ("anon_mb", "anonymous")):
        before, after = start[key], end[key]  # type: ignore[index]
        print(f"server {name}: {before} MB after warm-up, {after} MB at the end ({after - before:+.1f} MB)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if report["errors"] == 0 and report["server_exit"] is None else 1


if __name__ == "__main__":
    raise SystemExit(main())
