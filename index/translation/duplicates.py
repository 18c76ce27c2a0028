"""Duplicates among articles: one article twice in one language.

Stage: fingerprints -> URL links and duplicates, for
:mod:`index.translation.linking`.  Articles whose normalised source URLs
are equal are one group; two of one language with one URL are one article
twice.  Same-language near-duplicates are found by blocking on the two
smallest sentence hashes (a MinHash band) and only reported: two reports of
one event may each have their own translation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .fingerprint_table import ArticleFacts
from .repeats import estimated_jaccard

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
    """Same-language pairs whose sentence sets are near-identical.

    Blocks: articles of one language whose smallest (or second smallest)
    sentence hash is equal -- a MinHash band, met by near-identical texts
    with high probability.  A block of articles that all reuse one popular
    sentence can be large; within a block only articles close in size are
    compared (a sorted neighbourhood of _DUPLICATE_WINDOW), which keeps the
    work linear and loses nothing, since duplicates have about equal sizes.
    """
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if i not in skip:
            for h in fp.shingles[:2]:
                blocks[(fp.lang, h)].append(i)
    # Pairs as one int (lo * n + hi): a set of 1.2M tuples at 100k was the
    # largest temporary of linking once the feature arrays were chunked.
    n = len(fps)
    checked: set[int] = set()
    found: list[tuple[int, int, str]] = []
    for members in blocks.values():
        members.sort(key=lambda i: (fps[i].sentences, fps[i].chars, i))
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + _DUPLICATE_WINDOW]:
                lo, hi = (i, j) if i < j else (j, i)
                key = lo * n + hi
                if key in checked:
                    continue
                checked.add(key)
                x, y = fps[lo], fps[hi]
                if min(x.sentences, y.sentences) < _DUPLICATE_JACCARD * max(x.sentences, y.sentences):
                    continue
                similarity = estimated_jaccard(x.shingles, y.shingles)
                if similarity >= _DUPLICATE_JACCARD:
                    found.append((lo, hi, "identical text" if similarity == 1.0 else "near-identical text"))
    return sorted(found), len(checked)
