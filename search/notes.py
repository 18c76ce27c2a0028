"""Notes on a result: what Setu changed in a request, or found nothing for, and said so.

Stage: search.  A request is answered rather than refused when Setu can
still search something sensible: a query past the length limits is cut to
its first words, and a facet value that is well formed but that no article
has (``lang=xx``, ``year=1999``) simply selects nothing.  Each such case
becomes a Note on the result, so the page and the API say what happened
instead of returning a silent empty page.

The one rule for facet values, every facet alike and in a filter
(``year=abcd``) or in the query (``q=year:abcd``) alike: a value that cannot
be one (``year=abcd``, ``province=atlantis``, ``source=nonsense``) is a 400
that lists the values the index has; a value that could be one but no
article has is a 200 with a ``no_articles`` note listing them too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from index.interface import citations, gazetteer

from .errors import BadRequest
from .query import MAX_CLAUSES, ParsedQuery, field_value
from .request import MAX_QUERY_CHARS, SearchRequest
from .tree import FieldTerm, walk

__all__ = ["Note", "canonical_filter_value", "check_typed_values", "filter_notes", "query_notes"]

# What a value of each facet looks like; province and resolution are checked
# against the gazetteer and the resolution parser as well.
_VALUE_SHAPES = {
    "lang": re.compile(r"^[a-z]{2,3}$"),
    "year": re.compile(r"^(19|20)\d{2}$"),
    "month": re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"),
    "source": re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$"),
    "resolution": re.compile(r"^\d+(-[A-ZĐa-zđ]+/[A-ZĐa-zđ0-9]+|/\d{4}/[A-Z0-9-]+)$"),
}
_WHAT = {
    "lang": "a language code (two or three letters, e.g. bn)",
    "province": "a province of Vietnam (a slug such as can-tho, or its name)",
    "resolution": "a resolution number (e.g. 57-NQ/TW)",
    "source": "a site name (e.g. baotintuc.vn)",
    "year": "a year (four digits, e.g. 2025)",
    "month": "a month as YYYY-MM (e.g. 2025-10)",
}
_SHOWN_VALUES = 20  # known values listed in a message; the facet list has them all


@dataclass(frozen=True)
class Note:
    """A sentence for people (English; the page words it in its own language from ``facts``) and its facts."""

    code: str
    message: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.facts}


def _known(name: str, values: Collection[str]) -> list[str]:
    return sorted(values, reverse=name in ("year", "month"))  # newest year first, as the facet lists them


def _listing(values: list[str]) -> str:
    if not values:
        return "none (the index is empty)"
    shown = ", ".join(values[:_SHOWN_VALUES])
    more = len(values) - _SHOWN_VALUES
    return f"{shown} and {more} more" if more > 0 else shown


def _well_formed(name: str, raw: str, value: str) -> bool:
    if name == "province":
        return gazetteer.get(value) is not None
    if name == "resolution" and citations.canonical_resolution(raw):
        return True
    shape = _VALUE_SHAPES.get(name)
    return shape is not None and bool(shape.match(value))


def _checked(name: str, raw: str, value: str, known: Collection[str]) -> str:
    if value in known or _well_formed(name, raw, value):
        return value
    raise BadRequest(
        f"Unknown {name} {raw[:60]!r}: it is not {_WHAT[name]}; use one of the values in the index: "
        f"{_listing(_known(name, known))}."
    )


def canonical_filter_value(name: str, raw: str, known: Collection[str]) -> str:
    """A filter value as the index stores it; a value that cannot be one is a 400 listing ``known``."""
    return _checked(name, raw, field_value(name, raw), known)


def check_typed_values(known: Mapping[str, Collection[str]], *queries: ParsedQuery | None) -> None:
    """Raise BadRequest for a ``field:value`` typed in a query that cannot be a value of its facet.

    The filters' rule, applied before any matching, so that a request that
    ends as a 400 costs no search.
    """
    for parsed in queries:
        for node in walk(parsed.root if parsed else None):
            if isinstance(node, FieldTerm):
                _checked(node.name, node.value, node.canonical, known.get(node.name, ()))


def filter_notes(
    filters: Mapping[str, tuple[str, ...]], known: Mapping[str, Collection[str]], *queries: ParsedQuery | None
) -> list[Note]:
    """A note for each facet value (canonical) that no article has, from the filters and the queries' ``field:value``.

    (A ``field:value`` that cannot be a value at all was refused earlier, by
    :func:`check_typed_values`.)
    """
    wanted = [(name, value) for name, values in filters.items() for value in values]
    for parsed in queries:
        wanted += [(n.name, n.canonical) for n in walk(parsed.root if parsed else None) if isinstance(n, FieldTerm)]
    notes = []
    for name, value in dict.fromkeys(wanted):  # a value both filtered and typed gets one note
        if value not in known.get(name, ()):
            listed = _known(name, known.get(name, ()))
            notes.append(
                Note(
                    "no_articles",
                    f"No article has {name} {value!r}; the index has {name} {_listing(listed)}.",
                    {"facet": name, "value": value, "known": listed},
                )
            )
    return notes


def query_notes(request: SearchRequest, parsed: ParsedQuery, field_name: str = "q") -> list[Note]:
    """A note when the query (``q`` or ``parallel_q``) was cut to fit the limits."""
    given = max(request.cut.get(field_name, 0), parsed.cut_from)
    if not given:
        return []
    searched = parsed.text
    # Operators (OR, -, a lone parenthesis) are not words of the query.
    words = sum(1 for w in searched.split() if w not in ("OR", "AND", "NOT") and any(ch.isalnum() for ch in w))
    return [
        Note(
            "query_cut",
            f"The {field_name} was {given} characters long; Setu searched its first {words} words "
            f"({len(searched)} characters): a query holds at most {MAX_QUERY_CHARS} characters "
            f"and {MAX_CLAUSES} terms.",
            {"field": field_name, "chars": given, "searched": searched, "words": words},
        )
    ]
