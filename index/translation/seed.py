"""The bundled seed lexicon: Bengali-Hindi stem pairs mined from open parallel data.

Stage: ``index/data/seed_lexicon.tsv`` -> a :class:`LexiconTable` (read once).
A corpus with few translations learns little of its own, so Setu ships a
small table mined by ``scripts/make_seed_lexicon.py`` from the parallel data
open for training (sources and licences: ``index/data/SEED-LEXICON-SOURCES.md``).
Columns: Bengali stem, Hindi stem, supporting sentence pairs, score (see
:func:`index.translation.lexicon.association`); lines starting with ``#`` are
comments.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .lexicon import LexiconTable
from .tables import Column, bundled_text, read_rows

__all__ = ["SEED_FILE", "parse_seed", "seed_table"]

SEED_FILE = "seed_lexicon.tsv"
_COLUMNS: tuple[Column, ...] = (("Bengali stem", str), ("Hindi stem", str), ("pairs", int), ("score", float))


def parse_seed(text: str) -> Iterator[tuple[str, str, str, float, int]]:
    """Both directions of every line: (lang, stem, term, score, pairs)."""
    for bn, hi, pairs, score in read_rows(text, SEED_FILE, _COLUMNS):
        yield "bn", bn, hi, score, pairs
        yield "hi", hi, bn, score, pairs


@functools.cache
def seed_table() -> LexiconTable:
    """The bundled table, parsed on first use (immutable: threads share it)."""
    return LexiconTable.from_entries(parse_seed(bundled_text(SEED_FILE)))
