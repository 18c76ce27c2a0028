"""Per-document columns read a segment at a time.

Stage: index -> any reader of it.  The builder (its manifest of files, the
stored linking fingerprints) and the server (search.facets and
search.sentences: BM25's field lengths, dates, ids, sentence maps) read a
few per-document values of every article.  Whoosh answers one document per
call through its multi-segment reader, which finds the segment by bisection
every time; reading each segment's own column instead is what keeps a 100k
index's start-up short.  The W3 internals this takes (a segment's length
column as one byte string) are in index.compat; tests/search/test_posting_arrays.py
compares both functions with Whoosh's own answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from index.compat import length_column_bytes

from .schema import KIND_ARTICLE

__all__ = ["column_values", "field_lengths", "iter_column_values", "live_documents"]


# Whoosh's length byte -> the length BM25 sees (whoosh.util.numeric.byte_to_length).
_BYTE_TO_LENGTH = np.asarray([byte_to_length(i) for i in range(256)], dtype=np.float64)


def field_lengths(reader: IndexReader, field: str, default: float = 1.0) -> np.ndarray:
    """Every docnum's length of ``field`` as ``reader.doc_field_length`` gives it, read a segment at a time.

    Whoosh keeps one byte per document in each segment's length column and
    answers one document per call, five calls deep: ~0.2 s per field for
    100k articles and their groups.  Here each segment's column is read as one
    byte string and mapped through Whoosh's byte-to-length table.
    A document with no length (no column, or a zero byte) gets ``default``.
    """
    out = np.full(reader.doc_count_all(), default, dtype=np.float64)
    for segment, base in reader.leaf_readers():
        if not segment.doc_count_all():
            continue
        column = length_column_bytes(segment, field)
        if column is None:
            continue
        # Trailing zero bytes are not written: the column may be shorter than the segment.
        raw = np.frombuffer(column, dtype=np.uint8)
        stored = raw.size
        lengths = _BYTE_TO_LENGTH[raw]
        lengths[raw == 0] = default
        out[base : base + stored] = lengths
    return out


def column_values(reader: IndexReader, field: str, docnums: np.ndarray) -> list[Any]:
    """``reader.column_reader(field)[d]`` for each of ``docnums`` (ascending), with each segment's own reader."""
    return list(iter_column_values(reader, field, docnums))


def iter_column_values(reader: IndexReader, field: str, docnums: np.ndarray) -> Iterator[Any]:
    """:func:`column_values` one value at a time: a large column (the stored fingerprints) is never all in memory."""
    if not docnums.size:
        return
    if docnums.size > 1 and not bool(np.all(docnums[1:] >= docnums[:-1])):
        raise ValueError("column_values needs docnums in ascending order")
    leaves = reader.leaf_readers()
    bases = np.asarray([base for _, base in leaves], dtype=np.int64)
    # Where each segment's docnums start in ``docnums``.
    cuts = np.searchsorted(docnums, bases).tolist() + [int(docnums.size)]
    for (segment, base), start, end in zip(leaves, cuts, cuts[1:], strict=False):
        if end > start:
            column = segment.column_reader(field)
            yield from map(column.__getitem__, (docnums[start:end] - base).tolist())


def live_documents(reader: IndexReader, kind: str = KIND_ARTICLE) -> np.ndarray:
    """The docnums of the live documents of ``kind`` (articles by default), ascending.

    Whoosh's postings leave deleted documents out (a segment with deletions
    filters its matchers), so no document is checked here.
    """
    if not reader.doc_count() or "kind" not in reader.indexed_field_names():
        return np.zeros(0, dtype=np.int64)
    try:
        docnums = reader.postings("kind", kind).all_ids()
    except TermNotFound:  # no document of that kind yet
        return np.zeros(0, dtype=np.int64)
    return np.fromiter(docnums, dtype=np.int64)
