"""Whoosh analysis chains over ICU word segmentation.

Stage: text -> Whoosh tokens.  Whoosh's own tokenizers use Python's ``\\w``,
which does not match Indic vowel signs and viramas, so they cut Bengali and
Hindi words apart.  These chains cut with ICU instead:

    exact   = IcuTokenizer | NormalizeFilter                (phrases, highlights)
    stemmed = IcuTokenizer | NormalizeFilter | StemFilter    (recall)

At build time :func:`analyze` computes both forms in one pass, and the
fields receive tuples of terms, which Whoosh indexes without re-analysing.

Whoosh pickles analyzers into the index schema, so every class here is
stateless (ICU objects live in :mod:`index.analysis.breaks`, one per thread)
and importable from a stable module path.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast, overload

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer

from .breaks import digit_run_cuts, word_bounds, word_ranges, word_spans
from .memo import Memo
from .phonetic import phonetic_key
from .stemmer import stem
from .textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, normalize_term, script_of

__all__ = [
    "Analysis",
    "DerivedTerms",
    "IcuTokenizer",
    "KeyFilter",
    "Keys",
    "NormalizeFilter",
    "StemFilter",
    "Stems",
    "analyze",
    "analyze_columns",
    "sentence_token_ranges",
    "exact_analyzer",
    "key_analyzer",
    "stem_term",
    "stemmed_analyzer",
    "terms",
    "word_stems",
    "words",
]

# Which stemmer a token gets is decided by its script, not by the article's
# language: a Hindi article quoting a Bengali name, or a query typed in one
# script, then needs no language switch.
_STEM_LANG_BY_SCRIPT: Mapping[str, str] = {SCRIPT_BENGALI: "bn", SCRIPT_DEVANAGARI: "hi"}


class _Stateless:
    """Equal to any instance of its own class: the components hold no settings.

    Whoosh compares schemas (and so their analyzers) when an index is opened
    or segments are merged.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class IcuTokenizer(_Stateless, Tokenizer):
    """Yield one token per ICU word (letters or numbers), offsets in code points."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        pos = start_pos
        for span in word_spans(value):
            token.text = value[span.start : span.end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + span.start
                token.endchar = start_char + span.end
            yield token


class NormalizeFilter(_Stateless, Filter):
    """Apply :func:`index.analysis.textnorm.normalize_term`; drop tokens that vanish."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = normalize_term(t.text)
            if text:
                t.text = text
                yield t


class StemFilter(_Stateless, Filter):
    """Light suffix stemming, the stemmer chosen by the token's script."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = stem_term(t.text)
            yield t


class KeyFilter(_Stateless, Filter):
    """Each token's phonetic key (index.analysis.phonetic); a token without one is dropped, its position kept."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            key = phonetic_key(t.text)
            if key:
                t.text = key
                yield t


def stem_term(term: str) -> str:
    """Stem a normalised term with the stemmer of its script (or leave it)."""
    lang = _STEM_LANG_BY_SCRIPT.get(script_of(term[-1])) if term else None
    return stem(term, lang) if lang is not None else term


def _word_terms(word: str) -> tuple[tuple[str, str, int, int], ...]:
    """(exact term, stemmed term, start, end) of each piece of one ICU word.

    Everything analyze does per word depends on the word alone, so a build
    does it once per distinct word (news vocabulary is Zipfian, see
    _WORD_TERMS) and then only shifts the offsets.
    """
    out: list[tuple[str, str, int, int]] = []
    for start, end in digit_run_cuts(word):
        term = normalize_term(word[start:end])
        if term:
            out.append((term, stem_term(term), start, end))
    return tuple(out)


_WORD_TERMS: Memo[str, tuple[tuple[str, str, int, int], ...]] = Memo(_word_terms, 1 << 17)


def analyze(text: str) -> list[tuple[str, str, int, int]]:
    """One pass over a text: (exact term, stemmed term, start, end) per word.

    The same terms the two analyzers produce, computed once; offsets are code
    points into ``text``.
    """
    return [
        (term, stemmed, start + piece_start, start + piece_end)
        for start, end in word_ranges(text)
        for term, stemmed, piece_start, piece_end in _WORD_TERMS[text[start:end]]
    ]


def words(text: str) -> list[str]:
    """The ICU words of a text, in order, before digit splitting: what :func:`analyze` maps to terms."""
    starts, ends = word_bounds(text)
    return list(map(text.__getitem__, map(slice, starts, ends)))


def word_stems(word: str) -> tuple[str, ...]:
    """The stemmed terms of one of :func:`words`: what :func:`analyze` gives for it."""
    return tuple(piece[1] for piece in _word_terms(word))


