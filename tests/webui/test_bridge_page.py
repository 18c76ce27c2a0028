"""The bridge on the page and the API: the checkbox, the "also searched" line, bad values."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize("bad", ["yes", "2", "on"])
def test_the_api_refuses_a_bad_cross_language_with_a_sentence(client: FlaskClient, bad: str) -> None:
    for path in ("/api/search", "/api/passages"):
        response = client.get(path, query_string={"q": "ডিজিটাল", "cross_language": bad})
        assert response.status_code == 400
        assert "cross_language must be true or false" in response.get_json()["error"]


def test_the_api_reports_cross_language_and_skip_in_the_query(client: FlaskClient) -> None:
    data = client.get("/api/search", query_string={"q": "Mekong", "cross_language": "1"}).get_json()
    assert data["query"]["cross_language"] is True and data["query"]["skip"] == []
    [entry] = data["query"]["expansions"]
    assert entry["kind"] == "transliteration" and entry["field"] == "key" and entry["skip"] == "transliteration:Mekong"


def test_the_page_keeps_the_checkbox_and_lists_removable_bridges(client: FlaskClient) -> None:
    html = client.get("/?q=Nguyen+Ho+Hai&cross_language=true").get_data(as_text=True)
    assert 'id="cross_language"' in html and "checked" in html.split('id="cross_language"')[1].split(">")[0]
    line = html.split('id="expansions"')[1].split("</p>")[0]
    assert "Nan ha ha" in line
    links = [part.split('"')[0] for part in line.split('class="remove" href="')[1:]]
    assert links
    removed = parse_qs(urlsplit(links[0].replace("&amp;", "&")).query)
    assert removed["skip"] == ["transliteration:Nguyen Ho Hai"] and removed["cross_language"] == ["true"]
    # Following the link leaves that bridge out and says so no more.
    after = client.get(links[0].replace("&amp;", "&")).get_data(as_text=True)
    assert "Nan ha ha" not in after


def test_the_cli_takes_cross_language_and_skip(sample_index: object) -> None:
    from click.testing import CliRunner

    from webui.cli import main

    out = CliRunner().invoke(main, ["search", "--index", str(sample_index), "--cross-language", "Nguyen", "Ho", "Hai"])
    assert out.exit_code == 0, out.output
    assert "also searched 'Nguyen Ho Hai' through transliteration" in out.output
    bad = CliRunner().invoke(main, ["search", "--index", str(sample_index), "--skip", "nope", "x"])
    assert bad.exit_code != 0 and "skip=" in bad.output
