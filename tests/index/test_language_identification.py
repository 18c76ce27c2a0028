"""Language identification, and the fast langdetect path against the library's own."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import DATA, SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, SCRIPT_LATIN
from index.corpus.langid import (
    _MIN_PROBABILITY,
    _SAMPLE_CHARS,
    UNDETERMINED,
    _devanagari_language,
    _factory,
    _FastDetector,
    detect_language,
    dominant_script,
)


@functools.cache
def _library_factory() -> DetectorFactory:
    """langdetect's own factory, loaded and seeded as index.corpus.langid did before it had _Profiles."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def _library(text: str) -> tuple[str, list[str], list[tuple[str, float]] | None]:
    """What langdetect's own Detector makes of ``text``: cleaned text, n-grams, answer."""
    detector = _library_factory().create()
    detector.append(text)
    return _run(detector)


def _fast(text: str) -> tuple[str, list[str], list[tuple[str, float]] | None]:
    detector = _FastDetector(_factory())
    detector.append(text)
    return _run(detector)


def _run(detector: Detector) -> tuple[str, list[str], list[tuple[str, float]] | None]:
    appended = str(detector.text)
    detector.cleaning_text()
    ngrams = list(detector._extract_ngrams())
    detector.text = appended  # get_probabilities cleans again
    try:
        answer = [(lang.lang, lang.prob) for lang in detector.get_probabilities()]
    except LangDetectException:
        answer = None
    return appended, ngrams, answer


