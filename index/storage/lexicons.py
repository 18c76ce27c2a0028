"""The learned bilingual lexicon in the index: two documents per generation.

Stage: LexiconTable and Bitext <-> the ``lexicon`` documents.  The build
writes the table it learned from the aligned pairs (index.pipeline.lexicon_step)
as one stored document (uid ``l:lexicon``, kind ``lexicon``) in the same
commit as the articles and groups it was learned from.  So a reader sees
exactly its own generation's lexicon: an older searcher keeps the old
document, as it keeps the old groups.  The sentence pairs it was learned
from (uid ``l:bitext``) are read by the next update only, never by search.
"""

from __future__ import annotations

import zlib

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from index.translation.cognates import cognate_candidates
from index.translation.lexicon import EMPTY_TABLE, Lexicon, LexiconTable
from index.translation.lexicon_learning import Bitext
from index.translation.seed import seed_table

from .schema import KIND_LEXICON
from .terms import live_docnums

__all__ = ["BITEXT_UID", "LEXICON_UID", "read_lexicon", "stored_bitext", "stored_table", "write_lexicon"]

LEXICON_UID = "l:lexicon"
BITEXT_UID = "l:bitext"


def write_lexicon(writer: IndexWriter, table: LexiconTable, bitext: Bitext) -> None:
    """Store ``table`` and the ``bitext`` it was learned from, replacing the stored ones if any."""
    for uid, raw in ((LEXICON_UID, table.to_bytes()), (BITEXT_UID, bitext.to_bytes())):
        writer.delete_by_term("uid", uid)
        writer.add_document(uid=uid, kind=KIND_LEXICON, lexicon=raw)


def _stored(reader: IndexReader, uid: str) -> bytes | None:
    if "uid" not in reader.indexed_field_names():
        return None
    for docnum in live_docnums(reader, "uid", uid):
        raw = reader.stored_fields(docnum).get("lexicon")
        return raw if isinstance(raw, bytes) else None
    return None


def stored_table(reader: IndexReader) -> LexiconTable | None:
    """The learned table this reader's generation stores, or None when it has none."""
    raw = _stored(reader, LEXICON_UID)
    try:
        return None if raw is None else LexiconTable.from_bytes(raw)
    except (KeyError, ValueError, zlib.error):
        return None  # written by another format: as if none (the next build writes it)


def stored_bitext(reader: IndexReader) -> Bitext | None:
    """The sentence pairs the stored table was learned from, or None."""
    raw = _stored(reader, BITEXT_UID)
    try:
        return None if raw is None else Bitext.from_bytes(raw)
    except (KeyError, ValueError, OSError):
        return None


def read_lexicon(reader: IndexReader) -> Lexicon:
    """The lexicon of exactly this reader's generation: its learned table, the seed, cognates.

    An index without a learned table (an old one, or one without
    translations) still has the seed and cognates.
    """
    return Lexicon(stored_table(reader) or EMPTY_TABLE, seed_table(), cognate_candidates)
