"""The article page's "Back to the search" returns to the very search the reader left:
query, every filter, sort, page, page size, mode and interface language.  The search
travels in the article's ``back`` parameter and is re-read and re-encoded, so the link
can only lead to the search page.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from flask.testing import FlaskClient

BN, HI = "000_45f867eacd813f2e", "001_23384727df69c4b0"


def hrefs(html: str, pattern: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html) if re.search(pattern, unescape(h))]


def back_link(html: str) -> str:
    found = re.search(r'<p class="back"><a href="([^"]*)"', html)
    assert found, "no back link"
    return unescape(found.group(1))


SEARCHES = [
    {"q": "ডিজিটাল", "lang": "bn", "sort": "date", "per_page": "1", "page": "2", "ui": "en"},
    {"q": "ডিজিটাল", "province": ["ca-mau", "hue"], "per_page": "1", "page": "2", "ui": "bn"},
    {"q": "৫৪০", "mode": "passages", "per_page": "1", "page": "2", "ui": "hi"},
    {"lang": "bn", "source": ["baotintuc.vn", "huengaynay.vn"], "per_page": "1", "page": "2", "ui": "en"},
]


@pytest.mark.parametrize("search", SEARCHES)
def test_back_to_the_search_keeps_the_whole_search(client: FlaskClient, search: dict[str, str | list[str]]) -> None:
    response = client.get("/?" + urlencode(search, doseq=True))
    assert response.status_code == 200
    links = hrefs(response.get_data(as_text=True), r"^/doc/")
    assert links, "the search page links to its hits"
    for link in links:
        article = client.get(link)
        assert article.status_code == 200
        back = back_link(article.get_data(as_text=True))
        assert urlparse(back).path == "/"
        wanted = {k: v if isinstance(v, list) else [v] for k, v in search.items()}
        assert parse_qs(urlparse(back).query) == wanted
        assert client.get(back).status_code == 200


def test_the_article_pages_own_links_keep_the_way_back(client: FlaskClient) -> None:
    search = {"q": "ডিজিটাল", "province": "ca-mau", "sort": "date", "ui": "en"}
    html = client.get(f"/doc/{BN}?" + urlencode({"q": "ডিজিটাল", "back": urlencode(search)})).get_data(as_text=True)
    # the tabs and the translation links (the language switch has its own test below)
    own = [h for h in hrefs(html, rf"^/doc/({BN}|{HI})\?") if "ui" not in parse_qs(urlparse(h).query)]
    assert len(own) >= 3
    for link in own:
        back = back_link(client.get(link).get_data(as_text=True))
        assert parse_qs(urlparse(back).query) == {k: [v] for k, v in search.items()}


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/?q=x",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "q=x&next=https://evil.example&page=abc&mode=evil",
        "q=%22%3E%3Cscript%3E",
    ],
)
def test_the_back_link_only_leads_to_the_search_page(client: FlaskClient, back: str) -> None:
    html = client.get(f"/doc/{BN}?" + urlencode({"back": back})).get_data(as_text=True)
    link = urlparse(back_link(html))
    assert (link.scheme, link.netloc, link.path) == ("", "", "/")
    assert set(parse_qs(link.query)) <= {"q"}  # unknown parameters and bad values dropped
    assert "<script>" not in html


def test_without_back_the_link_keeps_the_query(client: FlaskClient) -> None:
    html = client.get(f"/doc/{BN}?q=ডিজিটাল").get_data(as_text=True)
    assert parse_qs(urlparse(back_link(html)).query) == {"q": ["ডিজিটাল"]}


def test_a_language_chosen_on_the_article_page_wins(client: FlaskClient) -> None:
    html = client.get(f"/doc/{BN}?" + urlencode({"back": "q=x&ui=en"})).get_data(as_text=True)
    switch = [h for h in hrefs(html, r"^/doc/") if parse_qs(urlparse(h).query).get("ui") == ["hi"]]
    html = client.get(switch[0]).get_data(as_text=True)
    assert parse_qs(urlparse(back_link(html)).query) == {"q": ["x"], "ui": ["hi"]}
    html = client.get(f"/doc/{BN}?view=article&" + urlencode({"back": "q=x&ui=en"})).get_data(as_text=True)
    assert parse_qs(urlparse(back_link(html)).query) == {"q": ["x"], "ui": ["hi"]}  # the cookie remembers


def test_the_way_back_keeps_the_page_the_search_served(client: FlaskClient) -> None:
    # "+2" and "02" are page 2 to the search: the hits' back links say page=2, not page 1.
    for page in ("+2", "02"):
        html = client.get("/?" + urlencode({"per_page": "1", "page": page})).get_data(as_text=True)
        link = hrefs(html, r"^/doc/")[0]
        back = parse_qs(parse_qs(urlparse(link).query)["back"][0])
        assert back == {"per_page": ["1"], "page": ["2"]}
