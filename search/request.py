"""What a user asks for: the validated search request.

Stage: search.  One frozen request object is built from HTTP parameters, CLI
options or code, validated here once, and handed to the engine.  The
request's limits (page, page size, query length, filter names) are enforced
here; the query language's own (clauses, prefixes) where the query is
parsed (search.query) and expanded (search.alternatives).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from index.interface import FACET_FIELDS

from .errors import BadRequest
from .query import mend_cut

__all__ = [
    "INCLUDES",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "SORTS",
    "SearchRequest",
    "cut_at_word",
]

SORTS = ("relevance", "date")
INCLUDES = ("translations",)
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_QUERY_CHARS = 1000
# Deep pages cost a full ranking of everything before them; nobody reads
# page 1000 of a search result, scripts should narrow the query instead.
MAX_PAGE = 1000


def _int(name: str, raw: Any, default: int, low: int, high: int, hint: str) -> int:
    if raw is None or raw == "":
        return default
    text = str(raw).strip()
    # ASCII digits only, as the search page reads them: int() alone also takes "٣" and "1_0".
    if not re.fullmatch(r"[+-]?[0-9]{1,100}", text):
        raise BadRequest(f"{name} must be a whole number, not {str(raw)[:40]!r}.")
    value = int(text)
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high} ({hint}); got {value}.")
    return value


def cut_at_word(text: str, limit: int) -> str:
    """The first words of ``text`` that fit in ``limit`` characters (a single longer word is cut inside)."""
    if len(text) <= limit:
        return text
    if text[limit].isspace():
        return text[:limit].rstrip()
    head = text[:limit]
    spaces = [m.start() for m in re.finditer(r"\s", head)]
    return head[: spaces[-1]].rstrip() if spaces else head


def _cut_query(text: str) -> str:
    """The first words of a query that fit MAX_QUERY_CHARS once mended (quotation and groups closed)."""
    limit = MAX_QUERY_CHARS
    while len(cut := mend_cut(cut_at_word(text, limit))) > MAX_QUERY_CHARS:
        limit -= len(cut) - MAX_QUERY_CHARS  # the closing marks must fit too
    return cut


def _filters(filters: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    clean: dict[str, tuple[str, ...]] = {}
    for name, values in filters.items():
        if name not in FACET_FIELDS:
            raise BadRequest(f"Unknown filter {name!r}: use one of {', '.join(FACET_FIELDS)}.")
        vals = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        if len(vals) > 50:
            raise BadRequest(f"Too many {name} values ({len(vals)}); select at most 50.")
        if vals:
            clean[name] = vals
    return clean


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: query text, facet filters, sort and page."""

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    include: tuple[str, ...] = ()
    # Passage search: the aligned sentence of a translation must match this.
    parallel_q: str = ""
    # Queries cut to MAX_QUERY_CHARS: field name -> the length given.
    cut: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        q: str | None = "",
        filters: Mapping[str, Iterable[str]] | None = None,
        sort: str | None = None,
        page: Any = None,
        per_page: Any = None,
        include: Iterable[str] = (),
        parallel_q: str | None = "",
    ) -> SearchRequest:
        """Validate raw values (strings from a URL or a command line)."""
        # A pasted paragraph is searched by its first words, and the result says so (search.notes).
        q = (q or "").strip()
        parallel_q = (parallel_q or "").strip()
        cut = {name: len(text) for name, text in (("q", q), ("parallel_q", parallel_q)) if len(text) > MAX_QUERY_CHARS}
        q = _cut_query(q) if "q" in cut else q
        parallel_q = _cut_query(parallel_q) if "parallel_q" in cut else parallel_q
        for name, text in (("The query", q), ("parallel_q", parallel_q)):
            if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
                raise BadRequest(f"{name} contains control characters; remove them and search again.")
        clean = _filters(filters or {})
        includes = tuple(dict.fromkeys(v.strip() for v in include if v and v.strip()))
        for value in includes:
            if value not in INCLUDES:
                raise BadRequest(f"include={value[:40]!r} is not known: use include=translations.")
        sort = (sort or "relevance").strip().lower()
        if sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}.")
        return cls(
            q=q,
            filters=clean,
            sort=sort,
            page=_int("page", page, 1, 1, MAX_PAGE, "narrow the query to reach later results"),
            per_page=_int("per_page", per_page, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, "the page size cap"),
            include=includes,
            parallel_q=parallel_q,
            cut=cut,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
            "include": list(self.include),
            "parallel_q": self.parallel_q,
        }
