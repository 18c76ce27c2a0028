"""Cognates: a Bengali stem spelled in Devanagari, and the other way round.

Stage: one stem -> its candidate spellings in the other script (query time).
Many words are the same word in both languages (বিজ্ঞান / विज्ञान,
সংস্কৃতি / संस्कृति).  ICU's Bengali-Devanagari transliterator maps letter to
letter, but the two spelling traditions differ where Bengali merged sounds:
Bengali has one letter ব for Hindi ब and व (বিজ্ঞান -> बिज्ञान, Hindi writes
विज्ञान), writes য় after vowels where Hindi writes य (উন্নয়ন -> उन्नय़न, Hindi
उन्नयन), and Hindi व is often ভ in Bengali loanwords (वियतनाम / ভিয়েতনাম).  So a
stem gives the transliteration plus its variants over those letters (at most
:data:`MAX_VARIANTS`); the caller keeps only the ones the other language's
vocabulary has (index.translation.lexicon.Lexicon.equivalents ``known``).

ICU transliterators keep working buffers: one per thread, as the break
iterators in :mod:`index.analysis.breaks`.
"""

from __future__ import annotations

import functools
import itertools
import threading

import icu

from index.analysis.analyzers import stem_term
from index.analysis.textnorm import normalize_term

from .lexicon import COGNATE_SCORE, COGNATE_VARIANT_SCORE, other_lang

__all__ = ["MAX_VARIANTS", "cognate_candidates"]

MAX_VARIANTS = 16
_ICU_IDS = {"bn": "Bengali-Devanagari", "hi": "Devanagari-Bengali"}
_NUKTA = {"hi": "\u093c", "bn": "\u09bc"}  # nukta of the target script
# Letters of the target script that the other tradition spells another way.
_ALTERNATIVES = {
    "hi": {"ब": ("ब", "व")},  # Bengali ব is both
    "bn": {"ব": ("ব", "ভ"), "য": ("য", "য\u09bc")},  # Hindi व, Hindi य after a vowel
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


@functools.lru_cache(maxsize=1 << 14)
def _candidates(stem: str, lang: str) -> tuple[tuple[str, float], ...]:
    target = other_lang(lang)
    literal = normalize_term(_transliterate(stem, lang))
    # Without its nukta: Bengali য় becomes য (Hindi य), and য় comes back below as a variant.
    spelled = normalize_term(literal.replace(_NUKTA[target], ""))
    if not spelled:
        return ()
    alternatives = _ALTERNATIVES[target]
    choices = [alternatives.get(ch, (ch,)) for ch in spelled]
    out: dict[str, float] = {}
    for i, letters in enumerate(itertools.product(*choices)):
        if i >= MAX_VARIANTS:
            break
        variant = normalize_term("".join(letters))
        score = COGNATE_SCORE if variant == spelled else COGNATE_VARIANT_SCORE
        for form in (variant, stem_term(variant)):
            if form and out.get(form, 0.0) < score:
                out[form] = score
    if literal != spelled and literal not in out:
        out[literal] = COGNATE_VARIANT_SCORE
    return tuple(sorted(out.items(), key=lambda x: (-x[1], x[0])))


def cognate_candidates(stem: str, lang: str) -> list[tuple[str, float]]:
    """(stem of the other language, score) spellings of ``stem``, best first.

    Candidates only: most variants are not words; keep those the other
    language's vocabulary has.  A ValueError names the known languages.
    """
    other_lang(lang)
    return list(_candidates(stem, lang))
