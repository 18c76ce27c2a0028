"""Reading Setu's codec: a segment's term tables and postings, for Whoosh and as arrays.

Stage: segment files -> postings (search, merges, ``setu check``).  The
``.ctm`` arrays are memory-mapped, so opening a segment reads nothing but a
header; a term is found by binary search and its postings decode with a
handful of numpy operations.  Everything Whoosh reads through its public API
(matchers, term info, lexicons) keeps working: ``search.postings`` reads the
arrays directly (:func:`compact_terms`), everything else gets a
``ListMatcher``.
"""

from __future__ import annotations

import bisect
import functools
import mmap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import formats
from whoosh.codec.base import FieldCursor, TermsReader
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length

from index.compat import file_path, segment_terms

from .encoding import POSTINGS_EXT, TERMS_EXT, Runs, cumsum_within, decode_varints, exclusive_cumsum, unpack_arrays

if TYPE_CHECKING:
    from .setu_codec import SetuCodec

__all__ = ["CompactTermInfo", "PostingArrays", "SetuTermsReader", "compact_terms", "uninvert"]


@dataclass(frozen=True)
class PostingArrays:
    """One term's postings in one segment: docnums, frequencies and positions.

    ``positions[starts[i]:starts[i + 1]]`` are the positions in ``docs[i]``.
    """

    docs: np.ndarray
    freqs: np.ndarray
    positions: np.ndarray
    starts: np.ndarray


def _map_file(storage: Any, name: str) -> Any:
    """The whole file as a read-only buffer: mapped when on disk (shared and lazy), else read."""
    path = file_path(storage, name)
    if path is not None:
        with open(path, "rb") as f:
            if f.seek(0, 2) == 0:
                return b""
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    f = storage.open_file(name)
    try:
        return f.read()
    finally:
        f.close()


class _Terms(Sequence[bytes]):
    """A field's sorted terms as a sequence of bytes (what ``bisect`` needs)."""

    def __init__(self, blob: memoryview, offsets: np.ndarray) -> None:
        # The offsets stay a mapped array: a Python list of them would cost
        # ~30 bytes a term in every serving process and time at start-up.
        self._blob = blob
        self._offsets = offsets
        self._n = int(offsets.size) - 1

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            raise TypeError("slices are not supported")
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        a, b = self._offsets[i : i + 2].tolist()
        return bytes(self._blob[a:b])

    def find(self, btext: bytes) -> int:
        """Index of ``btext``, or -1."""
        i = bisect.bisect_left(self, btext)
        return i if i < len(self) and self[i] == btext else -1


# Lookups remembered per field of a segment (~150 bytes each, at most).
FOUND_CACHE_SIZE = 1024


def _remembered(terms: _Terms) -> Callable[[bytes], int]:
    """``terms.find``, remembering recent answers.

    A query looks each of its terms up many times (per leaf, per key
    variant, per field read), and each bisect decodes ~20 terms.
    lru_cache is thread-safe; the closure holds the terms, not the
    table, so no reference cycle keeps a closed segment's map alive.
    """
    return functools.lru_cache(maxsize=FOUND_CACHE_SIZE)(terms.find)


class CompactTermInfo(TermInfo):
    def __init__(self, table: _ReadTable, i: int) -> None:
        TermInfo.__init__(
            self,
            weight=float(table.tf[i]),
            df=int(table.df[i]),
            minlength=byte_to_length(int(table.minlen[i])),
            maxlength=byte_to_length(int(table.maxlen[i])),
            maxweight=float(table.maxf[i]),
        )
        self.table = table
        self.index = i


