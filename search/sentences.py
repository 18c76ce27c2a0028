"""The passage level: sentences located by token positions, not documents.

Stage: search.  Sentences are not indexed as Whoosh documents (see
index.storage.schema).  Every article's ``sents`` column says which token positions
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

from index.interface import column_values

__all__ = ["SentenceMap"]


class SentenceMap:
    """Sentence ids, their articles and their token ranges, for one reader."""

    def __init__(self, reader: IndexReader, articles: np.ndarray, doc_count: int) -> None:
        raws = [raw or b"\0\0\0\0" for raw in column_values(reader, "sents", articles)]
        # Each value is uint32: token count, then (first, end) per sentence.
        # Parse all of them at once: this runs when a server opens an index.
        words = np.fromiter((len(r) // 4 for r in raws), dtype=np.int64, count=len(raws))
        flat = np.frombuffer(b"".join(raws), dtype="<u4").astype(np.int64)
        heads = np.cumsum(words) - words  # where each article's token count sits
        tokens = flat[heads] if raws else np.zeros(0, dtype=np.int64)
        counts = (words - 1) // 2
        body = np.ones(flat.size, dtype=bool)
        body[heads] = False
        pairs = flat[body].reshape(-1, 2)
        self.size = int(counts.sum())
        # Per docnum: first sentence id (-1: not an article) and the offset of
        # its token 0 on the global token axis.
        self.base = np.full(doc_count, -1, dtype=np.int64)
        self.token_base = np.zeros(doc_count, dtype=np.int64)
        starts = np.cumsum(counts) - counts
        token_starts = np.cumsum(tokens) - tokens
        self.base[articles] = starts
        # Per docnum: how many sentences (0: not an article).
        self.count = np.zeros(doc_count, dtype=np.int64)
        self.count[articles] = counts
        self.token_base[articles] = token_starts
        self.article = np.repeat(articles, counts)
        offsets = np.repeat(token_starts, counts)
        self.first = pairs[:, 0] + offsets
        self.end = pairs[:, 1] + offsets
        self.length = np.maximum(self.end - self.first, 1)
        self.mean_length = float(self.length.mean()) if self.size else 1.0

    def number(self, sid: int) -> tuple[int, int]:
        """(article docnum, sentence number within the article) of a sentence id."""
        docnum = int(self.article[sid])
        return docnum, sid - int(self.base[docnum])

    def of_articles(self, article_mask: np.ndarray) -> np.ndarray:
        """The ids of every sentence of the articles ``article_mask`` marks, ascending (no pass over every sentence)."""
        docs = np.flatnonzero(article_mask & (self.count > 0))
        counts = self.count[docs]
        # Each article's run of ids: its first id, then one more per sentence.
        shift = np.repeat(self.base[docs] - (np.cumsum(counts) - counts), counts)
        return np.arange(int(counts.sum()), dtype=np.int64) + shift

    def of_positions(self, docnums: np.ndarray, counts: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Sentence ids of token ``positions``; ``counts[i]`` of them belong to ``docnums[i]``."""
        if not positions.size:
            return np.zeros(0, dtype=np.int64)
        axis = np.repeat(self.token_base[docnums], counts) + positions
        sid = np.searchsorted(self.first, axis, side="right") - 1
        inside = (sid >= 0) & (axis < self.end[np.maximum(sid, 0)])
        return sid[inside]
