"""Paging stops at MAX_PAGE: the API says which page is the last one that can be asked for,
and the search page never links past it but says how to narrow the search.

The sample corpus has a few hundred sentences, so these tests lower the cap (in the
request's validation and in the result) rather than build a corpus of 1,000 pages.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from flask.testing import FlaskClient

import search.request
import search.results
from search.request import MAX_PAGE

CAP = 3


@pytest.fixture()
def capped(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(search.request, "MAX_PAGE", CAP)
    monkeypatch.setattr(search.results, "MAX_PAGE", CAP, raising=False)
    return CAP


def test_the_api_reports_the_last_page_it_serves(client: FlaskClient, capped: int) -> None:
    data = client.get("/api/passages?per_page=5").get_json()
    assert data["pages"] == -(-data["total"] // 5) > capped  # every page of the result, as before
    assert data["last_page"] == capped
    assert client.get(f"/api/passages?per_page=5&page={capped}").status_code == 200
    past = client.get(f"/api/passages?per_page=5&page={capped + 1}")
    assert past.status_code == 400
    assert "narrow the query" in past.get_json()["error"]


def test_last_page_is_pages_below_the_cap(client: FlaskClient) -> None:
    data = client.get("/api/search?per_page=2").get_json()
    assert (data["pages"], data["last_page"]) == (3, 3)
    data = client.get("/api/passages?per_page=1").get_json()
    assert data["last_page"] == min(data["pages"], MAX_PAGE) == data["total"]


def pager_pages(html: str) -> list[int]:
    """The page numbers the pager links to, prev and next included."""
    start = html.index('<nav class="pager"')
    nav = html[start : html.index("</nav>", start)]
    hrefs = [part.split('"', 1)[0].replace("&amp;", "&") for part in nav.split('href="')[1:]]
    return sorted({int(parse_qs(urlparse(h).query).get("page", ["1"])[0]) for h in hrefs})


def test_the_pager_never_links_past_the_cap(client: FlaskClient, capped: int) -> None:
    for n in range(1, capped + 1):
        response = client.get(f"/?mode=passages&per_page=5&page={n}&ui=en")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert max(pager_pages(html)) == capped
        assert f"page {n} of {capped}" in html
        assert 'id="pages-capped"' in html
        assert f"Only the first {capped * 5} of " in html and "add a word or a filter" in html
    last = client.get(f"/?mode=passages&per_page=5&page={capped}&ui=en").get_data(as_text=True)
    assert 'rel="next"' not in last
    for page in pager_pages(last):  # every link the pager offers is served
        assert client.get(f"/?mode=passages&per_page=5&page={page}").status_code == 200


def test_no_note_when_every_page_is_reachable(client: FlaskClient) -> None:
    html = client.get("/?mode=passages&per_page=5&ui=en").get_data(as_text=True)
    assert 'id="pages-capped"' not in html
