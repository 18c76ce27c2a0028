"""The `setu` command line: build, check, search, serve.

Stage: presentation.  Each command parses options, calls one function of
``index`` or ``search`` and renders its result; domain errors become
``click.ClickException`` (exit status 1 with the message, never a trace).
An exception no message foresaw while ``serve`` starts is logged with its
traceback first.  Flask, the servers and ``search`` are imported inside the
commands that use them: ``build`` and ``check`` load only ``index``.
"""

from __future__ import annotations

import errno
import json
import logging
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from index import (
    START_UP,
    BuildError,
    BuildLocked,
    BuildReport,
    IndexMissing,
    build,
    check_index,
    process_age_seconds,
    usable_cores,
)

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["main"]

_log = logging.getLogger(__name__)

SERVE_MAX_HEADER_BYTES = 256 * 1024
SERVE_IDLE_SECONDS = 30
SERVE_MAX_CONNECTIONS = 100

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
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timeline.phases.items())
    echo(f"  timeline: {phases}", err=True)
    if report.timeline.work:
        work = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timeline.work.items())
        echo(f"  in the writers, summed over processes: {work}", err=True)
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
    help="Worker processes: N+1 read, analyse and write during a full build, N parse during "
    "an update (default: cores - 1, fewer if memory is short; 0: all in this process).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON on stdout.")
@click.option("--verbose", "-v", is_flag=True, help="List every warning.")
def build_command(
    corpus_dir: Path, index_dir: Path, rebuild: bool, workers: int | None, as_json: bool, verbose: bool
) -> None:
    """Build or update the index from CORPUS_DIR (*.txt files, recursively)."""
    start_up = process_age_seconds()  # the interpreter, imports and options, before the build
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
    if start_up is not None:
        report.timeline.first(START_UP, start_up)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    _print_summary(report, verbose)


_SHOWN_REPEATS = 20


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
        repeated = sum(len(g) for g in report.repeats)
        click.echo(f"  repeats: {len(report.repeats)} groups of one text ({repeated} articles)")
        for members in report.repeats[:_SHOWN_REPEATS]:
            click.echo(f"    {members[0]}: also {', '.join(members[1:])}")
        if len(report.repeats) > _SHOWN_REPEATS:
            click.echo(f"    ... and {len(report.repeats) - _SHOWN_REPEATS} more (--json lists them all)")
        for p in report.problems:
            click.echo(f"  PROBLEM: {p}")
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s)")
    if not report.ok:
        sys.exit(1)


def _render_segments(segments: list[dict[str, Any]], color: bool) -> str:
    out = []
    for seg in segments:
        if seg["match"]:
            out.append(click.style(seg["text"], bold=True, underline=True) if color else f"[{seg['text']}]")
        else:
            out.append(seg["text"])
    return "".join(out)


