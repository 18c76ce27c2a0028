"""Where a query's words occur: documents and token positions, from block-read postings.

Stage: search.  Every text leaf of a query comes down to alternatives, each
one a run of consecutive terms in one field: a word is its stem, a phrase
its exact terms, a prefix each word it expands to, a place each spelling.
An :class:`Occurrences` reads each posting list once per request (ids,
weights and positions, as arrays: search.postings) and answers "which
documents" (matching, ranking) and "at which positions" (passages,
highlighting) from that one read.  Whoosh's own matchers answer the same
questions a posting at a time, which cost most of a query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence

import numpy as np
from whoosh.reading import IndexReader

from index.interface import distinct

from .alternatives import EXACT_FIELD, KEY_EXCEPT_FIELD, KEY_FIELD, Alternative, split_field
from .postings import Postings, term_counts, term_postings

__all__ = ["Occurrences", "ResultCache"]

# What one cached value may hold (int32 entries): the cache stays under
# ~100 MB however many queries come.
_CACHE_ENTRIES = 128
_CACHE_MAX_ITEMS = 200_000


class ResultCache:
    """The costly part of repeated passage searches, for one index generation (thread-safe LRU).

    Passage search maps every occurrence of a query's words to its sentence
    (search.matching).  That depends only on the words and the index, and an
    index generation never changes, so the sentence ids are kept: a search
    engine's query cache (Lucene's LRUQueryCache keeps document sets the
    same way).  Values are int32 arrays.
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

    def __init__(self, reader: IndexReader, key_counts: ResultCache | None = None) -> None:
        self.reader = reader
        # The generation's lone-word key frequencies less the common words'
        # (KEY_EXCEPT_FIELD): a short key's dozens of posting lists, read once.
        self.key_counts = key_counts
        self._postings: dict[tuple[str, str], Postings] = {}
        self._docs: dict[tuple[Alternative, ...], np.ndarray] = {}
        self._starts: dict[Alternative, np.ndarray] = {}
        self._counts: dict[tuple[str, str], Postings] = {}

    def postings(self, field: str, text: str) -> Postings:
        key = (field, text)
        p = self._postings.get(key)
        if p is None:
            p = self._postings[key] = term_postings(self.reader, field, text)
        return p

    def counts(self, field: str, text: str) -> Postings:
        """Docnums and frequencies (positions not decoded, unless they already were)."""
        key = (field, text)
        p = self._postings.get(key) or self._counts.get(key)
        if p is None:
            p = self._counts[key] = (
                self._except_counts(text.split("\t"))
                if field == KEY_EXCEPT_FIELD
                else term_counts(self.reader, field, text)
            )
        return p

    def _except_counts(self, terms: Sequence[str]) -> Postings:
        """A key's frequencies less those of the common words that share it (KEY_EXCEPT_FIELD).

        Every token has one exact term and at most one key, so a document
        holds the key other than as those words exactly as often as the
        difference says: no positions needed.
        """
        cache_key = (KEY_EXCEPT_FIELD, *terms)
        if self.key_counts is not None and (cached := self.key_counts.get(cache_key)) is not None:
            return Postings(cached[0].astype(np.int64), cached[1].astype(np.float64))
        key = self.counts(KEY_FIELD, terms[0])
        tf = key.weights.astype(np.float64)
        for word in terms[1:]:
            p = self.counts(EXACT_FIELD, word)
            at = np.searchsorted(key.ids, p.ids)
            inside = at < key.ids.size
            inside[inside] = key.ids[at[inside]] == p.ids[inside]
            np.subtract.at(tf, at[inside], p.weights[inside])
        keep = tf > 0
        found = Postings(key.ids[keep], tf[keep])
        if self.key_counts is not None:
            self.key_counts.put(cache_key, np.stack([found.ids, found.weights]))
        return found

    # -- documents ------------------------------------------------------------

    def docs(self, alternatives: Sequence[Alternative], skip: np.ndarray | None = None) -> np.ndarray:
        """Docnums (ascending, unique; deleted ones possible) where any alternative occurs.

        ``skip`` (a mask over docnums): documents the caller has already
        matched otherwise (a place's facet), where no phrase's positions
        need decoding; they may or may not be in the answer.
        """
        if skip is not None:
            return self._union(alternatives, skip)
        # Memoised per request: passage search asks for a leaf's documents
        # at the article level first and again at the sentence level.
        key = tuple(alternatives)
        memo = self._docs.get(key)
        if memo is None:
            memo = self._docs[key] = self._union(alternatives)
        return memo

    def _union(self, alternatives: Sequence[Alternative], skip: np.ndarray | None = None) -> np.ndarray:
        found = [self._alternative_docs(field, terms, skip) for field, terms in alternatives]
        found = [f for f in found if f.size]
        if not found:
            return np.zeros(0, dtype=np.int64)
        return found[0] if len(found) == 1 else np.unique(np.concatenate(found))

    def _alternative_docs(self, field: str, terms: tuple[str, ...], skip: np.ndarray | None = None) -> np.ndarray:
        if field == KEY_EXCEPT_FIELD:
            return self.counts(field, "\t".join(terms)).ids
        if len(terms) == 1 and "~" not in field:
            return self.counts(field, terms[0]).ids  # no positions needed
        if skip is not None and (field, terms) not in self._starts and not split_field(field)[1]:
            return distinct(self._phrase_keys(field, terms, skip=skip) >> 32)[0]
        return distinct(self._start_keys(field, terms) >> 32)[0]

    def _start_keys(self, field: str, terms: tuple[str, ...]) -> np.ndarray:
        """Where the alternative starts, as sorted ``docnum << 32 | position`` keys.

        A word's keys come from its postings.  For a phrase every word's
        keys are shifted back by the word's offset in the phrase, and the
        phrase starts where all of them agree: keys ascend (documents, then
        positions), so each word is one vectorised binary search of the
        survivors, with no Python loop over documents however common the
        words.
        """
        found = self._starts.get((field, terms))
        if found is not None:
            return found
        if field == KEY_EXCEPT_FIELD:
            keys = self._except_keys(terms)
            self._starts[(field, terms)] = keys
            return keys
        index_field, slop = split_field(field)
        if slop:
            keys = self._near_keys(index_field, terms, slop)
            self._starts[(field, terms)] = keys
            return keys
        keys = self._word_keys(field, terms[0]) if len(terms) == 1 else self._phrase_keys(field, terms)
        self._starts[(field, terms)] = keys
        return keys

    def _phrase_keys(
        self, field: str, terms: tuple[str, ...], within: np.ndarray | None = None, skip: np.ndarray | None = None
    ) -> np.ndarray:
        """Where a phrase starts, its rarest word first.

        Only in ``within`` (sorted docnums) if given, and not in the
        documents ``skip`` (a mask over docnums) marks.

        The documents that hold every word come first, from docnums alone
        (positions not decoded); then each word's positions are decoded in
        the documents still in the running only, rarest word first.  A
        phrase of common words (the keys ``ha ka man`` of "Ho Chi Minh":
        ``ha`` is হয়, "is") then decodes a fraction of their positions.
        """
        heads = [self.counts(field, t).ids for t in terms]
        order = sorted(range(len(terms)), key=lambda i: heads[i].size)
        docs = heads[order[0]]
        if within is not None:
            docs = docs[_in_sorted(docs, within)]
        if skip is not None:
            docs = docs[~skip[docs]]
        for i in order[1:]:
            docs = docs[_in_sorted(docs, heads[i])]
        keys = np.zeros(0, dtype=np.int64)
        for n, i in enumerate(order):
            if not docs.size:
                return np.zeros(0, dtype=np.int64)
            p = term_postings(self.reader, field, terms[i], docs)
            if p.positions is None or p.starts is None:
                return np.zeros(0, dtype=np.int64)
            word = (np.repeat(p.ids, np.diff(p.starts)) << 32) | p.positions
            if n == 0:
                # Shifted back to where the phrase would start; none starts before the text.
                keys = word[p.positions >= i] - i
            else:
                keys = keys[_in_sorted(keys, word - i)]
            docs = distinct(keys >> 32)[0]
        return keys

    def _near_keys(self, field: str, terms: tuple[str, ...], slop: int) -> np.ndarray:
        """Where the terms stand within ``slop`` extra positions of one another, in any order.

        A window of ``len(terms) + slop`` positions must hold an occurrence
        of every term (Lucene's sloppy phrase, but the order free: for two
        words "a b"~5 is a and b at most 6 positions apart).  Each window
        is found at its first position: every occurrence of any term is
        tried as a window's start, and holds one when the next occurrence
        of each term, in the same document, lies inside the window: one
        vectorised binary search per term.
        """
        words = [self._word_keys(field, t) for t in dict.fromkeys(terms)]
        if any(not w.size for w in words):
            return np.zeros(0, dtype=np.int64)
        starts = np.unique(np.concatenate(words))
        reach = len(terms) - 1 + slop
        ok = np.ones(starts.size, dtype=bool)
        for w in words:
            at = np.searchsorted(w, starts)
            nxt = w[np.minimum(at, w.size - 1)]
            ok &= (at < w.size) & (nxt >> 32 == starts >> 32) & (nxt - starts <= reach)
        return starts[ok]

    def _except_keys(self, terms: tuple[str, ...], within: np.ndarray | None = None) -> np.ndarray:
        """Where a key stands other than as one of the common words (KEY_EXCEPT_FIELD), in ``within`` only if given."""
        docs = self.counts(KEY_EXCEPT_FIELD, "\t".join(terms)).ids
        if within is not None:
            docs = docs[_in_sorted(docs, within)]
        if not docs.size:
            return np.zeros(0, dtype=np.int64)
        keys = self._keys_of(term_postings(self.reader, KEY_FIELD, terms[0], docs))
        for word in terms[1:]:
            keys = keys[~_in_sorted(keys, self._keys_of(term_postings(self.reader, EXACT_FIELD, word, docs)))]
        return keys

    @staticmethod
    def _keys_of(p: Postings) -> np.ndarray:
        if p.positions is None or p.starts is None or not p.ids.size:
            return np.zeros(0, dtype=np.int64)
        return (np.repeat(p.ids, np.diff(p.starts)) << 32) | p.positions

    def _word_keys(self, field: str, text: str) -> np.ndarray:
        return self._keys_of(self.postings(field, text))

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
        docnums, counts = distinct(keys >> 32)
        return docnums, counts, keys & 0xFFFFFFFF

    def _keys_in(self, field: str, terms: tuple[str, ...], docs: np.ndarray) -> np.ndarray:
        """The alternative's start keys in ``docs`` (sorted) only."""
        if (field, terms) not in self._starts:
            # A page's documents: decode positions there only (an article
            # search matched a lone word by its docnums alone, and a common
            # word's positions in every document cost more than the search).
            if field == KEY_EXCEPT_FIELD:
                return self._except_keys(terms, docs)
            if not split_field(field)[1]:
                if len(terms) > 1:
                    return self._phrase_keys(field, terms, docs)
                if (field, terms[0]) not in self._postings:
                    return self._keys_of(term_postings(self.reader, field, terms[0], docs))
        keys = self._start_keys(field, terms)
        return keys[_in_sorted(keys >> 32, docs)]


def _in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Mask of ``values`` found in ``sorted_values`` (ascending): a vectorised binary search."""
    if not values.size or not sorted_values.size:
        return np.zeros(values.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), sorted_values.size - 1)
    return sorted_values[at] == values
