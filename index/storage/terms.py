"""Small readers of terms and postings shared by the build, the check and search.

Stage: index -> any reader of it.  Whoosh hands back a term as ``bytes`` or
``str`` depending on the field and the reader, and raises ``TermNotFound``
for a term no document has; these helpers give every caller one answer.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import IndexReader, TermNotFound

__all__ = ["live_docnums", "term_text"]


def term_text(value: Any) -> str:
    """A term or stored id as text, whichever of bytes or str Whoosh returned."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def live_docnums(reader: IndexReader, field: str, term: str) -> list[int]:
    """The document numbers, not deleted, that have ``term`` in ``field``; [] when none has it."""
    try:
        docnums = reader.postings(field, term).all_ids()
    except TermNotFound:
        return []
    return [d for d in docnums if not reader.is_deleted(d)]
