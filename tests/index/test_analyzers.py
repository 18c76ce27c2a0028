"""The analysis chains: exact and stemmed terms, offsets, golden streams.

Golden files (tests/golden/tokens/*.json) hold the whole token stream of each
seed article and each edge case, one token per line, readable in Bengali and
Hindi.  After a deliberate change to the analysis, regenerate them with
``SETU_UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis.analyzers import analyze, analyze_columns, exact_analyzer, stemmed_analyzer, terms
from index.corpus.decode import decode_bytes, normalize_newlines

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "tokens"
SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
EDGE = Path(__file__).resolve().parents[1] / "data" / "edge"
INPUTS = sorted(SAMPLE.glob("*.txt")) + sorted(EDGE.glob("*.txt"))


def token_stream(text: str) -> list[list[object]]:
    exact = [(t.text, t.startchar, t.endchar) for t in exact_analyzer()(text, positions=True, chars=True)]
    stemmed = [t.text for t in stemmed_analyzer()(text)]
    return [[e[0], s, e[1], e[2]] for e, s in zip(exact, stemmed, strict=True)]


def render(stream: list[list[object]]) -> str:
    lines = ",\n".join(json.dumps(tok, ensure_ascii=False) for tok in stream)
    return "[\n" + lines + "\n]\n"


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden_token_stream(path: Path) -> None:
    text = normalize_newlines(decode_bytes(path.read_bytes()).text)
    actual = render(token_stream(text))
    golden = GOLDEN / (path.stem + ".json")
    if os.environ.get("SETU_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_offsets_point_at_the_token_in_the_original_text() -> None:
    for path in INPUTS:
        text = normalize_newlines(decode_bytes(path.read_bytes()).text)
        for tok in exact_analyzer()(text, chars=True):
            assert text[tok.startchar : tok.endchar], (path.name, tok.text)


def test_exact_terms() -> None:
    assert terms("হিন্দি প্রস্তাব ৫৭ Cần Thơ") == ["হিন্দি", "প্রস্তাব", "57", "can", "tho"]
    assert terms("संकल्प संख्या ५७-एनक्यू/टीडब्ल्यू") == ["संकल्प", "संख्या", "57", "एनक्यू", "टीडब्ल्यू"]


def test_nukta_forms_and_zero_width_give_the_same_terms() -> None:
    assert terms("\u095b\u094b\u0930") == terms("\u091c\u093c\u094b\u0930")
    assert terms("র\u200d্যাব") == terms("র্যাব")


def test_stemmed_terms_dispatch_on_script() -> None:
    assert terms("রূপান্তরের सम्मेलनों Conferences", stemmed=True) == [
        "রূপান্তর",
        terms("सम्मेलन", stemmed=True)[0],
        "conferences",
    ]


def test_analyzers_pickle_without_icu_state() -> None:
    # Whoosh pickles the schema (and so the analyzers) into the index.
    for analyzer in (exact_analyzer(), stemmed_analyzer()):
        clone = pickle.loads(pickle.dumps(analyzer))
        assert [t.text for t in clone("কা মাউ")] == ["কা", "মাউ"]


def test_no_tokenize_mode_keeps_the_value_whole() -> None:
    tokens = list(exact_analyzer()("Cần Thơ", tokenize=False))
    assert [t.text for t in tokens] == ["can thơ".replace("ơ", "o")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "১৬৭টি",
                "5G",
                "কখ",
                "कैन",
                "थो",
                "😀",
                "১২৩",
                "abc",
                "don't",
                "TP.HCM",
                " ",
                ",",
                "\u200d",
                "২০.৮৩",
                "\u200dকখ",
                "৫\u200c",
            ]
        ),
        max_size=30,
    ).map(" ".join)
)
def test_analysis_columns_are_analyze(text: str) -> None:
    tokens = analyze(text)
    columns = analyze_columns(text)
    assert columns.terms == tuple(t[0] for t in tokens)
    assert columns.stems == tuple(t[1] for t in tokens)
    assert columns.starts == [t[2] for t in tokens]
