"""What a user asks for: the validated search request.

Stage: search.  One frozen request object is built from HTTP parameters, CLI
options or code, validated here once, and handed to the engine; every limit
(page size, query length, facet names) is enforced in this one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import BadRequest

__all__ = [
    "FACETS",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "SORTS",
    "SearchRequest",
]

FACETS = ("lang", "province", "resolution", "source", "year")
SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_QUERY_CHARS = 1000
# Deep pages cost a full ranking of everything before them; nobody reads
# page 1000 of a search result, scripts should narrow the query instead.
MAX_PAGE = 1000


def _int(name: str, raw: Any, default: int, low: int, high: int, hint: str) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {str(raw)[:40]!r}.") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high} ({hint}); got {value}.")
    return value


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: query text, facet filters, sort and page."""

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def create(
        cls,
        q: str | None = "",
        filters: Mapping[str, Iterable[str]] | None = None,
        sort: str | None = None,
        page: Any = None,
        per_page: Any = None,
    ) -> SearchRequest:
        """Validate raw values (strings from a URL or a command line)."""
        q = (q or "").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise BadRequest(f"The query is {len(q)} characters long; shorten it to at most {MAX_QUERY_CHARS}.")
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in q):
            raise BadRequest("The query contains control characters; remove them and search again.")
        clean: dict[str, tuple[str, ...]] = {}
        for name, values in (filters or {}).items():
            if name not in FACETS:
                raise BadRequest(f"Unknown filter {name!r}: use one of {', '.join(FACETS)}.")
            vals = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
            if len(vals) > 50:
                raise BadRequest(f"Too many {name} values ({len(vals)}); select at most 50.")
            if vals:
                clean[name] = vals
        sort = (sort or "relevance").strip().lower()
        if sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}.")
        return cls(
            q=q,
            filters=clean,
            sort=sort,
            page=_int("page", page, 1, 1, MAX_PAGE, "narrow the query to reach later results"),
            per_page=_int("per_page", per_page, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, "the page size cap"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }
