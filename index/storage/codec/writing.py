"""A Whoosh codec with compact, array-coded postings for the positional text fields.

Stage: Whoosh documents -> segment files (build), segment files -> postings (search).

Whoosh's W3 codec stores a posting's positions as a pickled list of deltas
and every term as a ~90-byte entry of an on-disk hash table: on this corpus
that made the index 2.8 times the size of the text, and writing it went
through several Python calls per posting.  :class:`SetuCodec` keeps W3 for
the small fields (ids, facets, stored fields, columns) and stores the fields
with positions (``text`` and ``stem``) in two files of its own:

``.cpo`` (postings)
    per term, one run of LEB128 varints: the term's document numbers
    (delta-coded), then its frequency in each of them, then the positions
    (delta-coded within each document).  A term is decoded with a handful
    of numpy operations, whatever its length.
``.ctm`` (terms)
    per field, the sorted terms (one UTF-8 blob and its offsets) and numpy
    columns: document frequency, total frequency, largest frequency,
    shortest and longest document (Whoosh's length bytes) and where each
    term's postings start.  A term is found by binary search; the arrays
    are memory-mapped, so opening a segment reads nothing but a header.

Both the full build (``CompactInverter``: numpy arrays of term ids, written
in one vectorised pass) and Whoosh's own writer (updates and merges, through
:class:`SetuFieldWriter`) end in :func:`_encode_field`, so the two write
identical bytes for identical postings.  Everything Whoosh reads through its
public API (matchers, term info, lexicons) keeps working: ``search.postings``
reads the arrays directly, everything else gets a ``ListMatcher``.

The codec is pickled into the index's table of contents, so it lives in an
importable module and holds no open files.
"""

from __future__ import annotations

import bisect
import json
import mmap
import struct
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import columns, formats
from whoosh.codec.base import FieldCursor, FieldWriter, TermsReader
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocReader, W3PerDocWriter, W3Segment
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length

__all__ = [
    "CompactInverter",
    "FieldPostings",
    "PostingArrays",
    "SetuCodec",
    "compact_terms",
    "decode_varints",
    "encode_varints",
    "uninvert",
]

POSTINGS_EXT = ".cpo"
TERMS_EXT = ".ctm"
_MAGIC = b"SETUCTM1"
_TRAILER = struct.Struct("<Q8s")  # header offset, magic


def is_compact(fieldobj: Any) -> bool:
    """Fields stored by this codec's own format: those with positions (and nothing more)."""
    return type(fieldobj.format) is formats.Positions


# -- varints -------------------------------------------------------------------


def encode_varints(values: np.ndarray) -> np.ndarray:
    """Non-negative integers (< 2**35) as LEB128 bytes: 7 bits a byte, high bit = more follows."""
    v = values.astype(np.int64, copy=False)
    nbytes = np.ones(v.size, dtype=np.int64)
    for bits in (7, 14, 21, 28):
        nbytes += v >= (1 << bits)
    ends = np.cumsum(nbytes)
    starts = ends - nbytes
    out = np.empty(int(ends[-1]) if v.size else 0, dtype=np.uint8)
    k = 0
    sel = np.arange(v.size)
    while sel.size:
        chunk = (v[sel] >> (7 * k)) & 0x7F
        more = nbytes[sel] > k + 1
        out[starts[sel] + k] = chunk | (more.astype(np.int64) << 7)
        sel = sel[more]
        k += 1
    return out


def decode_varints(buf: np.ndarray) -> np.ndarray:
    """The integers of a run of LEB128 bytes (inverse of :func:`encode_varints`)."""
    b = buf.astype(np.int64)
    last = np.flatnonzero(b < 0x80)
    if last.size == b.size:  # every value fits in one byte: the common case
        return b
    starts = np.empty_like(last)
    starts[0] = 0
    starts[1:] = last[:-1] + 1
    owner = np.repeat(np.arange(last.size), last - starts + 1)
    shift = 7 * (np.arange(b.size) - starts[owner])
    return np.add.reduceat((b & 0x7F) << shift, starts)


# -- writing -------------------------------------------------------------------


def _exclusive_cumsum(a: np.ndarray) -> np.ndarray:
    out = np.zeros(a.size + 1, dtype=np.int64)
    np.cumsum(a, out=out[1:])
    return out