@main.command("search")
@INDEX_OPTION
@click.argument("query", nargs=-1)
@click.option("--lang", multiple=True, help="Language code (repeatable).")
@click.option("--province", multiple=True, help="Province slug or name (repeatable).")
@click.option("--resolution", multiple=True, help="Resolution id, e.g. 57-NQ/TW (repeatable).")
@click.option("--source", multiple=True, help="Publisher domain (repeatable).")
@click.option("--year", multiple=True, help="Publication year (repeatable).")
@click.option("--month", multiple=True, help="Publication month as YYYY-MM (repeatable).")
@click.option("--from", "date_from", default=None, help="Dated on or after: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", default=None, help="Dated on or before: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--undated", is_flag=True, help="Only articles without a date (the API's date=none).")
@click.option("--no-collapse", is_flag=True, help="List repeated articles one by one instead of folding them.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=10, show_default=True)
@click.option("--passages", is_flag=True, help="Search sentences instead of articles.")
@click.option(
    "--cross-language",
    is_flag=True,
    help="Each Bengali word also matches its Hindi equivalents, and the other way round.",
)
@click.option(
    "--skip", multiple=True, help="Leave out a bridge, as kind:word (e.g. transliteration:Nguyen; repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as the API.")
def search_command(
    index_dir: Path,
    query: tuple[str, ...],
    lang: tuple[str, ...],
    province: tuple[str, ...],
    resolution: tuple[str, ...],
    source: tuple[str, ...],
    year: tuple[str, ...],
    month: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    undated: bool,
    no_collapse: bool,
    sort: str,
    page: int,
    per_page: int,
    passages: bool,
    cross_language: bool,
    skip: tuple[str, ...],
    as_json: bool,
) -> None:
    """Search the index: QUERY uses the same language as the web page and API."""
    from search import Engine, SearchError, SearchRequest

    filters = {"lang": lang, "province": province, "resolution": resolution, "source": source, "year": year}
    filters["month"] = month
    try:
        request = SearchRequest.create(
            " ".join(query),
            filters,
            sort,
            page,
            per_page,
            cross_language=cross_language,
            skip=skip,
            date_from=date_from,
            date_to=date_to,
            date="none" if undated else None,
            collapse=not no_collapse,
        )
        engine = Engine(index_dir)
        result = engine.passages(request) if passages else engine.search(request)
    except SearchError as exc:
        raise click.ClickException(exc.message) from exc
    data = result.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    dated = [name for name, v in (("--year", year), ("--month", month), ("--from", date_from), ("--to", date_to)) if v]
    _echo_summary(data, passages, left_out_by=" and ".join(dated), newest_first=sort == "date" or not query)
    for n, hit in enumerate(data["hits"], (page - 1) * per_page + 1):
        if passages:
            click.echo(f"\n{n}. {hit['id']} #{hit['sentence']} [{hit['lang']}] {hit['start']}-{hit['end']}")
            click.echo("   " + _render_segments(hit["segments"], color))
        else:
            click.echo(f"\n{n}. {hit['title']}")
            click.echo(f"   {hit['id']} [{hit['lang']}] {hit['source'] or ''} {hit['date'] or ''}")
            for snippet in hit["snippets"]:
                click.echo("   … " + _render_segments(snippet, color))


def _expansion_line(e: dict[str, Any]) -> str:
    """One expansion of the query, as ``setu search`` prints it."""
    if e["kind"] == "province":
        return f"searched {e['text']!r} as {e['label']}: {', '.join(e['variants'])}"
    if e["kind"] == "resolution":
        return f"searched {e['text']!r} as resolution:{e['resolution']} ({e['label']})"
    cut = f" ({e['cut']} weaker terms left out)" if e.get("cut") else ""
    return f"also searched {e['text']!r} through {e['kind']}: {', '.join(e['terms'])}{cut} [--skip {e['skip']!r}]"


def _echo_summary(data: dict[str, Any], passages: bool, left_out_by: str, newest_first: bool) -> None:
    """The lines above the hits: total, expansions, notes, suggestions, undated articles."""
    understood = data["query"]["parsed"]
    click.echo(
        f"{data['total']} {'passages' if passages else 'articles'}" + (f" for {understood}" if understood else "")
    )
    for e in data["query"]["expansions"]:
        click.echo(f"  {_expansion_line(e)}")
    for note in data["notes"]:
        click.echo(f"  {note['message']}")
    if data["suggestions"]:  # each suggestion carries the whole corrected query
        click.echo(f"  did you mean: {data['suggestions'][0]['q']}")
    if data["undated"] and left_out_by:
        click.echo(f"  {data['undated']} articles with no date are left out by {left_out_by}")
    elif data["undated"] and newest_first:
        click.echo(f"  {data['undated']} articles with no date come last")


def _listen_problem(exc: OSError, host: str, port: int) -> str:
    """What to change when the server cannot take its address."""
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"Cannot listen on host {host!r} ({exc.strerror or exc}): give an address of this machine "
            "with --host (SETU_HOST), 127.0.0.1 for this machine only or 0.0.0.0 for every interface."
        )
    if exc.errno == errno.EADDRINUSE:
        return (
            f"Port {port} on {host} is already in use by another program: stop it, "
            "or choose another port with --port (SETU_PORT)."
        )
    if exc.errno == errno.EACCES:
        return (
            f"Not allowed to listen on port {port} of {host}: ports below 1024 need privileges; "
            "choose a port from 1024 up with --port (SETU_PORT)."
        )
    return f"Cannot listen on {host}:{port} ({exc}): check --host (SETU_HOST) and --port (SETU_PORT)."


def _listen(app: Flask, host: str, port: int, threads: int) -> Any:
    """A waitress server bound to host:port, not yet serving; a refused address says what to change."""
    import waitress
    from waitress import wasyncore

    sockets: dict[int, Any] = {}
    try:
        return waitress.create_server(
            app,
            map=sockets,
            host=host,
            port=port,
            threads=threads,
            ident="setu",
            # Bounded requests: a body no larger than Flask accepts (waitress
            # would buffer up to 1 GB), headers and URL up to 256 KiB (a query
            # of 1,000 Bengali characters is 9 KB encoded), and a connection
            # that sends nothing for 30 s (a stalled or slow-dripping client)
            # is closed instead of holding one of the 100 connections.
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
            max_request_header_size=SERVE_MAX_HEADER_BYTES,
            channel_timeout=SERVE_IDLE_SECONDS,
            connection_limit=SERVE_MAX_CONNECTIONS,
            # poll(), not select(): a searcher holds a few files per index
            # segment, so on a 100k-article index the sockets' descriptors pass
            # 1,024, where select() raises and the server dies.
            asyncore_use_poll=True,
        )
    except (OSError, ValueError) as exc:
        # A server that failed to bind is left half made, its threads, pipe and socket open.
        for channel in list(sockets.values()):
            if hasattr(channel, "task_dispatcher"):
                channel.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)
        # waitress turns a host name that does not resolve into a ValueError.
        cause = exc if isinstance(exc, OSError) else exc.__context__
        if not isinstance(cause, OSError):
            raise
        raise click.ClickException(_listen_problem(cause, host, port)) from exc