def _articles() -> list[str]:
    paths = sorted(SAMPLE.glob("*.txt")) + sorted((DATA / "edge").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


EXAMPLES = [
    "",
    "   ",
    "12345 67",
    "ক্যান থো শহরের পিপলস কমিটি  বলেছে।",
    "कैन थो शहर की पीपुल्स कमेटी ने कहा।",
    "मुंबई महानगरपालिकेच्या निवडणुकीत भाजपने बहुमत मिळवले आहे.",
    "काठमाडौं महानगरपालिकाले नयाँ बजेट सार्वजनिक गरेको छ।",
    "The People's Committee of CAN THO said on Monday that VIETTEL and FPT ...",
    "Ủy ban nhân dân thành phố Cần Thơ cho biết",
    "ỆỀỄ ẾỂ ab",  # U+1Exx counts as non-Latin for langdetect's cleaning (see langid.py)
    "Uy ban nha\u0302n da\u0302n Ca\u0302\u0300n Tho\u031b",  # decomposed Vietnamese marks
    "See https://example.com/a_b?c=d&e=f and mail me@example.org   now",
    "ক্যান থো FPT Viettel [x]^_` ক্যান থো",
    "東京都の新しい計画 ひらがな カタカナ 한국어 ㄅㄆ",
    "Zürich «Grüße» — naïve café; ș ț",
    "emoji 😀 and astral 𝟘𝟙 text",
    # Signs langdetect reads as spaces, inside a word and last: the pieces between spaces split again.
    "सरकार,नीति और,योजना ने,कहा,",
    "सरकार ने कहा,कि",
    "কখ   " * 2600 + "FPT",  # past langdetect's 10,000 characters, spaces squeezed after the cut
]


@pytest.mark.parametrize("text", EXAMPLES + _articles())
def test_fast_detector_matches_the_library(text: str) -> None:
    assert _fast(text) == _library(text)
    assert _fast(text[:_SAMPLE_CHARS]) == _library(text[:_SAMPLE_CHARS])


_ALPHABET = st.sampled_from(
    list("ক্যানথোশহরেরকমিটি।कैनथोशहरकीमेटीने।AaBbZz[]^_`  \n.,0৫५")
    + [
        "\u0300",
        "\u0301",
        "\u0323",
        "ế",
        "Đ",
        "ß",
        "\u00a0",
        "\u2019",
        "東",
        "の",
        "カ",
        "😀",
        "https://x.vn/a ",
        "a@b.cd ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_fast_detector_matches_the_library_on_any_text(text: str) -> None:
    assert _fast(text) == _library(text)


def test_profiles_match_the_library_factory() -> None:
    library = _library_factory()
    profiles = _factory()
    assert profiles.langlist == library.langlist
    assert profiles.seed == library.seed
    probs = profiles.word_lang_prob_map
    for word in [*library.word_lang_prob_map, "কখ", "zzzzq", " ক", "ক "]:
        assert (word in probs) == (word in library.word_lang_prob_map)
        if word in probs and 1 <= len(word) <= 3:
            assert probs[word] == library.word_lang_prob_map[word][: len(library.langlist)]


def test_dominant_script_and_language() -> None:
    assert dominant_script("ক্যান থো 57") == SCRIPT_BENGALI
    assert dominant_script("कैन थो") == SCRIPT_DEVANAGARI
    assert dominant_script("Can Tho, ক") == SCRIPT_LATIN
    assert dominant_script("57 !?") is None
    assert detect_language("ক্যান থো শহরের পিপলস কমিটি বলেছে।") == "bn"
    assert detect_language("कैन थो शहर की पीपुल्स कमेटी ने कहा।") == "hi"
    assert detect_language("57 !?") == UNDETERMINED


def test_script_ties_go_to_the_script_seen_first() -> None:
    assert dominant_script("কখ ab") == SCRIPT_BENGALI
    assert dominant_script("ab কখ") == SCRIPT_LATIN


def test_sample_articles_keep_their_languages() -> None:
    langs = {Path(p).name[:3]: detect_language(Path(p).read_text(encoding="utf-8")) for p in SAMPLE.glob("*.txt")}
    assert set(langs.values()) <= {"bn", "hi"}


def _devanagari_reference(text: str) -> str:
    """The Devanagari decision as made before the early stop: all of langdetect's trials, then the bar."""
    answer = _library(text[:_SAMPLE_CHARS])[2]
    if answer and answer[0][0] in ("mr", "ne") and answer[0][1] >= _MIN_PROBABILITY:
        return answer[0][0]
    return "hi"


_DEVANAGARI_EXAMPLES = [
    "मुंबई महानगरपालिकेच्या निवडणुकीत भाजपने बहुमत मिळवले आहे.",
    "काठमाडौं महानगरपालिकाले नयाँ बजेट सार्वजनिक गरेको छ।",
    "कैन थो शहर की पीपुल्स कमेटी ने कहा।",
    "मुंबई आहे कैन थो छ",
    "संस्कृतम् जगतः एकतमा अतिप्राचीना समृद्धा शास्त्रीया च भाषा",
    "१२३ ४५",
]
_DEVANAGARI_WORDS = st.sampled_from(
    "मुंबई महानगरपालिकेच्या निवडणुकीत भाजपने बहुमत मिळवले आहे काठमाडौं महानगरपालिकाले नयाँ बजेट "
    "सार्वजनिक गरेको छ कैन थो शहर की पीपुल्स कमेटी ने कहा सरकार प्रस्ताव 57 FPT । ,".split()
)


@pytest.mark.parametrize(
    "text", _DEVANAGARI_EXAMPLES + [t for t in _articles() if dominant_script(t) == SCRIPT_DEVANAGARI]
)
def test_devanagari_early_stop_gives_the_full_answer(text: str) -> None:
    assert _devanagari_language(text) == _devanagari_reference(text)


def test_devanagari_examples_reach_every_answer() -> None:
    # The early stop is exercised on both sides of the bar.
    assert {_devanagari_reference(t) for t in _DEVANAGARI_EXAMPLES} == {"hi", "mr", "ne"}


@settings(max_examples=200, deadline=None)
@given(st.lists(_DEVANAGARI_WORDS, min_size=1, max_size=40).map(" ".join))
def test_devanagari_early_stop_on_any_mix(text: str) -> None:
    assert _devanagari_language(text) == _devanagari_reference(text)
