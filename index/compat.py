"""The private names of Whoosh-Reloaded and langdetect that Setu uses: all of them, and only here.

Stage: below every room of index/ (it imports none of them).  Setu reaches
past the public API of both libraries where it is too slow or lacks a step:
W3 posting blocks read whole, a segment's length column read as one byte
string, segments written by several processes and committed together, the
stored-fields column at another zlib level, langdetect's sampling loop run
with numpy.  Each such use is a typed function or a base class here; the
rest of the code uses these, never the private names, and
tests/index/test_compat.py walks the code to keep it so.  numpy's BLAS
threads are set here too, through threadpoolctl (numpy has no call for them).

Private names change without notice, so this module first checks that the
installed versions are the ones it was written for (setup.cfg pins the
same) and refuses to load with any other: the message says what to do.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

# The version each dependency's private names were read from.
PINNED: Final[Mapping[str, str]] = {"Whoosh-Reloaded": "2.7.5", "langdetect": "1.0.9"}


class DependencyVersionError(ImportError):
    """An installed dependency is not the version index/compat.py was written for."""


def check_versions(found: Mapping[str, str | None], pinned: Mapping[str, str] = PINNED) -> None:
    """Raise DependencyVersionError unless each of ``pinned`` is ``found`` at its version (None: not installed)."""
    problems = [
        _mismatch(name, wanted, found.get(name)) for name, wanted in pinned.items() if found.get(name) != wanted
    ]
    if problems:
        raise DependencyVersionError("\n".join(problems))


def _mismatch(name: str, wanted: str, installed: str | None) -> str:
    what = f"{name} {installed} is installed" if installed else f"{name} is not installed"
    return (
        f"index/compat.py was written for {name} {wanted}, but {what}. "
        f"Setu uses private parts of {name} (every one of them in index/compat.py) that another "
        f"version may have changed. Install the pinned version: pip install '{name}=={wanted}' "
        f"(setup.cfg pins it). To move to {installed or 'another version'} instead, check each use "
        f"in index/compat.py against it, then update PINNED there and the pin in setup.cfg."
    )


def installed_versions(names: Iterable[str] = PINNED) -> dict[str, str | None]:
    """The installed version of each distribution in ``names`` (None when it is not installed)."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


# Before the libraries' own imports: a version that lacks one of the names
# imported below would otherwise fail with an ImportError that says nothing
# of versions.
check_versions(installed_versions())

from langdetect.detector import Detector  # noqa: E402
from whoosh import columns as whoosh_columns  # noqa: E402
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocWriter, _lenfield  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

__all__ = [
    "PINNED",
    "DependencyVersionError",
    "DetectorBase",
    "PerDocWriterBase",
    "SegmentWriterBase",
    "blas_threads",
    "bytes_column_compressed_by",
    "check_versions",
    "check_writer_state",
    "close_segment",
    "commit_toc",
    "file_path",
    "finalize_segment",
    "finish_commit",
    "installed_versions",
    "length_column_bytes",
    "limit_blas_threads",
    "mark_documents_added",
    "segment_terms",
    "w3_blocks",
]


def _bind_hooks(cls: type, hooks: Mapping[str, str]) -> None:
    """Give each hook ``cls`` defines (public name) the private name its library calls it by.

    The same function under both names: no extra call, and
    scripts/profile_stages.py, which wraps the library's name, times it.
    """
    for public, private in hooks.items():
        if public in vars(cls):
            setattr(cls, private, vars(cls)[public])


# -- Whoosh: reading a segment -------------------------------------------------


def file_path(storage: Any, name: str) -> str | None:
    """Where file ``name`` of ``storage`` is on disk; None when the storage is not a folder (RamStorage)."""
    fpath = getattr(storage, "_fpath", None)  # FileStorage's
    return None if fpath is None else str(fpath(name))


def segment_terms(leaf: Any) -> Any | None:
    """A segment reader's terms reader (its codec's), or None for a reader that is not one segment's."""
    return getattr(leaf, "_terms", None)


def length_column_bytes(leaf: Any, field: str) -> bytes | None:
    """A segment's length bytes of ``field``, one per document; None when the segment has no such column.

    The column leaves out trailing zero bytes, so it may be shorter than the
    segment.  Read as one byte string from the column's file, where W3
    answers one document per call (``SegmentReader._perdoc``, ``_lenfield``,
    the column reader's ``_dbfile``, ``_basepos`` and ``_count``).
    """
    perdoc = leaf._perdoc
    name = _lenfield(field)
    if not perdoc.has_column(name):
        return None
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    stored = min(column._count, leaf.doc_count_all())
    data: bytes = column._dbfile.get(column._basepos, stored)
    return data


