"""HTTP query parameters -> SearchRequest, the mode -> the Engine call, and the interface language.

Stage: presentation.  Shared by the API, the pages and the exports, so a
parameter means the same everywhere.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search import FACETS, BadRequest, Engine, PassageResult, SearchRequest, SearchResult
from search.dates import INTERVALS
from search.request import MAX_QUERY_CHARS

__all__ = ["UI_LANGS", "equivalents_args", "listed", "request_from_args", "run_search", "trend_args", "ui_lang"]

UI_LANGS = ("en", "bn", "hi")
_KNOWN = {"q", "sort", "page", "per_page", "ui", "mode", "include", "parallel_q", "cross_language", "skip", *FACETS}
# Filters on the aligned side (passages, concordance).
_ALIGNED_FILTERS = ("parallel_not", "min_score", "bead", "aligned")
_KNOWN |= set(_ALIGNED_FILTERS)
# Dates (search.dates) and folding of repeated articles.
_KNOWN |= {"from", "to", "date", "collapse"}


def listed(args: MultiDict[str, str], name: str) -> list[str]:
    """A parameter's values, given several times or once with commas (``lang=bn,hi``); empty ones dropped."""
    return [v for raw in args.getlist(name) for v in raw.split(",") if v]


def request_from_args(args: MultiDict[str, str]) -> SearchRequest:
    """Validate URL parameters; unknown ones are refused so typos are seen."""
    unknown = sorted(k for k in args if k not in _KNOWN and not k.startswith("_"))
    if unknown:
        raise BadRequest(
            f"Unknown parameter {unknown[0]!r}: "
            f"use q, {', '.join(FACETS)}, from, to, date, collapse, sort, page, per_page, include, parallel_q, "
            f"cross_language, skip, {', '.join(_ALIGNED_FILTERS)}."
        )
    single = ("q", "sort", "page", "per_page", "parallel_q", "parallel_not", "min_score", "aligned", "cross_language")
    for name in (*single, "from", "to", "date", "collapse"):
        if len(args.getlist(name)) > 1:
            raise BadRequest(f"Give {name} once, not {len(args.getlist(name))} times.")
    filters = {facet: values for facet in FACETS if (values := listed(args, facet))}
    return SearchRequest.create(
        q=args.get("q", ""),
        filters=filters,
        sort=args.get("sort"),
        page=args.get("page"),
        per_page=args.get("per_page"),
        include=listed(args, "include"),
        parallel_q=args.get("parallel_q", ""),
        parallel_not=args.get("parallel_not", ""),
        min_score=args.get("min_score"),
        bead=listed(args, "bead"),
        aligned=args.get("aligned", ""),
        cross_language=args.get("cross_language"),
        # Not split at commas: a skipped bridge names query text, which may hold one.
        skip=args.getlist("skip"),
        date_from=args.get("from"),
        date_to=args.get("to"),
        date=args.get("date"),
        collapse=args.get("collapse"),
    )


def trend_args(args: MultiDict[str, str]) -> tuple[MultiDict[str, str], str]:
    """The search parameters and the trend's ``interval`` (month unless given)."""
    rest = args.copy()
    intervals = rest.poplist("interval")
    if len(intervals) > 1:
        raise BadRequest(f"Give interval once, not {len(intervals)} times.")
    interval = (intervals[0].strip().lower() if intervals else "") or "month"
    if interval not in INTERVALS:
        raise BadRequest(f"interval must be one of {', '.join(INTERVALS)}, not {interval[:40]!r}.")
    return rest, interval


def run_search(engine: Engine, request: SearchRequest, mode: str) -> SearchResult | PassageResult:
    """Sentences for ``mode=passages``, articles for anything else (the page, its suggestions, the exports)."""
    return engine.passages(request) if mode == "passages" else engine.search(request)


def ui_lang(args: MultiDict[str, str], cookie: str | None) -> str:
    """The interface language: ``?ui=``, else the cookie, else English (an unknown code is English too)."""
    value = args.get("ui") or cookie or "en"
    return value if value in UI_LANGS else "en"


def equivalents_args(args: MultiDict[str, str]) -> tuple[str, int]:
    """``q`` and ``limit`` of an equivalents request (``/api/equivalents``, ``/equivalents``)."""
    unknown = sorted(k for k in args if k not in ("q", "limit", "ui") and not k.startswith("_"))
    if unknown:
        raise BadRequest(f"Unknown parameter {unknown[0]!r}: use q (one Bengali or Hindi word) and limit.")
    for name in ("q", "limit"):
        if len(args.getlist(name)) > 1:
            raise BadRequest(f"Give {name} once, not {len(args.getlist(name))} times.")
    raw = args.get("limit", "20").strip()
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise BadRequest(f"limit must be a whole number from 1 to 100, not {raw[:20]!r}.")
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"q has {len(q)} characters: type one Bengali or Hindi word.")
    if any(ord(ch) < 32 for ch in q):
        raise BadRequest("q contains control characters; remove them and ask again.")
    return q, int(raw)
