"""English words typed in Latin letters: their Bengali and Hindi stems.

Stage: ``index/data/english_lexicon.tsv`` -> equivalents of one Latin query
word (query time).  Many names are translated rather than spelled out
(Germany is জার্মানি but also जर्मनी, a judge is বিচারক), and a spelling the
phonetic key does not fold (Washington, ওয়াশিংটন) is still a known pair, so
Setu ships a small English -> Bengali/Hindi table mined by
``scripts/make_english_lexicon.py`` from the parallel data open for training
(sources and licences: ``index/data/ENGLISH-LEXICON-SOURCES.md``).
Columns: English word (lower case, diacritics folded), language, stem as
the ``stem`` field indexes it, supporting sentence pairs, score (see
:func:`index.translation.lexicon.association`); ``#`` starts a comment.

The table is parsed once and never changes: threads share it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from .lexicon import LANGS, Equivalent
from .tables import Column, bundled_text, one_of, read_rows

__all__ = ["ENGLISH_FILE", "KIND_ENGLISH", "english_equivalents", "parse_english"]

ENGLISH_FILE = "english_lexicon.tsv"
_COLUMNS: tuple[Column, ...] = (
    ("English word", str),
    ("language", one_of(*LANGS)),
    ("stem", str),
    ("pairs", int),
    ("score", float),
)
# The kind of entry (Equivalent.kind): a query reports it as a lexicon bridge.
KIND_ENGLISH = "english"


def parse_english(text: str) -> Iterator[tuple[str, Equivalent]]:
    """(English word, equivalent) of every line; a malformed line raises a ValueError naming it."""
    for word, lang, stem, pairs, score in read_rows(text, ENGLISH_FILE, _COLUMNS):
        yield word, Equivalent(stem, lang, KIND_ENGLISH, score, pairs)


@functools.cache
def _table() -> Mapping[str, tuple[Equivalent, ...]]:
    text = bundled_text(ENGLISH_FILE)
    table: dict[str, list[Equivalent]] = {}
    for word, equivalent in parse_english(text):
        table.setdefault(word, []).append(equivalent)
    return {w: tuple(sorted(e, key=lambda x: (-x.score, -x.pairs, x.lang, x.term))) for w, e in table.items()}


def english_equivalents(word: str) -> tuple[Equivalent, ...]:
    """The Bengali and Hindi stems an English word (folded, lower case) translates to, best first.

    A plural the table lacks is looked up as its singular (Tigers, tiger).
    """
    table = _table()
    found = table.get(word)
    if found is None and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        found = table.get(word[:-1])
    return found or ()
