"""Result objects: what a search returns, before anyone renders it.

Stage: search -> presentation.  Frozen dataclasses with ``to_dict()``; the
JSON API serialises ``to_dict()`` as is, the HTML page and the CLI read the
same objects, so every view shows the same hits and counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from index.interface import StoredArticle

from .facets import FacetCounts
from .highlight import Run
from .notes import Note
from .query import ParsedQuery
from .request import MAX_PAGE, SearchRequest
from .suggest import Suggestion

__all__ = ["Document", "Hit", "PassageHit", "PassageResult", "SearchResult", "Translation"]


@dataclass(frozen=True)
class Translation:
    id: str
    lang: str
    method: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "lang": self.lang, "method": self.method, "confidence": self.confidence}


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


@dataclass(frozen=True)
class Hit:
    article: StoredArticle
    score: float | None
    snippets: tuple[tuple[Run, ...], ...]
    translations: tuple[Translation, ...] = ()
    linked: tuple[Hit, ...] | None = None  # the translations themselves, on request
    # The bridges whose terms the article holds (search.bridge.crossed): how
    # a hit in another script or language was reached.
    bridges: tuple[dict[str, Any], ...] = ()
    # Repeats of this article that the search folded under it (search.selection), in result order.
    similar: tuple[StoredArticle, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            **self.article.metadata(),
            "score": None if self.score is None else round(self.score, 4),
            "snippets": [[s.to_dict() for s in snippet] for snippet in self.snippets],
            "translations": [t.to_dict() for t in self.translations],
            "bridges": list(self.bridges),
            "similar": [a.metadata() for a in self.similar],
        }
        if self.linked is not None:
            out["linked"] = [h.to_dict() for h in self.linked]
        return out


def _query_dict(request: SearchRequest, parsed: ParsedQuery) -> dict[str, Any]:
    return {**request.to_dict(), **parsed.to_dict()}


@dataclass(frozen=True)
class PassageHit:
    article: StoredArticle
    n: int
    start: int
    end: int
    score: float | None
    segments: tuple[Run, ...]  # the sentence, as highlighted runs
    parallel: tuple[dict[str, Any], ...] = ()
    translations: tuple[Translation, ...] = ()  # the article's, as on an article hit

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "sentence": self.n,
            "lang": a.lang,
            "title": a.title,
            "date": _iso(a.date),
            "source": a.source,
            "provinces": list(a.provinces),
            "resolutions": list(a.resolutions),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": None if self.score is None else round(self.score, 4),
            "segments": [s.to_dict() for s in self.segments],
            "parallel": list(self.parallel),
            "translations": [t.to_dict() for t in self.translations],
        }


HitT = TypeVar("HitT", Hit, PassageHit)


@dataclass(frozen=True)
class _Page(Generic[HitT]):
    """One page of hits with the total and the facet counts: what every view renders."""

    request: SearchRequest
    query: ParsedQuery
    total: int
    hits: tuple[HitT, ...]
    facets: FacetCounts
    took_ms: float = 0.0
    # Articles that match the query and every filter but year and have no
    # date: a year filter leaves them out, "newest first" lists them last.
    undated: int = 0
    # What Setu changed or found nothing for (search.notes), and for a search
    # that found nothing, indexed words close to its words (search.suggest).
    notes: tuple[Note, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    # Repeated articles folded under another hit (counted once in ``total``).
    folded: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    @property
    def last_page(self) -> int:
        """The last page a request may ask for: ``pages`` stops at MAX_PAGE."""
        return min(self.pages, MAX_PAGE)

    def to_dict(self, ui_lang: str = "en") -> dict[str, Any]:
        return {
            "ok": True,
            "query": _query_dict(self.request, self.query),
            "total": self.total,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "pages": self.pages,
            "last_page": self.last_page,
            "took_ms": round(self.took_ms, 1),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [v.to_dict(ui_lang) for v in values] for name, values in self.facets.items()},
            "undated": self.undated,
            "notes": [n.to_dict() for n in self.notes],
            "suggestions": [x.to_dict() for x in self.suggestions],
            "folded": self.folded,
        }


class SearchResult(_Page[Hit]):
    """Article hits."""


class PassageResult(_Page[PassageHit]):
    """Sentence hits."""


@dataclass(frozen=True)
class Document:
    article: StoredArticle
    translations: tuple[Translation, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {**self.article.to_dict(), "translations": [t.to_dict() for t in self.translations]}