@contextmanager
def _starting(step: str, hint: str) -> Iterator[None]:
    """A start-up step: an exception no message foresaw is logged with its traceback, then exits 1 with ``hint``."""
    try:
        yield
    except click.ClickException:
        raise
    except Exception as exc:
        _log.exception("setu serve could not %s", step)
        raise click.ClickException(f"Could not {step}: {type(exc).__name__}: {str(exc).rstrip('.')}. {hint}") from exc


@main.command("serve")
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, envvar="SETU_HOST", show_envvar=True)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, envvar="SETU_PORT", show_envvar=True
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    # Searching is CPU work under one GIL: two threads keep the process busy
    # while one waits on the disk or a socket; more only contend for the GIL
    # and each holds its own searcher and caches (README, "Serving on several cores").
    default=2,
    show_default=True,
    envvar="SETU_THREADS",
    show_envvar=True,
    help="Threads per worker process (raise it for many slow clients or long exports).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    envvar="SETU_WORKERS",
    show_envvar=True,
    help="Worker processes (default: the cores this process may use); more than 1 runs gunicorn, 1 runs waitress.",
)
def serve_command(index_dir: Path, host: str, port: int, threads: int, workers: int | None) -> None:
    """Serve the web UI and the JSON API with gunicorn or waitress (production WSGI servers)."""
    from search import Unavailable

    from . import prefork
    from .app import create_app
    from .extensions import engine

    # The server's log (waitress's warnings, the app's errors, a failed
    # start) goes to stderr, as waitress.serve() would set it up.
    logging.basicConfig()
    with _starting("create the web app", "No option explains it: see the traceback above."):
        app = create_app({"INDEX_DIR": str(index_dir)})
    with _starting(
        f"open the index in {index_dir}",
        f"`setu check --index {index_dir}` lists its problems; "
        f"`setu build CORPUS_DIR --index {index_dir} --rebuild` makes a new one.",
    ):
        try:
            engine(app).warm()
        except Unavailable as exc:
            raise click.ClickException(exc.message) from exc
    workers = workers or usable_cores()
    if workers > 1 and not prefork.available():
        _log.warning("gunicorn is not installed: serving with waitress in one process instead of %d", workers)
        workers = 1
    banner = f"Setu serving {index_dir} on http://{host}:{port}/ (API: /api/search, /api/openapi.json)"
    if workers == 1:
        with _starting(f"listen on {host}:{port}", "Check --host (SETU_HOST) and --port (SETU_PORT)."):
            server = _listen(app, host, port, threads)
        click.echo(banner, err=True)
        server.run()
        return
    with _starting(f"listen on {host}:{port}", "Check --host (SETU_HOST) and --port (SETU_PORT)."):
        try:
            fd = prefork.bind(host, port)
        except OSError as exc:
            raise click.ClickException(_listen_problem(exc, host, port)) from exc
    settings = prefork.options(workers, threads, SERVE_MAX_HEADER_BYTES, SERVE_IDLE_SECONDS, SERVE_MAX_CONNECTIONS)
    click.echo(f"{banner} with {workers} worker processes of {threads} threads", err=True)
    prefork.serve(app, fd, settings, SERVE_MAX_HEADER_BYTES)


@main.command("equivalents")
@INDEX_OPTION
@click.argument("term")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/equivalents.")
def equivalents_command(index_dir: Path, term: str, limit: int, as_json: bool) -> None:
    """TERM's equivalents in the other language (Bengali <-> Hindi), best first."""
    from search import Engine, SearchError

    try:
        data = Engine(index_dir).equivalents(term, limit).to_dict()
    except SearchError as exc:
        raise click.ClickException(exc.message) from exc
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['q']} [{data['lang']}] stem {data['term']}: {len(data['equivalents'])} equivalents")
    for e in data["equivalents"]:
        click.echo(f"  {e['term']}\t{e['lang']}\t{e['kind']}\tscore {e['score']:.2f}\t{e['pairs']} aligned pairs")


@main.command("export-parallel")
@INDEX_OPTION
@click.option("--format", "fmt", type=click.Choice(["tmx", "tsv"]), default="tmx", show_default=True)
@click.option("--query", default="", help="Only pairs where either article matches this query.")
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default: stdout)."
)
def export_parallel_command(index_dir: Path, fmt: str, query: str, output: Any) -> None:
    """Export aligned sentence pairs of linked translations as TMX 1.4 or TSV."""
    from search import Engine, SearchError

    from .formats import tmx, tsv

    try:
        pairs = Engine(index_dir).parallel_pairs(query)
        for chunk in tmx(pairs) if fmt == "tmx" else tsv(pairs):
            output.write(chunk)
    except SearchError as exc:
        raise click.ClickException(exc.message) from exc


if __name__ == "__main__":  # `python -m webui.cli`, as `setu` without the installed script
    main()
