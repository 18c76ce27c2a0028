"""Language-independent fingerprints of articles, for translation linking.

Stage: Article -> Fingerprint (at index time, once per article).  A
fingerprint holds what survives translation between Bengali, Hindi and other
languages: the sequence of numbers (digits folded to ASCII), Latin-script
tokens (FPT, Viettel, URLs), gazetteer entities (provinces, resolutions),
*name keys* -- words transliterated to Latin and reduced to a consonant
skeleton so that ক্যান থো and कैन थो meet -- and the article's shape
(paragraph and sentence counts, length).  It is small and JSON-serialisable
so that the builder can store one per article and link a new article against
old ones without re-reading them (:mod:`index.translation.linking`).

:func:`text_features` gives the same features for any piece of text;
:mod:`index.translation.align` uses it per sentence.

ICU's transliterator is created lazily, one per thread, and never pickled
(like the break iterators in :mod:`index.analysis.breaks`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import icu
import numpy as np

from index.analysis.analyzers import Stems, analyze_columns, sentence_token_ranges
from index.analysis.arrays import sorted_unique
from index.analysis.memo import KEY_HASHES, key_hash
from index.analysis.textnorm import (
    SCRIPT_BENGALI,
    normalize_term,
    script_of,
)
from index.corpus.article import Article

from .link_lexical import LEXICAL_KEYS, smallest_by_hash, stem_lexical_pairs
from .term_columns import TermColumns, TermRecord, bottom_k_ids

__all__ = [
    "FINGERPRINT_VERSION",
    "TOKEN_RE",
    "Fingerprint",
    "TextFeatures",
    "fingerprint",
    "name_keys",
    "term_features",
    "text_features",
    "word_shingles",
]

# Bump when the recipe changes: a stored fingerprint of another version is
# stale and the builder must compute it again from the article.
FINGERPRINT_VERSION = 5

# Caps that keep a fingerprint at one or two kilobytes of JSON whatever the
# article's size.  Name keys beyond the cap are chosen by hash (a bottom-k
# sample), so two translations keep the same subset of their shared keys.
MAX_NUMBERS = 160
MAX_LATIN = 64
MAX_NAMES = 128
MAX_SHINGLES = 16
# The MinHash of an article's words (index.translation.repeats): the
# smallest hashes of its shingles of SHINGLE_TERMS consecutive terms.
MAX_WORD_SHINGLES = 64
SHINGLE_TERMS = 4

_LATIN_SCRIPT_LANGS = frozenset({"en", "vi", "fr", "de", "es", "it", "pt", "nl", "id", "ms", "tl"})

# Transliteration spells the same name differently from each script
# (ক্যান kyana, कैन kaina; ওয়েলশ oyelasa, वेल्श velsa).  A skeleton keeps
# what both agree on: consonants, aspirates merged with plain stops
# (ভ bh / ब b), sibilants merged by Latin-ASCII, v/w merged with b (Bengali
# has no v), nasals before a consonant and ng collapsed to one N (তুং tum,
# तुंग tunga), and no vowels or glides.
_DIGRAPHS = (
    ("kh", "k"), ("gh", "g"), ("ch", "c"), ("jh", "j"), ("th", "t"), ("dh", "d"), ("ph", "p"),
    ("bh", "b"), ("sh", "s"), ("f", "p"), ("z", "j"), ("q", "k"), ("x", "ks"), ("c", "k"),
    ("v", "b"), ("w", "b"),
)  # fmt: skip
_NON_LETTER_RE = re.compile(r"[^a-z]")
_NASAL_RE = re.compile(r"[nm](?=[^aeiou]|$)")
# Bengali writes w as ও/উ + য় or উ + ই (ওয়ালিদ oyalida, উইলোবি uilobi),
# Hindi as व (वालिद valida, विलुबी vilubi).
_GLIDE_W_RE = re.compile(r"(^|[aeiou])(?:[ou]y(?=[aeiou])|u(?=[ie]))")
_VOWEL_GLIDE_RE = re.compile(r"[aeiouyh]")
_DOUBLE_RE = re.compile(r"(.)\1+")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_MIN_KEY = 2
# No name or number a translation shares is this long; a longer "word" is a
# crawler accident (a megabyte without a space), and ICU transliteration is
# superlinear in its length.
_MAX_TOKEN_CHARS = 64
# Bengali case and classifier endings that carry a consonant, longest first.
_BN_ENDINGS = tuple(sorted(
    ("ের", "এর", "য়ের", "র", "কে", "তে", "দের", "রা", "েরা", "টি", "টির", "টা", "টার", "গুলো", "গুলি", "গুলোর", "গুলির"),
    key=len, reverse=True,
))  # fmt: skip


class _Translit(threading.local):
    """The current thread's ICU transliterator (never pickled, created on first use).

    ICU transliterators keep working buffers; one per thread, as with the
    break iterators in :mod:`index.analysis.breaks`.
    """

    instance: icu.Transliterator | None = None


_TRANSLIT = _Translit()


def _transliterator() -> icu.Transliterator:
    if _TRANSLIT.instance is None:
        _TRANSLIT.instance = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
    return _TRANSLIT.instance


@functools.lru_cache(maxsize=1 << 14)
def _skeleton(term: str) -> str | None:
    # Cached as well as name_keys: a name with a case ending cut off is
    # usually a term of its own (পিটারের -> পিটার), and ICU transliteration
    # is most of a new word's cost.
    latin = _NON_LETTER_RE.sub("", str(_transliterator().transliterate(term)))
    latin = _group_sub(_GLIDE_W_RE, r"\1w", latin)
    for a, b in _DIGRAPHS:
        latin = latin.replace(a, b)
    latin = _NASAL_RE.sub("N", latin).replace("Ng", "N")
    skeleton = _group_sub(_DOUBLE_RE, r"\1", _VOWEL_GLIDE_RE.sub("", latin)).removesuffix("N")
    return skeleton if len(skeleton) >= _MIN_KEY else None


def _group_sub(pattern: re.Pattern[str], template: str, text: str) -> str:
    # A replacement with a group reference goes through Python code in the re
    # module on every call, match or not; most skeletons have no match.
    return pattern.sub(template, text) if pattern.search(text) else text


@functools.lru_cache(maxsize=1 << 17)
def name_keys(term: str) -> tuple[str, ...]:
    """The consonant skeletons of a normalised term (none if too short).

    Bengali writes case endings onto names (পিটারের, ট্রাম্পকে), Hindi
    writes them apart; an ending with a consonant is cut off for a second
    key, since a bare -র may also be the name's own (পিটার, Peter).  Vowel
    endings vanish with the vowels anyway.
    """
    keys = [_skeleton(term)]
    if script_of(term[-1]) == SCRIPT_BENGALI:
        for suffix in _BN_ENDINGS:
            if term.endswith(suffix) and len(term) > len(suffix) + 1:
                keys.append(_skeleton(term[: -len(suffix)]))
                break
    return tuple(dict.fromkeys(k for k in keys if k is not None))


def _number(token: str, keep_digits: bool = False) -> str | None:
    """A digit-folded number token as one canonical string, else None.

    Grouping commas go (Indian 1,00,000 and Western 100,000 meet); a
    decimal point stays.  Lone digits 0-9 are everywhere and carry nothing.
    """
    m = _NUMBER_RE.fullmatch(token)
    if m is None:
        return None
    value = token.replace(",", "")
    return value if keep_digits or len(value) > 1 else None


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """Anchors of one text: numbers in order, Latin tokens and name keys."""

    numbers: tuple[str, ...]
    latin: tuple[str, ...]
    names: tuple[str, ...]


# Tokens for fingerprints: numbers (any script's digits, with inner . and ,),
# Bengali/Devanagari words (letters and signs, ZWJ/ZWNJ inside, no digits
# or dandas) and Latin words.  A regex pass is faster than ICU word breaks
# plus digit splitting, and for these three scripts cuts at the same places
# (spaces, punctuation, digit/letter boundaries).
_DIGIT = "0-9\u0966-\u096f\u09e6-\u09ef"
_TOKEN_RE = re.compile(
    f"(?P<number>[{_DIGIT}]+(?:[.,][{_DIGIT}]+)*)"
    "|(?P<indic>[\u0900-\u0963\u0970-\u097f\u0980-\u09e5\u09f0-\u09ff\u200c\u200d]+)"
    "|(?P<latin>[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]+)"
)
# The same tokens as whole strings (findall gives no group tuples), for a caller that looks
# each token up: what text_features yields for a text is the union of what it yields per token.
TOKEN_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_RE.pattern))


@functools.lru_cache(maxsize=1 << 17)
def _number_token(token: str, keep_digits: bool) -> str | None:
    """The canonical number of one number token (see _number), if it counts."""
    if len(token) > _MAX_TOKEN_CHARS:
        return None
    term = normalize_term(token)
    return _number(term, keep_digits) if term else None


@functools.lru_cache(maxsize=1 << 17)
def _indic_keys(token: str) -> tuple[str, ...]:
    """The name keys of one Bengali or Devanagari token."""
    if len(token) > _MAX_TOKEN_CHARS:
        return ()
    term = normalize_term(token)
    return name_keys(term) if term else ()


@functools.lru_cache(maxsize=1 << 17)
def _latin_token(token: str) -> tuple[str | None, tuple[str, ...]]:
    """(normalised term, name keys) of one Latin token; no term if it does not count."""
    if len(token) > _MAX_TOKEN_CHARS:
        return None, ()
    term = normalize_term(token)
    if len(term) < 2:
        return None, ()
    return term, name_keys(term)


def text_features(text: str, latin_names_only: bool = False, keep_digits: bool = False) -> TextFeatures:
    """Numbers, Latin tokens and name keys of ``text`` (each key once).

    With ``latin_names_only`` (a Latin-script article) only capitalised
    Latin words count as names; otherwise every Latin token is a name, as
    it is in Bengali or Hindi text.  Lone digits are left out unless
    ``keep_digits`` (they pin sentences within one article, not articles).
    """
    numbers: list[str] = []
    latin: dict[str, None] = {}
    names: dict[str, None] = {}
    # findall gives (number, indic, latin) with exactly one group non-empty,
    # and no match objects; what a token yields depends on the token alone,
    # so the helpers above are cached per distinct token.
    for number, indic, latin_word in _TOKEN_RE.findall(text):
        if number:
            value = _number_token(number, keep_digits)
            if value is not None:
                numbers.append(value)
            continue
        if indic:
            keys = _indic_keys(indic)
        elif latin_names_only and not latin_word[0].isupper():
            continue
        else:
            term, keys = _latin_token(latin_word)
            if term is None:
                continue
            latin[term] = None
        for key in keys:
            names[key] = None
    return TextFeatures(tuple(numbers), tuple(latin), tuple(names))


# The same scan split in two, for the article-level fingerprint: numbers
# (in order, repeats kept) straight from the text, and the Bengali,
# Devanagari and Latin pieces of one analysed term.  The classes are
# disjoint, so each finds exactly the tokens of its kind that _TOKEN_RE does.
_NUMBER_TOKEN_RE = re.compile(f"[{_DIGIT}]+(?:[.,][{_DIGIT}]+)*")
_NAME_TOKEN_RE = re.compile(_TOKEN_RE.pattern.split("|", 1)[1])


def _term_names(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Latin tokens, name keys) of one analysed term, as text_features finds them in it.

    A term is an ICU word, normalised; scanning it with the fingerprint
    tokeniser cuts it where text_features would have cut the text (ICU
    keeps TP.HCM or don't whole, the scan does not).
    """
    latin: dict[str, None] = {}
    names: dict[str, None] = {}
    for indic, latin_word in _NAME_TOKEN_RE.findall(term):
        if indic:
            keys = _indic_keys(indic)
        else:
            token, keys = _latin_token(latin_word)
            if token is None:
                continue
            latin[token] = None
        names.update(dict.fromkeys(keys))
    return tuple(latin), tuple(names)


