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
from importlib import resources

from .lexicon import LexiconTable

__all__ = ["SEED_FILE", "parse_seed", "seed_table"]

SEED_FILE = "seed_lexicon.tsv"


def parse_seed(text: str) -> Iterator[tuple[str, str, str, float, int]]:
    """Both directions of every line: (lang, stem, term, score, pairs)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise ValueError(f"{SEED_FILE} line {number}: expected 4 tab-separated columns, got {len(cells)}")
        bn, hi, pairs, score = cells[0], cells[1], int(cells[2]), float(cells[3])
        yield "bn", bn, hi, score, pairs
        yield "hi", hi, bn, score, pairs


@functools.cache
def seed_table() -> LexiconTable:
    """The bundled table, parsed on first use (immutable: threads share it)."""
    text = resources.files("index").joinpath("data", SEED_FILE).read_text(encoding="utf-8")
    return LexiconTable.from_entries(parse_seed(text))
