"""Every article's fingerprint at once, as compact arrays: what linking and the repeat test read.

Stage: fingerprints (stored per article, :mod:`index.translation.fingerprint`)
-> a :class:`FingerprintTable` of the whole corpus, for
:mod:`index.translation.linking` (and its :mod:`~index.translation.link_scores`,
:mod:`~index.translation.link_blocks` and :mod:`~index.translation.duplicates`)
and :mod:`index.translation.repeats`.

Linking holds every live article's fingerprint.  As :class:`Fingerprint`
objects (a tuple of strings per kind of feature, an int object per hash)
100,000 of them took ~790 MB of the build's memory.  The table keeps each
article's scalars and sentence hashes in a small :class:`Shape`, its content
features as integer ids in one CSR array -- the layout of the feature matrix
itself, so linking uses it without a copy -- and its word hashes in another.
The features are made into ids as each fingerprint is added, and its strings
are dropped at once.

A feature's id is its rank of first appearance, articles taken in the
table's order (by id, as linking takes them) and each article's features in
the order of :data:`FEATURE_KINDS`: the ids, the per-article order and
therefore every tie-break of linking are what they were when linking made
the ids from strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from index.analysis.arrays import range_positions

from .fingerprint import FINGERPRINT_VERSION, Fingerprint

__all__ = ["FEATURE_KINDS", "FingerprintTable", "Shape", "TableBuilder", "TablePart"]

Array = npt.NDArray[Any]

# The content features of a fingerprint, in the order each article lists
# them (positions are compared within a kind, across languages).  Name keys
# and numbers share one space (letters only, digits only: never equal);
# every other kind has its own, as the prefixes of their strings kept them
# apart ("@" Latin, "p:" province, "r:" resolution, "x:" lexical key).
FEATURE_KINDS = ("names", "numbers", "number bigrams", "latin", "provinces", "resolutions", "lexical")
_KINDS = len(FEATURE_KINDS)
# The vocabulary of number bigrams among a builder's (see TableBuilder._add): its keys are pairs of ids.
_BIGRAMS = 1
# Articles whose features are deduplicated, or reordered, at a time: their
# temporaries stay a few megabytes (an article has up to ~600 feature occurrences).
_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Shape:
    """What linking reads of one article besides its features: a :class:`Fingerprint`'s scalars and sentence hashes."""

    id: str
    lang: str
    url: str | None
    paragraphs: int
    sentences: int
    chars: int  # code points of sentence text
    shingles: tuple[int, ...]  # smallest sentence hashes: the near-duplicate test


# Either serves the functions that read an article's scalars (a Fingerprint has them all).
ArticleFacts = Shape | Fingerprint


class FingerprintTable:
    """The fingerprints of a set of articles, in a fixed order (see the module docstring).

    ``rows[i]`` is article i's :class:`Shape`; ``features`` its content
    features (CSR: ``ids[ptr[i]:ptr[i+1]]`` distinct and ascending, with the
    relative first position of each within its kind); ``words`` its word
    hashes (CSR, as stored: the repeat test's MinHash).
    """

    def __init__(
        self, rows: list[Shape], features: tuple[Array, Array, Array, int], words: tuple[Array, Array]
    ) -> None:
        self.rows = rows
        self.features = features
        self.words = words
        self._index: dict[str, int] | None = None

    @classmethod
    def of(cls, fingerprints: Iterable[Fingerprint]) -> FingerprintTable:
        """A table of ``fingerprints`` in their order."""
        builder = TableBuilder()
        for fp in fingerprints:
            builder.add(fp)
        return builder.finish(by_id=False)

    def __len__(self) -> int:
        return len(self.rows)

    def by_id(self, doc_id: str) -> Shape:
        """The Shape of the article with id ``doc_id`` (KeyError if it has none)."""
        if self._index is None:
            self._index = {row.id: i for i, row in enumerate(self.rows)}
        return self.rows[self._index[doc_id]]

    def word_hashes(self, i: int) -> Array:
        """Article i's word hashes, as stored."""
        ptr, values = self.words
        return values[ptr[i] : ptr[i + 1]]


@dataclass
class TablePart:
    """A :class:`TableBuilder`'s articles, sent from the process that added them to one that merges them.

    ``vocab`` holds each kind's features in the part's own id space (a
    number bigram as its two numbers' ids in that space); ``ids`` and the
    other chunks are as the builder flushed them.
    """

    rows: list[Shape]
    vocab: list[tuple[list[Hashable], list[int]]]  # per vocabulary: its keys and their ids
    n_ids: int
    ids: list[Array]
    where: list[Array]
    counts: list[Array]
    words: list[Array]
    word_counts: list[int]


