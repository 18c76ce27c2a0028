"""A build's wall-clock timeline: how long each phase took, in order.

Stage: the build's outcome, like index.pipeline.report, which carries it.
The builder times its phases (listing the corpus, reading, parsing and
writing segments on every core, the commit, linking, alignment, storing the
groups, learning the lexicon, publishing); the CLI adds the process's start-up before ``build``
was called.  A phase entered twice adds up.  Inside the writers, where
reading/parsing and writing alternate per file, each process's seconds of
each are summed instead (``work``): they are CPU-bound, so on N processes
they add up to about N times the phase's wall time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ALIGN",
    "COMMIT",
    "LEXICON",
    "LINK",
    "LIST",
    "PUBLISH",
    "START_UP",
    "STORE_GROUPS",
    "WRITE_SEGMENTS",
    "Timeline",
    "process_age_seconds",
]

# Phase names, in the order a full build runs them.
START_UP = "start-up"  # interpreter, imports and options, before build() runs (the CLI)
LIST = "list and plan"  # walk the corpus, compare with the last build
WRITE_SEGMENTS = "read, parse and write"  # every worker: read, analyse, write its own segments
COMMIT = "commit"  # every worker's segments in one Whoosh commit
LINK = "link"  # translation links (index.translation.linking)
ALIGN = "align"  # sentence beads of each linked pair (index.translation.align)
LEXICON = "learn lexicon"  # the bilingual lexicon from the beads (index.pipeline.lexicon_step)
STORE_GROUPS = "store groups"  # the rest of storing groups, and their commit
PUBLISH = "publish"  # metadata, CURRENT replaced, old generations removed


@dataclass
class Timeline:
    phases: dict[str, float] = field(default_factory=dict)  # name -> wall seconds, in order
    work: dict[str, float] = field(default_factory=dict)  # name -> seconds summed over processes

    def add(self, name: str, seconds: float) -> None:
        self.phases[name] = self.phases.get(name, 0.0) + seconds

    def add_work(self, name: str, seconds: float) -> None:
        self.work[name] = self.work.get(name, 0.0) + seconds

    def merge_work(self, other: Timeline) -> None:
        for name, seconds in other.work.items():
            self.add_work(name, seconds)

    def first(self, name: str, seconds: float) -> None:
        """Put ``name`` before every phase timed so far (the start-up, known only afterwards)."""
        self.phases = {name: seconds, **{k: v for k, v in self.phases.items() if k != name}}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def to_dict(self) -> dict[str, Any]:
        return {
            "phases": [{"phase": name, "seconds": round(s, 3)} for name, s in self.phases.items()],
            "work": {name: round(s, 3) for name, s in self.work.items()},
        }

    def lines(self) -> list[str]:
        """The timeline for a terminal: one phase a line, with its share of the total."""
        total = sum(self.phases.values()) or 1.0
        out = [f"{name:>22} {s:8.2f} s {100 * s / total:5.1f}%" for name, s in self.phases.items()]
        if self.work:
            summed = ", ".join(f"{name} {s:.1f} s" for name, s in self.work.items())
            out.append(f"{'':>22} in the writers, summed over processes: {summed}")
        return out


def process_age_seconds() -> float | None:
    """Seconds since this process started (Linux /proc), or None where that is unknown."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
