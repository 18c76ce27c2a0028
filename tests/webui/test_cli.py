"""The `setu` command line: build, check, serve's start-up, their errors and what they import."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE

from webui.cli import main


def test_build_then_check(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(SAMPLE), "--index", str(tmp_path / "ix"), "--json", "--workers", "0"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["mode"], summary["added"], summary["skipped"]) == ("full", 5, [])
    assert "5 added, 0 updated, 0 deleted, 0 unchanged, 0 skipped" in result.stderr

    result = runner.invoke(main, ["check", "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "articles: 5, sentences: 103" in result.stdout
    assert result.stdout.rstrip().endswith("ok")

    result = runner.invoke(main, ["check", "--index", str(tmp_path / "ix"), "--json"])
    assert json.loads(result.stdout)["facets"]["lang"] == {"bn": 4, "hi": 1}


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.output

    result = runner.invoke(main, ["check", "--index", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "no index in" in result.stdout


def test_skipped_files_are_listed_with_their_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("কা মাউ প্রদেশে নতুন উদ্যোগ।\n", encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "skipped b.txt: empty file" in result.stderr


# -- what `setu build` loads -----------------------------------------------------


def test_build_and_check_load_neither_flask_nor_the_search_layer(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import json, sys
        from webui.cli import main
        index = {str(tmp_path / "ix")!r}
        for args in (["build", {str(SAMPLE)!r}, "--index", index, "--workers", "0"], ["check", "--index", index]):
            main(args, standalone_mode=False)
        loaded = {{name.split(".")[0] for name in sys.modules}}
        print(json.dumps(sorted(loaded & {{"flask", "werkzeug", "jinja2", "waitress", "search"}})))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
    assert (tmp_path / "ix" / "CURRENT").is_file()


def test_create_app_is_still_importable_from_the_package() -> None:
    import webui
    from webui import create_app
    from webui.app import create_app as factory

    assert create_app is factory is webui.create_app


# -- `setu serve` start-up failures ------------------------------------------------


def serve(index_dir: Path, *args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(main, ["serve", "--index", str(index_dir), *args], **kwargs)


def test_serve_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = serve(tmp_path / "none")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no index in {tmp_path / 'none'}: run `setu build CORPUS_DIR --index {tmp_path / 'none'}` first\n"
    )


def test_serve_on_a_port_in_use_says_to_choose_another(sample_index: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve(sample_index, "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Port {port} on 127.0.0.1 is already in use by another program: stop it, "
        "or choose another port with --port (SETU_PORT).\n"
    )


def test_serve_on_an_address_of_another_machine_says_which_to_use(sample_index: Path) -> None:
    result = serve(sample_index, "--host", "192.0.2.1", "--port", "8123")  # TEST-NET-1: never local
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Cannot listen on host '192.0.2.1' ({os.strerror(errno.EADDRNOTAVAIL)}): give an address of "
        "this machine with --host (SETU_HOST), 127.0.0.1 for this machine only or 0.0.0.0 for every interface.\n"
    )


def test_serve_with_a_bad_setting_names_it(sample_index: Path) -> None:
    result = serve(sample_index, env={"SETU_PORT": "eighty"})
    assert result.exit_code == 2
    assert "Invalid value for '--port' (env var: 'SETU_PORT'): 'eighty' is not a valid integer range." in result.stderr


def test_serve_logs_an_unexpected_error_in_the_index_with_its_traceback(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from search import Engine

    def warm(self: Engine) -> None:
        raise ValueError("segment 3 is cut short")

    monkeypatch.setattr(Engine, "warm", warm)
    result = serve(sample_index)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Could not open the index in {sample_index}: ValueError: segment 3 is cut short. "
        f"`setu check --index {sample_index}` lists its problems; "
        f"`setu build CORPUS_DIR --index {sample_index} --rebuild` makes a new one.\n"
    )
    [record] = [r for r in caplog.records if r.name == "webui.cli"]
    assert record.getMessage() == f"setu serve could not open the index in {sample_index}"
    assert record.exc_info is not None and isinstance(record.exc_info[1], ValueError)


def test_serve_prints_the_traceback_of_an_unexpected_error_and_exits_1(sample_index: Path) -> None:
    script = textwrap.dedent(
        f"""
        import webui.app
        from webui.cli import main

        def create_app(config=None):
            raise RuntimeError("the factory broke")

        webui.app.create_app = create_app
        main(["serve", "--index", {str(sample_index)!r}, "--port", "8123"])
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "ERROR:webui.cli:setu serve could not create the web app"
    assert lines[1] == "Traceback (most recent call last):"
    assert "RuntimeError: the factory broke" in lines
    assert lines[-1] == (
        "Error: Could not create the web app: RuntimeError: the factory broke. "
        "No option explains it: see the traceback above."
    )


