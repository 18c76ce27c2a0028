"""Where a query's words occur: documents and token positions, from block-read postings.

Stage: search.  Every text leaf of a query comes down to alternatives, each
one a run of consecutive terms in one field: a word is its stem, a phrase
its exact terms, a prefix each word it expands to, a place each spelling.
An :class:`Occurrences` reads each posting list once per request (ids,
weights and raw position values, a block at a time: search.postings) and
answers "which documents" (matching, ranking) and "at which positions"
(passages, highlighting) from that one read.  Whoosh's own matchers answer
the same questions a posting at a time, which cost most of a query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence

import numpy as np
from whoosh.reading import IndexReader

from .postings import Postings, term_postings
from .query import Alternative

__all__ = ["Occurrences", "ResultCache"]

# What one cached value may hold (int32 entries): the cache stays under
# ~100 MB however many queries come.
_CACHE_ENTRIES = 128
_CACHE_MAX_ITEMS = 200_000


class ResultCache:
    """The costly part of repeated queries, for one index generation (thread-safe LRU).

    Phrases (and place names spelled in several words) need every candidate
    document's positions to know whether it matches; passage search needs
    positions to know which sentences do.  Both depend only on the words and
    the index, and an index generation never changes, so the answers are
    kept: a search engine's query cache (Lucene's LRUQueryCache caches
    document sets the same way).  Values are int32 arrays.
    """

    def __init__(self, entries: int = _CACHE_ENTRIES, max_items: int = _CACHE_MAX_ITEMS) -> None:
        self._data: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._entries, self._max_items = entries, max_items

    def get(self, key: Hashable) -> np.ndarray | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: np.ndarray) -> None:
        if value.size > self._max_items:
            return  # too big to keep; computing it again is the fallback
        with self._lock:
            self._data[key] = value.astype(np.int32)
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)


class Occurrences:
    """Posting lists read for one request; not shared between threads."""

    def __init__(self, reader: IndexReader, cache: ResultCache | None = None) -> None:
        self.reader = reader
        self.cache = cache
        self._postings: dict[tuple[str, str], Postings] = {}
        self._docs: dict[tuple[Alternative, ...], np.ndarray] = {}
        self._phrase_memo: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}

    def postings(self, field: str, text: str) -> Postings:
        key = (field, text)
        p = self._postings.get(key)
        if p is None:
            p = self._postings[key] = term_postings(self.reader, field, text, values=True)
        return p

    # -- documents ------------------------------------------------------------

    def docs(self, alternatives: Sequence[Alternative]) -> np.ndarray:
        """Docnums (ascending, unique; deleted ones possible) where any alternative occurs."""
        # Memoised per request: passage search asks for a leaf's documents
        # at the article level first and again at the sentence level.
        key = tuple(alternatives)
        memo = self._docs.get(key)
        if memo is None:
            memo = self._docs[key] = self._union(alternatives)
        return memo

    def _union(self, alternatives: Sequence[Alternative]) -> np.ndarray:
        found = [self._alternative_docs_cached(field, terms) for field, terms in alternatives]
        found = [f for f in found if f.size]
        if not found:
            return np.zeros(0, dtype=np.int64)
        return found[0] if len(found) == 1 else np.unique(np.concatenate(found))

    def _alternative_docs(self, field: str, terms: tuple[str, ...]) -> np.ndarray:
        if len(terms) == 1:
            return self.postings(field, terms[0]).ids
        return np.unique(self._phrase_keys(field, terms) >> 32)

    def _phrase_keys(self, field: str, terms: tuple[str, ...]) -> np.ndarray:
        """Where a phrase starts, as sorted ``docnum << 32 | position`` keys.

        Every term's occurrences become such keys, shifted back by the
        term's offset in the phrase; a phrase starts where all of them
        agree.  Keys ascend (documents, then positions), so each step is one
        vectorised binary search of the survivors in the next term's keys:
        no Python loop over documents, however common the words.
        """
        found = self._phrase_memo.get((field, terms))
        if found is not None:
            return found
        keys: np.ndarray | None = None
        for offset, t in enumerate(terms):
            term_keys = self._keys(field, t) - offset
            if keys is None:
                keys = term_keys
            elif term_keys.size:
                at = np.minimum(np.searchsorted(term_keys, keys), term_keys.size - 1)
                keys = keys[term_keys[at] == keys]
            else:
                keys = term_keys
            if not keys.size:
                break
        assert keys is not None
        self._phrase_memo[(field, terms)] = keys
        return keys

    def _keys(self, field: str, text: str) -> np.ndarray:
        p = self.postings(field, text)
        if p.positions is None or p.starts is None or not p.ids.size:
            return np.zeros(0, dtype=np.int64)
        return (np.repeat(p.ids, np.diff(p.starts)) << 32) | p.positions

    def _alternative_docs_cached(self, field: str, terms: tuple[str, ...]) -> np.ndarray:
        if len(terms) == 1 or self.cache is None:
            return self._alternative_docs(field, terms)
        key = ("docs", field, terms)
        found = self.cache.get(key)
        if found is None:
            found = self._alternative_docs(field, terms)
            self.cache.put(key, found)
        return found.astype(np.int64)

    # -- positions ------------------------------------------------------------

    def positions(
        self, alternatives: Sequence[Alternative], docs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where the alternatives start in each of ``docs``.

        Returns (docnums, counts, positions): ``counts[i]`` positions (sorted,
        a phrase counted at its first word) belong to ``docnums[i]``; documents
        without any occurrence are left out.
        """
        found = [self._keys_in(field, terms, docs) for field, terms in alternatives]
        keys = found[0] if len(found) == 1 else np.unique(np.concatenate(found))
        docnums, counts = np.unique(keys >> 32, return_counts=True)
        return docnums, counts.astype(np.int64), keys & 0xFFFFFFFF

    def _keys_in(self, field: str, terms: tuple[str, ...], docs: np.ndarray) -> np.ndarray:
        """The alternative's start keys (``docnum << 32 | position``, sorted) in ``docs`` only."""
        keys = self._keys(field, terms[0]) if len(terms) == 1 else self._phrase_keys(field, terms)
        if not keys.size or not docs.size:
            return keys[:0]
        owner = keys >> 32
        at = np.minimum(np.searchsorted(docs, owner), docs.size - 1)
        return keys[docs[at] == owner]