def w3_blocks(m: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """A W3 posting list a block (up to 128 postings) at a time: (docnums, weights).

    Each block's pickled data is read whole (``W3LeafMatcher._read_data``,
    ``_data``, ``_next_block``) instead of one posting per Python call.
    """
    if type(m) is not W3LeafMatcher:
        # SetuCodec's W3 part never inlines postings (inlinelimit=1), so
        # every other field's matcher is a W3LeafMatcher.
        raise TypeError(f"expected Whoosh's W3 block matcher, got {type(m).__name__}")
    while m.is_active():
        m._read_data()
        raw_ids, raw_weights, _values = m._data
        ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
        if raw_weights is None:
            weights = np.ones(ids.size)
        elif isinstance(raw_weights, float):
            weights = np.full(ids.size, raw_weights)
        else:
            weights = np.asarray(raw_weights, dtype=np.float64)
        yield ids, weights
        m._next_block()


# -- Whoosh: writing a segment -------------------------------------------------


class PerDocWriterBase(W3PerDocWriter):
    """W3's per-document writer; a subclass chooses each column's format in :meth:`column_for`."""

    def column_for(self, fieldname: str, column: Any) -> Any:
        """The column to write ``fieldname`` with, W3's ``column`` by default."""
        return column

    def _create_column(self, fieldname: str, column: Any) -> None:
        super()._create_column(fieldname, self.column_for(fieldname, column))


def bytes_column_compressed_by(compress: Callable[[bytes], bytes]) -> Any:
    """W3's compressed bytes column, each value compressed by ``compress`` (a zlib stream W3's reader reads).

    Whoosh takes the compressor only as a top-level module's name; the
    writer's ``add`` is overridden instead, past the level it would pass.
    """

    class Column(whoosh_columns.CompressedBytesColumn):
        class Writer(whoosh_columns.CompressedBytesColumn.Writer):
            def add(self, docnum: int, v: bytes) -> None:
                whoosh_columns.VarBytesColumn.Writer.add(self, docnum, compress(v))

    return Column()


class SegmentWriterBase(SegmentWriter):
    """Whoosh's segment writer, its lock optional and the end of a segment a public hook.

    ``locked=False`` (Whoosh's ``_lk``) writes a segment without taking the
    index lock, as whoosh.multiproc's sub-writers do; such segments are
    committed with :func:`commit_toc`.  A subclass's ``flush_segment`` is
    what Whoosh runs as ``_flush_segment`` when the segment ends.
    """

    def __init__(self, ix: Any, *, locked: bool = True, **kwargs: Any) -> None:
        super().__init__(ix, _lk=locked, **kwargs)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _bind_hooks(cls, {"flush_segment": "_flush_segment"})

    def flush_segment(self) -> None:
        """Write the segment's postings and close its per-document writer (Whoosh's step)."""
        SegmentWriter._flush_segment(self)


def check_writer_state(writer: Any) -> None:
    """Raise Whoosh's error if ``writer`` is closed."""
    writer._check_state()


def mark_documents_added(writer: Any) -> None:
    """Tell ``writer`` that documents were added (a merge's, say): its commit then writes the segment."""
    writer._added = True


def finalize_segment(writer: Any) -> Any:
    """End an unlocked writer's segment (flush, close, assemble): the segment, for :func:`commit_toc`."""
    return writer._finalize_segment()


def close_segment(writer: Any) -> None:
    """Close the files of ``writer``'s segment without writing it."""
    writer._close_segment()


def commit_toc(writer: Any, segments: list[Any]) -> None:
    """Write a table of contents listing ``segments``; files of segments it does not name are deleted."""
    writer._commit_toc(segments)


def finish_commit(writer: Any) -> None:
    """After :func:`commit_toc`: release the lock and the temporary files, as Whoosh's commit does."""
    writer._finish()


# -- langdetect ----------------------------------------------------------------


class DetectorBase(Detector):
    """langdetect's Detector, with the steps a subclass may replace under public names.

    ``get_probabilities()`` runs ``_detect_block`` (the sampling loop), which
    runs ``_extract_ngrams``: a subclass's ``detect_block`` and
    ``extract_ngrams`` are those steps.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _bind_hooks(cls, {"detect_block": "_detect_block", "extract_ngrams": "_extract_ngrams"})

    def initial_probabilities(self) -> list[float]:
        """Each language's probability before sampling (the library's prior, or uniform)."""
        probs: list[float] = self._init_probability()
        return probs

    def sorted_probabilities(self, prob: Any) -> list[Any]:
        """The languages above the library's threshold, most probable first (``Language`` objects)."""
        languages: list[Any] = self._sort_probability(prob)
        return languages


# -- numpy: the threads of its bundled OpenBLAS ---------------------------------

# numpy has no call for its BLAS threads, and OpenBLAS reads its environment
# variable only when it loads: threadpoolctl (the scikit-learn maintainers'
# library for this) finds the BLAS numpy loaded and sets it through its
# public API.


def _blas_pools() -> list[dict[str, Any]]:
    return [pool for pool in threadpool_info() if pool.get("user_api") == "blas"]


def limit_blas_threads(count: int) -> bool:
    """Let numpy's BLAS use at most ``count`` threads in this process; False (no change) if none is loaded."""
    if not _blas_pools():
        return False
    threadpool_limits(limits=count, user_api="blas")
    return True


def blas_threads() -> int | None:
    """The threads numpy's BLAS may use in this process (None: no BLAS found)."""
    pools = _blas_pools()
    return None if not pools else int(pools[0]["num_threads"])