class DerivedTerms(Sequence[str]):
    """Terms that are one function of each of ``source``'s terms, one for one, made only when read.

    A plain sequence of terms to anything that reads it (the terms are
    then made once, through the function's memo); to the bulk writer
    (index.storage.segments) a promise that lets it derive the field from
    ``source``'s vocabulary when the segment is written, so that a full
    build never makes them per article.  Pickles as its source.  Two
    threads reading one at once may both make the terms: the same tuple,
    from thread-safe memos, so either may be kept.
    """

    __slots__ = ("_terms", "source")
    # The function, through a memo: a known term is one dict lookup.
    term_of: Callable[[str], str]

    def __init__(self, source: tuple[str, ...]) -> None:
        self.source = source
        self._terms: tuple[str, ...] | None = None

    def terms(self) -> tuple[str, ...]:
        """The derived terms, as a tuple (what Whoosh's own writer takes)."""
        if self._terms is None:
            self._terms = tuple(map(type(self).term_of, self.source))
        return self._terms

    def __len__(self) -> int:
        return len(self.source)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self.terms()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DerivedTerms):
            return self.terms() == other.terms()
        return isinstance(other, tuple) and self.terms() == other

    __hash__ = None  # type: ignore[assignment]  # compares by value, like a list

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.terms()!r})"

    def __reduce__(self) -> tuple[type[DerivedTerms], tuple[tuple[str, ...]]]:
        return type(self), (self.source,)


class Stems(DerivedTerms):
    """:func:`stem_term` of each exact term (Analysis.stems)."""

    __slots__ = ()


class Keys(DerivedTerms):
    """:func:`~index.analysis.phonetic.phonetic_key` of each exact term, "" for none (Analysis.keys).

    To the bulk writer, a token whose key is "" is not indexed (its
    position stays taken, so phrases keep their gaps).
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text's tokens as columns: exact terms, stemmed terms, start offsets (code points).

    The same tokens as :func:`analyze`, in the shape the builder uses them.
    """

    terms: tuple[str, ...]
    starts: list[int]

    @property
    def stems(self) -> Stems:
        return Stems(self.terms)

    @property
    def keys(self) -> Keys:
        return Keys(self.terms)


def _word_columns(word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    # Not through _WORD_TERMS: a build would hold every word in both memos.
    pieces = _word_terms(word)
    return tuple(p[0] for p in pieces), tuple(p[2] for p in pieces)


def _word_term(word: str) -> str | None:
    """The word's one term, or None when it is not one whole piece (see _WORD_PIECES)."""
    pieces = _word_columns(word)
    return pieces[0][0] if pieces[1] == (0,) else None


# Nearly every word is one term: its term is one lookup.  The rest (১৬৭টি
# is "167" + "টি", a word of only format characters is none) take the piece
# columns: (terms, start offsets in the word).
_WORD_TERM: Memo[str, str | None] = Memo(_word_term, 1 << 17)
_WORD_PIECES: Memo[str, tuple[tuple[str, ...], tuple[int, ...]]] = Memo(_word_columns, 1 << 14)
# stem_term finds the term's script and stemmer before the stemmer's own
# cache: the memo answers a known term in one dict lookup, from C.
_STEMS: Memo[str, str] = Memo(stem_term, 1 << 17)
_KEYS: Memo[str, str] = Memo(phonetic_key, 1 << 17)
Stems.term_of = _STEMS.__getitem__
Keys.term_of = _KEYS.__getitem__


def analyze_columns(text: str) -> Analysis:
    """:func:`analyze` as an :class:`Analysis`, with no Python step per token.

    Every loop over the tokens runs in C (map over memo dicts) except ICU's
    own; only the few words that are not one term each are spliced in
    Python.
    """
    starts, ends = word_bounds(text)
    words = list(map(text.__getitem__, map(slice, starts, ends)))
    terms = list(map(_WORD_TERM.__getitem__, words))
    if None in terms:
        at = [i for i, term in enumerate(terms) if term is None]
        for i in reversed(at):  # right to left: splicing keeps the earlier indexes valid
            pieces, offsets = _WORD_PIECES[words[i]]
            terms[i : i + 1] = pieces
            starts[i : i + 1] = [starts[i] + offset for offset in offsets]
    whole = cast("list[str]", terms)  # no None left
    return Analysis(tuple(whole), starts)


def sentence_token_ranges(sentences: Iterable[tuple[int, int]], starts: Sequence[int]) -> list[tuple[int, int]]:
    """(first, end) token index of each (start, end) sentence, given every token's start offset in order.

    A sentence covers the tokens that start inside it.
    """
    return [(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)) for start, end in sentences]


# Whoosh pickles the analyzers into every index's table of contents by class
# path.  Their public path is the room's package, as it was when indexes were
# first written, so that indexes written before and after open alike.
for _cls in (IcuTokenizer, NormalizeFilter, StemFilter, KeyFilter):
    _cls.__module__ = "index.analysis"


def exact_analyzer() -> Analyzer:
    """Exact forms (after normalisation): the field phrases and highlights use."""
    return IcuTokenizer() | NormalizeFilter()


def stemmed_analyzer() -> Analyzer:
    """Stemmed forms: the recall field."""
    return IcuTokenizer() | NormalizeFilter() | StemFilter()


def key_analyzer() -> Analyzer:
    """Phonetic keys: the field a query typed in another script reaches names and loanwords through."""
    return IcuTokenizer() | NormalizeFilter() | KeyFilter()


def terms(text: str, stemmed: bool = False) -> list[str]:
    """The index terms of a text, in order."""
    analyzer = stemmed_analyzer() if stemmed else exact_analyzer()
    return [t.text for t in analyzer(text)]
