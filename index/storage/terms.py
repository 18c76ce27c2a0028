"""Small readers of terms and postings shared by the build, the check and search.

Stage: index -> any reader of it.  Whoosh hands back a term as ``bytes`` or
``str`` depending on the field and the reader, and raises ``TermNotFound``
for a term no document has; these helpers give every caller one answer.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import IndexReader, TermNotFound

__all__ = ["SolePostings", "live_docnums", "sole_postings", "term_text"]


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


class SolePostings:
    """Each term of a field held by exactly one live document: term -> that docnum.

    ``ambiguous`` holds the terms with more than one posting (or one in
    several segments), which :func:`sole_postings` cannot place from the term
    table: look those up in their posting lists.  A term in neither has no
    live document.
    """

    def __init__(self, docnums: dict[str, int], ambiguous: set[str]) -> None:
        self.docnums = docnums
        self.ambiguous = ambiguous


def sole_postings(reader: IndexReader, field: str) -> SolePostings:
    """The terms of ``field`` that one live document holds, read from the term tables alone.

    A term's info records its first and last document: when they are the
    same, that is its only posting, and no posting list needs opening (a
    group's ``member`` terms at 100k: 50k terms in 0.2 s, where looking each
    up across 26 segments took 14 s).
    """
    docnums: dict[str, int] = {}
    ambiguous: set[str] = set()
    for leaf, offset in reader.leaf_readers():
        if field not in leaf.indexed_field_names():
            continue
        deletions = leaf.has_deletions()
        for text, info in leaf.iter_field(field):
            term = term_text(text)
            first = info.min_id()
            if first != info.max_id():
                ambiguous.add(term)
            elif not (deletions and leaf.is_deleted(first)):
                if term in docnums:
                    ambiguous.add(term)
                else:
                    docnums[term] = first + offset
    for term in ambiguous:
        docnums.pop(term, None)
    return SolePostings(docnums, ambiguous)
