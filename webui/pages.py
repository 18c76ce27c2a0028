"""HTML pages: the search page, the article page and the result exports.

Stage: presentation.  The same Engine calls as the JSON API; a view only
adds what a page needs around the result's ``to_dict()`` (the URL of every
link, the query's highlights on the article page) and the templates render
it autoescaped, matches becoming <mark> from data.  Every page works without
JavaScript: facets, sorting, paging and the interface language are links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from flask import Blueprint, Response, make_response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search import FACETS, BadRequest, Engine, NotFound, SearchRequest
from search.highlight import find_matches, segments
from search.query import parse_query
from search.tree import Highlights

from .chart import Chart, bar_chart
from .exports import export_response
from .extensions import engine
from .params import equivalents_args, listed, request_from_args, run_search, trend_args
from .templating import current_ui, interface

__all__ = ["pages"]

pages = Blueprint("pages", __name__)

# Quoted phrases stay whole when the no-hits page suggests dropping a word.
_QUERY_PARTS = re.compile(r'-?"[^"]*"?|\S+')
_OPERATORS = {"AND", "OR", "NOT"}
# Each suggestion costs one search (with its facet counts) on a page that found nothing.
_MAX_SUGGESTIONS = 6


def _remember_ui(response: Response) -> Response:
    chosen = request.args.get("ui")
    if chosen and chosen == current_ui():
        response.set_cookie("ui", chosen, max_age=365 * 24 * 3600, samesite="Lax")
    return response


# -- the search page's URL ----------------------------------------------------


@dataclass(frozen=True)
class SearchState:
    """The search page's parameters, and the URL of every change to them."""

    q: str = ""
    mode: str = "articles"
    sort: str = ""
    page: int = 1
    per_page: str = ""
    ui: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cross_language: bool = False
    skip: tuple[str, ...] = ()
    # Dates (from, to, date=none), folding of repeats, and the trend chart's interval.
    date_from: str = ""
    date_to: str = ""
    date: str = ""
    collapse: str = ""
    interval: str = ""

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> SearchState:
        filters = {f: tuple(listed(args, f)) for f in FACETS}
        page = args.get("page", "1")
        return cls(
            q=args.get("q", ""),
            mode="passages" if args.get("mode") == "passages" else "articles",
            sort=args.get("sort", ""),
            # ASCII digits only: str.isdigit() accepts "²", which int() refuses.  A bad page here
            # is page 1; the search itself refuses it with a sentence (request_from_args).
            page=int(page) if re.fullmatch(r"[0-9]{1,4}", page) else 1,
            per_page=args.get("per_page", ""),
            ui=args.get("ui", ""),
            filters={f: v for f, v in filters.items() if v},
            # Anything but a clear yes is no here; the search itself refuses a bad value.
            cross_language=args.get("cross_language", "").strip().lower() in ("true", "1"),
            skip=tuple(args.getlist("skip")),
            date_from=args.get("from", ""),
            date_to=args.get("to", ""),
            date=args.get("date", ""),
            collapse=args.get("collapse", ""),
            interval=args.get("interval", ""),
        )

    def pairs(self, *, paging: bool = True) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        if self.mode != "articles":
            out.append(("mode", self.mode))
        out += [(f, v) for f in FACETS for v in self.filters.get(f, ())]
        out += [(k, v) for k, v in self.date_pairs() if v]
        if self.sort and self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.cross_language:
            out.append(("cross_language", "true"))
        out += [("skip", v) for v in self.skip]
        if paging and self.per_page:
            out.append(("per_page", self.per_page))
        if paging and self.page > 1:
            out.append(("page", str(self.page)))
        if paging and self.ui:
            out.append(("ui", self.ui))
        if paging and self.interval:
            out.append(("interval", self.interval))
        return out

    def date_pairs(self) -> list[tuple[str, str]]:
        return [("from", self.date_from), ("to", self.date_to), ("date", self.date), ("collapse", self.collapse)]

    def period(self, start: str, end: str) -> str:
        """This search within one period (a bar of the trend chart)."""
        return self.url(date_from=start, date_to=end, date="", page=1)

    def undated_only(self) -> str:
        return self.url(date_from="", date_to="", date="none", page=1)

    def any_date(self) -> str:
        return self.url(date_from="", date_to="", date="", page=1)

    def dates_hidden(self) -> list[tuple[str, str]]:
        """The date form's hidden fields: everything but the dates and the page."""
        return [(k, v) for k, v in self.pairs() if k not in ("from", "to", "date", "page")]

    def trend_csv(self) -> str:
        pairs = [(k, v) for k, v in self.pairs(paging=False) if k not in ("mode", "sort")]
        pairs += [("interval", self.interval)] if self.interval else []
        return url_for("api.trend_csv") + ("?" + urlencode(pairs) if pairs else "")

    def feed(self) -> str:
        query = urlencode([(k, v) for k, v in self.pairs(paging=False) if k not in ("mode", "sort")])
        return url_for("feeds.feed") + ("?" + query if query else "")

    def url(self, **changes: Any) -> str:
        query = replace(self, **changes).query_string()
        return url_for("pages.search_page") + ("?" + query if query else "")

    def selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, ())

    def toggle(self, facet: str, value: str) -> str:
        values = self.filters.get(facet, ())
        new = tuple(v for v in values if v != value) if value in values else (*values, value)
        return self.url(filters={**self.filters, facet: new}, page=1)

    def only(self, facet: str, value: str) -> str:
        return self.url(filters={**self.filters, facet: (value,)}, page=1)

    def without(self, skip: str) -> str:
        """The URL of this search without one bridge (an expansion's ``skip``)."""
        return self.url(skip=(*self.skip, skip), page=1)

    def clear(self) -> str:
        return self.url(filters={}, page=1)

    def hidden(self) -> list[tuple[str, str]]:
        """The form's hidden fields: a new query keeps the filters, mode and sort.

        Not the removed bridges (they name the old query's words) nor
        ``cross_language``, which the form's own checkbox carries.
        """
        return [(k, v) for k, v in self.pairs() if k not in ("q", "page", "skip", "cross_language")]

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def document(self, doc_id: str) -> str:
        """An article's URL that remembers this search, for its "Back to the search" link."""
        return url_for("pages.document_page", doc_id=doc_id, q=self.q or None, back=self.query_string() or None)

    def concordance(self) -> str:
        """The Concordance tab (webui.kwic) for this search's query and filters."""
        pairs = [(k, v) for k, v in self.pairs(paging=False) if k not in ("mode", "sort")]
        query = urlencode(pairs + ([("ui", self.ui)] if self.ui else []))
        return url_for("kwic.concordance_page") + ("?" + query if query else "")

    def export(self, fmt: str) -> str:
        query = urlencode(self.pairs(paging=False))
        return url_for("pages.export", fmt=fmt) + ("?" + query if query else "")


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 (None is an ellipsis)."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


