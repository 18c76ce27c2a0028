"""The `setu` command line: build, check, search, serve.

Stage: presentation.  Each command parses options, calls one function of
``index`` or ``search`` and renders its result; domain errors become
``click.ClickException`` (exit status 1 with the message, never a trace).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from index import BuildError, BuildLocked, BuildReport, IndexMissing, build, check_index

__all__ = ["main"]

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SETU_INDEX",
    show_envvar=True,
    required=True,
    help="Index folder.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="setu")
def main() -> None:
    """Setu: search Bengali and Hindi news with their translations."""


def _print_summary(report: BuildReport, verbose: bool) -> None:
    echo = click.echo
    echo(
        f"{report.mode} build of {report.corpus_dir} -> {report.index_dir} ({report.generation}): "
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.deleted)} deleted, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped "
        f"in {report.seconds:.1f}s; {report.articles} articles in the index",
        err=True,
    )
    for s in report.skipped:
        echo(f"  skipped {s.path}: {s.reason}", err=True)
    shown = report.warnings if verbose else report.warnings[:20]
    for doc_id, warning in shown:
        echo(f"  warning {doc_id}: {warning}", err=True)
    if len(shown) < len(report.warnings):
        echo(f"  ... {len(report.warnings) - len(shown)} more warnings (use --verbose)", err=True)


@main.command("build")
@click.argument("corpus_dir", type=click.Path(path_type=Path))
@INDEX_OPTION
@click.option("--rebuild", is_flag=True, help="Start over instead of updating the existing index.")
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Parsing processes beside the writer (default: cores - 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON on stdout.")
@click.option("--verbose", "-v", is_flag=True, help="List every warning.")
def build_command(
    corpus_dir: Path, index_dir: Path, rebuild: bool, workers: int | None, as_json: bool, verbose: bool
) -> None:
    """Build or update the index from CORPUS_DIR (*.txt files, recursively)."""
    bar: Any = None
    progress = None
    if sys.stderr.isatty() and not as_json:
        bar = click.progressbar(length=1, label="indexing", file=sys.stderr)

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

    try:
        report = build(corpus_dir, index_dir, rebuild=rebuild, workers=workers, progress=progress)
    except (BuildError, BuildLocked, IndexMissing) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.render_finish()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    _print_summary(report, verbose)


@main.command("check")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check_command(index_dir: Path, as_json: bool) -> None:
    """Report document counts per language and facet, and integrity problems."""
    report = check_index(index_dir)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"index {report.index_dir} ({report.generation or 'none'})")
        click.echo(f"  articles: {report.articles}, sentences: {report.sentences}")
        for facet, counts in report.facets.items():
            values = ", ".join(f"{v} {n}" for v, n in list(counts.items())[:12]) or "-"
            more = f", ... ({len(counts)} values)" if len(counts) > 12 else ""
            click.echo(f"  {facet}: {values}{more}")
        for p in report.problems:
            click.echo(f"  PROBLEM: {p}")
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s)")
    if not report.ok:
        sys.exit(1)
