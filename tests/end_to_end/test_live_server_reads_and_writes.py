"""Reads and writes at once, against a live server.

``setu serve`` runs as a subprocess on a free loopback port; 8 client
threads loop over searches, passages, documents and pages (bounded in count
and time) while an incremental ``setu build`` and then a ``--rebuild`` run
and publish.  No request fails, and right after each build the server shows
the new articles without a restart.  Two builds started together: the
second exits 1 with the "another build is running" message and the index
stays sound.  The server opens the index read-only (it changes no file in
it), sends the security headers on every kind of response, bounds request
bodies, and logs no article text.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Protocol
from urllib.parse import urlencode

import pytest
from conftest import SAMPLE
from test_build_killed_midway import PARAGRAPHS, TOTALS, write_state

from index import check_index

SETU = str(Path(sys.executable).parent / "setu")
CLIENTS = 8
MAX_REQUESTS_PER_CLIENT = 400
MAX_SECONDS = 90.0
REQUESTS = [
    ("/api/search", {"q": "crashmark"}),
    ("/api/search", {"q": "crashnew", "per_page": "20"}),
    ("/api/search", {"q": "ডিজিটাল রূপান্তর", "sort": "date"}),
    ("/api/search", {"q": "", "lang": "bn"}),
    ("/api/passages", {"q": "crashmark"}),
    ("/api/documents/a100", {}),  # in both corpus states
    ("/", {"q": "crashmark"}),
    ("/", {"q": "crashnew", "mode": "passages"}),
    ("/doc/a100", {"q": "crashmark"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: str | int, path: str, params: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=timeout)
    try:
        conn.request("GET", path + ("?" + urlencode(params) if params else ""))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def totals(port: int) -> tuple[int, int]:
    out = []
    for q in ("crashmark", "crashnew"):
        # Articles, not texts: the generated corpus repeats some, which a search folds.
        status, body = get(port, "/api/search", {"q": q, "per_page": "1", "collapse": "false"})
        assert status == 200, body[:300]
        out.append(json.loads(body)["total"])
    return out[0], out[1]


@dataclass
class Server:
    port: int
    index: Path
    corpus: Path
    log: Path
    proc: subprocess.Popen[bytes]
    workers: int


# One process (waitress) and two worker processes (gunicorn): every test
# below runs against both.
@pytest.fixture(scope="module", params=[1, 2], ids=["1-worker", "2-workers"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workers: int = request.param
    root = tmp_path_factory.mktemp("concurrency")
    corpus, index_dir, log = root / "corpus", root / "index", root / "serve.log"
    write_state(corpus, "A")
    subprocess.run([SETU, "build", str(corpus), "--index", str(index_dir)], check=True, capture_output=True)
    port = free_port()
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                *(SETU, "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port)),
                *("--threads", "8", "--workers", str(workers)),
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                if get(port, "/api/search", {"q": "crashmark"}, timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "setu serve did not come up in 60 s"
            time.sleep(0.1)
        yield Server(port, index_dir, corpus, log, proc, workers)
    finally:
        proc.terminate()
        # A clean stop on SIGTERM: gunicorn's workers finish and the master exits 0.
        assert proc.wait(timeout=30) in (0, -15)


@dataclass
class Load:
    """8 clients looping over REQUESTS until stopped (or their bound is reached)."""

    port: int
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: list[float] = field(default_factory=list)  # completion times of successful requests
    failures: list[str] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    def client(self, n: int) -> None:
        started = time.monotonic()
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if self.stop.is_set() or time.monotonic() - started > MAX_SECONDS:
                return
            path, params = REQUESTS[(n + i) % len(REQUESTS)]
            try:
                status, body = get(self.port, path, params)
                ok = status == 200
                detail = f"{status} {body[:200]!r}"
            except OSError as exc:
                ok, detail = False, repr(exc)
            with self.lock:
                if ok:
                    self.done.append(time.monotonic())
                else:
                    self.failures.append(f"{path} {params}: {detail}")
            time.sleep(0.01)

    def __enter__(self) -> Load:
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def served_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(1 for t in self.done if start <= t <= end)


def build(server: Server, *extra: str) -> tuple[float, float]:
    started = time.monotonic()
    result = subprocess.run(
        [SETU, "build", str(server.corpus), "--index", str(server.index), *extra], capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return started, time.monotonic()


def wait_for_totals(port: int, expected: tuple[int, int] | None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while totals(port) != expected:
        assert time.monotonic() < deadline, f"the server still shows {totals(port)}, expected {expected}"
        time.sleep(0.05)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


# One response of each kind the app sends: (path, status, content type).
RESPONSE_KINDS = [
    ("/?q=crashmark", 200, "text/html; charset=utf-8"),
    ("/api/search?q=57", 200, "application/json; charset=utf-8"),
    ("/export.csv?q=crashmark", 200, "text/csv; charset=utf-8"),
    ("/api/documents/a100/parallel/nope.tsv", 404, "application/json; charset=utf-8"),
    ("/no/such/page", 404, "text/html; charset=utf-8"),
    ("/api/no/such/endpoint", 404, "application/json; charset=utf-8"),
    ("/static/setu.css", 200, "text/css; charset=utf-8"),
]


class Headers(Protocol):
    """What http.client's and Werkzeug's headers share: a case-insensitive ``get``."""

    def get(self, name: str) -> str | None: ...


def security_headers(headers: Headers) -> dict[str, str]:
    csp = headers.get("Content-Security-Policy") or ""
    return {
        "X-Content-Type-Options": headers.get("X-Content-Type-Options") or "",
        "Referrer-Policy": headers.get("Referrer-Policy") or "",
        "CSP forbids by default": str("default-src 'none'" in csp and "'unsafe-inline'" not in csp),
    }


EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "CSP forbids by default": "True",
}


def test_serving_leaves_the_index_untouched_and_sends_the_headers(server: Server) -> None:
    before = snapshot(server.index)
    for path, params in REQUESTS * 3:
        assert get(server.port, path, params)[0] == 200
    assert snapshot(server.index) == before  # opened read-only: no lock, no file written
    seen = {}
    for path, _, _ in RESPONSE_KINDS:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            seen[path] = (response.status, response.getheader("Content-Type"), security_headers(response.headers))
        finally:
            conn.close()
    assert seen == {path: (status, kind, EXPECTED_HEADERS) for path, status, kind in RESPONSE_KINDS}


def test_an_unexpected_error_gets_the_headers_too(sample_index: Path) -> None:
    from webui import create_app

    app = create_app({"INDEX_DIR": str(sample_index)})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    response = app.test_client().get("/boom")
    assert (response.status_code, security_headers(response.headers)) == (500, EXPECTED_HEADERS)


def test_a_large_request_body_is_refused(server: Server) -> None:
    # Only the headers are sent: the server answers 413 from the announced length.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"GET /api/search?q=57 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\n\r\n")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413 "), reply[:200]


def test_builds_under_load_publish_without_a_failed_request(server: Server) -> None:
    assert totals(server.port) == TOTALS["A"]
    with Load(server.port) as load:
        time.sleep(1.0)
        write_state(server.corpus, "B")
        update = build(server)  # incremental: one Whoosh commit into the live generation
        wait_for_totals(server.port, TOTALS["B"])
        time.sleep(0.5)
        write_state(server.corpus, "A")
        rebuild = build(server, "--rebuild")  # a new generation, published by replacing CURRENT
        wait_for_totals(server.port, TOTALS["A"])
        time.sleep(0.5)
    during = load.served_between(*update) + load.served_between(*rebuild)
    assert load.failures == []
    assert during >= 50, f"only {during} requests were served during the builds"
    assert len(load.done) <= CLIENTS * MAX_REQUESTS_PER_CLIENT
    assert check_index(server.index).problems == []


def test_two_builds_at_once_one_waits_its_turn(server: Server) -> None:
    write_state(server.corpus, "B")
    # Enough articles that the first build is still running when the second
    # process has started (a few seconds; the crash-test corpus alone takes
    # less than Python's start-up).
    filler = server.corpus / "filler"
    filler.mkdir(exist_ok=True)
    for i in range(150):
        for src in SAMPLE.glob("*.txt"):
            shutil.copy(src, filler / f"{i:03d}-{src.name}")
    first = subprocess.Popen(
        [SETU, "build", str(server.corpus), "--index", str(server.index), "--rebuild"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    lock = server.index / "build.lock"
    deadline = time.monotonic() + 60
    while lock.read_text(encoding="ascii", errors="replace").strip() != str(first.pid):
        assert first.poll() is None and time.monotonic() < deadline, "the first build never took the lock"
        time.sleep(0.01)
    second = subprocess.run(
        [SETU, "build", str(server.corpus), "--index", str(server.index)], capture_output=True, timeout=120
    )
    # The message proves the two overlapped: a finished build leaves no lock.
    assert second.returncode == 1
    message = second.stderr.decode("utf-8")
    assert f"another build is running on {server.index} (pid {first.pid}); wait for it to finish" in message
    assert "Traceback" not in message
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err.decode("utf-8", "replace")
    assert check_index(server.index).problems == []
    wait_for_totals(server.port, TOTALS["B"])


def test_the_server_log_holds_no_article_text(server: Server) -> None:
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
    for lines in PARAGRAPHS.values():
        for line in lines:
            assert line[:50] not in log


def test_serve_bounds_requests_and_connections(sample_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress
    from click.testing import CliRunner

    from webui.cli import main

    seen: dict[str, object] = {}
    ran: list[bool] = []

    def create_server(app: object, **kwargs: object) -> SimpleNamespace:
        seen.update(kwargs)
        return SimpleNamespace(run=lambda: ran.append(True))

    monkeypatch.setattr(waitress, "create_server", create_server)
    result = CliRunner().invoke(main, ["serve", "--index", str(sample_index), "--port", "8123", "--workers", "1"])
    assert (result.exit_code, ran) == (0, [True]), result.output
    assert seen == {
        "host": "127.0.0.1",
        "port": 8123,
        "threads": 2,
        "ident": "setu",
        "max_request_body_size": 64 * 1024,
        "max_request_header_size": 256 * 1024,
        "channel_timeout": 30,
        "connection_limit": 100,
        "asyncore_use_poll": True,
        "map": {},  # its sockets are closed if the address is refused
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_survives_file_descriptors_past_1024(sample_index: Path, tmp_path: Path, workers: int) -> None:
    """A big index keeps many files open; select() failed past descriptor 1,024 (poll() does not)."""
    import resource
    import socket
    import subprocess
    import sys
    import textwrap
    import time
    import urllib.request

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if min(soft, hard) < 1200:
        pytest.skip(f"the file descriptor limit ({soft}) is too low to open 1,100 files")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The server opens 1,100 files before serving: its sockets get descriptors past 1,024.
    script = textwrap.dedent(
        f"""
        import sys
        held = [open({str(sample_index / "CURRENT")!r}) for _ in range(1100)]
        from webui.cli import main
        sys.argv = ["setu", "serve", "--index", {str(sample_index)!r}, "--port", "{port}", "--workers", "{workers}"]
        main()
        """
    )
    server = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=57", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.05)
        for _ in range(5):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=57", timeout=5) as r:
                assert r.status == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr:
            server.stderr.close()
