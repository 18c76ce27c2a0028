"""Exports of a whole result set: CSV and JSON, streamed.

Stage: presentation.  The search page's current result set, fetched from the
same ``Engine.search`` / ``Engine.passages`` as every other view, one page of
100 hits at a time, and written out as it comes: a large result never sits
in memory whole.  The JSON holds exactly the API's hit and facet objects; the
CSV flattens the same data, one hit a row (a sentence's counterparts by id and
by text), after a UTF-8 byte order mark.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from flask import Response, stream_with_context

from search import MAX_PER_PAGE, BadRequest, Engine, PassageResult, SearchRequest, SearchResult
from search.request import MAX_PAGE

from .params import run_search

__all__ = ["ARTICLE_COLUMNS", "BOM", "PASSAGE_COLUMNS", "csv_cell", "download", "export_response", "result_pages"]

ARTICLE_COLUMNS = (
    "id", "lang", "title", "date", "source", "url", "provinces", "resolutions", "documents",
    "score", "translations", "snippet",
)  # fmt: skip
PASSAGE_COLUMNS = (
    "id", "sentence", "lang", "title", "date", "source", "provinces", "resolutions",
    "start", "end", "score", "text", "parallel", "parallel_text",
)  # fmt: skip
# Excel reads a CSV without a byte order mark as the local code page and shows
# Bengali and Hindi as mojibake; with one it reads UTF-8.
BOM = "\ufeff"
# A spreadsheet would run a cell that starts like a formula: corpus text is
# data, so such a cell gets a leading apostrophe (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Result = SearchResult | PassageResult


def result_pages(engine: Engine, request: SearchRequest, mode: str) -> Iterator[Result]:
    """Every page of the result set, 100 hits each; the first is fetched at once (errors surface early)."""
    first = run_search(engine, replace(request, page=1, per_page=MAX_PER_PAGE), mode)

    def pages() -> Iterator[Result]:
        yield first
        for page in range(2, min(first.pages, MAX_PAGE) + 1):
            try:
                yield run_search(engine, replace(request, page=page, per_page=MAX_PER_PAGE), mode)
            except BadRequest:
                return  # the index shrank under us (a new build): the result set ends here

    return pages()


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(csv_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(hit: dict[str, Any], mode: str) -> list[str]:
    if mode == "passages":
        parallel = hit.get("parallel", [])
        values = {**hit, "parallel": [p["id"] for p in parallel], "parallel_text": [p["text"] for p in parallel]}
        return [csv_cell(values.get(c)) for c in PASSAGE_COLUMNS]
    first = hit["snippets"][0] if hit["snippets"] else []
    values = {
        **hit,
        "translations": [t["id"] for t in hit.get("translations", [])],
        "snippet": "".join(s["text"] for s in first),
    }
    return [csv_cell(values.get(c)) for c in ARTICLE_COLUMNS]


def _csv(pages: Iterator[Result], mode: str, ui: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(PASSAGE_COLUMNS if mode == "passages" else ARTICLE_COLUMNS)
    for result in pages:
        for hit in result.to_dict(ui)["hits"]:
            writer.writerow(_row(hit, mode))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _json(pages: Iterator[Result], ui: str) -> Iterator[str]:
    for n, result in enumerate(pages):
        data = result.to_dict(ui)
        if n == 0:
            query = {k: v for k, v in data["query"].items() if k not in ("page", "per_page")}
            yield (
                f'{{"ok": true, "query": {_dumps(query)}, "total": {data["total"]}, '
                f'"facets": {_dumps(data["facets"])}, "hits": ['
            )
        for i, hit in enumerate(data["hits"]):
            yield ("\n" if n == 0 and i == 0 else ",\n") + _dumps(hit)
    yield "\n]}\n"


def download(body: Iterator[str], content_type: str, filename: str) -> Response:
    """A file to save, streamed: ``body`` runs inside the request's context as the client reads.

    ``content_type`` is sent as given (a ``mimetype`` would get a second
    charset appended to the ``text/`` types).
    """
    response = Response(stream_with_context(body), content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(engine: Engine, request: SearchRequest, mode: str, fmt: str, ui: str) -> Response:
    pages = result_pages(engine, request, mode)
    name = f"setu-{'passages' if mode == 'passages' else 'articles'}.{fmt}"
    if fmt == "csv":
        return download(_csv(pages, mode, ui), "text/csv; charset=utf-8", name)
    return download(_json(pages, ui), "application/json; charset=utf-8", name)
