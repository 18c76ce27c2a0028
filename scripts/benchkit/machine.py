"""The machine a run measured on, and the noise on it: CPU taken by other processes during each phase."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
Json = dict[str, Any]


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy (steal included: another VM's use is noise too)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fh.readline().split()[1:9])
    except (OSError, ValueError):
        return None
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds of this process and of every child it has reaped (servers, builds and the JVM are)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


@contextlib.contextmanager
def phase(log: list[Json], name: str) -> Iterator[None]:
    """Record a phase's wall time, the load average around it and the CPU that other processes took.

    The load average lags and counts this benchmark's own work; the CPU
    other processes used meanwhile (machine busy time minus ours) is the
    direct measure of a noisy neighbour.
    """
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    load_before, busy_before, own_before = loadavg(), machine_busy_seconds(), own_cpu_seconds()
    started = time.perf_counter()
    try:
        yield
    finally:
        wall = time.perf_counter() - started
        busy_after, own = machine_busy_seconds(), own_cpu_seconds() - own_before
        other = None if busy_before is None or busy_after is None else max(0.0, busy_after - busy_before - own)
        cpus = os.cpu_count() or 1
        log.append(
            {
                "phase": name,
                "seconds": round(wall, 2),
                "loadavg_before": load_before,
                "loadavg_after": loadavg(),
                "own_cpu_seconds": round(own, 2),
                "other_cpu_seconds": None if other is None else round(other, 2),
                "other_cpu_share": None if other is None else round(other / max(wall * cpus, 1e-9), 3),
            }
        )


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.split(":", 1)[0].strip() == key:
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine_info() -> Json:
    status = _git("status", "--porcelain")
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "memory_total": _proc_field("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "whoosh": _version("Whoosh-Reloaded") or _version("Whoosh"),
        "setu": _version("setu"),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),
    }
