"""The learned bilingual lexicon in the index: one document per generation.

Stage: LexiconTable <-> the ``lexicon`` document.  The build writes the table
it learned from the aligned pairs (index.pipeline.lexicon_step) as one
stored document (uid ``l:lexicon``, kind ``lexicon``) in the same commit as
the articles and groups it was learned from.  So a reader sees exactly its
own generation's lexicon: an older searcher keeps the old document, as it
keeps the old groups.
"""

from __future__ import annotations

import zlib

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from index.translation.cognates import cognate_candidates
from index.translation.lexicon import EMPTY_TABLE, Lexicon, LexiconTable
from index.translation.seed import seed_table

from .schema import KIND_LEXICON
from .terms import live_docnums

__all__ = ["LEXICON_UID", "read_lexicon", "stored_table", "write_lexicon"]

LEXICON_UID = "l:lexicon"


def write_lexicon(writer: IndexWriter, table: LexiconTable) -> None:
    """Store ``table`` as the lexicon document, replacing the stored one if any."""
    writer.delete_by_term("uid", LEXICON_UID)
    writer.add_document(uid=LEXICON_UID, kind=KIND_LEXICON, lexicon=table.to_bytes())


def stored_table(reader: IndexReader) -> LexiconTable | None:
    """The learned table this reader's generation stores, or None when it has none."""
    if "kind" not in reader.indexed_field_names():
        return None
    for docnum in live_docnums(reader, "kind", KIND_LEXICON):
        try:
            return LexiconTable.from_bytes(reader.stored_fields(docnum)["lexicon"])
        except (KeyError, ValueError, zlib.error):
            return None  # written by another format: as if none (the next build writes it)
    return None


def read_lexicon(reader: IndexReader) -> Lexicon:
    """The lexicon of exactly this reader's generation: its learned table, the seed, cognates.

    An index without a learned table (an old one, or one without
    translations) still has the seed and cognates.
    """
    return Lexicon(stored_table(reader) or EMPTY_TABLE, seed_table(), cognate_candidates)
