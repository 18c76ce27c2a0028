"""`setu serve --workers 2`: what several processes add to one.

gunicorn's master on a free loopback port with two workers over the sample
index: the access log names the worker that answered, a worker killed with
SIGKILL is replaced while requests keep being answered, SIGTERM stops the
master and every worker with exit status 0, a URL of a 1,000-character
Bengali query is served and one past 256 KiB refused, and builds killed
midway leave both workers answering the old or the new state, never an
error.  The load and build tests of test_live_server_reads_and_writes.py
run against both servers.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from test_build_killed_midway import TOTALS, finish_build, kill_during, start_build, write_state
from test_live_server_reads_and_writes import SETU, free_port, get, totals, wait_for_totals

BOOTED = re.compile(r"Booting worker with pid: (\d+)")


@dataclass
class Prefork:
    port: int
    log: Path
    proc: subprocess.Popen[bytes]

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def booted(self) -> list[int]:
        return [int(pid) for pid in BOOTED.findall(self.text())]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def wait_for(condition: object, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture()
def prefork(sample_index: Path, tmp_path: Path) -> Iterator[Prefork]:
    port, log = free_port(), tmp_path / "serve.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [SETU, "serve", "--index", str(sample_index), "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    server = Prefork(port, log, proc)

    def up() -> bool:
        assert proc.poll() is None, server.text()
        try:
            return len(server.booted()) == 2 and get(port, "/api/search", {"q": "57"}, timeout=5)[0] == 200
        except OSError:
            return False

    try:
        wait_for(up, "setu serve --workers 2 did not come up in 60 s", 60)
        yield server
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_the_access_log_names_the_worker_that_answered(prefork: Prefork) -> None:
    for _ in range(6):
        assert get(prefork.port, "/api/search", {"q": "ডিজিটাল"})[0] == 200
    answered = {int(pid) for pid in re.findall(r'worker <(\d+)> "GET /api/search HTTP/1.1" 200 ', prefork.text())}
    assert answered and answered <= set(prefork.booted())
    assert "ডিজিটাল" not in prefork.text() and "%E0%A6" not in prefork.text()  # no query text in the log


def test_a_killed_worker_is_replaced_and_requests_go_on(prefork: Prefork) -> None:
    first, second = prefork.booted()
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: len(prefork.booted()) == 3, "no worker was booted in place of the killed one")
    (replacement,) = set(prefork.booted()) - {first, second}
    wait_for(lambda: not alive(first), "the killed worker is still there")
    assert {alive(second), alive(replacement)} == {True}
    statuses = [get(prefork.port, "/api/search", {"q": "57"})[0] for _ in range(20)]
    assert statuses == [200] * 20


def test_sigterm_stops_the_master_and_every_worker(prefork: Prefork) -> None:
    workers = prefork.booted()
    prefork.proc.send_signal(signal.SIGTERM)
    assert prefork.proc.wait(timeout=30) == 0
    assert [pid for pid in workers if alive(pid)] == []
    assert "Traceback" not in prefork.text()
    assert "Shutting down: Master" in prefork.text()


def test_a_long_query_is_served_and_a_huge_url_refused(prefork: Prefork) -> None:
    # A 1,000-character Bengali query is 9 KB once encoded, past gunicorn's own 8,190-byte cap.
    assert get(prefork.port, "/api/search", {"q": "ক" * 1000})[0] == 200
    status, body = get(prefork.port, "/api/search?q=" + quote("ক" * 30_000))
    assert status == 414, body[:200]


def test_builds_killed_midway_leave_every_worker_answering(tmp_path: Path) -> None:
    corpus, index_dir, log = tmp_path / "corpus", tmp_path / "index", tmp_path / "serve.log"
    write_state(corpus, "A")
    # Kills land at fractions of a whole build's time, so they fall mid-build on a fast
    # machine as on a busy one (fixed delays let every build finish on a quiet machine).
    whole = finish_build(corpus, index_dir)
    port = free_port()
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [SETU, "serve", "--index", str(index_dir), "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: len(BOOTED.findall(log.read_text(errors="replace"))) == 2, "the workers did not boot", 60)
        wait_for_totals(port, TOTALS["A"], 60)
        killed = 0
        for state, extra, share in (("B", (), 0.3), ("A", ("--rebuild",), 0.5), ("B", (), 0.7)):
            delay = share * whole
            write_state(corpus, state)
            killed += kill_during(start_build(corpus, index_dir, *extra), delay)
            # Each request may land on either worker: ten in a row all answer a whole state.
            seen = {totals(port) for _ in range(10)}
            assert seen <= {TOTALS["A"], TOTALS["B"]}, seen
            finish_build(corpus, index_dir, *extra)
            wait_for_totals(port, TOTALS[state])
        assert killed >= 1, "every build finished before it could be killed"
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0


def test_the_masters_engine_forks_with_its_arrays_and_no_open_file(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search.engine
    from search import Engine, SearchRequest

    def open_files() -> dict[str, str]:
        found = {}
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):  # the listing's own descriptor is gone already
                found[fd] = os.readlink(f"/proc/self/fd/{fd}")
        return found

    def opened_since(before: dict[str, str]) -> list[str]:
        # By descriptor, not by path: another Engine of the session may hold the same files open.
        return [p for fd, p in open_files().items() if before.get(fd) != p and p.startswith(str(sample_index))]

    before = open_files()
    master = Engine(sample_index)
    master.warm()
    assert opened_since(before)
    master.close()  # what webui.prefork does before gunicorn forks
    assert not opened_since(before)
    built: list[int] = []
    real = search.engine.FacetIndex

    def counted(reader: object) -> object:
        built.append(1)
        return real(reader)

    monkeypatch.setattr(search.engine, "FacetIndex", counted)
    master.warm()  # as a worker does after the fork: its own files, the master's arrays
    assert built == []
    request = SearchRequest.create("ডিজিটাল রূপান্তর", {"lang": ["bn"]})
    forked, fresh = master.search(request).to_dict(), Engine(sample_index).search(request).to_dict()
    assert forked["total"] > 0
    assert {**forked, "took_ms": 0} == {**fresh, "took_ms": 0}
    assert built == [1]  # the fresh Engine built its own
