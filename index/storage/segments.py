"""Whoosh segments written in bulk, by several processes, committed together.

Stage: Whoosh documents -> segments of an unpublished generation.  A full
build writes its articles from several processes at once: each one owns a
:class:`SegmentSink` that writes finished segments into the generation's
folder without taking the index lock, and the builder adds all of them to
the table of contents in one commit (:func:`commit_segments`), without
merging them.  This is what ``whoosh.multiproc.MpWriter(multisegment=True)``
does, minus its job files: there the parent still pickles every document to
disk for the children, here the children analyse the articles themselves.

Every segment is written by :class:`CompactSegmentWriter`, which hands the
positional fields to Setu's codec in bulk (index.storage.codec).

The Whoosh internals this takes (an unlocked segment writer, ending a
segment without committing it, writing the table of contents) are the ones
``whoosh.multiproc`` itself is built on; index.compat holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from whoosh.index import Index
from whoosh.writing import IndexWriter, SegmentWriter

from index.analysis.analyzers import DerivedTerms, Keys, Stems
from index.compat import (
    SegmentWriterBase,
    check_writer_state,
    close_segment,
    commit_toc,
    finalize_segment,
    finish_commit,
    mark_documents_added,
)

from .codec import CompactInverter, SetuCodec, compact_terms, is_compact, uninvert

__all__ = ["CompactSegmentWriter", "SegmentSink", "commit_segments", "merge_small_segments"]

# Fields whose terms are a function of another field's, term by term: given
# as index.analysis.analyzers.Stems or Keys (promises that hold the source's
# terms), they cost the writer nothing per token.  (field: source field,
# the promise's type; its ``term_of`` is the function)
_DERIVED: dict[str, tuple[str, type[DerivedTerms]]] = {
    "stem": ("text", Stems),
    "key": ("text", Keys),
}

# An update merges earlier updates' segments once this many are under this
# size: the merge rewrites at most a few thousand articles' postings.
_SMALL_SEGMENT_DOCS = 1_000
_SMALL_SEGMENTS_BEFORE_MERGE = 6


class CompactSegmentWriter(SegmentWriterBase):
    """A segment writer whose pre-analysed positional fields bypass Whoosh's posting pool.

    ``text`` and ``stem`` arrive as tuples of terms (index.storage.documents); Whoosh
    would turn every token into a posting tuple, sort them and write them one
    Python call at a time, which was most of a full build's cost.  Here they
    go to a :class:`~index.storage.codec.CompactInverter` (one int32 array per
    document) and are written in one vectorised pass when the segment ends;
    a merge (``add_reader``) un-inverts the merged segment's postings into
    the same inverter.  Every other field takes Whoosh's usual path.
    """

    def __init__(self, ix: Index, **kwargs: Any) -> None:
        super().__init__(ix, codec=SetuCodec(), **kwargs)
        self.inverter = CompactInverter()
        compact = sorted(name for name, field in self.schema.items() if is_compact(field))
        # A derived field after its source: the source's terms are added first.
        self._compact = tuple(sorted(compact, key=lambda name: name in _DERIVED))

    def add_document(self, **fields: Any) -> None:
        tokens: dict[str, Sequence[str]] = {}
        for name in self._compact:
            value = fields.pop(name, None)
            if isinstance(value, str):  # text to analyse, as Whoosh would (index.storage.documents sends terms)
                value = tuple(self.schema[name].process_text(value, mode="index"))
            if value is not None:
                tokens[name] = value if isinstance(value, (tuple, DerivedTerms)) else tuple(value)
        super().add_document(**fields)
        docnum = self.docnum - 1
        for name, terms in tokens.items():
            # The field's length, as Whoosh's path would have recorded it.  The
            # per-document writer still points at this document.
            self.perdocwriter.add_field(name, self.schema[name], None, len(terms))
            if self._follows(name, terms, tokens):
                # term_of each source term (index.analysis.analyzers made them so):
                # derived from the source's ids when the segment is written.
                source, kind = _DERIVED[name]
                self.inverter.follow(name, source, docnum, kind.term_of)
            else:
                self.inverter.add(name, docnum, terms.terms() if isinstance(terms, DerivedTerms) else terms)

    def _follows(self, name: str, terms: Sequence[str], tokens: dict[str, Sequence[str]]) -> bool:
        """Whether ``terms`` are derived term by term from this document's source field (see _DERIVED)."""
        derived = _DERIVED.get(name)
        if derived is None or not isinstance(terms, derived[1]) or not self.inverter.can_follow(name):
            return False
        source = tokens.get(derived[0], ())
        return len(source) > 0 and (terms.source is source or terms.source == tuple(source))

    def add_reader(self, reader: Any) -> None:
        """Merge a segment: other fields through Whoosh's pool, text and stem un-inverted in bulk."""
        check_writer_state(self)
        basedoc = self.docnum
        indexed = {name for name in reader.indexed_field_names() if name in self.schema}
        docmap = self.write_per_doc(set(self.schema.names()) | indexed, reader)
        # Old docnum -> new (-1: deleted, not copied).
        newdoc = np.arange(basedoc, basedoc + reader.doc_count_all(), dtype=np.int64)
        if docmap is not None:
            newdoc[:] = -1
            newdoc[np.fromiter(docmap.keys(), np.int64)] = np.fromiter(docmap.values(), np.int64)
        for name in self._compact:
            if name in indexed:
                term_idx, docs, positions, terms = _occurrences(reader, name)
                live = newdoc[docs] >= 0
                self.inverter.add_postings(name, terms, term_idx[live], newdoc[docs[live]], positions[live])
        for name in sorted(indexed - set(self._compact)):
            for btext in reader.lexicon(name):
                m = reader.postings(name, btext)  # deleted documents filtered out
                while m.is_active():
                    self.pool.add((name, btext, int(newdoc[m.id()]), m.weight(), m.value()))
                    m.next()
        mark_documents_added(self)

    def flush_segment(self) -> None:
        """The segment's end (Whoosh's own step, plus the inverter's fields written in one pass)."""
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.inverter.write(self.fieldwriter.compact)
        self.fieldwriter.close()
        lengths.close()


