"""Every hit, article or sentence, carries the same metadata, and the page shows only what is there."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from index import build

# Two paragraphs of Bengali and no source line: an article with no source and no date.
NO_SOURCE = (
    "মেকং ডেল্টার কৃষকেরা এই মৌসুমে লবণাক্ত পানির সঙ্গে লড়াই করছেন এবং নতুন ধানের জাত পরীক্ষা করছেন।\n\n"
    "স্থানীয় কর্মকর্তারা বলেছেন যে সেচ খাল সংস্কারের কাজ আগামী মাসে শেষ হবে এবং কৃষকেরা উপকৃত হবেন।\n"
)


def test_sentence_hits_carry_their_articles_translations(client: FlaskClient) -> None:
    hits = client.get("/api/passages?q=ডিজিটাল&per_page=100").get_json()["hits"]
    documents = {h["id"]: client.get(f"/api/documents/{h['id']}").get_json() for h in hits}
    assert [h["translations"] for h in hits] == [documents[h["id"]]["document"]["translations"] for h in hits]
    assert any(h["translations"] for h in hits)  # the sample corpus links translations
    articles = client.get("/api/search?q=ডিজিটাল&per_page=100").get_json()["hits"]
    same_shape = {h["id"]: h["translations"] for h in articles}
    assert all(same_shape[h["id"]] == h["translations"] for h in hits if h["id"] in same_shape)


@pytest.fixture(scope="module")
def sourceless_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    from webui import create_app

    corpus = tmp_path_factory.mktemp("sourceless-corpus")
    (corpus / "900_sourceless.txt").write_text(NO_SOURCE, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("sourceless-index")
    build(corpus, index_dir, workers=0)
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def _meta_lines(html: str) -> list[str]:
    found = re.findall(r'<p class="meta">(.*?)</p>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m)).strip() for m in found]


@pytest.mark.parametrize(("mode", "title"), [("", ""), ("passages", "মেকং ")])
def test_an_article_without_a_source_has_no_empty_separator(
    sourceless_client: FlaskClient, mode: str, title: str
) -> None:
    hit = sourceless_client.get(f"/api/search?q=কৃষকেরা&mode={mode}").get_json()["hits"][0]
    assert (hit["source"], hit["date"]) == (None, None)
    html = sourceless_client.get(f"/?q=কৃষকেরা&mode={mode}&ui=en").get_data(as_text=True)
    lines = _meta_lines(html)
    assert lines and all("· ·" not in line and not line.endswith("·") for line in lines), lines
    assert all(line.startswith("Bengali") and line.endswith("· no date") for line in lines), lines
