"""Duplicates among articles: one article twice in one language.

Stage: fingerprints -> URL links and duplicates, for
:mod:`index.translation.linking`.  Articles whose normalised source URLs
are equal are one group; two of one language with one URL are one article
twice.  Same-language near-duplicates are found by blocking on the two
smallest sentence hashes (a MinHash band) and only reported: two reports of
one event may each have their own translation.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from index.analysis.arrays import sorted_unique

from .fingerprint_table import ArticleFacts
from .repeats import estimated_jaccards, sketches_of

__all__ = ["content_duplicates", "url_groups"]

# Estimated Jaccard of sentence sets above which two articles of one
# language are the same article twice.
_DUPLICATE_JACCARD = 0.8
_DUPLICATE_WINDOW = 8


def url_groups(fps: Sequence[ArticleFacts]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """URL links (all pairs of a URL's articles, one per language) and URL duplicates."""
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if fp.url:
            by_url[fp.url].append(i)
    pairs: list[tuple[int, int]] = []
    dups: list[tuple[int, int, str]] = []
    for members in by_url.values():
        first: dict[str, int] = {}
        for i in members:  # ascending id: the first of a language is kept
            lang = fps[i].lang
            if lang in first:
                dups.append((first[lang], i, "same url"))
            else:
                first[lang] = i
        kept = sorted(first.values())
        pairs += [(x, y) for k, x in enumerate(kept) for y in kept[k + 1 :]]
    return pairs, dups


def content_duplicates(fps: Sequence[ArticleFacts], skip: set[int]) -> tuple[list[tuple[int, int, str]], int]:
    """Same-language pairs whose sentence sets are near-identical, and how many pairs were compared.

    Blocks: articles of one language whose smallest (or second smallest)
    sentence hash is equal -- a MinHash band, met by near-identical texts
    with high probability.  A block of articles that all reuse one popular
    sentence can be large; within a block only articles close in size are
    compared (a sorted neighbourhood of _DUPLICATE_WINDOW), which keeps the
    work linear and loses nothing, since duplicates have about equal sizes.
    The candidate pairs are compared all at once in numpy
    (:func:`~index.translation.repeats.estimated_jaccards`): one by one in
    Python they took ~7 s of the 100k build's serial linking (1.2M pairs).
    """
    n = len(fps)
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if i not in skip:
            for h in fp.shingles[:2]:
                blocks[(fp.lang, h)].append(i)
    shared = [members for members in blocks.values() if len(members) > 1]
    del blocks
    if not shared:
        return [], 0
    sentences = np.fromiter((fp.sentences for fp in fps), dtype=np.int64, count=n)
    chars = np.fromiter((fp.chars for fp in fps), dtype=np.int64, count=n)
    # Each block in order of (sentences, chars, article): a block's members' ranks in that order.
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), chars, sentences))] = np.arange(n)
    members = np.fromiter(itertools.chain.from_iterable(shared), dtype=np.int64)
    block_of = np.repeat(np.arange(len(shared), dtype=np.int64), [len(m) for m in shared])
    del shared
    order = np.lexsort((rank[members], block_of))
    members, block_of = members[order], block_of[order]
    # Pairs as one int (lo * n + hi), each once: every member with the next _DUPLICATE_WINDOW of its block.
    steps = []
    for step in range(1, _DUPLICATE_WINDOW + 1):
        same = block_of[step:] == block_of[:-step]
        i, j = members[:-step][same], members[step:][same]
        steps.append(np.minimum(i, j) * n + np.maximum(i, j))
    del members, block_of
    codes = sorted_unique(np.concatenate(steps))
    del steps
    lo, hi = codes // n, codes % n
    a, b = sentences[lo], sentences[hi]
    close = ~(np.minimum(a, b) < _DUPLICATE_JACCARD * np.maximum(a, b))
    pairs = np.stack((lo[close], hi[close]), axis=1)
    shingles = [fp.shingles for fp in fps]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(s) for s in shingles], out=ptr[1:])
    hashes = np.fromiter(itertools.chain.from_iterable(shingles), dtype=np.int64, count=int(ptr[-1]))
    similarity = estimated_jaccards(sketches_of(ptr, hashes), pairs)
    keep = similarity >= _DUPLICATE_JACCARD
    found = [
        (x, y, "identical text" if same == 1.0 else "near-identical text")
        for (x, y), same in zip(pairs[keep].tolist(), similarity[keep].tolist(), strict=True)
    ]
    return found, len(codes)
