"""The parsed query's tree: its nodes, walking it, and what its leaves mark in a hit.

Stage: query text -> AST (search.query builds it).  Every word and phrase
leaf holds its exact terms and their stems as the index analysed them, so
matching, ranking and highlighting read them from the tree instead of
analysing the query again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from index.interface import citations, gazetteer, normalize_term

__all__ = [
    "And",
    "Bridge",
    "KeyPhrase",
    "FieldTerm",
    "Highlights",
    "Leaf",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "Province",
    "Resolution",
    "Terms",
    "Word",
    "coded_resolution",
    "describe",
    "highlights_of",
    "walk",
]


@dataclass(frozen=True)
class Terms:
    """A text as the index analysed it: its exact terms and their stems, one for one."""

    exact: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Bridge:
    """What a leaf also matches in another script or language (search.bridge adds them).

    ``terms`` are consecutive terms of ``field``: one stem of the other
    language, or the phonetic keys of a word or phrase typed in Latin
    letters.  ``weight`` multiplies their BM25: an exact match ranks above
    a match through a bridge.
    """

    kind: str  # "transliteration", "lexicon", "cognate" or "untranslated"
    field: str  # "key" or "stem"; "lang" for "untranslated" (not required in that language)
    terms: tuple[str, ...]
    weight: float
    lang: str = ""  # the language of ``terms`` ("" for keys, which have none)
    source: str = ""  # lexicon entries: "corpus" (learned from this index) or "seed"
    pairs: int = 0  # aligned sentence pairs behind a lexicon entry
    # A lone Latin word's key is not matched where the word written there is
    # one of these common words of the language (search.bridge): their keys
    # are the same, their articles are not the name's.
    minus: tuple[str, ...] = ()


@dataclass(frozen=True)
class Word:
    text: str
    terms: Terms
    # Where the word stands in the query text (start, end), so a correction
    # replaces this word and not the same letters inside an earlier one.
    # Not compared: the same word typed twice is the same leaf.
    span: tuple[int, int] = field(default=(0, 0), compare=False)
    bridges: tuple[Bridge, ...] = ()


@dataclass(frozen=True)
class Phrase:
    text: str
    terms: Terms
    bridges: tuple[Bridge, ...] = ()
    # "…"~N: the words within N positions of each other, in any order
    # (search.occurrences); 0 is the exact phrase.
    slop: int = 0


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class FieldTerm:
    name: str
    value: str  # as typed
    canonical: str  # as the index stores it (field_value)


@dataclass(frozen=True)
class Province:
    text: str
    slug: str
    # The exact terms of each distinct spelling, the one typed first.
    spellings: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Resolution:
    """Words that name a resolution ("Resolution 57", "संकल्प 57", "রেজোলিউশন ৫৭")."""

    text: str
    resolution: str  # its canonical id, as the facet stores it (57-NQ/TW)
    # The number's exact term ("57"): the one word every written form of
    # the citation shares, which passages match in a citing article.
    number: tuple[str, ...]


@dataclass(frozen=True)
class KeyPhrase:
    """Words typed in Latin letters side by side ("Nguyen Ho Hai"): all of them, or their keys in a row.

    A short word's key alone matches too much (``Ho`` is also হয়, "is"),
    so a run of Latin words also matches as a phrase of keys: the name as
    the articles write it in Bengali or Hindi letters.
    """

    words: tuple[Word, ...]
    bridge: Bridge

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    # Cross-language search (search.coordination): articles in the language
    # ``cross`` match when they hold at least ``least`` of the words, each
    # word once through any of its equivalents, ranked by how many they hold.
    cross: str = ""
    least: int = 0


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | Prefix | FieldTerm | Province | Resolution | KeyPhrase | Not | And | Or
Leaf = Word | Phrase | Prefix | Province | Resolution | FieldTerm


def coded_resolution(node: Word) -> str:
    """The resolution a word such as 57-NQ/TW names ("" if none): the word also matches that facet."""
    if any(ch.isdigit() for ch in node.text) and len(node.terms.exact) > 1:
        return citations.canonical_resolution(node.text) or ""
    return ""


def number_term(words: Iterable[Word]) -> tuple[str, ...]:
    """The first exact term of ``words`` that is a number ("57"), as a one-term phrase; () if none.

    Every written form of a citation shares it ("Resolution 57", "57-NQ/TW",
    "संकल्प 57"), so passages match it in an article that cites the resolution.
    """
    return next(((t,) for w in words for t in w.terms.exact if t.isdigit()), ())


def walk(node: Node | None) -> Iterator[Node]:
    """Every node of a tree, parents before their children."""
    if node is None:
        return
    yield node
    if isinstance(node, (And, Or)):
        for c in node.children:
            yield from walk(c)
    elif isinstance(node, KeyPhrase):
        yield from node.words
    elif isinstance(node, Not):
        yield from walk(node.child)


def describe(node: Node) -> str:
    """The tree as the index understood it (``parsed`` in a result)."""
    if isinstance(node, Word):
        return " ".join(node.terms.exact) or node.text
    if isinstance(node, Phrase):
        return '"' + " ".join(node.terms.exact) + '"' + (f"~{node.slop}" if node.slop else "")
    if isinstance(node, Prefix):
        return normalize_term(node.text) + "*"
    if isinstance(node, FieldTerm):
        return f"{node.name}:{node.canonical}"
    if isinstance(node, Province):
        return f"province:{node.slug}"
    if isinstance(node, Resolution):
        return f"resolution:{node.resolution}"
    if isinstance(node, KeyPhrase):
        return " AND ".join(describe(w) for w in node.words)
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    if isinstance(node, Or):
        return "(" + " OR ".join(describe(c) for c in node.children) + ")"
    return " AND ".join(describe(c) for c in node.children)


def _by_first(phrases: frozenset[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases):
        grouped.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in grouped.items()}


@dataclass(frozen=True)
class Highlights:
    """What a hit's text should have marked: exact terms, stems, phrases, prefixes, phonetic keys."""

    terms: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()
    prefixes: frozenset[str] = frozenset()
    # Words typed in Latin letters reach native spellings through their
    # keys (index.analysis.phonetic): one key, or keys in a row.
    keys: frozenset[str] = frozenset()
    key_phrases: frozenset[tuple[str, ...]] = frozenset()
    # A key marked except where the word is one of the common words after it: (key, word, ...).
    keys_except: frozenset[tuple[str, ...]] = frozenset()
    # Proximity: (stems, slop), every word marked where they stand within the slop.
    near: frozenset[tuple[tuple[str, ...], int]] = frozenset()

    @property
    def empty(self) -> bool:
        return not (
            self.terms
            or self.stems
            or self.phrases
            or self.prefixes
            or self.keys
            or self.key_phrases
            or self.keys_except
            or self.near
        )

    @cached_property
    def phrases_by_first_term(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The phrases grouped by their first term: a hit's tokens are each looked up once."""
        return _by_first(self.phrases)

    @cached_property
    def key_phrases_by_first_key(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The key phrases grouped by their first key (read once per request, not per sentence)."""
        return _by_first(self.key_phrases)

    @cached_property
    def common_words_by_key(self) -> dict[str, frozenset[str]]:
        """``keys_except`` as key -> the common words where it is not marked."""
        return {k[0]: frozenset(k[1:]) for k in self.keys_except}

    def merged(self, other: Highlights) -> Highlights:
        return Highlights(
            self.terms | other.terms,
            self.stems | other.stems,
            self.phrases | other.phrases,
            self.prefixes | other.prefixes,
            self.keys | other.keys,
            self.key_phrases | other.key_phrases,
            self.keys_except | other.keys_except,
            self.near | other.near,
        )


def highlights_of(root: Node | None) -> Highlights:
    """What to mark in a hit (excluded words are not highlighted)."""
    found = _Marks()
    if root is not None:
        found.collect(root)
    return Highlights(
        frozenset(found.terms),
        frozenset(found.stems),
        frozenset(found.phrases),
        frozenset(found.prefixes),
        frozenset(found.keys),
        frozenset(found.key_phrases),
        frozenset(found.keys_except),
        frozenset(found.near),
    )


class _Marks:
    """Highlights being gathered from a tree."""

    def __init__(self) -> None:
        self.terms: set[str] = set()
        self.stems: set[str] = set()
        self.phrases: set[tuple[str, ...]] = set()
        self.prefixes: set[str] = set()
        self.keys: set[str] = set()
        self.key_phrases: set[tuple[str, ...]] = set()
        self.keys_except: set[tuple[str, ...]] = set()
        self.near: set[tuple[tuple[str, ...], int]] = set()

    def add(self, terms: tuple[str, ...]) -> None:
        if len(terms) == 1:
            self.terms.add(terms[0])
        elif terms:
            self.phrases.add(terms)

    def phrase(self, node: Phrase) -> None:
        if node.slop and len(node.terms.stems) > 1:
            self.near.add((node.terms.stems, node.slop))
        else:
            self.add(node.terms.exact)
        self.bridged(node.bridges)

    def collect(self, node: Node) -> None:
        if isinstance(node, (And, Or)):
            for c in node.children:
                self.collect(c)
        elif isinstance(node, Word):
            self.word(node)
        elif isinstance(node, Phrase):
            self.phrase(node)
        elif isinstance(node, KeyPhrase):
            for w in node.words:
                self.collect(w)
            self.bridged((node.bridge,))
        elif isinstance(node, Prefix):
            self.prefixes.add(normalize_term(node.text))
        elif isinstance(node, Resolution):
            self.add(node.number)
        elif isinstance(node, Province):
            self.place(node)

    def word(self, node: Word) -> None:
        self.add(node.terms.exact)
        if len(node.terms.exact) == 1:
            self.stems.update(node.terms.stems)
        self.bridged(node.bridges)

    def bridged(self, bridges: tuple[Bridge, ...]) -> None:
        for b in bridges:
            if b.field == "lang":
                continue  # a word not required in the other language marks nothing there
            if b.field != "key":
                self.stems.update(b.terms)  # a translated phrase marks each of its words
            elif b.minus:
                self.keys_except.add((*b.terms, *b.minus))
            elif len(b.terms) == 1:
                self.keys.add(b.terms[0])
            else:
                self.key_phrases.add(b.terms)

    def place(self, node: Province) -> None:
        for spelling in node.spellings:
            self.add(spelling)
            # Passages find a place with a Bengali case ending on its last
            # word (search.alternatives.written_alternatives): mark those.
            head, last = spelling[:-1], spelling[-1]
            for form in sorted(gazetteer.last_word_forms(last) - {last}):
                self.add((*head, form))
