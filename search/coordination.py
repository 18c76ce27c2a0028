"""Cross-language coordination: the words of a translated query counted, not all required.

Stage: search (AST -> masks and scores), with ``cross_language`` on.
Translating a query word by word loses words: the lexicon may not hold the
article's own word for one of them (it says सूअर where the lexicon offers a
cognate of শূকর), so requiring every word of the other language's article
finds nothing for most queries of three words.  Query-translation CLIR
therefore ranks by how many of the query's words an article holds rather
than requiring all of them, the coordination factor of Lucene's classic
similarity.  Here:

* an AND of words whose equivalents cross into one other language is
  marked (:func:`loosened`, from search.bridge): articles of that language
  match when they hold at least ``least`` of its words (a word counted once,
  through its own terms or any of its equivalents), while articles in the
  query's own language still need every word, as without the bridge;
* ranking (search.ranking) multiplies such an AND's score by the share of
  its words an article holds (:func:`coordination`), and scores each
  translated word once, as the best of its alternatives, so a word with four
  equivalents does not outweigh a word with one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import numpy as np

from .tree import And, KeyPhrase, Node, Phrase, Word

__all__ = [
    "CROSS_KINDS",
    "MAX_MISSING",
    "UNTRANSLATED",
    "text_leaf",
    "coordinated",
    "coordination",
    "counted",
    "crosses",
    "loosened",
]

# Bridges into the other language (transliteration stays in both scripts'
# key field and needs no loosening: it is always on).
CROSS_KINDS = frozenset({"lexicon", "cognate"})
# How many of an AND's translated words an article of the other language may lack.
MAX_MISSING = 1
# The bridge of a word with no equivalent (search.bridge): not required of
# the other language, and not counted there either.
UNTRANSLATED = "untranslated"


def text_leaf(node: Node) -> bool:
    """A child of an AND that coordination may count: a text leaf (facets and exclusions stay required)."""
    return isinstance(node, Word | Phrase | KeyPhrase)


def counted(node: Node) -> bool:
    """A text leaf that is not an untranslated word: what coordination counts in the other language."""
    if isinstance(node, Word) and any(b.kind == UNTRANSLATED for b in node.bridges):
        return False
    return text_leaf(node)


def crosses(node: Node) -> str:
    """The language a Bengali or Hindi word or phrase's equivalents cross into ("" if none).

    Words typed in Latin letters are bridged whatever ``cross_language``
    says (their keys, the English table), into both languages: they rank
    and match as they always have.
    """
    if isinstance(node, Word | Phrase) and not any(t.isascii() for t in node.terms.exact):
        langs = {b.lang for b in node.bridges if b.kind in CROSS_KINDS}
        if len(langs) == 1:
            return langs.pop()
    return ""


def loosened(children: tuple[Node, ...]) -> And:
    """An AND of ``children``, marked for coordination when its words cross into one other language."""
    langs = {crosses(c) for c in children} - {""}
    words = sum(map(counted, children))
    if len(langs) != 1 or sum(map(text_leaf, children)) < 2:
        return And(children)
    return And(children, cross=langs.pop(), least=max(1, words - MAX_MISSING))


def coordinated(node: And, parts: Sequence[tuple[Node, np.ndarray]], in_other: np.ndarray) -> np.ndarray:
    """The units of an AND: every part, or (units of the other language) ``least`` of its words and every other part."""
    strict = reduce(np.logical_and, [m for _, m in parts])
    words = [m for c, m in parts if counted(c)]
    if not words:
        return strict
    loose = in_other & (np.add.reduce([m.astype(np.int16) for m in words]) >= node.least)
    for c, m in parts:
        if not text_leaf(c):
            loose &= m
    return strict | loose


def coordination(held: np.ndarray, words: int) -> np.ndarray:
    """The factor an AND's score is multiplied by: the share of its ``words`` each article holds."""
    return held.astype(np.float64) / max(words, 1)