# -- highlights as data -------------------------------------------------------


def _highlights(q: str) -> Highlights | None:
    try:
        return parse_query(q).highlights() if q.strip() else None
    except BadRequest:
        return None  # a malformed query on the article page just highlights nothing


def _segments(text: str, h: Highlights | None) -> list[dict[str, Any]]:
    marks = find_matches(text, h) if h is not None else []
    return [s.to_dict() for s in segments(text, 0, len(text), marks)]


# -- the search page ------------------------------------------------------------


def _removals(
    state: SearchState, t: Callable[..., str], label: Callable[[str, str], str]
) -> list[tuple[str, SearchState]]:
    """Each thing a search that found nothing could do without: a word, a filter, all filters, the dates."""
    choices: list[tuple[str, SearchState]] = []
    words = _QUERY_PARTS.findall(state.q)
    if len(words) > 1:
        for i, word in enumerate(words):
            if word not in _OPERATORS:
                choices.append((t("without_word", word=word), replace(state, q=" ".join(words[:i] + words[i + 1 :]))))
    for facet, values in state.filters.items():
        for value in values:
            rest = {**state.filters, facet: tuple(v for v in values if v != value)}
            name = f"{t('facet_' + facet)}: {label(facet, value)}"
            choices.append((t("without_filter", label=name), replace(state, filters=rest)))
    if sum(len(v) for v in state.filters.values()) > 1:
        choices.append((t("all_filters"), replace(state, filters={})))
    if state.date_from or state.date_to or state.date:
        choices.append((t("the_dates"), replace(state, date_from="", date_to="", date="")))
    return choices


