"""Snippets and highlights as data.

Stage: search.  A hit's text is cut into highlighted runs, each a
:class:`Run` (``{"text", "match"}``): a stretch of text that is wholly a
match or wholly not.  The JSON calls a list of runs ``segments``; the
renderer (HTML template, CLI, JSON client) decides how to show a match, so
escaping stays with the renderer.  Snippets are whole sentences (the danda
counts, via the stored sentence offsets) or, for a very long sentence, a
window cut at ICU word boundaries: a cut never separates a letter from its
vowel sign or virama.  Joined, a snippet's runs are a substring of the
article text; offsets are code points.  The query's terms come analysed
(search.query.Highlights); only the hit's own text is analysed here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.reading import IndexReader

from index.interface import Sentence, analyze, phonetic_key, word_spans

from .alternatives import marked_alternatives
from .tree import Highlights

if TYPE_CHECKING:  # annotations only: the facet index and occurrences import nothing from here
    from .facets import FacetIndex
    from .occurrences import Occurrences

__all__ = ["Run", "find_matches", "marked_sentences", "segments", "snippets"]

MAX_SNIPPETS = 3
MAX_SNIPPET_CHARS = 320


@dataclass(frozen=True, slots=True)
class Run:
    """A highlighted run: text that is all match or all not."""

    text: str
    match: bool

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "match": self.match}


def find_matches(text: str, h: Highlights, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Code-point spans of ``text[start:end]`` that the query matched."""
    if h.empty:
        return []
    tokens = analyze(text[start:end])
    spans: list[tuple[int, int]] = []
    for term, stemmed, s, e in tokens:
        if term in h.terms or stemmed in h.stems or any(term.startswith(p) for p in h.prefixes):
            spans.append((s + start, e + start))
    terms = [t[0] for t in tokens]
    if h.phrases:
        _mark_phrases(terms, h.phrases_by_first_term, tokens, start, spans)
    if h.keys or h.key_phrases or h.keys_except:
        # Words typed in Latin letters: a token matches through its phonetic key
        # (a lone word's key not where the token is one of the common words after it).
        keys = [phonetic_key(t) for t in terms]
        unless = h.common_words_by_key
        spans += [
            (s + start, e + start)
            for k, (term, _, s, e) in zip(keys, tokens, strict=True)
            if k in h.keys or (k in unless and term not in unless[k])
        ]
        _mark_phrases(keys, h.key_phrases_by_first_key, tokens, start, spans)
    for stems, slop in h.near:
        spans += _near_spans([t[1] for t in tokens], stems, slop, [(t[2] + start, t[3] + start) for t in tokens])
    return _merge(spans)


def _mark_phrases(
    terms: Sequence[str],
    starting: dict[str, tuple[tuple[str, ...], ...]],
    tokens: Sequence[tuple[str, str, int, int]],
    start: int,
    spans: list[tuple[int, int]],
) -> None:
    """Add the span of every run of ``terms`` that is one of the phrases (grouped by first term)."""
    for i, term in enumerate(terms):
        for phrase in starting.get(term, ()):
            n = len(phrase)
            if tuple(terms[i : i + n]) == phrase:
                spans.append((tokens[i][2] + start, tokens[i + n - 1][3] + start))


def _near_spans(
    stemmed: list[str], stems: tuple[str, ...], slop: int, offsets: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Every word of each proximity match: the query's stems inside a window holding all of them."""
    wanted = set(stems)
    reach = len(stems) - 1 + slop
    out: list[tuple[int, int]] = []
    for i, stem in enumerate(stemmed):
        if stem not in wanted:
            continue
        window = [j for j in range(i, min(i + reach + 1, len(stemmed))) if stemmed[j] in wanted]
        if {stemmed[j] for j in window} == wanted:
            out += [offsets[j] for j in window]
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def segments(text: str, start: int, end: int, matches: Sequence[tuple[int, int]]) -> list[Run]:
    """Cut ``text[start:end]`` into highlighted runs, plain and matched (a JSON ``segments`` list)."""
    out: list[Run] = []
    pos = start
    for s, e in matches:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        if s > pos:
            out.append(Run(text[pos:s], False))
        out.append(Run(text[s:e], True))
        pos = e
    if pos < end:
        out.append(Run(text[pos:end], False))
    return out


def _window(text: str, start: int, end: int, matches: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Shrink a long sentence to a window around its first match, at word boundaries."""
    if end - start <= MAX_SNIPPET_CHARS:
        return start, end
    first = matches[0][0] if matches else start
    lo = max(start, first - MAX_SNIPPET_CHARS // 3)
    hi = min(end, lo + MAX_SNIPPET_CHARS)
    words = [(w.start + start, w.end + start) for w in word_spans(text[start:end])]
    # Snap both ends to the nearest word start/end inside the window.
    starts = [s for s, _ in words if lo <= s]
    ends = [e for _, e in words if e <= hi]
    new_lo = lo if lo == start else (starts[0] if starts else lo)
    new_hi = hi if hi == end else (ends[-1] if ends else hi)
    return (new_lo, new_hi) if new_lo < new_hi else (start, end)


def snippets(
    text: str,
    sentences: Sequence[Sentence],
    h: Highlights,
    limit: int = MAX_SNIPPETS,
    only: Sequence[int] | None = None,
) -> list[list[Run]]:
    """Up to ``limit`` snippets: the sentences with the most matches, in text order.

    ``only``: the sentences known (from the index's positions) to hold every
    match; only they are analysed, instead of the whole article.
    """
    if not sentences:
        return []
    if only is None:
        matches = find_matches(text, h, 0, sentences[-1].end)
    else:
        matches = [m for i in sorted(only) for m in find_matches(text, h, sentences[i].start, sentences[i].end)]
    if not matches:
        first = sentences[0]
        lo, hi = _window(text, first.start, first.end, [])
        return [segments(text, lo, hi, [])]
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for span in matches:
        i = bisect.bisect_right(starts, span[0]) - 1
        if i >= 0 and span[0] < sentences[i].end:
            by_sentence.setdefault(i, []).append(span)
    best = sorted(
        by_sentence,
        key=lambda i: (-len({text[s:e] for s, e in by_sentence[i]}), -len(by_sentence[i]), i),
    )[:limit]
    out = []
    for i in sorted(best):
        sentence = sentences[i]
        lo, hi = _window(text, sentence.start, sentence.end, by_sentence[i])
        out.append(segments(text, lo, hi, by_sentence[i]))
    return out


def marked_sentences(
    reader: IndexReader, fi: FacetIndex, occ: Occurrences, h: Highlights, docnums: list[int]
) -> dict[int, list[int]]:
    """For each article of a page, the sentences (numbers) where something is to be marked.

    Known from the index's positions, so :func:`snippets` analyses only those
    sentences instead of the whole article.
    """
    if h.empty or not docnums:
        return {}
    found, counts, positions = occ.positions(marked_alternatives(h, reader), np.unique(docnums))
    sids = fi.sentences.of_positions(found, counts, positions)
    marked: dict[int, list[int]] = {}
    for sid in np.unique(sids).tolist():
        docnum, n = fi.sentences.number(sid)
        marked.setdefault(docnum, []).append(n)
    return marked
