"""Frequency tables over a concordance: collocates with logDice, and the forms of the match.

Stage: search (sentence level).  Both read every line of a concordance
(search.concordance) in sentence order.  A collocate is an indexed word (its
exact term, as the index holds it) within ``window`` words of a match in the
same sentence, counted once per occurrence; its logDice (Rychlý 2008) is
``14 + log2(2·f(node, word) / (f(node) + f(word)))``, where ``f(node)`` is the
number of lines in the word's language and ``f(word)`` the word's count in the
whole index (Bengali and Hindi words are written in different scripts, so
this is in effect a count in its language).  14 is the most a word can score:
it then occurs only next to the node.  A form is the text a match covers,
as written (a stemmed or prefix query matches several).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .alternatives import EXACT_FIELD
from .concordance import Concordancer, collation_key
from .errors import BadRequest

__all__ = [
    "COLLOCATION_SORTS",
    "DEFAULT_WINDOW",
    "FORM_SORTS",
    "MAX_WINDOW",
    "Collocate",
    "Form",
    "collocates",
    "forms",
    "sort_rows",
]

DEFAULT_WINDOW = 5
MAX_WINDOW = 20
COLLOCATION_SORTS = ("logdice", "count", "word")
FORM_SORTS = ("count", "form")


@dataclass(frozen=True)
class Collocate:
    lang: str
    word: str
    count: int  # f(node, word): occurrences within the window
    node: int  # f(node): lines in this language
    frequency: int  # f(word): occurrences in the index

    @property
    def logdice(self) -> float:
        return 14 + math.log2(2 * self.count / (self.node + max(self.frequency, self.count)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "word": self.word,
            "count": self.count,
            "node": self.node,
            "frequency": self.frequency,
            "logdice": round(self.logdice, 3),
        }


@dataclass(frozen=True)
class Form:
    lang: str
    form: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "form": self.form, "count": self.count}


def _in_sentence_order(c: Concordancer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Read article by article, whatever order the lines are shown in.
    order = np.lexsort((c.local, c.sid))
    return c.sid[order], c.local[order], c.length[order]


def collocates(c: Concordancer, window: int) -> list[Collocate]:
    """Every word within ``window`` words of a match, per language, with its counts (unsorted)."""
    c.check_readable(c.total, "A collocation table")
    nodes: Counter[str] = Counter()
    near: Counter[tuple[str, str]] = Counter()
    for line in c.texts(*_in_sentence_order(c), window=window):
        lang = line.article.lang
        nodes[lang] += 1
        near.update((lang, word) for word in line.near)
    reader = c.searcher.reader()
    return [
        Collocate(lang, word, count, nodes[lang], int(reader.frequency(EXACT_FIELD, word)))
        for (lang, word), count in near.items()
    ]


def forms(c: Concordancer) -> list[Form]:
    """The text of every match as written, per language, with its count (unsorted)."""
    c.check_readable(c.total, "A form table")
    counts: Counter[tuple[str, str]] = Counter(
        (line.article.lang, line.match) for line in c.texts(*_in_sentence_order(c))
    )
    return [Form(lang, form, n) for (lang, form), n in counts.items()]


def sort_rows(rows: list[Any], sort: str, allowed: tuple[str, ...]) -> list[Any]:
    """Rows by ``sort``: a count or logDice highest first, a word or form in its language's collation order."""
    order = (sort or allowed[0]).strip().lower()
    if order not in allowed:
        raise BadRequest(f"sort must be one of {', '.join(allowed)} here, not {order[:40]!r}.")

    def text(row: Any) -> tuple[str, tuple[bytes, ...]]:
        word = row.word if isinstance(row, Collocate) else row.form
        return row.lang, collation_key(row.lang, [word])

    keys: dict[str, Callable[[Any], Any]] = {
        "logdice": lambda r: (-r.logdice, -r.count, text(r)),
        "count": lambda r: (-r.count, text(r)),
        "word": text,
        "form": text,
    }
    return sorted(rows, key=keys[order])