def _suggestions(
    eng: Engine, state: SearchState, t: Callable[..., str], label: Callable[[str, str], str]
) -> list[tuple[str, str, int]]:
    """What to remove from a search that found nothing: each choice that finds something, with its count."""
    out = []
    for text, choice in _removals(state, t, label)[:_MAX_SUGGESTIONS]:
        try:
            req = SearchRequest.create(
                choice.q,
                choice.filters,
                per_page=1,
                date_from=choice.date_from,
                date_to=choice.date_to,
                date=choice.date,
                collapse=choice.collapse,
            )
            total = run_search(eng, req, state.mode).total
        except BadRequest:
            continue  # e.g. dropping a word left a dangling OR
        if total:
            out.append((text, choice.url(page=1), total))
    return out


def _chart(eng: Engine, req: SearchRequest, interval: str, state: SearchState) -> Chart | None:
    """The trend of the search as a bar chart (None: nothing dated, or too many periods to draw)."""
    try:
        trend = eng.trend(req, interval)
    except BadRequest:
        return None
    label = interface()["label"]
    return bar_chart(trend, state.period, lambda code: label("lang", code))


def _passage_parallels(data: dict[str, Any], h: Highlights | None) -> None:
    for hit in data["hits"]:
        for other in hit.get("parallel", []):
            other.setdefault("segments", _segments(other.get("text", ""), h))


@pages.get("/")
def search_page() -> Response:
    ui = current_ui()
    state = SearchState.from_args(request.args)
    error = None
    result = None
    chart = None
    try:
        args, interval = trend_args(request.args)
        search_request = request_from_args(args)
        result = run_search(engine(), search_request, state.mode)
        if state.mode == "articles":
            chart = _chart(engine(), search_request, interval, state)
    except BadRequest as exc:
        error = exc.message
    data = result.to_dict(ui) if result else None
    suggestions: list[tuple[str, str, int]] = []
    if result is not None and data is not None:
        # The engine's own reading of the page and its spelling of the filters (can-tho for "Can Tho").
        state = replace(state, page=data["page"], filters={f: tuple(v) for f, v in data["query"]["filters"].items()})
        if state.mode == "passages":
            _passage_parallels(data, result.query.highlights())
        if data["total"] == 0 and (state.q or state.filters):
            ctx = interface()
            suggestions = _suggestions(engine(), state, ctx["t"], ctx["label"])
    html = render_template(
        "search.html",
        data=data,
        error=error,
        state=state,
        facets=FACETS,
        suggestions=suggestions,
        chart=chart,
        trend_csv=state.trend_csv(),
        # Only pages up to MAX_PAGE can be served: the pager never links past them.
        page_numbers=page_numbers(data["page"], data["last_page"]) if data else [],
    )
    return _remember_ui(make_response(html, 400 if error else 200))


@pages.get("/equivalents")
def equivalents_page() -> Response:
    """A word's equivalents in the other language, each linked to the aligned sentences holding both."""
    q = request.args.get("q", "")
    error, data = None, None
    if q.strip():
        try:
            text, limit = equivalents_args(request.args)
            data = engine().equivalents(text, limit).to_dict()
        except BadRequest as exc:
            error = exc.message
    html = render_template("equivalents.html", q=q, data=data, error=error)
    return _remember_ui(make_response(html, 400 if error else 200))


