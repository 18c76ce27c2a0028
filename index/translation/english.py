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
from importlib import resources

from .lexicon import LANGS, Equivalent

__all__ = ["ENGLISH_FILE", "KIND_ENGLISH", "english_equivalents", "parse_english"]

ENGLISH_FILE = "english_lexicon.tsv"
# The kind of entry (Equivalent.kind): a query reports it as a lexicon bridge.
KIND_ENGLISH = "english"


def parse_english(text: str) -> Iterator[tuple[str, Equivalent]]:
    """(English word, equivalent) of every line; a malformed line raises a ValueError naming it."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 5 or cells[1] not in LANGS:
            raise ValueError(
                f"{ENGLISH_FILE} line {number}: expected English word, language ({', '.join(LANGS)}), stem,"
                " pairs and score, tab-separated"
            )
        word, lang, stem, pairs, score = cells
        yield word, Equivalent(stem, lang, KIND_ENGLISH, float(score), int(pairs))


@functools.cache
def _table() -> Mapping[str, tuple[Equivalent, ...]]:
    text = resources.files("index").joinpath("data", ENGLISH_FILE).read_text(encoding="utf-8")
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
