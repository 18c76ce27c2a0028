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

from .dates import DateRange
from .errors import BadRequest
from .query import mend_cut

__all__ = [
    "INCLUDES",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "ALIGNED",
    "BEADS",
    "SORTS",
    "SearchRequest",
    "cut_at_word",
    "int_param",
]

SORTS = ("relevance", "date")
INCLUDES = ("translations",)
# Filters on the aligned side (passages and the concordance): a bead's shape is
# written as the sentences of the article with the smaller id, then the other's.
BEADS = ("1-1", "1-2", "2-1", "1-0", "0-1")
ALIGNED = ("only", "none")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_QUERY_CHARS = 1000
# Deep pages cost a full ranking of everything before them; nobody reads
# page 1000 of a search result, scripts should narrow the query instead.
MAX_PAGE = 1000


def int_param(name: str, raw: Any, default: int, low: int, high: int, hint: str) -> int:
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


_TRUE, _FALSE = ("true", "1"), ("false", "0", "")
BRIDGE_KINDS = ("transliteration", "lexicon", "cognate", "untranslated")
MAX_SKIPS = 64


def _flag(name: str, raw: Any, default: bool = False) -> bool:
    """A boolean parameter: true/false/1/0 (a bool as itself), ``default`` when not given, else a BadRequest."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadRequest(f"{name} must be true or false (or 1 or 0), not {str(raw)[:40]!r}.")


def _skips(values: Iterable[str]) -> tuple[str, ...]:
    """Bridges to leave out, each "kind:text" as an expansion's ``skip`` gives it."""
    out = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(out) > MAX_SKIPS:
        raise BadRequest(f"At most {MAX_SKIPS} skip values: remove some, or search without the words they name.")
    for value in out:
        kind, sep, text = value.partition(":")
        if not sep or kind not in BRIDGE_KINDS or not text.strip():
            raise BadRequest(
                f"skip={value[:40]!r} is not a bridge: use kind:word with kind one of "
                f"{', '.join(BRIDGE_KINDS)} (e.g. skip=transliteration:Nguyen), as query.expansions gives it."
            )
    return out


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


def _score(raw: Any) -> float | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    # ASCII decimals only: float() also takes "nan", "inf" and "1_0".
    if not re.fullmatch(r"[+-]?(?:[0-9]{1,10}(?:\.[0-9]{0,10})?|\.[0-9]{1,10})", text):
        raise BadRequest(f"min_score must be a number between 0 and 1 (a bead's score), not {text[:40]!r}.")
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise BadRequest(f"min_score must be between 0 and 1 (a bead's score); got {value:g}.")
    return value


def _beads(raw: Iterable[str]) -> tuple[str, ...]:
    shapes = tuple(dict.fromkeys(v.strip() for v in raw if v and v.strip()))
    for shape in shapes:
        if shape not in BEADS:
            raise BadRequest(f"bead={shape[:40]!r} is not a bead shape: use {', '.join(BEADS)} (one or several).")
    return shapes


def _aligned(raw: str | None) -> str:
    value = (raw or "").strip().lower()
    if value and value not in ALIGNED:
        raise BadRequest(f"aligned must be only (with a counterpart) or none (without), not {value[:40]!r}.")
    return value


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
    # Aligned-side filters (search.aligned): the aligned sentence must not
    # match parallel_not; the bead's score, its shapes; with or without a counterpart.
    parallel_not: str = ""
    min_score: float | None = None
    bead: tuple[str, ...] = ()
    aligned: str = ""

    @property
    def aligned_filters(self) -> bool:
        """Whether any filter on the aligned side is set (parallel_q included)."""
        return bool(self.parallel_q or self.parallel_not or self.min_score is not None or self.bead or self.aligned)

    # Each Bengali word also matches its Hindi equivalents and the other way round (search.bridge).
    cross_language: bool = False
    # Bridges the user removed, as "kind:text" (an expansion's ``skip``).
    skip: tuple[str, ...] = ()
    # from/to and date=none (search.dates).
    dates: DateRange = field(default_factory=DateRange)
    # Repeated articles (the same text re-published) folded under the first hit.
    collapse: bool = True

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
        parallel_not: str | None = "",
        min_score: Any = None,
        bead: Iterable[str] = (),
        aligned: str | None = "",
        cross_language: Any = None,
        skip: Iterable[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        date: str | None = None,
        collapse: Any = None,
    ) -> SearchRequest:
        """Validate raw values (strings from a URL or a command line)."""
        # A pasted paragraph is searched by its first words, and the result says so (search.notes).
        q = (q or "").strip()
        parallel_q = (parallel_q or "").strip()
        cut = {name: len(text) for name, text in (("q", q), ("parallel_q", parallel_q)) if len(text) > MAX_QUERY_CHARS}
        q = _cut_query(q) if "q" in cut else q
        parallel_q = _cut_query(parallel_q) if "parallel_q" in cut else parallel_q
        parallel_not = (parallel_not or "").strip()
        if len(parallel_not) > MAX_QUERY_CHARS:
            cut["parallel_not"] = len(parallel_not)
            parallel_not = _cut_query(parallel_not)
        for name, text in (("The query", q), ("parallel_q", parallel_q), ("parallel_not", parallel_not)):
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
            page=int_param("page", page, 1, 1, MAX_PAGE, "narrow the query to reach later results"),
            per_page=int_param("per_page", per_page, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, "the page size cap"),
            include=includes,
            parallel_q=parallel_q,
            cut=cut,
            parallel_not=parallel_not,
            min_score=_score(min_score),
            bead=_beads(bead),
            aligned=_aligned(aligned),
            cross_language=_flag("cross_language", cross_language),
            skip=_skips(skip),
            dates=DateRange.create(date_from, date_to, date),
            collapse=_flag("collapse", collapse, True),
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
            "parallel_not": self.parallel_not,
            "min_score": self.min_score,
            "bead": list(self.bead),
            "aligned": self.aligned,
            "cross_language": self.cross_language,
            "skip": list(self.skip),
            "from": self.dates.start,
            "to": self.dates.end,
            "date": "none" if self.dates.none else "",
            "collapse": self.collapse,
        }
