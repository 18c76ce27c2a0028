"""The researchers' workbench over HTTP: concordance parameters, frequency tables, exports.

Stage: presentation.  A concordance takes every parameter of passage search
(``webui.params``) plus ``context`` and its own ``sort``; the collocation
table takes ``window``, ``sort`` and ``limit``, the form table ``sort``.  The
exports stream a whole concordance (TSV, CSV, or TMX for the lines with a
counterpart) and a whole table (TSV, CSV), each opened by the query and the
time of the export, as a ``#`` comment line or, in TMX, header properties.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from importlib.metadata import version as installed_version
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

from flask import Response, url_for
from werkzeug.datastructures import MultiDict

from search import BadRequest, Engine
from search.collocations import COLLOCATION_SORTS, DEFAULT_WINDOW, FORM_SORTS, MAX_WINDOW, sort_rows
from search.concordance import ConcordanceLine, ConcordanceRequest
from search.request import int_param

from .exports import BOM, csv_cell, download
from .formats import XML_INVALID
from .params import request_from_args

__all__ = [
    "KWIC_COLUMNS",
    "collocations_data",
    "concordance_export",
    "concordance_from_args",
    "frequencies_data",
    "table_export",
]

# Parameters of the workbench beside those of passage search.
_OWN = ("context", "sort", "window", "limit", "ui", "mode")
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
KWIC_COLUMNS = (
    "id", "lang", "sentence", "start", "end", "left", "match", "right",
    "parallel_id", "parallel_lang", "bead", "score", "parallel_text",
)  # fmt: skip


def concordance_from_args(args: MultiDict[str, str], allowed: tuple[str, ...] = ("context", "sort")) -> tuple[
    ConcordanceRequest, MultiDict[str, str]
]:  # fmt: skip
    """The concordance a URL asks for, and the parameters it did not use (``allowed``: the workbench's own here)."""
    search_args = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in _OWN])
    for name in ("context", "sort", "window", "limit"):
        if len(args.getlist(name)) > 1:
            raise BadRequest(f"Give {name} once, not {len(args.getlist(name))} times.")
    for name in ("window", "limit"):
        if name in args and name not in allowed:
            raise BadRequest(f"{name} belongs to /api/collocations; a concordance takes context (words each side).")
    search = request_from_args(search_args)
    sort = args.get("sort") if "sort" in allowed else None
    return ConcordanceRequest.create(search, args.get("context"), sort), args


def _tsv_cell(value: Any) -> str:
    return " ".join(("" if value is None else str(value)).split())


def _asked(query: dict[str, Any]) -> dict[str, Any]:
    """The query's parameters that were given: not the empty ones, not a switch left off, not paging.

    collapse=true is the default, and sentences are never folded: not worth a mention either.
    """
    empty: tuple[Any, ...] = ("", None, [], {})
    skipped = ("page", "per_page")
    return {
        k: v
        for k, v in query.items()
        if v is not False and v not in empty and k not in skipped and not (k == "collapse" and v is True)
    }


def _comment(kind: str, query: dict[str, Any], count_note: str = "") -> str:
    """The export's first line: what was searched and when."""
    asked = _asked(query)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"# Setu {kind}; query {json.dumps(asked, ensure_ascii=False)}; exported {when}{count_note}"


def _kwic_row(line: dict[str, Any]) -> list[Any]:
    p = line["parallel"] or {}
    return [
        line["id"], line["lang"], line["sentence"], line["start"], line["end"], line["left"], line["match"],
        line["right"], p.get("id"), p.get("lang"), p.get("bead"), p.get("score"), p.get("text"),
    ]  # fmt: skip


def _rows(header: Iterable[str], rows: Iterable[list[Any]], fmt: str, comment: str) -> Iterator[str]:
    if fmt == "tsv":
        yield comment + "\n" + "\t".join(header) + "\n"
        for row in rows:
            yield "\t".join(_tsv_cell(v) for v in row) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM + comment + "\r\n")
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([csv_cell(v) for v in row])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _tmx(lines: Iterator[ConcordanceLine], query: dict[str, Any]) -> Iterator[str]:
    """One ``<tu>`` per line with a counterpart: the line's whole sentence and the aligned text."""
    when = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    asked = json.dumps(_asked(query), ensure_ascii=False)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (
        f'  <header creationtool="Setu" creationtoolversion={quoteattr(installed_version("setu"))}'
        f' segtype="sentence" o-tmf="setu" adminlang="en" srclang="*all*" datatype="plaintext"'
        f" creationdate={quoteattr(when)}>\n"
        f'    <prop type="x-setu-query">{escape(XML_INVALID.sub("", asked))}</prop>\n  </header>\n  <body>\n'
    )
    for line in lines:
        data = line.to_dict()
        p = data["parallel"]
        if not p or not p["text"]:
            continue
        tuid = f"{data['id']}|{data['sentence']}|{data['start']}"
        parts = [f"    <tu tuid={quoteattr(tuid)}>\n", f'      <prop type="x-setu-bead">{p["bead"]}</prop>\n']
        parts.append(f'      <prop type="x-setu-score">{p["score"]:.4f}</prop>\n')
        for lang, doc_id, text in ((data["lang"], data["id"], data["text"]), (p["lang"], p["id"], p["text"])):
            parts.append(
                f"      <tuv xml:lang={quoteattr(lang)}>"
                f'<prop type="x-setu-document">{escape(XML_INVALID.sub("", doc_id))}</prop>'
                f"<seg>{escape(XML_INVALID.sub('', text))}</seg></tuv>\n"
            )
        parts.append("    </tu>\n")
        yield "".join(parts)
    yield "  </body>\n</tmx>\n"


