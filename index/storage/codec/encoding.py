"""The compact format of the positional fields: varints, the runs of ``.cpo``, the tables of ``.ctm``.

Stage: Whoosh documents -> segment files (build), segment files -> postings
(search).  What the writers (``writing``) and the readers (``reading``) of
Setu's codec agree on.  A segment stores its fields with positions
(``text`` and ``stem``) in two files:

``.cpo`` (postings)
    per term, one run of LEB128 varints: the term's document numbers
    (delta-coded), then its frequency in each of them, then the positions
    (delta-coded within each document).  A term is decoded with a handful
    of numpy operations, whatever its length.
``.ctm`` (terms)
    per field, the sorted terms (one UTF-8 blob and its offsets) and numpy
    columns: document frequency, total frequency, largest frequency,
    shortest and longest document (Whoosh's length bytes) and where each
    term's postings start; then a JSON header saying where each array is,
    and a trailer.  The arrays are 8-byte aligned, so a reader maps them
    without a copy.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.util.numeric import byte_to_length

__all__ = [
    "POSTINGS_EXT",
    "TERMS_EXT",
    "FieldPostings",
    "FieldTable",
    "Runs",
    "cumsum_within",
    "decode_varints",
    "encode_field",
    "encode_varints",
    "exclusive_cumsum",
    "is_compact",
    "pack_tables",
    "unpack_arrays",
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
    if not v.size:
        return np.zeros(0, dtype=np.uint8)
    width = 1 + sum(int(v.max()) >= (1 << bits) for bits in (7, 14, 21, 28))
    if width == 1:  # every value one byte: the common case for a batch of positions
        return v.astype(np.uint8)
    nbytes = np.ones(v.size, dtype=np.int8)
    for bits in (7, 14, 21, 28)[: width - 1]:
        nbytes += v >= (1 << bits)
    # Every value's ``width`` groups of 7 bits, row by row, then the groups a
    # value has, read in row order: no scatter by index (most values are one
    # byte, and indexed writes were most of a segment's encoding).
    groups = np.empty((v.size, width), dtype=np.uint8)
    for k in range(width):
        group = (v >> (7 * k)) & 0x7F
        group |= (nbytes > k + 1).astype(np.int64) << 7
        groups[:, k] = group
    return groups[np.arange(width, dtype=np.int8) < nbytes[:, None]]


def decode_varints(buf: np.ndarray, ends: np.ndarray | None = None, which: np.ndarray | None = None) -> np.ndarray:
    """The integers of a run of LEB128 bytes (inverse of :func:`encode_varints`).

    ``ends``: where each value ends (``np.flatnonzero(buf < 0x80)``), if the
    caller has it already; ``which``: the indexes of the values wanted
    (ascending), when not all are: the others' bytes are not read.
    """
    if buf.size and buf[-1] >= 0x80:  # a value's last byte is below 0x80: the run was cut short
        raise ValueError("a varint run ends in the middle of a value: the postings are truncated or corrupt")
    if ends is None:
        ends = np.flatnonzero(buf < 0x80)  # a value's last byte holds its highest 7 bits
    if ends.size == buf.size:  # every value fits in one byte: the common case
        return (buf if which is None else buf[which]).astype(np.int64)
    # Each value's length in bytes: its end less the previous value's (np.diff
    # with prepend costs more than the rest on the short runs of a rare term).
    if which is None:
        last = ends
        length = ends.copy()
        length[1:] -= ends[:-1]
        length[0] += 1
    else:
        last = ends[which]
        length = last - ends[np.maximum(which - 1, 0)]
        if which.size and which[0] == 0:  # ascending: only the first can be value 0
            length[0] = last[0] + 1
    values = buf[last].astype(np.int64)
    # The values of more than k bytes take their k-th byte from the end
    # below what they have so far.  Only those values are touched: one pass
    # over the values, then one over the longer ones per extra byte, where
    # shifting every byte and summing per value took several passes over
    # all the bytes (positions' gaps mostly take one or two).
    longer = np.flatnonzero(length > 1)
    k = 1
    while longer.size:
        values[longer] = (values[longer] << 7) | (buf[last[longer] - k] & 0x7F)
        k += 1
        longer = longer[length[longer] > k]
    return values


# -- one field's postings ------------------------------------------------------


def exclusive_cumsum(a: np.ndarray) -> np.ndarray:
    """``[0, a[0], a[0] + a[1], ...]``: where each group of ``a`` starts, and the total last."""
    out = np.zeros(a.size + 1, dtype=np.int64)
    np.cumsum(a, out=out[1:])
    return out


def _deltas_within(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Differences of consecutive ``values``, restarting (value itself) at each group of ``counts``."""
    deltas = values.copy()
    deltas[1:] -= values[:-1]
    first = exclusive_cumsum(counts)[:-1]
    deltas[first] = values[first]
    return deltas