@pages.get("/export.<any(csv, json):fmt>")
def export(fmt: str) -> Response:
    state = SearchState.from_args(request.args)
    req = request_from_args(request.args)
    return export_response(engine(), req, state.mode, fmt, current_ui())


# -- the article page ---------------------------------------------------------


def _paragraphs(doc: dict[str, Any], h: Highlights | None) -> list[dict[str, Any]]:
    marks = find_matches(doc["text"], h) if h is not None else []
    out = []
    n = 0
    for p in doc["paragraphs"]:
        sentences = []
        for s in p["sentences"]:
            segs = segments(doc["text"], s["start"], s["end"], marks)
            sentences.append({"n": n, "segments": [x.to_dict() for x in segs]})
            n += 1
        out.append({"kind": p["kind"], "sentences": sentences})
    return out


def _anchors(doc: dict[str, Any], start: int | None, end: int | None) -> list[int]:
    """Numbers of the sentences that start inside a bead side (for #s-N links)."""
    if start is None or end is None:
        return []
    starts = [s["start"] for p in doc["paragraphs"] for s in p["sentences"]]
    return [n for n, s in enumerate(starts) if start <= s < end]


def _parallel(eng: Engine, doc: dict[str, Any], other: str, h: Highlights | None) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = eng.parallel(doc["id"], other).to_dict()
    except NotFound:
        return None
    rows = []
    for i, pair in enumerate(data["pairs"], 1):
        src, tgt = pair["source"], pair["target"]
        score = pair.get("score")
        rows.append(
            {
                "n": i,
                "source": _segments(src["text"], h) if src["text"] else [],
                "target": _segments(tgt["text"], h) if tgt["text"] else [],
                "anchors": _anchors(doc, src.get("start"), src.get("end")),
                "score": score,
                "low": pair["low"],
            }
        )
    base = url_for("api.document", doc_id=doc["id"]) + "/parallel/" + quote(other, safe="/")
    return {**data, "rows": rows, "tmx": base + ".tmx", "tsv": base + ".tsv"}


def _translation_choice(translations: Sequence[dict[str, Any]]) -> str | None:
    if request.args.get("view") == "article" or not translations:
        return None
    ids = [t["id"] for t in translations]
    wanted = request.args.get("with")
    return wanted if wanted in ids else ids[0]


def _search_state(q: str) -> SearchState:
    """The search the reader came from, carried in ``back`` (that search's query string).

    Read into a SearchState and re-encoded, so the back link is always the search page
    with known parameters: ``back`` cannot point anywhere else.
    """
    back = request.args.get("back")
    if back is None:
        return SearchState(q=q)
    state = SearchState.from_args(MultiDict(parse_qsl(back)))
    # A language chosen since (on the article page, or remembered in the cookie) wins.
    chosen = request.args.get("ui") or request.cookies.get("ui")
    return replace(state, ui=current_ui()) if state.ui and chosen else state


@pages.get("/doc/<path:doc_id>")
def document_page(doc_id: str) -> Response:
    eng = engine()
    q = request.args.get("q", "")
    search = _search_state(q)
    doc = eng.document(doc_id).to_dict()
    h = _highlights(q)
    translations = doc.get("translations", [])
    other = _translation_choice(translations)
    parallel = _parallel(eng, doc, other, h) if other else None
    html = render_template(
        "document.html",
        doc=doc,
        q=q,
        paragraphs=_paragraphs(doc, h),
        translations=translations,
        parallel=parallel,
        other=other,
        back=search.url(),
        # Passed on by the page's own links (tabs, translations), so the way back stays.
        back_qs=search.query_string() if "back" in request.args else None,
    )
    return _remember_ui(make_response(html))
