"""Whoosh segments written by several processes, committed together.

Stage: Whoosh documents -> segments of an unpublished generation.  A full
build writes its articles from several processes at once: each one owns a
:class:`SegmentSink` that writes finished segments into the generation's
folder without taking the index lock, and the builder adds all of them to
the table of contents in one commit (:func:`commit_segments`), without
merging them.  This is what ``whoosh.multiproc.MpWriter(multisegment=True)``
does, minus its job files: there the parent still pickles every document to
disk for the children, here the children analyse the articles themselves.

The Whoosh internals used here (``SegmentWriter(_lk=False)``,
``_finalize_segment``, ``_commit_toc``) are the ones ``whoosh.multiproc``
itself is built on.
"""

from __future__ import annotations

from typing import Any

from whoosh.index import Index
from whoosh.writing import IndexWriter, SegmentWriter

__all__ = ["SegmentSink", "commit_segments", "merge_small_segments"]

# An update merges earlier updates' segments once this many are under this
# size: the merge rewrites at most a few thousand articles' postings.
_SMALL_SEGMENT_DOCS = 1_000
_SMALL_SEGMENTS_BEFORE_MERGE = 6


class SegmentSink:
    """Documents in, finished segments out; a new segment whenever the writer's memory fills up.

    Many sinks may write into one index at the same time: none of them holds
    the index lock or writes a table of contents, and segment ids are random.
    All of them share the index's temporary folder, so a sink never deletes
    that folder (``commit_segments`` does, once every sink is done).
    """

    # Whoosh keeps a segment's postings in memory up to ``limitmb`` (by its
    # own estimate), then sorts them into a run file on disk and merges the
    # runs when the segment is flushed, in Python: that merge is what makes
    # one big commit superlinear (measured on 10k articles of 10 KB: spilling
    # cost ~3 ms per article more; without it writing is ~6 ms per article
    # whatever the segment size).  So a segment ends before its pool spills:
    # the largest segments (fewest term dictionaries, the smallest index)
    # that ``limitmb`` of memory allows.
    _FILL = 0.9

    def __init__(self, ix: Index, *, limitmb: int) -> None:
        self._ix = ix
        self._limitmb = limitmb
        self.segments: list[Any] = []
        self.writer: IndexWriter = self._new_writer()

    def _new_writer(self) -> IndexWriter:
        # compound=False for the reason given in builder._writer.
        return SegmentWriter(self._ix, _lk=False, limitmb=self._limitmb, compound=False)

    def article_done(self) -> None:
        """Call after each article's documents: segments end between articles only."""
        pool = self.writer.pool
        if pool.currentsize >= pool.limit * self._FILL:
            self._close()
            self.writer = self._new_writer()

    def _close(self) -> None:
        if self.writer.doc_count():
            self.segments.append(self.writer._finalize_segment())
        else:
            self.writer._close_segment()

    def finish(self) -> list[Any]:
        """Close the last segment; the segments to pass to :func:`commit_segments`."""
        self._close()
        return self.segments

    def cancel(self) -> None:
        """Close open files; what was written stays for the abandoned generation's removal."""
        self.writer._close_segment()


def commit_segments(ix: Index, segments: list[Any]) -> None:
    """Add finished segments to ``ix`` in one commit, merging nothing."""
    # A plain writer for its lock and its TOC code; it writes no segment of
    # its own.  _commit_toc also deletes segment files the new TOC does not
    # name, which is why every sink must have finished before this runs.
    writer = ix.writer()
    try:
        writer._close_segment()
        writer._commit_toc(list(writer.segments) + list(segments))
    except BaseException:
        writer.cancel()
        raise
    writer._finish()


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
