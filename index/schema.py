"""The one Whoosh schema: articles and their sentences in one index.

Stage: Article -> Whoosh fields.  Both levels live in one index so that a
single Whoosh commit publishes an article and its sentences together (a
reader never sees one without the other).  They use different text fields,
so BM25's length statistics stay per level:

  kind=article   text (exact, positions + chars)  stem (stemmed, frequencies)
  kind=sentence  sent (exact, positions)           sent_stem (stemmed)

Facet fields (``lang``, ``province``, ``resolution``, ``source``, ``year``)
are on both levels, so passage search filters the same way.
"""

from __future__ import annotations

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import exact_analyzer, stemmed_analyzer

__all__ = ["FACET_FIELDS", "KIND_ARTICLE", "KIND_SENTENCE", "SCHEMA_VERSION", "build_schema"]

KIND_ARTICLE = "article"
KIND_SENTENCE = "sentence"
# Bumped whenever fields or analysis change in a way old indexes cannot
# serve; `setu build` then rebuilds instead of updating in place.
SCHEMA_VERSION = 1
FACET_FIELDS = ("lang", "province", "resolution", "source", "year")


def build_schema() -> Schema:
    def multi() -> KEYWORD:
        # Multi-valued facet: comma-separated on input, one term per value.
        return KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)

    return Schema(
        uid=ID(unique=True, stored=True),  # "a:<doc id>" or "s:<doc id>#<n>"
        kind=ID(stored=True),
        doc=ID(stored=True, sortable=True),  # the article's id, on both levels
        # "sha256 size mtime_ns" of the source file, as a column only: the
        # incremental build reads every article's fingerprint without
        # unpickling stored fields (which carry the whole text).
        fileinfo=COLUMN(VarBytesColumn()),
        lang=ID(stored=True),
        source=ID(stored=True),
        year=ID(stored=True),
        url=ID(stored=True),
        group=ID(stored=True),  # translation group (parallel articles)
        province=multi(),
        resolution=multi(),
        documents=multi(),
        date_key=NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        text=TEXT(analyzer=exact_analyzer(), phrase=True, chars=True),
        stem=TEXT(analyzer=stemmed_analyzer(), phrase=False),
        sent=TEXT(analyzer=exact_analyzer(), phrase=True),
        sent_stem=TEXT(analyzer=stemmed_analyzer(), phrase=False),
        title=STORED,
        date=STORED,
        content=STORED,
        meta=STORED,
        n=STORED,
        start=STORED,
        end=STORED,
    )
