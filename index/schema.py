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

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import exact_analyzer, stemmed_analyzer

__all__ = ["FACET_FIELDS", "KIND_ARTICLE", "KIND_GROUP", "KIND_SENTENCE", "SCHEMA_VERSION", "build_schema"]

KIND_ARTICLE = "article"
KIND_SENTENCE = "sentence"
KIND_GROUP = "group"
# Bumped whenever fields or analysis change in a way old indexes cannot
# serve; `setu build` then rebuilds instead of updating in place.
SCHEMA_VERSION = 5
FACET_FIELDS = ("lang", "province", "resolution", "source", "year")


def build_schema() -> Schema:
    def multi() -> KEYWORD:
        # Multi-valued facet: comma-separated on input, one term per value.
        return KEYWORD(commas=True, lowercase=False, scorable=False)

    # Only what must be read back is stored, and an article's metadata is one
    # JSON value: unpickling one small dict per hit is the cheap way to read.
    # Sentence documents have only doc, sent, sent_stem and loc: their facets
    # come from their article (search.facets), which halves their postings.
    return Schema(
        uid=ID(unique=True),  # "a:<doc id>" for articles, "g:<group id>" for translation groups
        kind=ID(),  # "article" or "group" (sentences have no kind)
        doc=ID(stored=True, sortable=True),  # the article's id, on both levels
        lang=ID(),
        source=ID(),
        year=ID(),
        url=ID(),
        # Translation groups: one document per group of parallel articles,
        # found by any member's id; ``parallel`` holds links and alignments.
        member=KEYWORD(lowercase=False, scorable=False),
        province=multi(),
        resolution=multi(),
        documents=multi(),
        # yyyymmdd (0 = unknown) as a column: sorting by date reads no stored fields.
        date_key=COLUMN(NumericColumn("I", default=0)),
        # "sha256 size mtime_ns" of the source file, as a column: the
        # incremental build reads every article's fingerprint cheaply.
        fileinfo=COLUMN(VarBytesColumn()),
        # The article's linking fingerprint (zlib JSON), re-linked every build.
        fp=COLUMN(VarBytesColumn()),
        text=TEXT(analyzer=exact_analyzer(), phrase=True),
        stem=TEXT(analyzer=stemmed_analyzer(), phrase=False),
        sent=TEXT(analyzer=exact_analyzer(), phrase=True),
        sent_stem=TEXT(analyzer=stemmed_analyzer(), phrase=False),
        content=STORED,  # zlib-compressed UTF-8 of the whole article text
        meta=STORED,  # JSON: title, url, date, facets, paragraphs, file info
        loc=STORED,  # sentence documents: (n, start, end)
        parallel=STORED,  # group documents: JSON of members, links and beads
    )
