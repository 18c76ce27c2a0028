"""The passage level: sentences located by token positions, not documents.

Stage: search.  Sentences are not indexed as Whoosh documents (see
index.schema).  Every article's ``sents`` column says which token positions
each of its sentences covers; a :class:`SentenceMap`, built once per index
generation, numbers all sentences of all live articles consecutively
(article by article, in docnum order) and lays their token ranges out on
one global axis.  A query leaf's matching positions in an article then
become sentence ids with one vectorised binary search.

A sentence id is an index into these arrays; ``base[docnum] + n`` is the
n-th sentence of an article, and ``article[sid]`` its article's docnum.
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import IndexReader

from index.documents import sentence_tokens

__all__ = ["SentenceMap"]


class SentenceMap:
    """Sentence ids, their articles and their token ranges, for one reader."""

    def __init__(self, reader: IndexReader, articles: np.ndarray, doc_count: int) -> None:
        column = reader.column_reader("sents")
        counts = np.zeros(articles.size, dtype=np.int64)
        tokens = np.zeros(articles.size, dtype=np.int64)
        firsts: list[np.ndarray] = []
        ends: list[np.ndarray] = []
        for i, docnum in enumerate(articles.tolist()):
            raw = column[docnum]
            n_tokens, spans = sentence_tokens(raw) if raw else (0, [])
            tokens[i] = n_tokens
            counts[i] = len(spans)
            if spans:
                pairs = np.asarray(spans, dtype=np.int64)
                firsts.append(pairs[:, 0])
                ends.append(pairs[:, 1])
        self.size = int(counts.sum())
        # Per docnum: first sentence id (-1: not an article) and the offset of
        # its token 0 on the global token axis.
        self.base = np.full(doc_count, -1, dtype=np.int64)
        self.token_base = np.zeros(doc_count, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if articles.size else counts
        token_starts = np.concatenate(([0], np.cumsum(tokens)[:-1])) if articles.size else tokens
        self.base[articles] = starts
        self.token_base[articles] = token_starts
        self.article = np.repeat(articles, counts)
        offsets = np.repeat(token_starts, counts)
        self.first = (np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)) + offsets
        self.end = (np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)) + offsets
        self.length = np.maximum(self.end - self.first, 1)
        self.mean_length = float(self.length.mean()) if self.size else 1.0

    def number(self, sid: int) -> tuple[int, int]:
        """(article docnum, sentence number within the article) of a sentence id."""
        docnum = int(self.article[sid])
        return docnum, sid - int(self.base[docnum])

    def of_positions(self, docnums: np.ndarray, counts: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Sentence ids of token ``positions``; ``counts[i]`` of them belong to ``docnums[i]``."""
        if not positions.size:
            return np.zeros(0, dtype=np.int64)
        axis = np.repeat(self.token_base[docnums], counts) + positions
        sid = np.searchsorted(self.first, axis, side="right") - 1
        inside = (sid >= 0) & (axis < self.end[np.maximum(sid, 0)])
        return sid[inside]