class TableBuilder:
    """Fingerprints added one at a time (from objects or as stored), then :meth:`finish`\\ ed into a table."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._rows: list[Shape] = []
        # One id space for every kind; a dict per kind (see FEATURE_KINDS).
        self._vocab: list[dict[Hashable, int]] = [{} for _ in range(_KINDS - 1)]
        self._next = 0
        self._pending: list[int] = []  # feature ids of the articles not yet deduplicated
        self._runs: list[int] = []  # their length per (article, kind)
        self._ids: list[Array] = []  # per chunk: each article's distinct ids, in order of first occurrence
        self._where: list[Array] = []  # their relative first positions within their kind
        self._counts: list[Array] = []  # distinct features per article
        self._words: list[int] = []  # the word hashes of the articles not yet flushed
        self._word_parts: list[Array] = []
        self._word_counts: list[int] = []

    def add(self, fp: Fingerprint) -> None:
        self._add(
            Shape(fp.id, fp.lang, fp.url, fp.paragraphs, fp.sentences, fp.chars, tuple(fp.shingles)),
            (fp.names, fp.numbers, fp.latin, fp.provinces, fp.resolutions, fp.lexical),
            fp.words,
        )

    def add_stored(self, data: Mapping[str, Any]) -> None:
        """Add a fingerprint as stored (``Fingerprint.to_dict``); ValueError if its recipe is stale."""
        if data.get("version") != FINGERPRINT_VERSION:
            raise ValueError(f"fingerprint version {data.get('version')!r}, expected {FINGERPRINT_VERSION}")
        row = Shape(
            id=str(data["id"]),
            lang=str(data["lang"]),
            url=data["url"],
            paragraphs=int(data["paragraphs"]),
            sentences=int(data["sentences"]),
            chars=int(data["chars"]),
            shingles=tuple(map(int, data["shingles"])),
        )
        # The lists are JSON's strings and ints already (Fingerprint.to_dict wrote them).
        kinds = (data["names"], data["numbers"], data["latin"], data["provinces"], data["resolutions"], data["lexical"])
        self._add(row, kinds, data["words"])

    def _add(self, row: Shape, kinds: Sequence[Sequence[str]], words: Sequence[int]) -> None:
        names, numbers, latin, provinces, resolutions, lexical = kinds
        plain, bigram, latin_ids, province_ids, resolution_ids, lexical_ids = self._vocab
        numbers_at = self._lookup(plain, numbers)
        # Consecutive numbers (the sequence): a pair of different numbers.
        pairs = [(x, y) for x, y in zip(numbers_at, numbers_at[1:], strict=False) if x != y]
        runs = (
            self._lookup(plain, names),
            numbers_at,
            self._lookup(bigram, pairs),
            self._lookup(latin_ids, latin),
            self._lookup(province_ids, provinces),
            self._lookup(resolution_ids, resolutions),
            self._lookup(lexical_ids, lexical),
        )
        for run in runs:
            self._pending += run
            self._runs.append(len(run))
        self._rows.append(row)
        self._words += words
        self._word_counts.append(len(words))
        if len(self._runs) >= _CHUNK * _KINDS:
            self._flush()

    def _lookup(self, vocab: dict[Hashable, int], keys: Sequence[Hashable]) -> list[int]:
        """The ids of ``keys``, new ones numbered in order of first appearance."""
        ids = list(map(vocab.get, keys))
        if None not in ids:  # most articles' features were all seen before
            return ids  # type: ignore[return-value]
        new = [k for k in dict.fromkeys(keys) if k not in vocab]
        vocab.update(zip(new, range(self._next, self._next + len(new)), strict=True))
        self._next += len(new)
        return list(map(vocab.__getitem__, keys))

    def _flush(self) -> None:
        """Deduplicate the pending articles' features (each kept at its first occurrence)."""
        if not self._runs:
            return
        # Python ints take 36 bytes a hash, uint32 4: 6 million hashes at 100k articles.
        self._word_parts.append(np.array(self._words, dtype=np.uint32))
        self._words = []
        articles = len(self._runs) // _KINDS
        ids = np.array(self._pending, dtype=np.int64)
        run_len = np.array(self._runs, dtype=np.int64)
        self._pending, self._runs = [], []
        offset = np.arange(len(ids)) - np.repeat(np.cumsum(run_len) - run_len, run_len)
        where = offset / np.repeat(np.maximum(run_len, 1), run_len)
        row_of = np.repeat(np.repeat(np.arange(articles, dtype=np.int64), _KINDS), run_len)
        keys, first = np.unique((row_of << 32) | ids, return_index=True)
        # Back to first-occurrence order within each article (rows stay ascending).
        order = np.argsort(first, kind="stable")
        self._ids.append((keys[order] & 0xFFFFFFFF).astype(np.int32))
        self._where.append(where[first[order]].astype(np.float32))
        self._counts.append(np.bincount(keys >> 32, minlength=articles))

    def part(self) -> TablePart:
        """Everything added so far, as a :class:`TablePart` (this builder is emptied)."""
        self._flush()
        vocab = [(list(v), list(v.values())) for v in self._vocab]
        part = TablePart(
            self._rows,
            vocab,
            self._next,
            self._ids,
            self._where,
            self._counts,
            self._word_parts,
            self._word_counts,
        )
        self._reset()
        return part

    def merge(self, part: TablePart) -> None:
        """Add the articles of ``part``, as if they had been added here one by one after those added so far.

        Only a feature's identity reaches the table: :meth:`finish` renumbers
        the ids by first appearance in the table's order, so the ids given
        here (the part's features met first here keep their order) change
        nothing in it.
        """
        self._flush()
        remap = np.zeros(part.n_ids, dtype=np.int64)
        for k, (keys, ids) in enumerate(part.vocab):
            if k == _BIGRAMS:  # pairs of the part's number ids (numbered first, as vocabulary 0), made this builder's
                plain = remap.tolist()
                keys = [(plain[pair[0]], plain[pair[1]]) for pair in keys]  # type: ignore[index]
            remap[ids] = self._lookup(self._vocab[k], keys)
        self._rows += part.rows
        self._ids += [remap[chunk].astype(np.int32) for chunk in part.ids]
        self._where += part.where
        self._counts += part.counts
        self._word_parts += part.words
        self._word_counts += part.word_counts

    def finish(self, by_id: bool = True) -> FingerprintTable:
        """The table, its articles sorted by id (ValueError if two share one) or in the order added."""
        self._flush()
        self._vocab = []  # every feature has its id: the strings are not needed again
        rows = self._rows
        n = len(rows)
        ranked = sorted(range(n), key=lambda i: rows[i].id) if by_id else list(range(n))
        if by_id and any(rows[a].id == rows[b].id for a, b in itertools.pairwise(ranked)):
            raise ValueError("duplicate document ids among fingerprints")
        order = np.array(ranked, dtype=np.int64)
        counts = np.concatenate(self._counts) if self._counts else np.zeros(0, dtype=np.int64)
        features = _reorder(self._take("_ids", np.int32), self._take("_where", np.float32), counts, order, self._next)
        word_counts = np.array(self._word_counts, dtype=np.int64)
        word_values = np.concatenate(self._word_parts) if self._word_parts else np.zeros(0, dtype=np.uint32)
        self._word_parts = []
        word_ptr, words = _gather(_ptr(word_counts), word_values, order)
        table = FingerprintTable([rows[i] for i in order.tolist()], features, (word_ptr, words))
        self._rows = []
        return table

    def _take(self, name: str, dtype: type) -> list[Array]:
        """The chunks of list attribute ``name``, which is emptied (the caller holds the only reference)."""
        parts: list[Array] = getattr(self, name)
        setattr(self, name, [])
        return parts or [np.zeros(0, dtype=dtype)]


