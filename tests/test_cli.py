"""The `setu` command line: build, check, their errors and what they import."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner
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
