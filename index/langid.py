"""Language identification of whole articles.

Stage: article body -> language code.  The dominant Unicode script decides
first: Bengali script is Bengali (langdetect knows no other language written
in it); Devanagari is Hindi unless langdetect, with a fixed seed and a clear
margin, says Marathi or Nepali; Latin and anything else go to langdetect.
Text with no letters at all is ``und`` (undetermined), which is still indexed.
"""

from __future__ import annotations

import threading

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, script_counts

__all__ = ["UNDETERMINED", "detect_language", "dominant_script"]

UNDETERMINED = "und"

# langdetect reads a few hundred characters' worth of n-grams at random; more
# text costs time without changing the answer on news prose.
_SAMPLE_CHARS = 1000
_DEVANAGARI_LANGS = {"hi", "mr", "ne"}
_MIN_PROBABILITY = 0.9


class _Factory:
    """One seeded langdetect factory per process, loaded on first use."""

    lock = threading.Lock()
    factory: DetectorFactory | None = None


def _factory() -> DetectorFactory:
    with _Factory.lock:
        if _Factory.factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0  # deterministic answers run to run
            _Factory.factory = factory
        return _Factory.factory


def dominant_script(text: str) -> str | None:
    """The script with the most letters, or None when there are no letters."""
    counts = script_counts(text)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def _langdetect(text: str) -> tuple[str, float] | None:
    detector = _factory().create()
    detector.append(text[:_SAMPLE_CHARS])
    try:
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    if not best:
        return None
    return best[0].lang, best[0].prob


def detect_language(text: str) -> str:
    """An ISO 639-1 code (``bn``, ``hi``, ``en``, ...) or ``und``."""
    script = dominant_script(text)
    if script == SCRIPT_BENGALI:
        return "bn"
    if script == SCRIPT_DEVANAGARI:
        guess = _langdetect(text)
        if guess and guess[0] in _DEVANAGARI_LANGS and guess[1] >= _MIN_PROBABILITY:
            return guess[0]
        return "hi"
    guess = _langdetect(text)
    if guess is None:
        return UNDETERMINED
    return guess[0]