def _ptr(counts: Array) -> Array:
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr


def _joined(parts: list[Array]) -> Array:
    """The chunks of ``parts`` as one array; ``parts`` is emptied, so the chunks go as soon as they are copied."""
    joined = np.concatenate(parts)
    parts.clear()
    return joined


def _gather(ptr: Array, values: Array, order: Array) -> tuple[Array, Array]:
    """CSR rows ``order`` of (ptr, values), as a new CSR (a chunk of rows at a time)."""
    counts = np.diff(ptr)[order]
    out_ptr = _ptr(counts)
    out = np.empty(int(out_ptr[-1]), dtype=values.dtype)
    for start in range(0, len(order), _CHUNK):
        rows = order[start : start + _CHUNK]
        lo, hi = int(out_ptr[start]), int(out_ptr[start + len(rows)])
        out[lo:hi] = values[range_positions(ptr[rows], counts[start : start + len(rows)])]
    return out_ptr, out


def _reorder(
    id_parts: list[Array], where_parts: list[Array], counts: Array, order: Array, n_ids: int
) -> tuple[Array, Array, Array, int]:
    """Articles ``order`` of the added features (chunks of ids and positions, emptied here), ids renumbered by
    first appearance, each article's sorted.

    One array at a time is joined and gathered, its chunks and the joined
    copy let go before the next: at 100k each array is ~80 MB, and all four
    copies at once were the peak of reading the fingerprints.
    """
    ptr = _ptr(counts)
    new_ptr, new_ids = _gather(ptr, _joined(id_parts), order)
    where = _gather(ptr, _joined(where_parts), order)[1]
    renumber = np.full(n_ids, -1, dtype=np.int64)
    seen = 0
    for start in range(0, len(order), _CHUNK):
        stop = min(start + _CHUNK, len(order))
        lo, hi = int(new_ptr[start]), int(new_ptr[stop])
        chunk = new_ids[lo:hi]
        distinct, first = np.unique(chunk, return_index=True)
        fresh = renumber[distinct] < 0
        fresh_ids = distinct[fresh][np.argsort(first[fresh], kind="stable")]
        renumber[fresh_ids] = np.arange(seen, seen + len(fresh_ids))
        seen += len(fresh_ids)
        row = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(new_ptr[start : stop + 1]))
        sort = np.argsort((row << 32) | renumber[chunk], kind="stable")
        new_ids[lo:hi] = renumber[chunk][sort]
        where[lo:hi] = where[lo:hi][sort]
    return new_ptr, new_ids, where, seen
