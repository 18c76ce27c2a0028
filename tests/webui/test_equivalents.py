"""A word's equivalents in the other language: API, page and CLI (the lexicon learned from the samples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from webui.cli import main


def test_the_api_lists_the_learned_hindi_equivalent_first(client: FlaskClient) -> None:
    data = client.get("/api/equivalents", query_string={"q": "রেজোলিউশন"}).get_json()
    assert data["ok"] and data["lang"] == "bn" and data["term"]
    top = [e["term"] for e in data["equivalents"][:2]]
    assert "संकल्प" in top
    entry = next(e for e in data["equivalents"] if e["term"] == "संकल्प")
    # Learned from the 000/001 alignment: aligned pairs support it.
    assert entry["kind"] == "lexicon" and entry["pairs"] >= 1 and entry["lang"] == "hi"
    assert set(entry) == {"term", "lang", "kind", "score", "pairs"}


def test_a_hindi_word_gets_bengali_equivalents(client: FlaskClient) -> None:
    data = client.get("/api/equivalents", query_string={"q": "परिवर्तन"}).get_json()
    assert data["lang"] == "hi" and "রূপান্তর" in [e["term"] for e in data["equivalents"]]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ({"q": ""}, "q has no word"),
        ({"q": "digital"}, "not a Bengali or Hindi word"),
        ({"q": "ডিজিটাল রূপান্তর"}, "one word at a time"),
        ({"q": "রেজোলিউশন", "limit": "0"}, "limit must be"),
        ({"q": "রেজোলিউশন", "limit": "x"}, "limit must be"),
        ({"q": "রেজোলিউশন", "nope": "1"}, "Unknown parameter"),
        ({"q": "ক" * 5000}, "characters"),
        ({"q": "রেজোলিউশন\x01"}, "control characters"),
    ],
)
def test_bad_equivalents_requests_get_a_sentence(client: FlaskClient, args: dict[str, str], says: str) -> None:
    response = client.get("/api/equivalents", query_string=args)
    assert response.status_code == 400 and says in response.get_json()["error"]


def test_the_page_links_each_equivalent_to_aligned_sentences_with_both(client: FlaskClient) -> None:
    html = client.get("/equivalents?q=রেজোলিউশন").get_data(as_text=True)
    assert 'id="equivalents"' in html and "संकल्प" in html
    link = html.split("संकल्प", 1)[1].split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert link.startswith("/concordance?")
    page = client.get(link)
    assert page.status_code == 200
    assert client.get("/equivalents?q=digital").status_code == 400


def test_the_cli_prints_the_equivalents(sample_index: Path) -> None:
    out = CliRunner().invoke(main, ["equivalents", "--index", str(sample_index), "রেজোলিউশন", "--json"])
    assert out.exit_code == 0, out.output
    assert '"संकल्प"' in out.output
    bad = CliRunner().invoke(main, ["equivalents", "--index", str(sample_index), "digital"])
    assert bad.exit_code != 0 and "not a Bengali or Hindi word" in bad.output