def _term_record(term: str) -> TermRecord:
    """A term's hash, Latin tokens, (name key, hash) pairs, and its stem's lexical pairs (bn, hi)."""
    latin, names = _term_names(term)
    bengali, hindi = stem_lexical_pairs(Stems.term_of(term))
    return key_hash(term), latin, tuple(zip(names, map(key_hash, names), strict=True)), bengali, hindi


# Every term's record as numpy columns (index.translation.term_columns): an article's
# selections are array operations, not some 400 scattered records read per article.
_TERMS = TermColumns(_term_record, 1 << 17)
# Languages whose articles have lexical keys: their stems' keys as stems of that language
# (the term columns' key kinds of the same names).
_LEXICAL_LANGS = frozenset(("bn", "hi"))


def _numbers(text: str) -> tuple[str, ...]:
    """The numbers of ``text`` in order, as text_features finds them."""
    return tuple(n for n in map(_number_token, _NUMBER_TOKEN_RE.findall(text), itertools.repeat(False)) if n)


def term_features(text: str, terms: Iterable[str]) -> TextFeatures:
    """``text_features(text)`` from the text's analysed terms (index.analysis.analyzers).

    Numbers come from ``text``; Latin tokens and name keys from each distinct
    term's record, in order of first use: no Python step per token.  It differs
    from text_features only where ICU and the scan cut a word differently
    (a ZWSP inside a word, a currency sign inside a Bengali token).  Not for
    Latin-script articles: their names need the capitals terms no longer have.
    """
    columns = _TERMS.article(tuple(terms), ("names",))
    names = columns.names_of(bottom_k_ids(columns.keys["names"], None))
    return TextFeatures(_numbers(text), columns.latin, names)


