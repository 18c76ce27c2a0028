"""The one Whoosh schema: one document per article (and per translation group).

Stage: Article -> Whoosh fields.  An article is indexed once, with token
positions in both text fields:

  text  exact terms (phrases, highlighting)
  stem  stemmed terms (recall: one stem matches its inflections)
  key   phonetic keys (index.analysis.phonetic: a word typed in Latin
        letters meets its Bengali and Hindi spellings), at the same
        positions; a token without a key leaves its position empty

Sentences are not Whoosh documents.  The ``sents`` column records which
token positions each sentence spans, so passage search maps the positions a
query matched to sentences (search.sentences).  Indexing every sentence as a
document of its own doubled the postings and cost 40 documents per article;
positions answer the same question from the article's postings.

``text``, ``stem`` and ``key`` are written by Setu's codec (index.storage.codec) as varint
arrays; every writer passes ``codec=SetuCodec()`` (index.pipeline.builder,
index.storage.segments).
"""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from index.analysis.analyzers import exact_analyzer, key_analyzer, stemmed_analyzer

__all__ = [
    "FACET_FIELDS",
    "KIND_ARTICLE",
    "KIND_GROUP",
    "KIND_LEXICON",
    "KIND_REPEAT",
    "SCHEMA_VERSION",
    "build_schema",
]

# The kinds of stored document (the ``kind`` field).
KIND_ARTICLE = "article"
KIND_GROUP = "group"
KIND_LEXICON = "lexicon"
# One document per group of repeated articles (index.translation.repeats).
KIND_REPEAT = "repeat"
# Bumped whenever fields or analysis change in a way old indexes cannot
# serve; `setu build` then rebuilds instead of updating in place.
SCHEMA_VERSION = 13
FACET_FIELDS = ("lang", "province", "resolution", "source", "year", "month")


def build_schema() -> Schema:
    def multi() -> KEYWORD:
        # Multi-valued facet: comma-separated on input, one term per value.
        return KEYWORD(commas=True, lowercase=False, scorable=False)

    # Only what must be read back is stored, and an article's metadata is one
    # JSON value: unpickling one small dict per hit is the cheap way to read.
    return Schema(
        uid=ID(unique=True),  # "a:<doc id>" for articles, "g:<group id>" for translation groups
        kind=ID(),  # "article", "group" or "lexicon"
        doc=ID(stored=True, sortable=True),  # the article's id
        lang=ID(),
        source=ID(),
        year=ID(),
        month=ID(),  # "2025-10"
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
        # Positions in both: phrases use ``text``; passages map a match's
        # positions to sentences, and a word matches through its stem.
        text=TEXT(analyzer=exact_analyzer(), phrase=True),
        stem=TEXT(analyzer=stemmed_analyzer(), phrase=True),
        key=TEXT(analyzer=key_analyzer(), phrase=True),
        # Token count, then (first, end) token positions of every sentence,
        # as little-endian uint32 (see index.storage.documents.sentence_tokens).
        sents=COLUMN(VarBytesColumn()),
        content=STORED,  # UTF-8 of the whole article text (Whoosh compresses stored fields)
        meta=STORED,  # JSON: title, url, date, facets, paragraphs, file info
        parallel=STORED,  # group documents: JSON of members, links and beads
        # The one lexicon document: the bilingual lexicon learned from this
        # generation's aligned pairs (index.storage.lexicons).
        lexicon=STORED,
        repeats=STORED,  # repeat documents: JSON of the members, first one first
    )
