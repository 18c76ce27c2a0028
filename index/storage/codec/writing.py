"""Writing Setu's codec: a segment's positional fields into ``.cpo`` and ``.ctm``.

Stage: Whoosh documents -> segment files.  Both the full build
(:class:`CompactInverter`: numpy arrays of term ids, written in one
vectorised pass) and Whoosh's own writer (updates and merges, through
:class:`SetuFieldWriter`) end in :func:`~.encoding.encode_field`, so the two
write identical bytes for identical postings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import formats
from whoosh.codec.base import FieldWriter
from whoosh.codec.whoosh3 import W3FieldWriter

from .encoding import (
    POSTINGS_EXT,
    TERMS_EXT,
    FieldPostings,
    FieldTable,
    encode_field,
    exclusive_cumsum,
    is_compact,
    pack_tables,
)

if TYPE_CHECKING:
    from .setu_codec import SetuCodec

__all__ = ["CompactInverter", "SetuFieldWriter"]

_BATCH_POSITIONS = 1 << 18


def _concat_tables(tables: list[FieldTable]) -> FieldTable:
    if len(tables) == 1:
        return tables[0]
    blob_ends = np.cumsum([0] + [t.blob.size for t in tables[:-1]])
    return FieldTable(
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
        self._tables: dict[str, FieldTable] = {}

    def write_field(self, fieldname: str, postings: FieldPostings) -> None:
        if fieldname in self._tables:
            raise ValueError(f"field {fieldname!r} written twice to one segment")
        # In batches of terms: encoding needs ~100 bytes of temporaries per
        # position, so a segment's memory peak is the sort, not this.
        tables: list[FieldTable] = []
        for batch in postings.batches(_BATCH_POSITIONS):
            data, table = encode_field(batch, self._written)
            self._postfile.write(data)
            self._written += len(data)
            tables.append(table)
        self._tables[fieldname] = _concat_tables(tables)

    def close(self) -> None:
        self._postfile.close()
        f = self._segment.create_file(self._storage, TERMS_EXT)
        f.write(pack_tables(self._tables))
        f.close()


class CompactInverter:
    """The fast path: token lists (and merged segments' postings) in, one segment's postings out.

    A document's tokens become an int32 array of term ids (one dict lookup
    per token); at the end of the segment one stable sort by term orders
    every posting and :func:`encode_field` writes them.  Nothing per
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
            positions -= np.repeat(exclusive_cumsum(doc_lengths)[:-1].astype(np.int32), doc_lengths)
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
        empty = vocab.get("")
        if empty is not None:
            # "" is no term (a token without a phonetic key): its position stays empty.
            keep = ids != empty
            ids, docs, lengths, positions = ids[keep], docs[keep], lengths[keep], positions[keep]
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
