"""A word's equivalents in the other language, for researchers (``/api/equivalents``).

Stage: query text -> the bilingual lexicon's entries for its stem.  The
same lexicon the cross-language bridge uses (search.bridge): learned from
the index's own aligned sentence pairs, then cognates (the same word in
the other script, kept only where the other language's vocabulary has
it), then the bundled seed.  Each entry says how many aligned sentence
pairs support it, so a pair seen once is told from one seen a hundred
times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.reading import IndexReader

from index.interface import Equivalent, analyze
from index.interface import Lexicon as BilingualLexicon

from .alternatives import STEM_FIELD
from .bridge import language_of, latin
from .errors import BadRequest

__all__ = ["MAX_LIMIT", "BilingualLexicon", "Equivalents", "equivalents_of"]

MAX_LIMIT = 100


@dataclass(frozen=True)
class Equivalents:
    """The entries for one word: its stem, its language, the other language's equivalents, best first."""

    text: str
    term: str  # the stem looked up
    lang: str
    equivalents: tuple[Equivalent, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "q": self.text,
            "term": self.term,
            "lang": self.lang,
            "equivalents": [e.to_dict() for e in self.equivalents],
        }


def equivalents_of(text: str, reader: IndexReader, lexicon: BilingualLexicon, limit: int = 20) -> Equivalents:
    """The equivalents of one Bengali or Hindi word (a BadRequest with a sentence for anything else)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    tokens = analyze(text.strip())
    if not tokens:
        raise BadRequest("q has no word: type one Bengali or Hindi word, e.g. q=রেজোলিউশন.")
    if len(tokens) > 1:
        raise BadRequest(f"q has {len(tokens)} words: equivalents are listed for one word at a time.")
    term, stem = tokens[0][0], tokens[0][1]
    lang = language_of(stem)
    if not lang:
        hint = " (a word in Latin letters reaches both through search: /api/search?q=…)" if latin(term) else ""
        raise BadRequest(f"{text.strip()[:40]!r} is not a Bengali or Hindi word: type one{hint}.")
    found = lexicon.equivalents(stem, lang, limit, known=lambda t: (STEM_FIELD, t) in reader)
    return Equivalents(text.strip(), stem, lang, tuple(found))
