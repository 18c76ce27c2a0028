"""Did you mean: indexed words close to a query word that matches nothing.

Stage: search.  When a search finds nothing, each plain query word with no
postings is compared with the index's own words, in both fields (exact forms
in ``text``, stems in ``stem``), by edit distance.  The term list of a large
index has hundreds of thousands of words, so a Lexicon built once per index
generation buckets them by field, first character and length: a word is
compared only with words that start with its letter and are at most two
characters longer or shorter.  A misspelt first letter is not corrected;
that is the price of answering in milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from whoosh.reading import IndexReader

from .alternatives import EXACT_FIELD, STEM_FIELD
from .query import ParsedQuery
from .tree import Not, Word, walk

__all__ = ["Lexicon", "Suggestion", "suggestions"]

MAX_TERMS = 3  # closest words offered per query word


def max_distance(word: str) -> int:
    """Edits allowed: one in a short word, two in a longer one."""
    return 1 if len(word) <= 4 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Lexicon:
    """The indexed words of both fields, by (field, first character, length); read once per generation."""

    def __init__(self, reader: IndexReader) -> None:
        self._buckets: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        for field in (EXACT_FIELD, STEM_FIELD):
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                if term:
                    self._buckets[(field, term[0], len(term))].append(term)

    def closest(self, field: str, word: str) -> list[tuple[int, str]]:
        """(distance, term) for the indexed terms of ``field`` within the allowed distance of ``word``."""
        if not word:
            return []
        limit = max_distance(word)
        found = []
        for length in range(max(1, len(word) - limit), len(word) + limit + 1):
            for term in self._buckets.get((field, word[0], length), ()):
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


def suggestions(parsed: ParsedQuery, lexicon: Lexicon, reader: IndexReader) -> tuple[Suggestion, ...]:
    """For each one-term query word with no postings in either field, the closest indexed terms."""
    out = []
    q = parsed.text
    for word in _plain_words(parsed):
        if len(word.terms.exact) != 1:
            continue
        exact, stem = word.terms.exact[0], word.terms.stems[0]
        if reader.doc_frequency(EXACT_FIELD, exact) or reader.doc_frequency(STEM_FIELD, stem):
            continue
        scored: dict[str, tuple[str, str, int, int]] = {}
        for field, typed in ((EXACT_FIELD, exact), (STEM_FIELD, stem)):
            for d, term in lexicon.closest(field, typed):
                n = int(reader.doc_frequency(field, term))
                if term not in scored or (d, -n) < (scored[term][2], -scored[term][3]):
                    scored[term] = (term, field, d, n)
        # Closest first; among equals the word in more documents, then exact forms before stems.
        best = sorted(scored.values(), key=lambda t: (t[2], -t[3], t[1] != EXACT_FIELD, t[0]))[:MAX_TERMS]
        if best:
            q = q.replace(word.text, best[0][0], 1)
            out.append(Suggestion(word.text, tuple(best), ""))
    return tuple(Suggestion(s.text, s.terms, q) for s in out)
