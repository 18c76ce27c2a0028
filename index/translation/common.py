"""The bundled common Bengali and Hindi words, by phonetic key.

Stage: ``index/data/common_words.tsv`` -> the common words that share a
key (query time).  A name typed in Latin letters and a common word of the
language often share a short key (Zaev and जब "when", Karen and করেন
"does"); the common word, in nearly every article, would outrank the name.
search.bridge matches a lone Latin word's key only where the word written
there is none of these.  Mined by ``scripts/make_common_words.py`` from the
parallel data open for training, leaving out words the English side spells
out (names, loanwords).  Columns: word (as the exact field indexes it),
language, its phonetic key, occurrences in the sources; ``#`` starts a
comment.

The table is parsed once and never changes: threads share it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from .lexicon import LANGS
from .tables import Column, bundled_text, one_of, read_rows

__all__ = ["COMMON_FILE", "common_words", "parse_common"]

COMMON_FILE = "common_words.tsv"
_COLUMNS: tuple[Column, ...] = (("word", str), ("language", one_of(*LANGS)), ("key", str), ("occurrences", int))


def parse_common(text: str) -> Iterator[tuple[str, str, str, int]]:
    """(word, language, key, occurrences) of every line; a malformed line raises a ValueError naming it."""
    for word, lang, key, count in read_rows(text, COMMON_FILE, _COLUMNS):
        yield str(word), str(lang), str(key), int(count)


@functools.cache
def _by_key() -> Mapping[str, tuple[str, ...]]:
    table: dict[str, list[tuple[int, str]]] = {}
    for word, _, key, count in parse_common(bundled_text(COMMON_FILE)):
        table.setdefault(key, []).append((count, word))
    # Both languages' words, commonest first (ties: in table order).
    return {key: tuple(w for _, w in sorted(words, key=lambda x: -x[0])) for key, words in table.items()}


def common_words(key: str) -> tuple[str, ...]:
    """The common Bengali and Hindi words whose phonetic key is ``key``, commonest first (both languages)."""
    return _by_key().get(key, ())