def cumsum_within(deltas: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_deltas_within`: running sums restarting at each group (every count > 0)."""
    running = np.cumsum(deltas)
    first = exclusive_cumsum(counts)[:-1]
    return running - np.repeat(running[first] - deltas[first], counts)


@dataclass(frozen=True)
class Runs:
    """Where each value sits in the terms' runs of ``.cpo``: [doc deltas, freqs, position deltas] per term."""

    starts: np.ndarray  # n+1: value index where each term's run starts
    doc_slots: np.ndarray  # per posting (the frequency sits ``df`` values later)
    freq_slots: np.ndarray
    pos_slots: np.ndarray  # per position
    term_of_position: np.ndarray

    @classmethod
    def of(cls, df: np.ndarray, tf: np.ndarray) -> Runs:
        n = df.size
        starts = exclusive_cumsum(2 * df + tf)
        term_of_posting = np.repeat(np.arange(n), df)
        local = np.arange(int(df.sum())) - exclusive_cumsum(df)[:-1][term_of_posting]
        doc_slots = starts[:-1][term_of_posting] + local
        term_of_position = np.repeat(np.arange(n), tf)
        pos_local = np.arange(int(tf.sum())) - exclusive_cumsum(tf)[:-1][term_of_position]
        pos_slots = starts[:-1][term_of_position] + 2 * df[term_of_position] + pos_local
        return cls(starts, doc_slots, doc_slots + df[term_of_posting], pos_slots, term_of_position)


_LENGTH_BYTES = np.array([byte_to_length(i) for i in range(256)], dtype=np.int64)


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's length_to_byte over an array."""
    out = np.searchsorted(_LENGTH_BYTES, lengths, side="left")
    return np.minimum(out, 255).astype(np.uint8)


@dataclass
class FieldTable:
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
        t_start = exclusive_cumsum(self.df)
        p_start = exclusive_cumsum(self.freqs)
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


def encode_field(postings: FieldPostings, base: int) -> tuple[bytes, FieldTable]:
    """Encode one field's postings; ``base`` is where the bytes will start in the postings file."""
    terms = postings.terms
    lengths = postings.lengths
    n_terms = len(terms)
    df = postings.df.astype(np.int64, copy=False)
    docs = postings.docs.astype(np.int64, copy=False)
    freqs = postings.freqs.astype(np.int64, copy=False)
    positions = postings.positions.astype(np.int64, copy=False)
    t_start = exclusive_cumsum(df)[:-1]
    tf = np.add.reduceat(freqs, t_start) if n_terms else np.zeros(0, np.int64)
    runs = Runs.of(df, tf)
    stream = np.empty(int(runs.starts[-1]), dtype=np.int64)
    stream[runs.doc_slots] = _deltas_within(docs, df)  # documents within a term
    stream[runs.freq_slots] = freqs
    stream[runs.pos_slots] = _deltas_within(positions, freqs)  # positions within a posting
    encoded = encode_varints(stream)
    # Byte offset of each term's run: count the bytes of the values before it.
    value_ends = np.flatnonzero(encoded < 0x80) + 1
    byte_start = np.concatenate(([0], value_ends))[runs.starts]
    table = FieldTable(
        blob=np.frombuffer(b"".join(terms), dtype=np.uint8),
        term_offsets=exclusive_cumsum(np.fromiter(map(len, terms), dtype=np.int64, count=n_terms)).astype(np.uint32),
        df=df.astype(np.uint32),
        tf=tf.astype(np.uint32),
        maxf=(np.maximum.reduceat(freqs, t_start) if n_terms else freqs[:0]).astype(np.uint32),
        minlen=_length_bytes(np.minimum.reduceat(lengths, t_start) if n_terms else lengths[:0]),
        maxlen=_length_bytes(np.maximum.reduceat(lengths, t_start) if n_terms else lengths[:0]),
        post_offsets=(byte_start + base).astype(np.uint64),
    )
    return encoded.tobytes(), table


def pack_tables(tables: dict[str, FieldTable]) -> bytes:
    """The ``.ctm`` file: every table's arrays (8-byte aligned), a JSON header, a trailer."""
    parts: list[bytes] = []
    header: dict[str, dict[str, list[Any]]] = {}
    at = 0
    for fieldname, table in sorted(tables.items()):
        entry = header[fieldname] = {}
        for name in FieldTable.ARRAYS:
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


def unpack_arrays(terms: Any) -> dict[str, dict[str, np.ndarray]]:
    """Every table's arrays in a mapped ``.ctm``, as views into it: field name -> array name -> array."""
    if len(terms) < _TRAILER.size:
        raise ValueError("the file is too short for a Setu terms file")
    at, magic = _TRAILER.unpack(terms[len(terms) - _TRAILER.size :])
    if magic != _MAGIC:
        raise ValueError("not a Setu terms file")
    header: Mapping[str, Mapping[str, list[Any]]] = json.loads(bytes(terms[at : len(terms) - _TRAILER.size]))
    return {
        fieldname: {
            name: np.frombuffer(terms, dtype=np.dtype(dt), count=n, offset=offset)
            for name, (offset, dt, n) in entry.items()
        }
        for fieldname, entry in header.items()
    }