class _ReadTable:
    """One field's term table in a segment, read from the mapped ``.ctm``."""

    def __init__(self, arrays: Mapping[str, np.ndarray], postings: Any) -> None:
        self.terms = _Terms(memoryview(arrays["blob"].data), arrays["term_offsets"])
        self.find = _remembered(self.terms)
        self.df = arrays["df"]
        self.tf = arrays["tf"]
        self.maxf = arrays["maxf"]
        self.minlen = arrays["minlen"]
        self.maxlen = arrays["maxlen"]
        self.post_offsets = arrays["post_offsets"]
        self.postings_buffer = postings  # the segment's .cpo

    def _bytes(self, i: int) -> np.ndarray:
        a, b = int(self.post_offsets[i]), int(self.post_offsets[i + 1])
        return np.frombuffer(self.postings_buffer, dtype=np.uint8, count=b - a, offset=a)

    def postings(self, i: int) -> PostingArrays:
        values = decode_varints(self._bytes(i))
        df = int(self.df[i])
        freqs = values[df : 2 * df]
        # One term's run is three slices (see Runs): no index arithmetic.
        positions = cumsum_within(values[2 * df :], freqs)
        return PostingArrays(np.cumsum(values[:df]), freqs, positions, exclusive_cumsum(freqs))

    def _head(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Docnums and frequencies, decoded without the positions; and the positions' bytes."""
        buf = self._bytes(i)
        n = 2 * int(self.df[i])
        # The first n values end within n * 10 bytes (a varint of 64 bits
        # takes at most 10); most take one or two, so look there first.
        ends = np.flatnonzero(buf[: 3 * n] < 0x80)
        if ends.size < n:
            ends = np.flatnonzero(buf[: 10 * n] < 0x80)
        end = int(ends[n - 1]) + 1
        values = decode_varints(buf[:end], ends[:n])
        return np.cumsum(values[: n // 2]), values[n // 2 : n], buf[end:]

    def counts(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Docnums and frequencies only: what ranking needs, at a fraction of the decoding."""
        docs, freqs, _ = self._head(i)
        return docs, freqs

    def postings_in(self, i: int, wanted: np.ndarray) -> PostingArrays:
        """The postings of the docnums in ``wanted`` (sorted) only, their positions decoded and no others.

        The positions of a common term are most of its bytes; a phrase
        needs them only in the documents that hold its rarer words.
        """
        docs, freqs, region = self._head(i)
        at = np.minimum(np.searchsorted(wanted, docs), max(wanted.size - 1, 0))
        keep = wanted[at] == docs if wanted.size else np.zeros(docs.size, dtype=bool)
        counts = freqs[keep]
        if not counts.size:
            return PostingArrays(docs[keep], counts, np.zeros(0, np.int64), np.zeros(1, np.int64))
        # Where each value ends (one pass over the bytes), then the kept
        # documents' values alone decoded.
        value_ends = np.flatnonzero(region < 0x80)
        starts = exclusive_cumsum(counts)
        if counts.size == docs.size:
            which = None
        else:
            first = exclusive_cumsum(freqs)[:-1][keep]  # each kept document's first value
            which = np.repeat(first - starts[:-1], counts) + np.arange(int(starts[-1]))
        positions = cumsum_within(decode_varints(region, value_ends, which), counts)
        return PostingArrays(docs[keep], counts, positions, starts)


def _unpack_tables(terms: Any, postings: Any) -> dict[str, _ReadTable]:
    """The tables of a mapped ``.ctm`` (views into it), reading postings from ``postings``."""
    return {name: _ReadTable(arrays, postings) for name, arrays in unpack_arrays(terms).items()}


def uninvert(table: _ReadTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every occurrence in a field of a segment: (term index, docnum, position) arrays.

    The terms' runs are contiguous in ``.cpo``, so the whole field decodes
    in one pass and is split by each term's value counts.
    """
    n = len(table.terms)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    a, b = int(table.post_offsets[0]), int(table.post_offsets[n])
    values = decode_varints(np.frombuffer(table.postings_buffer, dtype=np.uint8, count=b - a, offset=a))
    df = table.df.astype(np.int64)
    runs = Runs.of(df, table.tf.astype(np.int64))
    docs = cumsum_within(values[runs.doc_slots], df)
    freqs = values[runs.freq_slots]
    positions = cumsum_within(values[runs.pos_slots], freqs)
    return runs.term_of_position, np.repeat(docs, freqs), positions


class _EncodedValues(Sequence[bytes]):
    """Whoosh-format value bytes, made only for the postings Whoosh asks about."""

    def __init__(self, fmt: formats.Format, p: PostingArrays) -> None:
        self._format = fmt
        self._p = p

    def __len__(self) -> int:
        return int(self._p.docs.size)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s = self._p.starts
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._format.encode(self._p.positions[s[i] : s[i + 1]].tolist())


class SetuTermsReader(TermsReader):
    """Terms of both kinds of field, in Whoosh's order: by field name, then term bytes."""

    def __init__(self, codec: SetuCodec, storage: Any, segment: Any) -> None:
        self._w3 = W3Codec.terms_reader(codec, storage, segment)
        self._buffers = [
            _map_file(storage, segment.make_filename(POSTINGS_EXT)),
            _map_file(storage, segment.make_filename(TERMS_EXT)),
        ]
        postings, terms = self._buffers
        try:
            self.tables = _unpack_tables(terms, postings)
        except ValueError as exc:
            raise ValueError(f"{segment.make_filename(TERMS_EXT)}: {exc}") from None

    # -- one term

    def _find(self, fieldname: str, tbytes: bytes) -> tuple[_ReadTable, int] | None:
        table = self.tables.get(fieldname)
        if table is None:
            return None
        i = table.find(tbytes)
        return (table, i) if i >= 0 else None

    def __contains__(self, term: Any) -> bool:
        fieldname, tbytes = term
        if fieldname in self.tables:
            return self._find(fieldname, tbytes) is not None
        return term in self._w3

    def term_info(self, fieldname: str, tbytes: bytes) -> Any:
        if fieldname not in self.tables:
            return self._w3.term_info(fieldname, tbytes)
        found = self._find(fieldname, tbytes)
        if found is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return CompactTermInfo(*found)

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        # A missing term occurs 0 times (Whoosh's readers ask about any term).
        if fieldname not in self.tables:
            return self._w3.frequency(fieldname, tbytes)
        found = self._find(fieldname, tbytes)
        return float(found[0].tf[found[1]]) if found else 0.0

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        if fieldname not in self.tables:
            return self._w3.doc_frequency(fieldname, tbytes)
        found = self._find(fieldname, tbytes)
        return int(found[0].df[found[1]]) if found else 0

    def problems(self) -> list[str]:
        """Structural damage in the term tables (for ``setu check``): order, offsets, counts."""
        found = []
        size = len(self._buffers[0]) if self._buffers else 0
        for name, table in sorted(self.tables.items()):
            n = len(table.terms)
            offsets = table.post_offsets.astype(np.int64)
            if offsets.size != n + 1 or np.any(np.diff(offsets) <= 0) or (n and (offsets[0] < 0 or offsets[-1] > size)):
                found.append(f"{name}: postings offsets out of order or past the end of the postings file")
            if n and (int(table.df.min()) < 1 or np.any(table.tf < table.df)):
                found.append(f"{name}: a term without postings or with fewer occurrences than documents")
            previous = b""
            for i in range(n):
                term = table.terms[i]
                if i and term <= previous:
                    found.append(f"{name}: terms out of order at {i} ({previous!r} then {term!r})")
                    break
                previous = term
        return found

    def posting_arrays(self, fieldname: str, tbytes: bytes, within: np.ndarray | None = None) -> PostingArrays | None:
        """The term's postings as arrays (None when this segment lacks it).

        ``within``: only these docnums (sorted, of this segment), positions decoded for them alone.
        """
        found = self._find(fieldname, tbytes)
        if found is None:
            return None
        return found[0].postings(found[1]) if within is None else found[0].postings_in(found[1], within)

    def posting_counts(self, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's docnums and frequencies, without decoding its positions (None when this segment lacks it)."""
        found = self._find(fieldname, tbytes)
        return found[0].counts(found[1]) if found else None

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        if fieldname not in self.tables:
            return self._w3.matcher(fieldname, tbytes, format_, scorer=scorer)
        info = self.term_info(fieldname, tbytes)
        p = info.table.postings(info.index)
        # Python numbers: Whoosh's writer asserts int docnums when merging.
        return ListMatcher(
            p.docs.tolist(),
            p.freqs.astype(float).tolist(),
            _EncodedValues(format_, p),
            format_,
            scorer=scorer,
            term=(fieldname, tbytes),
            terminfo=info,
        )

    # -- many terms

    def indexed_field_names(self) -> Any:
        return sorted(set(self._w3.indexed_field_names()) | set(self.tables))

    def _field_items(self, fieldname: str, start: bytes, infos: bool = True) -> Iterator[tuple[tuple[str, bytes], Any]]:
        table = self.tables.get(fieldname)
        if table is not None:
            terms = table.terms
            for i in range(bisect.bisect_left(terms, start), len(terms)):
                yield (fieldname, terms[i]), (CompactTermInfo(table, i) if infos else None)
            return
        source = (
            self._w3.items_from(fieldname, start)
            if infos
            else ((t, None) for t in self._w3.terms_from(fieldname, start))
        )
        for (name, tbytes), info in source:
            if name != fieldname:
                return
            yield (name, tbytes), info

    def items_from(self, fieldname: str, prefix: bytes, infos: bool = True) -> Iterator[tuple[tuple[str, bytes], Any]]:
        for name in self.indexed_field_names():
            if name > fieldname:
                yield from self._field_items(name, b"", infos)
            elif name == fieldname:
                yield from self._field_items(name, prefix, infos)

    def items(self) -> Iterator[tuple[tuple[str, bytes], Any]]:
        for name in self.indexed_field_names():
            yield from self._field_items(name, b"")

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        return (term for term, _ in self.items_from(fieldname, prefix, infos=False))

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return (term for name in self.indexed_field_names() for term, _ in self._field_items(name, b"", False))

    def cursor(self, fieldname: str, fieldobj: Any) -> Any:
        if fieldname not in self.tables:
            return self._w3.cursor(fieldname, fieldobj)
        return _CompactCursor(self.tables[fieldname], fieldobj)

    def close(self) -> None:
        self._w3.close()
        self.tables.clear()
        for buf in self._buffers:
            if isinstance(buf, mmap.mmap):
                try:
                    buf.close()
                except BufferError:
                    pass  # arrays still point into it; the map goes with them
        self._buffers = []


class _CompactCursor(FieldCursor):
    def __init__(self, table: _ReadTable, fieldobj: Any) -> None:
        self._table = table
        self._fieldobj = fieldobj
        self._i = 0

    def first(self) -> Any:
        self._i = 0
        return self.text()

    def find(self, term: Any) -> Any:
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        self._i = bisect.bisect_left(self._table.terms, term)
        return self.text()

    def next(self) -> Any:
        self._i += 1
        return self.text()

    def is_valid(self) -> bool:
        return self._i < len(self._table.terms)

    def text(self) -> Any:
        if not self.is_valid():
            return None
        return self._fieldobj.from_bytes(self._table.terms[self._i])

    def term_info(self) -> Any:
        return CompactTermInfo(self._table, self._i)


def compact_terms(leaf: Any, fieldname: str) -> SetuTermsReader | None:
    """The leaf reader's terms reader, when it stores ``fieldname`` in the compact format."""
    terms = segment_terms(leaf)
    if isinstance(terms, SetuTermsReader) and fieldname in terms.tables:
        return terms
    return None
