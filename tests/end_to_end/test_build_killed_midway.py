"""SIGKILL the indexer at random moments, 20 times.

``setu build`` runs as a subprocess over a generated corpus (small articles
cut from the sample files) and is killed with SIGKILL after a random delay:
during first builds, ``--rebuild`` runs and incremental updates.  After each
kill the index opens, ``setu check`` passes, and two fixed queries give
the totals of the previous state or of the new one, never a mix, both from a
fresh Engine and from one that stayed open all along (a running server).
Re-running the same build then completes it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from search import Engine, SearchRequest, Unavailable
from webui.cli import main

SETU = str(Path(sys.executable).parent / "setu")
KILLS = {"update": 10, "rebuild": 6, "first build": 4}
# Two states of the corpus: B deletes 15 articles of A, changes 15 and adds 30.
A_IDS = [f"a{i:03d}" for i in range(160)]
DELETED, CHANGED = A_IDS[:15], A_IDS[15:30]
ADDED = [f"b{i:03d}" for i in range(30)]
# (articles with "crashmark", articles with "crashnew") in each state.
TOTALS = {"A": (160, 0), "B": (175, 45), "none": None}


def _paragraphs() -> dict[str, list[str]]:
    out = {}
    for path in sorted(SAMPLE.glob("*.txt")):
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if len(x) > 80]
        out[path.stem] = lines[:-1]  # not the source line
    return out


PARAGRAPHS = _paragraphs()


def _article(doc_id: str, changed: bool = False) -> str:
    n = int(doc_id[1:]) + (1000 if doc_id[0] == "b" else 0)
    key = sorted(PARAGRAPHS)[n % len(PARAGRAPHS)]
    rng = random.Random(n)
    paragraphs = rng.sample(PARAGRAPHS[key], 2)
    extra = " crashnew" if changed or doc_id[0] == "b" else ""
    return "\n".join(paragraphs) + f"\ncrashmark{extra} নিবন্ধ {n} শেষ।\n"


def write_state(corpus: Path, state: str) -> None:
    """Make the folder hold corpus state A or B (writing only what differs)."""
    corpus.mkdir(exist_ok=True)
    wanted = {i: _article(i) for i in A_IDS}
    if state == "B":
        for i in DELETED:
            del wanted[i]
        wanted.update({i: _article(i, changed=True) for i in CHANGED})
        wanted.update({i: _article(i) for i in ADDED})
    for path in corpus.glob("*.txt"):
        if path.stem not in wanted:
            path.unlink()
    for doc_id, text in wanted.items():
        path = corpus / f"{doc_id}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def observe(engine: Engine) -> tuple[int, int] | None:
    """The totals of the two fixed queries, or None when there is no index (yet)."""
    try:
        mark, new = (
            engine.search(SearchRequest.create(q, per_page=1, collapse=False)).total for q in ("crashmark", "crashnew")
        )
        return mark, new
    except Unavailable:
        return None


@dataclass
class Run:
    """Bookkeeping for the report and for failure messages."""

    seed: int
    kills: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KILLS, 0))
    seen: dict[str, int] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def start_build(corpus: Path, index_dir: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SETU, "build", str(corpus), "--index", str(index_dir), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the parsing worker can be found and reaped
    )


def finish_build(corpus: Path, index_dir: Path, *extra: str) -> float:
    started = time.perf_counter()
    proc = start_build(corpus, index_dir, *extra)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode("utf-8", "replace")
    return time.perf_counter() - started


def kill_during(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL the builder after ``delay`` seconds; False if it had already finished."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        proc.communicate()
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    # The parsing worker notices that its parent is gone and exits by itself.
    for _ in range(200):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("a parsing worker outlived the killed builder by 10 s")


def assert_sound(index_dir: Path, engines: list[Engine], allowed: set[str], run: Run, what: str) -> str:
    """The index opens and checks clean, and every engine sees one allowed state; return it."""
    states = []
    for engine in [Engine(index_dir), *engines]:
        totals = observe(engine)
        state = next((s for s, t in TOTALS.items() if t == totals), None)
        assert state in allowed, f"{what}: totals {totals}, expected one of {sorted(allowed)} (seed {run.seed})"
        states.append(state)
    if states[0] != "none":
        result = CliRunner().invoke(main, ["check", "--index", str(index_dir)])
        assert result.exit_code == 0, f"{what}: setu check failed (seed {run.seed}):\n{result.output}"
    run.seen[states[0]] = run.seen.get(states[0], 0) + 1
    return states[0]


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))


@pytest.fixture()
def run() -> Iterator[Run]:
    seed = random.SystemRandom().randrange(1 << 30)
    yield Run(seed)


def test_killed_builds_leave_the_old_or_the_new_index(tmp_path: Path, run: Run) -> None:
    rng = random.Random(run.seed)
    corpus = tmp_path / "corpus"
    index_dir = tmp_path / "index"
    write_state(corpus, "A")
    took = {"first build": finish_build(corpus, index_dir)}
    server = Engine(index_dir)  # stays open throughout, like `setu serve`
    assert observe(server) == TOTALS["A"]
    took["rebuild"] = took["first build"]
    took["update"] = took["first build"] / 2
    state = "A"
    plan = [kind for kind, n in KILLS.items() for _ in range(n)]
    rng.shuffle(plan)
    for n, kind in enumerate(plan, 1):
        attempts = 0
        while True:
            attempts += 1
            assert attempts <= 10, f"{kind}: the build kept finishing before the kill (seed {run.seed})"
            target = "B" if state == "A" else "A"
            if kind == "first build":
                fresh = tmp_path / f"fresh-{n}-{attempts}"
                write_state(corpus, target)
                proc = start_build(corpus, fresh)
                if kill_during(proc, rng.uniform(0.0, 1.0) * took[kind]):
                    break
                continue
            write_state(corpus, target)
            extra = ("--rebuild",) if kind == "rebuild" else ()
            proc = start_build(corpus, index_dir, *extra)
            if kill_during(proc, rng.uniform(0.0, 1.0) * took[kind]):
                break
            state = target  # it finished first: that is the new state, try again
        run.kills[kind] += 1
        what = f"kill {n} ({kind})"
        if kind == "first build":
            seen = assert_sound(fresh, [], {"none", target}, run, what)
            run.log.append(f"{what}: {'new' if seen == target else 'old'}")
            took[kind] = max(took[kind], finish_build(corpus, fresh))
            assert_sound(fresh, [], {target}, run, f"{what}, re-run")
            write_state(corpus, state)  # the shared index still holds `state`
            continue
        seen = assert_sound(index_dir, [server], {state, target}, run, what)
        run.log.append(f"{what}: {'new' if seen == target else 'old'}")
        took[kind] = max(took[kind], finish_build(corpus, index_dir, *extra))
        assert_sound(index_dir, [server], {target}, run, f"{what}, re-run")
        # An interrupted rebuild's folder is gone; the previous generation is kept for readers.
        assert len(generations(index_dir)) <= 2, generations(index_dir)
        state = target
    assert run.kills == KILLS
    assert sum(run.kills.values()) == 20
