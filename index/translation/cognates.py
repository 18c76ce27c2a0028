"""Cognates: a Bengali stem spelled in Devanagari, and the other way round.

Stage: one stem -> its candidate spellings in the other script (query time).
Many words are the same word in both languages (বিজ্ঞান / विज्ञान,
সংস্কৃতি / संस्कृति).  ICU's Bengali-Devanagari transliterator maps letter to
letter, but the two spelling traditions differ where Bengali merged sounds:
Bengali has one letter ব for Hindi ब and व (বিজ্ঞান -> बिज्ञान, Hindi writes
विज्ञान), writes য় after vowels where Hindi writes य (উন্নয়ন -> उन्नय़न, Hindi
उन्नयन), and Hindi व is often ভ in Bengali loanwords (वियतनाम / ভিয়েতনাম).  So a
stem gives the transliteration plus its variants over those letters and
vowel length (at most :data:`MAX_VARIANTS`, fewest changes first), kept only
when their phonetic key (:func:`index.analysis.phonetic.phonetic_key`) is
the stem's; the caller keeps only the ones the other language's vocabulary
has (index.translation.lexicon.Lexicon.equivalents ``known``).

ICU transliterators keep working buffers: one per thread, as the break
iterators in :mod:`index.analysis.breaks`.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Mapping

import icu

from index.analysis.analyzers import stem_term
from index.analysis.phonetic import phonetic_key
from index.analysis.textnorm import normalize_term

from .lexicon import COGNATE_SCORE, COGNATE_VARIANT_SCORE, other_lang

__all__ = ["MAX_VARIANTS", "cognate_candidates"]

MAX_VARIANTS = 24
_ICU_IDS = {"bn": "Bengali-Devanagari", "hi": "Devanagari-Bengali"}
_NUKTA = {"hi": "\u093c", "bn": "\u09bc"}  # nukta of the target script
# Letters of the target script that the other tradition spells another way.
_ALTERNATIVES = {
    # Bengali ব is Hindi ब or व; Bengali loanwords write া where Hindi has the
    # inherent vowel (ডিজিটাল, डिजिटल); vowel length differs in loanwords.
    "hi": {"ब": ("व",), "ा": ("",), "ि": ("ी",), "ी": ("ि",), "ु": ("ू",), "ू": ("ु",)},
    # Hindi व is Bengali ব or ভ; Hindi य after a vowel is Bengali য়.
    "bn": {"ব": ("ভ",), "য": ("য\u09bc",), "ি": ("ী",), "ী": ("ি",), "ু": ("ূ",), "ূ": ("ু",)},
}


class _Translit(threading.local):
    """The current thread's transliterators, by source language (created on first use)."""

    def __init__(self) -> None:
        self.by_lang: dict[str, icu.Transliterator] = {}


_TRANSLIT = _Translit()


def _transliterate(term: str, lang: str) -> str:
    t = _TRANSLIT.by_lang.get(lang)
    if t is None:
        t = _TRANSLIT.by_lang[lang] = icu.Transliterator.createInstance(_ICU_IDS[lang])
    return str(t.transliterate(term))


def _variants(spelled: str, alternatives: Mapping[str, tuple[str, ...]]) -> list[str]:
    """``spelled`` and its variants, fewest changes first (one, then two), at most MAX_VARIANTS."""
    places = [(i, alt) for i, ch in enumerate(spelled) for alt in alternatives.get(ch, ()) if alt != ch]
    out = [spelled]
    for changes in (1, 2):
        for combo in itertools.combinations(places, changes):
            if len({i for i, _ in combo}) < changes:
                continue  # two alternatives for one letter
            letters = list(spelled)
            for i, alt in combo:
                letters[i] = alt
            out.append("".join(letters))
            if len(out) >= MAX_VARIANTS:
                return out
    return out


@functools.lru_cache(maxsize=1 << 14)
def _candidates(stem: str, lang: str) -> tuple[tuple[str, float], ...]:
    target = other_lang(lang)
    literal = normalize_term(_transliterate(stem, lang))
    # Without its nukta: Bengali য় becomes য (Hindi य), and য় comes back below as a variant.
    spelled = normalize_term(literal.replace(_NUKTA[target], ""))
    key = phonetic_key(stem)
    if not spelled or not key:
        return ()
    out: dict[str, float] = {}
    for variant in [literal, *_variants(spelled, _ALTERNATIVES[target])]:
        variant = normalize_term(variant)
        score = COGNATE_SCORE if variant == spelled else COGNATE_VARIANT_SCORE
        # The phonetic key is the judge: a variant that sounds otherwise is not the word.
        if not variant or phonetic_key(variant) != key:
            continue
        for form in (variant, stem_term(variant)):  # the other language's stem field has the latter
            if form and out.get(form, 0.0) < score:
                out[form] = score
    return tuple(sorted(out.items(), key=lambda x: (-x[1], x[0])))


def cognate_candidates(stem: str, lang: str) -> list[tuple[str, float]]:
    """(stem of the other language, score) spellings of ``stem``, best first.

    Candidates only: most variants are not words; keep those the other
    language's vocabulary has.  A ValueError names the known languages.
    """
    other_lang(lang)
    return list(_candidates(stem, lang))