def _canonical_hash(canonical: str) -> int:
    return int.from_bytes(hashlib.blake2b(canonical.encode("utf-8"), digest_size=6).digest(), "big")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What one article looks like from any language; stored per article."""

    id: str
    lang: str
    url: str | None
    paragraphs: int
    sentences: int
    chars: int  # code points of sentence text (boilerplate excluded)
    numbers: tuple[str, ...]  # in text order, repeats kept
    latin: tuple[str, ...]  # distinct, in order of first use
    provinces: tuple[str, ...]
    resolutions: tuple[str, ...]
    names: tuple[str, ...]  # distinct name keys, in order of first use
    shingles: tuple[int, ...]  # smallest sentence hashes: near-duplicate test
    words: tuple[int, ...] = ()  # smallest word-shingle hashes: the repeat test
    lexical: tuple[str, ...] = ()  # the stems as seed Hindi stems (index.translation.link_lexical)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FINGERPRINT_VERSION,
            "id": self.id,
            "lang": self.lang,
            "url": self.url,
            "paragraphs": self.paragraphs,
            "sentences": self.sentences,
            "chars": self.chars,
            "numbers": list(self.numbers),
            "latin": list(self.latin),
            "provinces": list(self.provinces),
            "resolutions": list(self.resolutions),
            "names": list(self.names),
            "shingles": list(self.shingles),
            "words": list(self.words),
            "lexical": list(self.lexical),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fingerprint:
        """Rebuild a stored fingerprint; ValueError if its recipe is stale."""
        if data.get("version") != FINGERPRINT_VERSION:
            raise ValueError(f"fingerprint version {data.get('version')!r}, expected {FINGERPRINT_VERSION}")
        return cls(
            id=str(data["id"]),
            lang=str(data["lang"]),
            url=data["url"],
            paragraphs=int(data["paragraphs"]),
            sentences=int(data["sentences"]),
            chars=int(data["chars"]),
            numbers=_interned(data["numbers"]),
            latin=_interned(data["latin"]),
            provinces=_interned(data["provinces"]),
            resolutions=_interned(data["resolutions"]),
            names=_interned(data["names"]),
            shingles=tuple(map(int, data["shingles"])),
            words=tuple(map(int, data["words"])),
            lexical=_interned(data["lexical"]),
        )


def _interned(values: Iterable[str]) -> tuple[str, ...]:
    # Linking holds every stored fingerprint in memory; interning makes a
    # name key shared by ten thousand articles one string, not ten thousand.
    # map, not a generator: a 100k build interns some 15 million strings here.
    return tuple(map(sys.intern, map(str, values)))


def _bottom_k(keys: Sequence[str], k: int) -> tuple[str, ...]:
    """The k keys of smallest hash, in their original order."""
    if len(keys) <= k:
        return tuple(keys)
    return smallest_by_hash(keys, list(map(KEY_HASHES.__getitem__, keys)), k)  # once per key, not once per use


def _term_shingles(terms: Sequence[str], sentence_tokens: Iterable[tuple[int, int]]) -> set[int]:
    """A hash per sentence of its normalised terms (a sentence without any counts for nothing).

    Copies of one article differ in spacing, digits and punctuation, seldom
    in words; the terms are the words with digits folded and case ignored.
    """
    return {_canonical_hash(" ".join(terms[first:end])) for first, end in sentence_tokens if end > first}


_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)


def word_shingles(terms: Sequence[str], k: int = MAX_WORD_SHINGLES) -> tuple[int, ...]:
    """The ``k`` smallest 32-bit hashes of the shingles of SHINGLE_TERMS consecutive terms (ascending).

    Each term's hash is its :func:`~index.analysis.memo.key_hash` (memoised,
    since words recur; the fingerprint takes it from its term columns) and a shingle's hash mixes its
    terms' with a multiply-rotate in numpy, so an article costs one pass of
    array arithmetic, not a hash call per shingle.
    """
    return _word_shingles(np.fromiter(map(KEY_HASHES.__getitem__, terms), dtype=np.uint64, count=len(terms)), k)


def _word_shingles(h: np.ndarray, k: int) -> tuple[int, ...]:
    """word_shingles from each term's hash (uint64, in order)."""
    if not h.size:
        return ()
    n = max(1, h.size - SHINGLE_TERMS + 1)
    mixed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(min(SHINGLE_TERMS, h.size)):
            mixed = (mixed ^ h[offset : offset + n]) * _SHINGLE_MULT
            mixed ^= mixed >> np.uint64(29)
    return tuple(int(x) for x in sorted_unique(mixed & np.uint64(0xFFFFFFFF))[:k])


