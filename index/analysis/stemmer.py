"""Light suffix stemmers for Bengali and Hindi.

Stage: normalised term -> stem, for the stemmed field.  Terms arrive already
through ``textnorm.normalize_term`` (NFC with nukta letters decomposed, no
zero-width characters, ASCII digits, lower-cased Latin).  The stemmed field is
the recall side of the index; the exact-form field keeps precision, so the aim
here is only that the inflected and bare forms of one noun or adjective meet
(শহর, শহরে, শহরের; संगठन, संगठनों) while unrelated words stay apart.  Verb
morphology is deliberately out of scope.

Design:

* Suffix stripping only: a stem is always a prefix of its term, an index key
  rather than a word (সরকার, সরকারের and সরকারকে all become সরকা).
* Per-language suffix tables.  The longest suffix that fits wins, and one that
  would leave a bad stem falls through to the next shorter one (পার্টির: -টির
  would leave পার্ with a dangling virama, so -র is stripped instead).
* A stem keeps at least two letters (consonants or independent vowels; signs
  do not count) and never ends in a virama.  This one rule keeps short words
  (কাজ, নয়, যায়, में, है) whole.
* Some suffixes only apply after certain characters: -য়ের after a vowel is a
  genitive (বইয়ের), after a consonant the -য় belongs to the word (সময়ের is
  সময় + -ের).  Lucene's BengaliStemmer strips -য়ের regardless and so turns
  সময়ের into সম.
* Hindi: one pass over Ramanathan and Rao's list.  Bengali: a few layers,
  outermost first, each stripping at most one suffix: emphatic -ই/-ও, case
  (plural and classifier pairs are single suffixes), a final -দ, case again;
  the comments at each table say why.
* Any term with a character outside the language's letters and signs (digits,
  Latin, hyphens, the other script, an unnormalised nukta letter or ZWJ) is
  returned unchanged.

Known and accepted: -কে is read as the accusative, so a -ক noun's locative
splits from its bare form (বৈঠকে -> বৈঠ, বৈঠক -> বৈঠক); Hindi -ि/-ी stripping
merges स्थिति with स्थित, as it does in Ramanathan and Rao's stemmer.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["STEMMERS", "stem"]

# Room for the working vocabulary of a large news corpus per language; a hit
# costs a dictionary lookup, which is what makes per-token stemming cheap.
_CACHE_SIZE = 1 << 17

# (suffix, the characters the stem may end in before it; "" for any)
_Rules = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Layer:
    """Alternative endings of which at most one is stripped, longest first."""

    suffixes: Mapping[str, frozenset[str]]
    sizes: tuple[int, ...]
    min_letters: int


@dataclass(frozen=True)
class _Grammar:
    """Everything the stripping loop needs to know about one language."""

    word_re: re.Pattern[str]
    letters: frozenset[str]
    virama: str
    layers: tuple[_Layer, ...]  # applied in order, outermost first
    protected: frozenset[str]  # returned as they are, before and between layers


def _layer(rules: _Rules, min_letters: int = 2) -> _Layer:
    suffixes = {suffix: frozenset(after) for suffix, after in rules}
    return _Layer(
        suffixes=MappingProxyType(suffixes),
        sizes=tuple(sorted({len(s) for s in suffixes}, reverse=True)),
        min_letters=min_letters,
    )


def _grammar(block: tuple[int, int], virama: str, layers: Iterable[_Layer], protected: Iterable[str] = ()) -> _Grammar:
    letters, word = _block_chars(*block)
    return _Grammar(
        word_re=re.compile("[" + re.escape("".join(sorted(word))) + "]+"),
        letters=letters,
        virama=virama,
        layers=tuple(layers),
        protected=frozenset(protected),
    )


def _block_chars(first: int, last: int) -> tuple[frozenset[str], frozenset[str]]:
    """Letters, and letters plus combining signs, of one Unicode block."""
    letters: set[str] = set()
    word: set[str] = set()
    for cp in range(first, last + 1):
        ch = chr(cp)
        # Precomposed nukta letters (য় U+09DF, ड़ U+095C) never survive NFC;
        # a term still holding one skipped normalisation and is left alone
        # rather than half-stemmed.
        if unicodedata.normalize("NFC", ch) != ch:
            continue
        category = unicodedata.category(ch)
        if category == "Lo":
            letters.add(ch)
            word.add(ch)
        elif category in ("Mn", "Mc"):
            word.add(ch)
    return frozenset(letters), frozenset(word)


# ---------------------------------------------------------------- Bengali --

_BN_VOWELS = "ািীুূৃেৈোৌ" + "অআইঈউঊঋএঐওঔ"

# Bengali nouns take at most a plural marker or a classifier, then a case
# ending; the common pairs are listed as single suffixes so that one strip
# removes both.  The order here is for reading: every length is tried,
# longest first.
_BN_RULES: _Rules = (
    # plural + case
    ("গুলোকে", ""),
    ("গুলিকে", ""),
    ("গুলোতে", ""),
    ("গুলিতে", ""),
    ("গুলোয়", ""),
    ("গুলোর", ""),
    ("গুলির", ""),
    ("গুলো", ""),
    ("গুলি", ""),
    ("সমূহের", ""),
    ("সমূহকে", ""),
    ("সমূহে", ""),
    ("সমূহ", ""),
    ("দেরকে", ""),
    ("দের", ""),
    # plural nominative: -রা after a vowel (নেতারা), -েরা after a consonant
    ("েরা", ""),
    ("রা", ""),
    # classifier (+ case).  The colloquial -টা is left out: with -র gone,
    # কম্পিউটার, কিলোমিটার, থিয়েটার would lose -টা as well, and their own
    # inflected forms (কম্পিউটারের) would no longer meet them.  -খানা is left
    # out too: in the news pool it ends compounds (কারখানা, ছাপাখানা,
    # জেলখানা) more often than it is a classifier (হাতখানা).
    ("টিকে", ""),
    ("টিতে", ""),
    ("টির", ""),
    ("টি", ""),
    # case
    ("য়ের", _BN_VOWELS),
    ("ের", ""),
    ("কে", ""),
    # -তে only after a vowel: after a consonant it is nearly always a verb
    # infinitive (করতে, বলতে).  Not after -া or -ে either: there it is far
    # more often a noun in -াত/-েত taking -ে (হাতে, রাতে, আঘাতে, ক্ষেতে) or a
    # causative infinitive (দেখাতে) than an -া noun's locative, which is -য়.
    ("তে", _BN_VOWELS.replace("া", "").replace("ে", "")),
    # -য় is locative only after -া/-ো (ঢাকায়, আলোয়); সময়, নয়, জাতীয় keep it.
    ("য়", "াো"),
    # -র is genitive only after a vowel (ঢাকার, প্রযুক্তির); শহর, রূপান্তর
    # end in a consonant and keep it.
    ("র", _BN_VOWELS),
    ("ে", ""),
)

# The plural genitive -দের (নেতাদের, শিক্ষকদের) cannot be told from a -দ
# noun's genitive -ের (সংসদের, সম্পদের, প্রতিবাদের); the plural is ten times
# more frequent in the news pool, so the case layer strips -দের.  For সংসদ,
# সংসদে and সংসদের to meet all the same, a final -দ is a layer of its own,
# between the two case passes, taken from every term.  Only 73 pairs of
# hunspell words differ by a final -দ alone (বলদ and বল, সনদ and সন), few
# of them in news.
_BN_FINAL_D: _Rules = (("দ", ""),)

# Emphatic particles, an outer layer (শহরেই, ঢাকাতেও).  Only taken off a term
# with three letters left, which keeps লড়াই, সবাই, আরও, ভিডিও, যদিও whole.
_BN_EMPHATIC: _Rules = (("ই", ""), ("ও", ""))

# Function words that the rules above would fold onto unrelated content
# words: আমরা onto আম (mango), দ্বারা (by) onto দ্বার (door), অনেকে (many
# people; অনেক + -ে read as -কে) onto অন.
_BN_PROTECTED = ("আমরা", "তোমরা", "দ্বারা", "অনেকে", "প্রত্যেকে")

# The case layer runs twice.  A bare noun may end in something suffix-like
# (সরকার in -ার, ক্যামেরা in -েরা, ছেলে in -ে) that the bare form loses, so
# the inflected form (সরকারের, ক্যামেরার, ছেলেকে, ছেলেদের) must lose it as
# well or the two would not meet.
_BN_CASE = _layer(_BN_RULES)
_BENGALI = _grammar(
    (0x0980, 0x09FF),
    "\u09cd",
    (_layer(_BN_EMPHATIC, min_letters=3), _BN_CASE, _layer(_BN_FINAL_D), _BN_CASE),
    _BN_PROTECTED,
)

# ------------------------------------------------------------------ Hindi --

# After A. Ramanathan and D. D. Rao, "A Lightweight Stemmer for Hindi",
# EACL 2003 workshop on Computational Linguistics for South Asian Languages:
# their suffix list, kept to its nominal and adjectival endings.  Left out:
# the verb endings (-कर, -ता, -ने, -ेगा ...), -ताओं (-ाओं already takes
# नेताओं and सफलताओं to the same stem as नेता and सफलता), and bare -ां/-ाँ
# and -ुं/-ूँ, which end no noun but would fold यहां onto यह and वहां onto वह,
# and -ै/-ौ, which end no inflection either.
_HI_RULES: _Rules = (
    ("ाइयाँ", ""),
    ("ाइयों", ""),
    ("ाइयां", ""),
    ("ियाँ", ""),
    ("ियों", ""),
    ("ियां", ""),
    ("ाओं", ""),
    ("ाएं", ""),
    ("ाएँ", ""),
    ("ुओं", ""),
    ("ुएं", ""),
    ("ुएँ", ""),
    ("ों", ""),
    ("ें", ""),
    ("ाई", ""),
    # Single vowel signs: gender and number of -ā/-ī nouns and adjectives
    # (लड़का, लड़के, लड़की; नीति, प्रणाली).  The -ि/-ी singular has to go
    # because the plural -ियां cannot tell नीति from प्रणाली.
    ("ा", ""),
    ("ि", ""),
    ("ी", ""),
    ("ु", ""),
    ("ू", ""),
    ("े", ""),
    ("ो", ""),
    # A final halant (जगत्, भगवान्) is a spelling variant of the bare form.
    ("्", ""),
)

# Hindi writes case as separate postpositions (का, में, को), so one pass
# covers the fused plural-oblique endings above.
_HINDI = _grammar((0x0900, 0x097F), "\u094d", (_layer(_HI_RULES),))

# ------------------------------------------------------------------ engine --


def _viable(stem: str, grammar: _Grammar, min_letters: int) -> bool:
    """At least min_letters letters, and no dangling virama at the end."""
    if stem[-1] == grammar.virama:
        return False
    count = 0
    for ch in stem:
        if ch in grammar.letters:
            count += 1
            if count >= min_letters:
                return True
    return False


def _strip(term: str, layer: _Layer, grammar: _Grammar) -> str:
    length = len(term)
    for size in layer.sizes:
        if size >= length:
            continue
        after = layer.suffixes.get(term[-size:])
        if after is None:
            continue
        stem = term[:-size]
        if after and stem[-1] not in after:
            continue
        if _viable(stem, grammar, layer.min_letters):
            return stem
    return term


def _stem_with(grammar: _Grammar, term: str) -> str:
    if not grammar.word_re.fullmatch(term):
        return term
    for layer in grammar.layers:
        if term in grammar.protected:
            break
        term = _strip(term, layer, grammar)
    return term


def _make_stemmer(grammar: _Grammar) -> Callable[[str], str]:
    return functools.lru_cache(maxsize=_CACHE_SIZE)(functools.partial(_stem_with, grammar))


STEMMERS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {"bn": _make_stemmer(_BENGALI), "hi": _make_stemmer(_HINDI)}
)


def stem(term: str, lang: str) -> str:
    """The stem of a normalised term; unchanged for other languages and scripts."""
    stemmer = STEMMERS.get(lang)
    if stemmer is None:
        return term
    return stemmer(term)