def _occurrences(reader: Any, fieldname: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """A segment's occurrences of a positional field: (term index, docnum, position), and the terms."""
    terms_reader = compact_terms(reader, fieldname)
    if terms_reader is None:
        # Every segment of a schema-8 index is written by SetuCodec.
        raise ValueError(f"cannot merge {fieldname!r}: the segment was not written by Setu's codec")
    table = terms_reader.tables[fieldname]
    term_idx, docs, positions = uninvert(table)
    return term_idx, docs, positions, [table.terms[i].decode("utf-8") for i in range(len(table.terms))]


class SegmentSink:
    """Documents in, finished segments out; a new segment whenever the writer's memory fills up.

    Many sinks may write into one index at the same time: none of them holds
    the index lock or writes a table of contents, and segment ids are random.
    All of them share the index's temporary folder, so a sink never deletes
    that folder (``commit_segments`` does, once every sink is done).
    """

    # The pool (ids, facets) and the inverter (text, stem) both live in
    # memory until the segment ends.  Whoosh spills a full pool to run files
    # and merges them in Python, which made one big commit superlinear, so
    # a segment ends before that.  The inverter holds 4 bytes per token;
    # sorting and encoding one field at the end peaks at ~48 bytes per token
    # of that field (measured: +170 MB for 3.5M tokens), i.e. ~24 per token
    # counted over both fields: the token budget keeps that within ``limitmb``.
    _FILL = 0.9
    _BYTES_PER_TOKEN_AT_FLUSH = 24

    def __init__(self, ix: Index, *, limitmb: int) -> None:
        self._ix = ix
        self._limitmb = limitmb
        self._token_limit = limitmb * 1024 * 1024 // self._BYTES_PER_TOKEN_AT_FLUSH
        self.segments: list[Any] = []
        self.writer: CompactSegmentWriter = self._new_writer()

    def _new_writer(self) -> CompactSegmentWriter:
        # compound=False for the reason given in builder._writer.
        return CompactSegmentWriter(self._ix, locked=False, limitmb=self._limitmb, compound=False)

    def article_done(self) -> None:
        """Call after each article's documents: segments end between articles only."""
        pool = self.writer.pool
        if pool.currentsize >= pool.limit * self._FILL or self.writer.inverter.tokens >= self._token_limit:
            self._close()
            self.writer = self._new_writer()

    def _close(self) -> None:
        if self.writer.doc_count():
            self.segments.append(finalize_segment(self.writer))
        else:
            close_segment(self.writer)

    def finish(self) -> list[Any]:
        """Close the last segment; the segments to pass to :func:`commit_segments`."""
        self._close()
        return self.segments

    def cancel(self) -> None:
        """Close open files; what was written stays for the abandoned generation's removal."""
        close_segment(self.writer)


def commit_segments(ix: Index, segments: list[Any]) -> None:
    """Add finished segments to ``ix`` in one commit, merging nothing."""
    # A plain writer for its lock and its TOC code; it writes no segment of
    # its own.  commit_toc also deletes segment files the new TOC does not
    # name, which is why every sink must have finished before this runs.
    writer: SegmentWriter = ix.writer(codec=SetuCodec())
    try:
        close_segment(writer)
        commit_toc(writer, list(writer.segments) + list(segments))
    except BaseException:
        writer.cancel()
        raise
    finish_commit(writer)


def merge_small_segments(writer: IndexWriter, segments: list[Any]) -> list[Any]:
    """Merge policy for updates: merge only the small segments earlier updates left.

    Whoosh's default (MERGE_SMALL) merges the smallest segments until a
    Fibonacci bound: with a full build's ~2,000-article segments it rewrote
    twenty of them (34,000 articles, minutes) on every update.  Here an
    update merges only when several segments are under
    ``_SMALL_SEGMENT_DOCS``, so its cost stays bounded and the number of
    segments does not grow without end.
    """
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < _SMALL_SEGMENT_DOCS]
    if len(small) < _SMALL_SEGMENTS_BEFORE_MERGE:
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]
