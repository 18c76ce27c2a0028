"""Language-independent fingerprints of articles, for translation linking.

Stage: Article -> Fingerprint (at index time, once per article).  A
fingerprint holds what survives translation between Bengali, Hindi and other
languages: the sequence of numbers (digits folded to ASCII), Latin-script
tokens (FPT, Viettel, URLs), gazetteer entities (provinces, resolutions),
*name keys* -- words transliterated to Latin and reduced to a consonant
skeleton so that ক্যান থো and कैन थो meet -- and the article's shape
(paragraph and sentence counts, length).  It is small and JSON-serialisable
so that the builder can store one per article and link a new article against
old ones without re-reading them (:mod:`index.linking`).

:func:`text_features` gives the same features for any piece of text;
:mod:`index.align` uses it per sentence.

ICU's transliterator is created lazily, once per process, and never pickled
(like the break iterators in :mod:`index.segment`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import icu

from .article import Article
from .segment import word_spans
from .stemmer import stem
from .textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, SCRIPT_LATIN, normalize_term, script_of

__all__ = [
    "FINGERPRINT_VERSION",
    "Fingerprint",
    "TextFeatures",
    "fingerprint",
    "name_key",
    "text_features",
]

# Bump when the recipe changes: a stored fingerprint of another version is
# stale and the builder must compute it again from the article.
FINGERPRINT_VERSION = 1

# Caps that keep a fingerprint at one or two kilobytes of JSON whatever the
# article's size.  Name keys beyond the cap are chosen by hash (a bottom-k
# sample), so two translations keep the same subset of their shared keys.
MAX_NUMBERS = 160
MAX_LATIN = 64
MAX_NAMES = 192
MAX_SHINGLES = 16

_STEM_LANG = {SCRIPT_BENGALI: "bn", SCRIPT_DEVANAGARI: "hi"}
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
_VOWEL_GLIDE_RE = re.compile(r"[aeiouyh]")
_DOUBLE_RE = re.compile(r"(.)\1+")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_MIN_KEY = 2

# Articles repeat their words; normalising each distinct word once is faster.
_normalize = functools.lru_cache(maxsize=1 << 17)(normalize_term)


class _Translit:
    """Per-process ICU transliterator (never pickled, created on first use)."""

    instance: icu.Transliterator | None = None


def _transliterator() -> icu.Transliterator:
    if _Translit.instance is None:
        _Translit.instance = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
    return _Translit.instance


@functools.lru_cache(maxsize=1 << 17)
def name_key(term: str) -> str | None:
    """The consonant skeleton of a normalised term, or None if too short.

    Bengali case endings are stemmed off first (মাপেটের -> মাপেট), since
    Hindi writes them as separate words.
    """
    lang = _STEM_LANG.get(script_of(term[-1]))
    if lang is not None:
        term = stem(term, lang)
    latin = _NON_LETTER_RE.sub("", str(_transliterator().transliterate(term)))
    for a, b in _DIGRAPHS:
        latin = latin.replace(a, b)
    latin = _NASAL_RE.sub("N", latin).replace("Ng", "N")
    skeleton = _DOUBLE_RE.sub(r"\1", _VOWEL_GLIDE_RE.sub("", latin))
    return skeleton if len(skeleton) >= _MIN_KEY else None


def _number(token: str) -> str | None:
    """A digit-folded number token as one canonical string, else None.

    Grouping commas go (Indian 1,00,000 and Western 100,000 meet); a
    decimal point stays.  Lone digits 0-9 are everywhere and carry nothing.
    """
    m = _NUMBER_RE.fullmatch(token)
    if m is None:
        return None
    value = token.replace(",", "")
    return value if len(value) > 1 else None


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """Anchors of one text: numbers in order, Latin tokens and name keys."""

    numbers: tuple[str, ...]
    latin: tuple[str, ...]
    names: tuple[str, ...]


def text_features(text: str, latin_names_only: bool = False) -> TextFeatures:
    """Numbers, Latin tokens and name keys of ``text`` (each key once).

    With ``latin_names_only`` (a Latin-script article) only capitalised
    Latin words count as names; otherwise every Latin token is a name, as
    it is in Bengali or Hindi text.
    """
    numbers: list[str] = []
    latin: dict[str, None] = {}
    names: dict[str, None] = {}
    for span in word_spans(text):
        raw = text[span.start : span.end]
        term = _normalize(raw)
        if not term:
            continue
        if term[0].isdigit():
            number = _number(term)
            if number is not None:
                numbers.append(number)
            continue
        script = script_of(term[0])
        if script == SCRIPT_LATIN:
            if len(term) < 2 or (latin_names_only and not raw[0].isupper()):
                continue
            latin[term] = None
        elif script not in _STEM_LANG:
            continue
        key = name_key(term)
        if key is not None:
            names[key] = None
    return TextFeatures(tuple(numbers), tuple(latin), tuple(names))


def _key_hash(key: str) -> int:
    # crc32 is stable across processes (Python's hash() is salted per run).
    return zlib.crc32(key.encode("utf-8"))


def _sentence_hash(text: str) -> int:
    words = " ".join(_normalize(text[s.start : s.end]) for s in word_spans(text))
    return int.from_bytes(hashlib.blake2b(words.encode("utf-8"), digest_size=6).digest(), "big")


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
    names: tuple[str, ...]  # distinct name keys, sorted
    shingles: tuple[int, ...]  # smallest sentence hashes: near-duplicate test

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
            shingles=tuple(int(h) for h in data["shingles"]),
        )


def _interned(values: Iterable[str]) -> tuple[str, ...]:
    # Linking holds every stored fingerprint in memory; interning makes a
    # name key shared by ten thousand articles one string, not ten thousand.
    return tuple(sys.intern(str(v)) for v in values)


def _bottom_k(keys: Iterable[str], k: int) -> tuple[str, ...]:
    keys = list(keys)
    if len(keys) > k:
        keys = sorted(keys, key=_key_hash)[:k]
    return tuple(sorted(keys))


def fingerprint(article: Article) -> Fingerprint:
    """Compute the fingerprint of one parsed article."""
    text = article.text
    sentences = [text[s.start : s.end] for s in article.sentences()]
    body = "\n".join(sentences)
    features = text_features(body, latin_names_only=article.lang in _LATIN_SCRIPT_LANGS)
    shingles = sorted({_sentence_hash(s) for s in sentences})[:MAX_SHINGLES]
    return Fingerprint(
        id=article.id,
        lang=article.lang,
        url=article.url,
        paragraphs=len(article.paragraphs),
        sentences=len(sentences),
        chars=sum(len(s) for s in sentences),
        numbers=_interned(features.numbers[:MAX_NUMBERS]),
        latin=_interned(features.latin[:MAX_LATIN]),
        provinces=_interned(article.provinces),
        resolutions=_interned(article.resolutions),
        names=_interned(_bottom_k(features.names, MAX_NAMES)),
        shingles=tuple(shingles),
    )
