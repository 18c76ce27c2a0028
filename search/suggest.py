"""Did you mean: indexed words close to the query words that match nothing.

Stage: search.  When a search finds nothing, each plain query word with no
postings (in either field) is compared with the index's own exact forms
(``text``) by edit distance; stems are not words a reader can type, so they
are neither offered nor put into the corrected query.  The term list of a
large index has hundreds of thousands of words, so a Lexicon built once per
index generation buckets them by first character and length: a word is
compared only with words that start with its letter and are at most two
characters longer or shorter, by a banded edit distance that stops as soon
as the bound is passed.  A misspelt first letter is not corrected; that is
the price of answering in milliseconds.

A corrected query is offered only when it can find something: every word
that matches nothing has a replacement, there are at most MAX_WORDS of them,
and none is shorter than MIN_CHARS (a one- or two-letter word is close to
hundreds of others).  Otherwise there is no suggestion at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from whoosh.reading import IndexReader

from index.interface import term_text

from .alternatives import EXACT_FIELD, STEM_FIELD
from .query import ParsedQuery
from .tree import Not, Word, walk

__all__ = ["Lexicon", "Suggestion", "suggestions"]

MAX_TERMS = 3  # closest words offered per query word
MAX_WORDS = 3  # query words corrected at most (each scans its buckets)
MIN_CHARS = 3  # shorter words are not corrected


def max_distance(word: str) -> int:
    """Edits allowed: one in a short word, two in a longer one."""
    return 1 if len(word) <= 4 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is known to exceed ``limit``.

    Only the diagonal band |i - j| <= limit is computed (a cell outside it
    is over the limit anyway), and a row whose cells all exceed the limit
    ends the comparison.
    """
    n, m = len(a), len(b)
    over = limit + 1
    if abs(n - m) > limit:
        return over
    previous = [j if j <= limit else over for j in range(m + 1)]
    for i in range(1, n + 1):
        current = [over] * (m + 1)
        current[0] = i if i <= limit else over
        ca = a[i - 1]
        for j in range(max(1, i - limit), min(m, i + limit) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
        if min(current) > limit:
            return over
        previous = current
    return min(previous[m], over)


class Lexicon:
    """The indexed exact forms, by (first character, length); read once per generation."""

    def __init__(self, reader: IndexReader) -> None:
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for raw in reader.lexicon(EXACT_FIELD):
            term = term_text(raw)
            if term:
                self._buckets[(term[0], len(term))].append(term)

    def closest(self, word: str) -> list[tuple[int, str]]:
        """(distance, term) for the indexed exact forms within the allowed distance of ``word``."""
        if not word:
            return []
        limit = max_distance(word)
        found = []
        for length in range(max(1, len(word) - limit), len(word) + limit + 1):
            for term in self._buckets.get((word[0], length), ()):
                d = distance(word, term, limit)
                if 0 < d <= limit:
                    found.append((d, term))
        return found


@dataclass(frozen=True)
class Suggestion:
    """A query word that matches nothing, the closest indexed terms, and the query with the best one."""

    text: str
    terms: tuple[tuple[str, str, int, int], ...]  # (term, field, distance, documents)
    q: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "terms": [{"term": t, "field": f, "distance": d, "documents": n} for t, f, d, n in self.terms],
            "q": self.q,
        }


def _plain_words(parsed: ParsedQuery) -> list[Word]:
    excluded = {id(n.child) for n in walk(parsed.root) if isinstance(n, Not)}
    return [n for n in walk(parsed.root) if isinstance(n, Word) and id(n) not in excluded]


def _matches(word: Word, reader: IndexReader) -> bool:
    return all(
        reader.doc_frequency(EXACT_FIELD, exact) or reader.doc_frequency(STEM_FIELD, stem)
        for exact, stem in zip(word.terms.exact, word.terms.stems, strict=True)
    )


def suggestions(parsed: ParsedQuery, lexicon: Lexicon, reader: IndexReader) -> tuple[Suggestion, ...]:
    """For each query word with no postings, the closest indexed words; none unless all can be corrected."""
    unmatched = [w for w in _plain_words(parsed) if not _matches(w, reader)]
    typed = list(dict.fromkeys(w.text for w in unmatched))  # each distinct word once, in query order
    # Checked before any distance is computed: a query that cannot be
    # corrected whole costs nothing, and one with many typos costs at most
    # MAX_WORDS scans.
    if not typed or len(typed) > MAX_WORDS:
        return ()
    if any(len(w.terms.exact) != 1 or len(w.terms.exact[0]) < MIN_CHARS for w in unmatched):
        return ()
    found: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
    for word in unmatched:
        if word.text in found:
            continue
        scored = [(d, int(reader.doc_frequency(EXACT_FIELD, t)), t) for d, t in lexicon.closest(word.terms.exact[0])]
        if not scored:
            return ()
        # Closest first; among equals the word in more documents.
        scored.sort(key=lambda x: (x[0], -x[1], x[2]))
        found[word.text] = tuple((t, EXACT_FIELD, d, n) for d, n, t in scored[:MAX_TERMS])
    # Each word is replaced where it was typed, from the last one back so
    # the earlier spans stay valid.
    q = parsed.text
    for word in sorted(unmatched, key=lambda w: w.span, reverse=True):
        start, end = word.span
        q = q[:start] + found[word.text][0][0] + q[end:]
    return tuple(Suggestion(text, terms, q) for text, terms in found.items())