def fingerprint(
    article: Article,
    terms: Sequence[str] | None = None,
    sentence_tokens: Sequence[tuple[int, int]] | None = None,
) -> Fingerprint:
    """Compute the fingerprint of one parsed article.

    ``terms`` (the exact terms of ``article.body()``) and ``sentence_tokens``
    (each sentence's token range) are what the builder has already
    analysed; without them the article is analysed here.
    """
    if terms is None or sentence_tokens is None:
        tokens = article.analysis if article.analysis is not None else analyze_columns(article.body())
        terms = tokens.terms
        sentence_tokens = sentence_token_ranges(((s.start, s.end) for s in article.sentences()), tokens.starts)
    text = article.text
    sentences = [text[s.start : s.end] for s in article.sentences()]
    body = "\n".join(sentences)
    lexical_kind = article.lang if article.lang in _LEXICAL_LANGS else None
    if article.lang in _LATIN_SCRIPT_LANGS:
        columns = _TERMS.article(terms, ())
        features = text_features(body, latin_names_only=True)
        names = _bottom_k(features.names, MAX_NAMES)
        numbers, latin = features.numbers, features.latin
    else:
        columns = _TERMS.article(terms, ("names", lexical_kind) if lexical_kind else ("names",))
        names = columns.names_of(bottom_k_ids(columns.keys["names"], MAX_NAMES))
        numbers, latin = _numbers(body), columns.latin
    shingles = sorted(_term_shingles(terms, sentence_tokens))[:MAX_SHINGLES]
    return Fingerprint(
        id=article.id,
        lang=article.lang,
        url=article.url,
        paragraphs=len(article.paragraphs),
        sentences=len(sentences),
        chars=sum(len(s) for s in sentences),
        # Not interned here: the builder stores the fingerprint at once, and
        # linking interns what it reads back (from_dict).
        numbers=numbers[:MAX_NUMBERS],
        latin=latin[:MAX_LATIN],
        provinces=article.provinces,
        resolutions=article.resolutions,
        names=names,
        shingles=tuple(shingles),
        words=_word_shingles(columns.hashes, MAX_WORD_SHINGLES),
        lexical=columns.names_of(bottom_k_ids(columns.keys[lexical_kind], LEXICAL_KEYS)) if lexical_kind else (),
    )
