"""A link's evidence through the API and the side-by-side page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from index import build
from search.parallel import link_strength

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
BN, HI = "000_45f867eacd813f2e", "001_23384727df69c4b0"
NOT_BODY = re.compile(r"^(সূত্র|स्रोत|মন্তব্য|टिप्पणी)")


def body_lines(prefix: str) -> list[str]:
    text = next(SAMPLE.glob(prefix + "_*.txt")).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not NOT_BODY.match(line)]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    from webui import create_app

    corpus = tmp_path_factory.mktemp("evidence-corpus")
    bn, hi = body_lines("000"), body_lines("001")
    url = "https://example.vn/tin-1.htm"
    files = {
        "s_bn": "\n".join(bn[:4]),  # a short translation, no source line
        "s_hi": "\n".join(hi[:4]),
        "w_bn": "\n".join(body_lines("003")) + f"\n\nসূত্র: {url}",  # one URL, unrelated texts
        "w_hi": "\n".join(hi[:12]) + f"\n\nस्रोत: {url}",
    }
    for doc_id, text in files.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    for path in SAMPLE.glob("00[01]_*.txt"):
        (corpus / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("evidence-index")
    build(corpus, index_dir, workers=0)
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def test_the_sample_pair_is_linked_by_url_with_all_19_sentences_one_to_one(client: FlaskClient) -> None:
    data = client.get(f"/api/documents/{BN}/parallel/{HI}").get_json()
    assert (data["method"], data["confidence"], data["strength"]) == ("url", 1.0, "url")
    assert (data["confidence_label"], data["low_confidence"]) == ("linked by source URL", False)
    assert [(len(p["source"]["sentences"]), len(p["target"]["sentences"])) for p in data["pairs"]] == [(1, 1)] * 19
    evidence = data["evidence"]
    assert list(evidence) == ["content", "alignment", "lexicon"]
    assert evidence["content"] is None
    assert (evidence["alignment"]["confident_share"], evidence["alignment"]["poor"]) == (1.0, False)
    assert evidence["lexicon"]["share"] > 0.3


def test_a_short_content_link_shows_its_evidence(client: FlaskClient) -> None:
    data = client.get("/api/documents/s_bn/parallel/s_hi").get_json()
    assert (data["method"], data["strength"], data["low_confidence"]) == ("content", "strong", False)
    assert data["confidence_label"] == "linked by content, strong"
    assert data["evidence"]["content"]["score"] > 0.1
    assert data["evidence"]["alignment"]["support"] > 0.9
    # Seen from the other side, the same link and evidence.
    back = client.get("/api/documents/s_hi/parallel/s_bn").get_json()
    assert (back["confidence"], back["evidence"]["lexicon"]) == (data["confidence"], data["evidence"]["lexicon"])


def test_a_url_pair_that_hardly_aligns_is_marked_low_on_the_page(client: FlaskClient) -> None:
    data = client.get("/api/documents/w_bn/parallel/w_hi").get_json()
    assert (data["method"], data["strength"], data["low_confidence"]) == ("url", "url_poor", True)
    html = client.get("/doc/w_bn?lang=en").get_data(as_text=True)
    assert '<p class="link-strength low" data-strength="url_poor">linked by source URL, but the sentences' in html
    html = client.get("/doc/s_bn?lang=en").get_data(as_text=True)
    assert '<p class="link-strength" data-strength="strong">linked by content, strong (confidence 0.' in html


@pytest.mark.parametrize(
    ("method", "confidence", "poor", "strength"),
    [
        ("url", 1.0, False, "url"),
        ("url", 1.0, True, "url_poor"),
        ("content", 0.8, False, "strong"),
        ("content", 0.79, False, "moderate"),
        ("content", 0.65, False, "moderate"),
        ("content", 0.64, False, "weak"),
    ],
)
def test_link_strength_in_words(method: str, confidence: float, poor: bool, strength: str) -> None:
    assert link_strength(method, confidence, {"alignment": {"poor": poor}}) == strength
