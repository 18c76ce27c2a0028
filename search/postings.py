"""Posting lists read whole into numpy arrays.

Stage: search.  Whoosh's matchers step through postings one Python call at a
time (~1 µs each, several per posting once scoring), which is what made a
common word cost hundreds of milliseconds on 100k articles.  Setu's own
codec (index.storage.codec) stores the positional fields as varint arrays that
decode in a few numpy operations; this module reads them that way.  The
other fields sit in Whoosh's W3 blocks of up to 128 postings, unpickled a
block at a time (index.compat.w3_blocks: W3 internals, pinned with
Whoosh-Reloaded 2.7.5).  tests/search/test_posting_arrays.py compares both with Whoosh's
own matchers.  Deleted documents are not filtered here: every caller masks by
live articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader

from index.interface import compact_terms, w3_blocks

__all__ = ["Postings", "term_counts", "term_postings"]


@dataclass(frozen=True)
class Postings:
    """One term's postings across segments: docnums (ascending), weights, and positions if asked for.

    ``positions[starts[i]:starts[i + 1]]`` are the positions in ``ids[i]``.
    """

    ids: np.ndarray
    weights: np.ndarray
    positions: np.ndarray | None = None
    starts: np.ndarray | None = None

    def positions_at(self, i: int) -> list[int]:
        if self.positions is None or self.starts is None:
            return []
        return self.positions[self.starts[i] : self.starts[i + 1]].tolist()


_EMPTY = Postings(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int64), np.zeros(1, np.int64))


def term_postings(reader: IndexReader, field: str, text: str, within: np.ndarray | None = None) -> Postings:
    """All postings of ``field:text`` (deleted documents included: mask them out).

    The positional fields (``text``, ``stem``, ``key``: Setu's codec) come
    with their positions, the others (facets, ids: W3) without.  ``within``
    (sorted docnums): the positional fields' postings in those documents
    only, the positions of no other decoded.
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        terms = compact_terms(leaf, field)
        if terms is not None:
            local = None
            if within is not None:
                local = within[(within >= offset) & (within < offset + leaf.doc_count_all())] - offset
                if not local.size:
                    continue
            compact = terms.posting_arrays(field, leaf.schema[field].to_bytes(text), local)
            if compact is not None:
                ids.append(compact.docs + offset)
                weights.append(compact.freqs.astype(np.float64))
                positions.append(compact.positions)
                counts.append(compact.freqs)
            continue
        if (field, text) not in leaf:
            continue
        for block_ids, block_weights in w3_blocks(_unfiltered(leaf.postings(field, text))):
            ids.append(block_ids + offset)
            weights.append(block_weights)
    if not ids:
        return _EMPTY
    if len(counts) != len(ids):  # not a positional field
        return Postings(np.concatenate(ids), np.concatenate(weights))
    starts = np.zeros(sum(c.size for c in counts) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts), out=starts[1:])
    return Postings(np.concatenate(ids), np.concatenate(weights), np.concatenate(positions), starts)


def term_counts(reader: IndexReader, field: str, text: str) -> Postings:
    """The docnums and frequencies of ``field:text``, positions not decoded (ranking needs no more)."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        terms = compact_terms(leaf, field)
        if terms is None:
            if (field, text) in leaf:  # W3 blocks, which carry no positions anyway
                for block_ids, block_weights in w3_blocks(_unfiltered(leaf.postings(field, text))):
                    ids.append(block_ids + offset)
                    weights.append(block_weights)
            continue
        found = terms.posting_counts(field, leaf.schema[field].to_bytes(text))
        if found is not None:
            ids.append(found[0] + offset)
            weights.append(found[1].astype(np.float64))
    if not ids:
        return _EMPTY
    return Postings(np.concatenate(ids), np.concatenate(weights))


def _unfiltered(m: Any) -> Any:
    # The filter hides deleted documents; callers mask by live articles
    # anyway, and the unwrapped matcher reads whole blocks.
    return m.child if isinstance(m, FilterMatcher) else m
