"""The Concordance tab: the parallel concordance as a page that works without JavaScript.

Stage: presentation.  The same ``Engine.concordance`` as ``/api/concordance``,
read from the same parameters (``webui.workbench``); the page is a GET form
(the query, the aligned-side filters, context and sort) above a table with
the match in the middle column, the context either side in its own cell
(each isolated for the bidi algorithm), the aligned sentence under each line,
and column headers that sort.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, make_response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search import FACETS, BadRequest
from search.request import BEADS

from .extensions import engine
from .pages import page_numbers
from .params import listed
from .templating import current_ui
from .workbench import concordance_from_args

__all__ = ["KwicState", "kwic"]

kwic = Blueprint("kwic", __name__)

# The page's own parameters, in the order its URLs list them.
_SINGLE = ("parallel_q", "parallel_not", "min_score", "aligned", "context", "sort", "per_page", "ui")


@dataclass(frozen=True)
class KwicState:
    """The Concordance tab's parameters, and the URL of every change to them."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bead: tuple[str, ...] = ()
    single: dict[str, str] = field(default_factory=dict)
    page: int = 1

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> KwicState:
        page = args.get("page", "1")
        return cls(
            q=args.get("q", ""),
            filters={f: tuple(v) for f in FACETS if (v := listed(args, f))},
            bead=tuple(listed(args, "bead")),
            single={k: w for k in _SINGLE if (w := args.get(k, ""))},
            page=int(page) if page.isascii() and page.isdigit() and len(page) < 5 else 1,
        )

    def get(self, name: str) -> str:
        return self.single.get(name, "")

    def pairs(self, *, paging: bool = True) -> list[tuple[str, str]]:
        out = [("q", self.q)] if self.q else []
        out += [(f, v) for f, values in self.filters.items() for v in values]
        out += [("bead", b) for b in self.bead]
        out += [(k, v) for k, v in self.single.items() if paging or k not in ("per_page",)]
        if paging and self.page > 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, **changes: Any) -> str:
        single = {**self.single, **{k: v for k, v in changes.items() if k in _SINGLE}}
        state = replace(self, single={k: v for k, v in single.items() if v}, page=changes.get("page", self.page))
        query = urlencode(state.pairs())
        return url_for("kwic.concordance_page") + ("?" + query if query else "")

    def sort_url(self, sort: str) -> str:
        return self.url(sort=sort, page=1)

    def download(self, endpoint: str, fmt: str | None = None, *, table: bool = False) -> str:
        """An export, or a frequency table, of the API for this concordance's search."""
        dropped = ("ui", "per_page", "context", "sort") if table else ("ui", "per_page")
        pairs = [(k, v) for k, v in self.pairs(paging=False) if k not in dropped]
        base = url_for(endpoint, fmt=fmt) if fmt else url_for(endpoint)
        return base + "?" + urlencode(pairs)

    def search_url(self, mode: str) -> str:
        """The Articles or Sentences tab for the same query and filters."""
        pairs = [("q", self.q)] if self.q else []
        pairs += [(f, v) for f, values in self.filters.items() for v in values]
        pairs += [("mode", mode)] if mode != "articles" else []
        pairs += [("ui", self.get("ui"))] if self.get("ui") else []
        return url_for("pages.search_page") + ("?" + urlencode(pairs) if pairs else "")

    def hidden(self) -> list[tuple[str, str]]:
        """What the form carries that it has no control for: the facet filters, page size and interface language."""
        out = [(f, v) for f, values in self.filters.items() for v in values]
        return out + [(k, self.get(k)) for k in ("per_page", "ui") if self.get(k)]


@kwic.get("/concordance")
def concordance_page() -> Response:
    state = KwicState.from_args(request.args)
    error = None
    data = None
    if state.q.strip():
        try:
            req, _ = concordance_from_args(request.args)
            data = engine().concordance(req).to_dict()
        except BadRequest as exc:
            error = exc.message
    html = render_template(
        "concordance.html",
        state=state,
        data=data,
        error=error,
        beads=BEADS,
        page_numbers=page_numbers(data["page"], data["last_page"]) if data else [],
        ui_now=current_ui(),
    )
    return make_response(html, 400 if error else 200)
