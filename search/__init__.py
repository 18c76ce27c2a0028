"""Setu's search layer: query language, facets, highlights, one Engine.

Imports only from ``index``; knows nothing of Flask.
"""

from index.interface import FACET_FIELDS as FACETS

from .engine import Engine
from .errors import BadRequest, NotFound, SearchError, Unavailable
from .request import MAX_PER_PAGE, SearchRequest
from .results import Document, Hit, PassageHit, PassageResult, SearchResult

__all__ = [
    "FACETS",
    "MAX_PER_PAGE",
    "BadRequest",
    "Document",
    "Engine",
    "Hit",
    "NotFound",
    "PassageHit",
    "PassageResult",
    "SearchError",
    "SearchRequest",
    "SearchResult",
    "Unavailable",
]