# -- `setu serve --workers` ---------------------------------------------------------


def record_prefork(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand in for gunicorn's master: record what it would run with, and close the socket."""
    from webui import prefork

    seen: dict[str, Any] = {}

    def serve(app: Any, fd: int, settings: dict[str, Any], max_uri_bytes: int) -> None:
        with socket.socket(fileno=fd) as sock:
            seen["address"] = sock.getsockname()
        seen.update(settings=settings, max_uri_bytes=max_uri_bytes)

    monkeypatch.setattr(prefork, "serve", serve)
    # The stand-in needs no gunicorn: without this, a virtualenv that lacks it
    # falls back to waitress and the test serves forever instead of failing.
    monkeypatch.setattr(prefork, "available", lambda: True)
    return seen


@pytest.mark.parametrize(
    ("args", "env", "cores", "workers"),
    [
        ((), {}, 4, 4),  # default: the number of cores
        ((), {"SETU_WORKERS": "3"}, 4, 3),
        (("--workers", "5"), {"SETU_WORKERS": "3"}, 4, 5),
    ],
)
def test_serve_runs_gunicorn_with_one_worker_per_core_and_the_bounds_of_waitress(
    sample_index: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: dict[str, str],
    cores: int,
    workers: int,
) -> None:
    # The cores it may use, not the machine's: in a container or under
    # taskset the affinity is the smaller number.
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    seen = record_prefork(monkeypatch)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = serve(sample_index, "--port", str(port), *args, env=env)
    assert result.exit_code == 0, result.output
    assert seen["address"] == ("127.0.0.1", port)
    assert seen["max_uri_bytes"] == 256 * 1024
    settings = dict(seen["settings"])
    assert (settings.pop("workers"), settings.pop("worker_connections")) == (workers, -(-100 // workers))
    assert settings == {
        "worker_class": "gthread",
        "threads": 2,
        "keepalive": 30,
        "timeout": 120,
        "graceful_timeout": 10,
        "limit_request_line": 0,
        "limit_request_field_size": 256 * 1024,
        "accesslog": "-",
        "access_log_format": 'worker %(p)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms',
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "setu",
        "control_socket_disable": True,
    }
    assert f"with {workers} worker processes of 2 threads" in result.stderr


def test_serve_without_gunicorn_serves_with_waitress(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import waitress

    ran: list[bool] = []
    monkeypatch.setattr(waitress, "create_server", lambda app, **kwargs: SimpleNamespace(run=lambda: ran.append(True)))
    monkeypatch.setitem(sys.modules, "gunicorn.app.base", None)  # import fails, as where it is not installed
    result = serve(sample_index, "--workers", "4")
    assert (result.exit_code, ran) == (0, [True]), result.output
    messages = [r.getMessage() for r in caplog.records if r.name == "webui.cli"]
    assert messages == ["gunicorn is not installed: serving with waitress in one process instead of 4"]


def test_search_prints_notes_and_suggestions(sample_index: Path) -> None:
    # What the JSON carries in `notes` and `suggestions` is said in text mode too.
    runner = CliRunner()
    typo = runner.invoke(main, ["search", "--index", str(sample_index), "ডিজিটলা"])
    assert typo.exit_code == 0, typo.output
    assert typo.output.splitlines()[:2] == ["0 articles for ডিজিটলা", "  did you mean: ডিজিটাল"]
    unknown = runner.invoke(main, ["search", "--index", str(sample_index), "--lang", "xx", "ডিজিটাল"])
    assert unknown.exit_code == 0, unknown.output
    assert "  No article has lang 'xx'; the index has lang bn, hi." in unknown.output.splitlines()


def test_python_dash_m_runs_the_cli() -> None:
    # `python -m webui.cli` is the CLI where the `setu` script is not installed.
    done = subprocess.run([sys.executable, "-m", "webui.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout and "search" in done.stdout