def _deltas_within(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Differences of consecutive ``values``, restarting (value itself) at each group of ``counts``."""
    deltas = values.copy()
    deltas[1:] -= values[:-1]
    first = _exclusive_cumsum(counts)[:-1]
    deltas[first] = values[first]
    return deltas


def _cumsum_within(deltas: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_deltas_within`: running sums restarting at each group (every count > 0)."""
    running = np.cumsum(deltas)
    first = _exclusive_cumsum(counts)[:-1]
    return running - np.repeat(running[first] - deltas[first], counts)


@dataclass(frozen=True)
class _Runs:
    """Where each value sits in the terms' runs of ``.cpo``: [doc deltas, freqs, position deltas] per term."""

    starts: np.ndarray  # n+1: value index where each term's run starts
    doc_slots: np.ndarray  # per posting (the frequency sits ``df`` values later)
    freq_slots: np.ndarray
    pos_slots: np.ndarray  # per position
    term_of_position: np.ndarray

    @classmethod
    def of(cls, df: np.ndarray, tf: np.ndarray) -> _Runs:
        n = df.size
        starts = _exclusive_cumsum(2 * df + tf)
        term_of_posting = np.repeat(np.arange(n), df)
        local = np.arange(int(df.sum())) - _exclusive_cumsum(df)[:-1][term_of_posting]
        doc_slots = starts[:-1][term_of_posting] + local
        term_of_position = np.repeat(np.arange(n), tf)
        pos_local = np.arange(int(tf.sum())) - _exclusive_cumsum(tf)[:-1][term_of_position]
        pos_slots = starts[:-1][term_of_position] + 2 * df[term_of_position] + pos_local
        return cls(starts, doc_slots, doc_slots + df[term_of_posting], pos_slots, term_of_position)


_LENGTH_BYTES = np.array([byte_to_length(i) for i in range(256)], dtype=np.int64)


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's length_to_byte over an array."""
    out = np.searchsorted(_LENGTH_BYTES, lengths, side="left")
    return np.minimum(out, 255).astype(np.uint8)


@dataclass
class _FieldTable:
    """One field's term table, as written to ``.ctm``."""

    blob: np.ndarray  # uint8: the terms' UTF-8, concatenated in sorted order
    term_offsets: np.ndarray  # uint32, n+1
    df: np.ndarray  # uint32
    tf: np.ndarray  # uint32: total frequency (Whoosh's "weight")
    maxf: np.ndarray  # uint32: largest frequency in one document
    minlen: np.ndarray  # uint8: length byte of the shortest document
    maxlen: np.ndarray  # uint8: length byte of the longest document
    post_offsets: np.ndarray  # uint64, n+1: postings of term i are [i, i+1) in .cpo

    ARRAYS = ("blob", "term_offsets", "df", "tf", "maxf", "minlen", "maxlen", "post_offsets")


@dataclass(frozen=True)
class FieldPostings:
    """One field's postings, ready to encode.

    ``terms`` sorted; per term ``df[i]`` postings, in term order then
    ascending document (``docs``, ``freqs``, ``lengths`` = the document's
    field length); ``positions`` holds ``freqs[j]`` ascending positions per
    posting, in the same order.
    """

    terms: Sequence[bytes]
    df: np.ndarray
    docs: np.ndarray
    freqs: np.ndarray
    lengths: np.ndarray
    positions: np.ndarray

    def batches(self, max_positions: int) -> Iterator[FieldPostings]:
        """Runs of whole terms with about ``max_positions`` positions each (at least one term; one if empty)."""
        t_start = _exclusive_cumsum(self.df)
        p_start = _exclusive_cumsum(self.freqs)
        per_term = p_start[t_start]  # positions before each term
        first = 0
        while True:
            last = int(np.searchsorted(per_term, per_term[first] + max_positions, side="right")) - 1
            last = min(max(last, first + 1), len(self.terms))
            a, b = int(t_start[first]), int(t_start[last])
            yield FieldPostings(
                self.terms[first:last],
                self.df[first:last],
                self.docs[a:b],
                self.freqs[a:b],
                self.lengths[a:b],
                self.positions[int(p_start[a]) : int(p_start[b])],
            )
            first = last
            if first >= len(self.terms):
                return


def _encode_field(postings: FieldPostings, base: int) -> tuple[bytes, _FieldTable]:
    """Encode one field's postings; ``base`` is where the bytes will start in the postings file."""
    terms = postings.terms
    lengths = postings.lengths
    n_terms = len(terms)
    df = postings.df.astype(np.int64, copy=False)
    docs = postings.docs.astype(np.int64, copy=False)
    freqs = postings.freqs.astype(np.int64, copy=False)
    positions = postings.positions.astype(np.int64, copy=False)
    t_start = _exclusive_cumsum(df)[:-1]
    tf = np.add.reduceat(freqs, t_start) if n_terms else np.zeros(0, np.int64)
    runs = _Runs.of(df, tf)
    stream = np.empty(int(runs.starts[-1]), dtype=np.int64)
    stream[runs.doc_slots] = _deltas_within(docs, df)  # documents within a term
    stream[runs.freq_slots] = freqs
    stream[runs.pos_slots] = _deltas_within(positions, freqs)  # positions within a posting
    encoded = encode_varints(stream)
    # Byte offset of each term's run: count the bytes of the values before it.
    value_ends = np.flatnonzero(encoded < 0x80) + 1
    byte_start = np.concatenate(([0], value_ends))[runs.starts]
    table = _FieldTable(
        blob=np.frombuffer(b"".join(terms), dtype=np.uint8),
        term_offsets=_exclusive_cumsum(np.fromiter(map(len, terms), dtype=np.int64, count=n_terms)).astype(np.uint32),
        df=df.astype(np.uint32),
        tf=tf.astype(np.uint32),
        maxf=(np.maximum.reduceat(freqs, t_start) if n_terms else freqs[:0]).astype(np.uint32),
        minlen=_length_bytes(np.minimum.reduceat(lengths, t_start) if n_terms else lengths[:0]),
        maxlen=_length_bytes(np.maximum.reduceat(lengths, t_start) if n_terms else lengths[:0]),
        post_offsets=(byte_start + base).astype(np.uint64),
    )
    return encoded.tobytes(), table


_BATCH_POSITIONS = 1 << 18


def _concat_tables(tables: list[_FieldTable]) -> _FieldTable:
    if len(tables) == 1:
        return tables[0]
    blob_ends = np.cumsum([0] + [t.blob.size for t in tables[:-1]])
    return _FieldTable(
        blob=np.concatenate([t.blob for t in tables]),
        term_offsets=np.concatenate(
            [tables[0].term_offsets[:1]]
            + [t.term_offsets[1:].astype(np.int64) + end for t, end in zip(tables, blob_ends, strict=True)]
        ).astype(np.uint32),
        df=np.concatenate([t.df for t in tables]),
        tf=np.concatenate([t.tf for t in tables]),
        maxf=np.concatenate([t.maxf for t in tables]),
        minlen=np.concatenate([t.minlen for t in tables]),
        maxlen=np.concatenate([t.maxlen for t in tables]),
        # Each batch's last offset is the next batch's first.
        post_offsets=np.concatenate([t.post_offsets[:-1] for t in tables] + [tables[-1].post_offsets[-1:]]),
    )


class _CompactFiles:
    """The writing side of ``.cpo`` and ``.ctm`` for one segment."""

    def __init__(self, storage: Any, segment: Any) -> None:
        self._storage = storage
        self._segment = segment
        self._postfile = segment.create_file(storage, POSTINGS_EXT)
        self._written = 0
        self._tables: dict[str, _FieldTable] = {}

    def write_field(self, fieldname: str, postings: FieldPostings) -> None:
        if fieldname in self._tables:
            raise ValueError(f"field {fieldname!r} written twice to one segment")
        # In batches of terms: encoding needs ~100 bytes of temporaries per
        # position, so a segment's memory peak is the sort, not this.
        tables: list[_FieldTable] = []
        for batch in postings.batches(_BATCH_POSITIONS):
            data, table = _encode_field(batch, self._written)
            self._postfile.write(data)
            self._written += len(data)
            tables.append(table)
        self._tables[fieldname] = _concat_tables(tables)

    def close(self) -> None:
        self._postfile.close()
        f = self._segment.create_file(self._storage, TERMS_EXT)
        f.write(_pack_tables(self._tables))
        f.close()


def _pack_tables(tables: dict[str, _FieldTable]) -> bytes:
    """The ``.ctm`` file: every table's arrays (8-byte aligned), a JSON header, a trailer."""
    parts: list[bytes] = []
    header: dict[str, dict[str, list[Any]]] = {}
    at = 0
    for fieldname, table in sorted(tables.items()):
        entry = header[fieldname] = {}
        for name in _FieldTable.ARRAYS:
            arr = np.ascontiguousarray(getattr(table, name))
            pad = -at % 8  # aligned, so the reader's views need no copy
            parts.append(b"\0" * pad)
            at += pad
            entry[name] = [at, arr.dtype.str, int(arr.size)]
            parts.append(arr.tobytes())
            at += arr.nbytes
    parts.append(json.dumps(header).encode("utf-8"))
    parts.append(_TRAILER.pack(at, _MAGIC))
    return b"".join(parts)


def _unpack_tables(terms: Any, postings: Any) -> dict[str, _ReadTable]:
    """The tables of a mapped ``.ctm`` (views into it), reading postings from ``postings``."""
    if len(terms) < _TRAILER.size:
        raise ValueError("the file is too short for a Setu terms file")
    at, magic = _TRAILER.unpack(terms[len(terms) - _TRAILER.size :])
    if magic != _MAGIC:
        raise ValueError("not a Setu terms file")
    header = json.loads(bytes(terms[at : len(terms) - _TRAILER.size]))
    return {name: _ReadTable(terms, entry, postings) for name, entry in header.items()}


class CompactInverter:
    """The fast path: token lists (and merged segments' postings) in, one segment's postings out.

    A document's tokens become an int32 array of term ids (one dict lookup
    per token); at the end of the segment one stable sort by term orders
    every posting and :func:`_encode_field` writes them.  Nothing per
    posting runs in Python.  A merge brings whole segments' postings
    (:meth:`add_postings`), un-inverted to the same (term, doc, position)
    form.
    """

    def __init__(self) -> None:
        self._vocab: dict[str, defaultdict[str, int]] = {}
        self._ids: dict[str, list[np.ndarray]] = {}
        self._docs: dict[str, list[int]] = {}
        # Merged postings: (docs, term ids, positions, field lengths), each sorted by (doc, position).
        self._merged: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}
        self._next_doc: dict[str, int] = {}
        # A field derived from another, term by term (stem from text): its
        # source, the function, and the source's chunks it shares so far.
        self._follows: dict[str, tuple[str, Callable[[str], str], list[int]]] = {}
        self.tokens = 0

    def _vocabulary(self, fieldname: str) -> defaultdict[str, int]:
        vocab = self._vocab.get(fieldname)
        if vocab is None:
            # A new word's id is the vocabulary's size: map() then runs the
            # lookups and insertions in C, ~50 ns a token.
            vocab = self._vocab[fieldname] = defaultdict()
            vocab.default_factory = vocab.__len__
        return vocab

    def _check_order(self, fieldname: str, first: int, last: int) -> None:
        # One stable sort by term keeps each term's postings in document
        # order only if documents arrive in order.
        if first < self._next_doc.get(fieldname, 0):
            raise ValueError(f"{fieldname}: document {first} added after document {self._next_doc[fieldname] - 1}")
        self._next_doc[fieldname] = last + 1

    def can_follow(self, fieldname: str) -> bool:
        """Whether :meth:`follow` may record ``fieldname`` (no tokens of its own in this segment)."""
        return not self._ids.get(fieldname) and not self._merged.get(fieldname)

    def follow(self, fieldname: str, source: str, docnum: int, derive: Callable[[str], str]) -> None:
        """Document ``docnum``'s ``fieldname`` is ``derive`` of each of its ``source`` terms.

        ``source`` must have just been added for ``docnum``.  Nothing is
        looked up per token: the derived terms' ids come from one mapping of
        the source's vocabulary when the segment is written (or when the
        field gets tokens of its own, see _unfollow).
        """
        follows = self._follows.get(fieldname)
        if follows is not None and follows[:2] != (source, derive):
            self._unfollow(fieldname)
            follows = None
        docs = self._docs.get(source)
        if not docs or docs[-1] != docnum or not self.can_follow(fieldname):
            raise ValueError(f"{fieldname} cannot follow {source} for document {docnum}")
        self._check_order(fieldname, docnum, docnum)
        if follows is None:
            follows = self._follows[fieldname] = (source, derive, [])
        follows[2].append(len(docs) - 1)
        self.tokens += len(self._ids[source][-1])

    def _unfollow(self, fieldname: str) -> None:
        """Give ``fieldname`` the ids of the terms it follows, as if they had been added."""
        follows = self._follows.pop(fieldname, None)
        if follows is None:
            return
        source, derive, chunks = follows
        vocab = self._vocabulary(fieldname)
        source_terms = list(self._vocab[source])  # in id order
        mapping = np.fromiter(
            map(vocab.__getitem__, map(derive, source_terms)), dtype=np.int32, count=len(source_terms)
        )
        source_ids, source_docs = self._ids[source], self._docs[source]
        self._ids.setdefault(fieldname, []).extend(mapping[source_ids[k]] for k in chunks)
        self._docs.setdefault(fieldname, []).extend(source_docs[k] for k in chunks)

    def add(self, fieldname: str, docnum: int, tokens: Sequence[str]) -> None:
        if not tokens:
            return
        self._unfollow(fieldname)
        if self._merged.get(fieldname):
            raise ValueError("documents cannot be added after merged postings")
        self._check_order(fieldname, docnum, docnum)
        vocab = self._vocabulary(fieldname)
        ids = np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        self._ids.setdefault(fieldname, []).append(ids)
        self._docs.setdefault(fieldname, []).append(docnum)
        self.tokens += len(tokens)

    def add_postings(
        self, fieldname: str, terms: Sequence[str], term_idx: np.ndarray, docs: np.ndarray, positions: np.ndarray
    ) -> None:
        """Occurrences from another segment: ``terms[term_idx[k]]`` at ``positions[k]`` of ``docs[k]``."""
        if not docs.size:
            return
        self._unfollow(fieldname)
        order = np.lexsort((positions, docs))
        docs, term_idx, positions = docs[order], term_idx[order], positions[order]
        self._check_order(fieldname, int(docs[0]), int(docs[-1]))
        vocab = self._vocabulary(fieldname)
        ids = np.array(list(map(vocab.__getitem__, terms)), dtype=np.int32)[term_idx]
        _, owner, counts = np.unique(docs, return_inverse=True, return_counts=True)
        lengths = counts[owner].astype(np.int32)
        self._merged.setdefault(fieldname, []).append((docs.astype(np.int32), ids, positions.astype(np.int32), lengths))
        self.tokens += int(docs.size)

    def write(self, files: _CompactFiles) -> None:
        for fieldname in list(self._follows):
            self._unfollow(fieldname)
        for fieldname in sorted(self._vocab):
            self._write_field(files, fieldname)
        self._vocab.clear()
        self._ids.clear()
        self._docs.clear()
        self._merged.clear()
        self._next_doc.clear()
        self._follows.clear()
        self.tokens = 0

    def _tokens(self, fieldname: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every token of the field in (doc, position) order: term ids, docs, field lengths, positions."""
        parts = []
        chunks = self._ids.pop(fieldname, [])
        if chunks:
            doc_lengths = np.fromiter(map(len, chunks), dtype=np.int32, count=len(chunks))
            ids = np.concatenate(chunks)
            del chunks
            docs = np.repeat(np.asarray(self._docs[fieldname], dtype=np.int32), doc_lengths)
            positions = np.arange(ids.size, dtype=np.int32)
            positions -= np.repeat(_exclusive_cumsum(doc_lengths)[:-1].astype(np.int32), doc_lengths)
            parts.append((ids, docs, np.repeat(doc_lengths, doc_lengths), positions))
        merged = self._merged.pop(fieldname, [])
        parts.extend((ids, docs, lengths, positions) for docs, ids, positions, lengths in merged)
        if len(parts) == 1:
            return parts[0]
        ids, docs, lengths, positions = (np.concatenate(column) for column in zip(*parts, strict=True))
        return ids, docs, lengths, positions

    def _write_field(self, files: _CompactFiles, fieldname: str) -> None:
        vocab = self._vocab[fieldname]
        words = [w.encode("utf-8") for w in vocab]  # in id order
        order = sorted(range(len(words)), key=words.__getitem__)
        rank = np.empty(len(words), dtype=np.int32)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(len(words), dtype=np.int32)
        # int32 throughout: this sort is the segment's memory peak (~40 bytes a token).
        ids, docs, lengths, positions = self._tokens(fieldname)
        # Tokens are in (doc, position) order, so a stable sort by term
        # leaves each term's postings in (doc, position) order.  The token's
        # index in the low 32 bits makes every key distinct, so numpy's plain
        # sort (SIMD, about twice as fast as its stable argsort) is stable
        # here, and gives the sorted terms and the order in one array.
        order_tokens = rank[ids].astype(np.int64)
        del ids
        order_tokens <<= 32
        order_tokens |= np.arange(order_tokens.size, dtype=np.int64)
        order_tokens.sort()
        keys = (order_tokens >> 32).astype(np.int32)
        order_tokens &= 0xFFFFFFFF
        docs = docs[order_tokens]
        lengths = lengths[order_tokens]
        positions = positions[order_tokens]
        del order_tokens
        new_posting = np.ones(keys.size, dtype=bool)
        new_posting[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        p_idx = np.flatnonzero(new_posting)
        freqs = np.diff(np.append(p_idx, keys.size))
        p_keys = keys[p_idx]
        df = np.bincount(p_keys, minlength=len(words))
        used = df > 0  # a merged segment's terms may all sit in deleted documents
        terms = [words[i] for i, keep in zip(order, used.tolist(), strict=True) if keep]
        files.write_field(fieldname, FieldPostings(terms, df[used], docs[p_idx], freqs, lengths[p_idx], positions))


class _PostingGatherer:
    """Whoosh's writer path: one compact field's postings, gathered a posting at a time."""

    def __init__(self, fmt: formats.Format) -> None:
        self.format = fmt
        self.terms: list[bytes] = []
        self.df: list[int] = []
        self.docs: list[int] = []
        self.freqs: list[int] = []
        self.lengths: list[int] = []
        self.positions: list[int] = []

    def start_term(self, btext: bytes) -> None:
        self.terms.append(btext)
        self.df.append(0)

    def add(self, docnum: int, vbytes: bytes, length: int) -> None:
        pos = self.format.decode_positions(vbytes)
        self.df[-1] += 1
        self.docs.append(docnum)
        self.freqs.append(len(pos))
        self.lengths.append(length)
        self.positions.extend(pos)

    def finish_term(self) -> None:
        if self.terms and self.df[-1] == 0:  # a term with no postings is not a term
            self.terms.pop()
            self.df.pop()

    def write(self, files: _CompactFiles, fieldname: str) -> None:
        columns = (self.df, self.docs, self.freqs, self.lengths, self.positions)
        files.write_field(fieldname, FieldPostings(self.terms, *(np.asarray(c, dtype=np.int64) for c in columns)))


class SetuFieldWriter(FieldWriter):
    """W3 for most fields; compact fields gathered and encoded when the field ends."""

    def __init__(self, codec: SetuCodec, storage: Any, segment: Any) -> None:
        self._w3 = W3FieldWriter(codec, storage, segment)
        self.compact = _CompactFiles(storage, segment)
        self._field: _PostingGatherer | None = None
        self._fieldname: str | None = None
        self.is_closed = False

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        if is_compact(fieldobj):
            self._field = _PostingGatherer(fieldobj.format)
            self._fieldname = fieldname
        else:
            self._field = None
            self._w3.start_field(fieldname, fieldobj)

    def start_term(self, btext: bytes) -> None:
        if self._field is not None:
            self._field.start_term(btext)
        else:
            self._w3.start_term(btext)

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int) -> None:
        if self._field is not None:
            self._field.add(docnum, vbytes, length)
        else:
            self._w3.add(docnum, weight, vbytes, length)

    def finish_term(self) -> None:
        if self._field is not None:
            self._field.finish_term()
        else:
            self._w3.finish_term()

    def finish_field(self) -> None:
        if self._field is not None:
            assert self._fieldname is not None
            self._field.write(self.compact, self._fieldname)
            self._field = None
        else:
            self._w3.finish_field()

    def close(self) -> None:
        self._w3.close()
        self.compact.close()
        self.is_closed = True


# -- reading -------------------------------------------------------------------


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
    path = getattr(storage, "_fpath", None)
    if path is not None:
        with open(path(name), "rb") as f:
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

    def __init__(self, buf: Any, entry: dict[str, list[Any]], postings: Any) -> None:
        arrays = {
            name: np.frombuffer(buf, dtype=np.dtype(dt), count=n, offset=at) for name, (at, dt, n) in entry.items()
        }
        self.terms = _Terms(memoryview(arrays["blob"].data), arrays["term_offsets"])
        self.df = arrays["df"]
        self.tf = arrays["tf"]
        self.maxf = arrays["maxf"]
        self.minlen = arrays["minlen"]
        self.maxlen = arrays["maxlen"]
        self.post_offsets = arrays["post_offsets"]
        self._postings = postings

    def postings(self, i: int) -> PostingArrays:
        a, b = int(self.post_offsets[i]), int(self.post_offsets[i + 1])
        values = decode_varints(np.frombuffer(self._postings, dtype=np.uint8, count=b - a, offset=a))
        df = int(self.df[i])
        freqs = values[df : 2 * df]
        # One term's run is three slices (see _Runs): no index arithmetic.
        positions = _cumsum_within(values[2 * df :], freqs)
        return PostingArrays(np.cumsum(values[:df]), freqs, positions, _exclusive_cumsum(freqs))


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
    values = decode_varints(np.frombuffer(table._postings, dtype=np.uint8, count=b - a, offset=a))
    df = table.df.astype(np.int64)
    runs = _Runs.of(df, table.tf.astype(np.int64))
    docs = _cumsum_within(values[runs.doc_slots], df)
    freqs = values[runs.freq_slots]
    positions = _cumsum_within(values[runs.pos_slots], freqs)
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
        i = table.terms.find(tbytes)
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

    def posting_arrays(self, fieldname: str, tbytes: bytes) -> PostingArrays | None:
        """The term's postings as arrays (None when this segment lacks it)."""
        found = self._find(fieldname, tbytes)
        return found[0].postings(found[1]) if found else None

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


# Each document's stored fields (its text above all) are compressed once as
# they are written.  zlib level 1 instead of W3's 3: a third less time on
# every article for ~5% of the text's size more; W3's reader decompresses
# any level.
_STORED_COLUMN = columns.PickleColumn(columns.CompressedBytesColumn(level=1))


class SetuPerDocWriter(W3PerDocWriter):
    """W3's per-document writer, its stored-fields column at a faster zlib level."""

    def _create_column(self, fieldname: str, column: Any) -> None:
        super()._create_column(fieldname, _STORED_COLUMN if fieldname == "_stored" else column)


class SetuPerDocReader(W3PerDocReader):
    """W3's per-document reader, asking the file system once per column.

    W3 looks a field's length column up in ``_cached_reader``, which caches
    readers but not their absence: for a field with no length column (ids,
    facets; every field of a translation group) each length lookup is a
    ``stat``.  Writing a segment's small fields does one per posting, and
    reading lengths document by document one per document.  A segment's
    files never change once written, so the answer is kept.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._has_column: dict[str, bool] = {}

    def has_column(self, fieldname: str) -> bool:
        found = self._has_column.get(fieldname)
        if found is None:
            found = self._has_column[fieldname] = bool(super().has_column(fieldname))
        return found


class SetuCodec(W3Codec):
    """W3, with the positional fields in the compact format described above."""

    length_stats = True

    def per_document_writer(self, storage: Any, segment: Any) -> SetuPerDocWriter:
        return SetuPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> SetuPerDocReader:
        return SetuPerDocReader(storage, segment)

    def field_writer(self, storage: Any, segment: Any) -> SetuFieldWriter:
        return SetuFieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> SetuTermsReader:
        return SetuTermsReader(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(self, indexname)


def compact_terms(leaf: Any, fieldname: str) -> SetuTermsReader | None:
    """The leaf reader's terms reader, when it stores ``fieldname`` in the compact format."""
    terms = getattr(leaf, "_terms", None)
    if isinstance(terms, SetuTermsReader) and fieldname in terms.tables:
        return terms
    return None


# Whoosh pickles the codec into every index's table of contents by class path,
# and every index written so far names it ``index.codec.SetuCodec``: that
# path stays valid, so that indexes written before and after open alike.
SetuCodec.__module__ = "index.codec"
sys.modules.setdefault("index.codec", sys.modules[__name__])