_TYPES = {
    "tsv": "text/tab-separated-values; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tmx": "application/x-tmx+xml; charset=utf-8",
}


def concordance_export(engine: Engine, request: ConcordanceRequest, fmt: str) -> Response:
    """The whole concordance, streamed; a bad request fails before the first byte."""
    lines = engine.concordance_lines(request)
    first = next(lines, None)  # runs the search now: errors become a 400, not a broken download

    def every() -> Iterator[ConcordanceLine]:
        if first is not None:
            yield first
            yield from lines

    query = request.to_dict()
    if fmt == "tmx":
        body = _tmx(every(), query)
    else:
        rows = (_kwic_row(line.to_dict()) for line in every())
        body = _rows(KWIC_COLUMNS, rows, fmt, _comment("concordance", query))
    return download(body, _TYPES[fmt], f"setu-concordance.{fmt}")


def _limit(args: MultiDict[str, str]) -> int:
    return int_param("limit", args.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "rows of the table")


def collocations_data(engine: Engine, args: MultiDict[str, str], limit: bool = True) -> dict[str, Any]:
    """The collocation table as JSON: each row with the concordance URL of the node and the word."""
    request, _ = concordance_from_args(args, ("window", "limit"))
    window = int_param("window", args.get("window"), DEFAULT_WINDOW, 1, MAX_WINDOW, "words each side of the match")
    rows = sort_rows(engine.collocations(request, window), args.get("sort", ""), COLLOCATION_SORTS)
    nodes: dict[str, int] = {}
    for r in rows:
        nodes[r.lang] = r.node
    shown = rows[: _limit(args)] if limit else rows
    q = request.search.q
    return {
        "ok": True,
        "query": _table_query(request),
        "window": window,
        "sort": (args.get("sort") or COLLOCATION_SORTS[0]).strip().lower(),
        "total": len(rows),
        "nodes": nodes,
        "collocations": [{**r.to_dict(), "concordance": _concordance_url(args, f'({q}) "{r.word}"')} for r in shown],
    }


def frequencies_data(engine: Engine, args: MultiDict[str, str], limit: bool = True) -> dict[str, Any]:
    request, _ = concordance_from_args(args, ("limit",))
    rows = sort_rows(engine.frequencies(request), args.get("sort", ""), FORM_SORTS)
    shown = rows[: _limit(args)] if limit else rows
    return {
        "ok": True,
        "query": _table_query(request),
        "sort": (args.get("sort") or FORM_SORTS[0]).strip().lower(),
        "total": len(rows),
        "lines": sum(r.count for r in rows),
        "forms": [r.to_dict() for r in shown],
    }


def _table_query(request: ConcordanceRequest) -> dict[str, Any]:
    """The search behind a table (its own sort is the table's)."""
    return {k: v for k, v in request.search.to_dict().items() if k not in ("sort", "page", "per_page", "include")}


# A table's own parameters, which its rows' concordance links leave out.
_TABLE_ONLY = ("q", "window", "limit", "sort", "page", "per_page", "ui", "mode")


def _concordance_url(args: MultiDict[str, str], q: str) -> str:
    """The concordance of ``q`` under everything else the table was asked with.

    Every other parameter is kept as given (filters, aligned-sentence filters,
    cross_language, skip, context), so a row's link shows the lines it counted.
    """
    pairs = [("q", q)] + [(k, v) for k, v in args.items(multi=True) if k not in _TABLE_ONLY]
    return url_for("api.concordance") + "?" + urlencode(pairs)


def table_export(data: dict[str, Any], kind: str, fmt: str) -> Response:
    """A whole frequency table (``data`` without a limit) as TSV or CSV."""
    key = "collocations" if kind == "collocations" else "forms"
    header = ["lang", "word", "count", "node", "frequency", "logdice"] if key == "collocations" else [
        "lang", "form", "count"
    ]  # fmt: skip
    rows = ([row[c] for c in header] for row in data[key])
    body = _rows(header, rows, fmt, _comment(kind, data["query"]))
    return download(body, _TYPES[fmt], f"setu-{kind}.{fmt}")
