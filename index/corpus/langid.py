"""Language identification of whole articles.

Stage: article body -> language code.  The dominant Unicode script decides
first: Bengali script is Bengali (langdetect knows no other language written
in it); Devanagari is Hindi unless langdetect, with a fixed seed and a clear
margin, says Marathi or Nepali; Latin and anything else go to langdetect.
Text with no letters at all is ``und`` (undetermined), which is still indexed.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import threading
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from index.analysis.memo import Memo
from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, script_counts
from index.compat import DetectorBase

__all__ = ["UNDETERMINED", "detect_language", "dominant_script"]

UNDETERMINED = "und"

# langdetect reads a few hundred characters' worth of n-grams at random; more
# text costs time without changing the answer on news prose.
_SAMPLE_CHARS = 1000
# Devanagari is Hindi unless langdetect is sure of one of these.
_DEVANAGARI_RIVALS = ("mr", "ne")
_MIN_PROBABILITY = 0.9


# langdetect 1.0.9 (pinned in setup.cfg) spends its time in Python loops over
# single characters and language lists: loading its profiles builds a
# 55-float list for each of 88k n-grams (a third of a second and 58 MB per
# process; the profiles themselves take 25 MB), and each detection squeezes spaces, counts Latin letters and
# walks the n-grams one character at a time, looking each character's
# Unicode block up by binary search.  _Profiles and _FastDetector do the same
# steps in bulk (regexes, per-word and per-n-gram caches, probabilities only
# for the n-grams an article uses) and run the library's seeded sampling loop
# over the very same n-gram list, keeping its arithmetic operation for
# operation: the answers are identical, which tests/index/test_language_identification.py checks
# against the library's own Detector.  The steps replaced are those
# index.compat.DetectorBase names.


class _ProbabilityMap:
    """DetectorFactory.word_lang_prob_map, each n-gram's probabilities made on first use."""

    def __init__(self, freqs: list[dict[str, int]], n_words: list[list[int]]) -> None:
        self._freqs = freqs
        self._n_words = n_words
        self.known: frozenset[str] = frozenset().union(*freqs)
        self._arrays: dict[str, npt.NDArray[np.float64]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.known

    def __getitem__(self, word: str) -> list[float]:
        if word not in self.known:
            raise KeyError(word)
        return self._make(word)

    def array(self, word: str) -> npt.NDArray[np.float64]:
        """``self[word]`` as a numpy array (the same doubles), kept: the sampling loop asks again and again."""
        probs = self._arrays.get(word)
        if probs is None:
            probs = self._arrays[word] = np.array(self[word], dtype=np.float64)
        return probs

    def _make(self, word: str) -> list[float]:
        # DetectorFactory.add_profile's formula, same operations; it leaves
        # n-grams of other lengths at 0.0 (none is ever sampled).
        length = len(word)
        if not 1 <= length <= NGram.N_GRAM:
            return [0.0] * len(self._freqs)
        return [
            1.0 * freq[word] / n_words[length - 1] if word in freq else 0.0
            for freq, n_words in zip(self._freqs, self._n_words, strict=True)
        ]


class _Profiles:
    """langdetect's language profiles, read as DetectorFactory.load_profile reads them.

    Stands in for the factory a Detector is made from: ``langlist`` (in the
    directory's listing order, which the library uses too), ``seed`` and
    ``word_lang_prob_map``.
    """

    seed = 0  # deterministic answers run to run

    def __init__(self, directory: str) -> None:
        self.langlist: list[str] = []
        freqs: list[dict[str, int]] = []
        n_words: list[list[int]] = []
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            if data["name"] in self.langlist:
                raise ValueError(f"langdetect profiles: {data['name']} twice")
            self.langlist.append(str(data["name"]))
            freqs.append(dict(data["freq"]))
            n_words.append(list(data["n_words"]))
        self.word_lang_prob_map = _ProbabilityMap(freqs, n_words)


class _Factory:
    """The profiles, loaded once per process on first use."""

    lock = threading.Lock()
    profiles: _Profiles | None = None


def _factory() -> _Profiles:
    with _Factory.lock:
        if _Factory.profiles is None:
            _Factory.profiles = _Profiles(PROFILES_DIRECTORY)
        return _Factory.profiles


def dominant_script(text: str) -> str | None:
    """The script with the most letters, or None when there are no letters."""
    counts = script_counts(text)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


_SPACES_RE = re.compile("  +")
_ASCII_LETTERISH_RE = re.compile("[A-z]+")  # 'A' <= ch <= 'z', as cleaning_text tests it
# cleaning_text counts ch >= U+0300 "outside Latin Extended Additional", but it
# compares unicode_block()'s int with a block name string, which never
# matches: every character from U+0300 up counts.
_NON_LATIN_RE = re.compile("[\u0300-\U0010ffff]+")


class _NormalizedChars(dict[int, str]):
    """NGram.normalize by code point, for str.translate; each character made on first sight.

    A translate table runs the per-character lookup in C: twice as fast as
    joining a cached function's results.
    """

    def __missing__(self, cp: int) -> str:
        ch = self[cp] = str(NGram.normalize(chr(cp)))
        return ch


_NORMALIZED_CHARS = _NormalizedChars()


@functools.lru_cache(maxsize=1 << 16)
def _word_ngrams(word: str, closed: bool) -> tuple[str, ...]:
    """The known n-grams langdetect takes from one word of normalised text.

    NGram.add_char and the n = 1..3 loop of Detector._extract_ngrams,
    inlined: ``grams`` holds at most the last three characters since a
    space, ``capital`` marks an all-capitals word (its n-grams are skipped).
    A space resets that state, so a word's n-grams depend only on the word
    and on whether a space follows it (``closed``: "c ", "bc " count too).
    """
    known = _factory().word_lang_prob_map.known
    result: list[str] = []
    grams = " "
    capital = False
    for ch in word + " " if closed else word:
        last = grams[-1]
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            capital = capital or last.isupper()
        else:
            capital = False
        if not capital:
            result.extend(w for w in (grams[-1:], grams[-2:], grams[-3:])[: len(grams)] if w != " " and w in known)
    return tuple(result)


def _closed_ngrams(piece: str) -> tuple[str, ...]:
    """The n-grams of a piece of text between spaces, not the last: of its normalised words, each closed."""
    words = piece.translate(_NORMALIZED_CHARS).split(" ")  # a character can normalise to a space
    return tuple(itertools.chain.from_iterable(_word_ngrams.__wrapped__(w, True) for w in words if w))


# The n-grams of a piece a space follows: nearly every word of a text, one dict lookup each.
_CLOSED_NGRAMS: Memo[str, tuple[str, ...]] = Memo(_closed_ngrams, 1 << 16)


def _count(run_re: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` in the runs ``run_re`` matches."""
    return len(text) - len(run_re.sub("", text))


class _FastDetector(DetectorBase):
    """langdetect's Detector with its per-character preparation done in bulk.

    ``detect_block`` and ``extract_ngrams`` replace the library's steps of
    those names (index.compat.DetectorBase).  Made from _factory() only: the
    n-gram cache (_word_ngrams) knows its profiles.
    """

    # Set by Detector.__init__; declared for the type checker (langdetect is untyped).
    text: str
    max_text_length: int
    word_lang_prob_map: _ProbabilityMap

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # The library keeps a space only after a non-space, over the first
        # max_text_length characters: runs of spaces become one.
        self.text += _SPACES_RE.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        # Text mostly in another script loses its ASCII letters (and the six signs between Z and a).
        if _count(_ASCII_LETTERISH_RE, self.text) * 2 < _count(_NON_LATIN_RE, self.text):
            self.text = _ASCII_LETTERISH_RE.sub("", self.text)

    def extract_ngrams(self) -> list[str]:
        # Normalising is per character and keeps spaces where they are, so
        # the text is split at its spaces first and each piece normalised
        # and cut into n-grams through a memo: one dict lookup a word.
        words = self.text.split(" ")
        last = words.pop()  # the one piece no space follows (split always gives one)
        result = list(itertools.chain.from_iterable(map(_CLOSED_NGRAMS.__getitem__, filter(None, words))))
        if last:
            *closed, tail = last.translate(_NORMALIZED_CHARS).split(" ")
            for word in filter(None, closed):
                result += _word_ngrams(word, True)
            if tail:
                result += _word_ngrams(tail, False)
        return result

    # The sampling loop updates every language's probability ~200 times per
    # article.  Numpy does the library's element-wise ``p *= weight + q`` and
    # ``p / sump`` in the same IEEE doubles, one operation each, at a third of
    # the cost of a Python loop; the sum stays Python's own sum() over the
    # same floats in the same order.

    def update_lang_prob(self, prob: npt.NDArray[np.float64], word: str, alpha: float) -> bool:
        # Only known n-grams are sampled.
        prob *= alpha / self.BASE_FREQ + self.word_lang_prob_map.array(word)
        return True

    def normalize_prob(self, prob: npt.NDArray[np.float64]) -> float:
        prob /= sum(prob.tolist())
        # The library's running maximum starts at 0.0 and takes p when maxp < p.
        return max(itertools.chain((0.0,), prob.tolist()))

    def detect_block(self) -> None:
        for _ in self.trials():
            pass

    def trials(self) -> Iterator[int]:
        """The library's sampling loop (its ``_detect_block``), pausing after each trial.

        Yields how many trials are left; ``self.langprob`` then holds the
        trials so far, each weighted ``1 / n_trial`` as in the final answer.
        The same random draws in the same order, the same arithmetic.
        """
        self.cleaning_text()
        ngrams = self.extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        for t in range(self.n_trial):
            prob = np.array(self.initial_probabilities(), dtype=np.float64)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            i = 0
            while True:
                self.update_lang_prob(prob, self.random.choice(ngrams), alpha)
                if i % 5 == 0 and (self.normalize_prob(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT):
                    break
                i += 1
            for j in range(len(self.langprob)):
                self.langprob[j] += prob[j] / self.n_trial
            yield self.n_trial - t - 1


def _langdetect(text: str) -> tuple[str, float] | None:
    detector = _FastDetector(_factory())
    detector.append(text[:_SAMPLE_CHARS])
    try:
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    if not best:
        return None
    return str(best[0].lang), float(best[0].prob)  # numpy's float64 -> float, same value


def _devanagari_language(text: str) -> str:
    """``mr`` or ``ne`` where langdetect says so with at least _MIN_PROBABILITY, else ``hi``.

    The answer of ``_langdetect`` compared with the bar, without the trials
    that cannot change it.  A trial's probabilities are normalised (each at
    most 1) and the answer averages ``n_trial`` of them, so once neither
    rival plus one per trial left, over ``n_trial``, can reach the bar, the
    answer is ``hi``.  On Hindi news the first trial settles it, which saves
    six of langdetect's seven sampling runs.
    """
    detector = _FastDetector(_factory())
    detector.append(text[:_SAMPLE_CHARS])
    rivals = [detector.langlist.index(lang) for lang in _DEVANAGARI_RIVALS]
    try:
        for left in detector.trials():
            # The margin covers the rounding of the sums still to come.
            if all(detector.langprob[r] + left / detector.n_trial < _MIN_PROBABILITY - 1e-9 for r in rivals):
                return "hi"
    except LangDetectException:
        return "hi"
    best = detector.sorted_probabilities(detector.langprob)
    if best and best[0].lang in _DEVANAGARI_RIVALS and best[0].prob >= _MIN_PROBABILITY:
        return str(best[0].lang)
    return "hi"


def detect_language(text: str) -> str:
    """An ISO 639-1 code (``bn``, ``hi``, ``en``, ...) or ``und``."""
    script = dominant_script(text)
    if script == SCRIPT_BENGALI:
        return "bn"
    if script == SCRIPT_DEVANAGARI:
        return _devanagari_language(text)
    guess = _langdetect(text)
    if guess is None:
        return UNDETERMINED
    return guess[0]
