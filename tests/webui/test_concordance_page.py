"""The Concordance tab as HTML: the same lines as the API, controls for every filter, no script needed."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from flask.testing import FlaskClient


def lines(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tbody class="line" data-id="([^"]+)" data-sentence="(\d+)"', html)


def test_the_page_shows_the_api_lines_in_the_same_order(client: FlaskClient) -> None:
    for sort in ("doc", "left", "right", "score"):
        html = client.get(f"/concordance?q=রূপান্তর&sort={sort}&per_page=100").get_data(as_text=True)
        data = client.get(f"/api/concordance?q=রূপান্তর&sort={sort}&per_page=100").get_json()
        assert lines(html) == [(x["id"], str(x["sentence"])) for x in data["lines"]]
        assert f'data-sort="{sort}" aria-current="true"' in html


def test_every_context_cell_is_isolated_and_the_table_is_left_to_right(client: FlaskClient) -> None:
    html = client.get("/concordance?q=রূপান্তর").get_data(as_text=True)
    assert '<table class="kwic" id="kwic" dir="ltr">' in html
    cells = re.findall(r'<td class="(left|kw|right)" lang="bn">(.*?)</td>', html)
    assert len(cells) == 30
    assert all("<bdi>" in inner for _, inner in cells)


def test_the_form_has_a_labelled_control_for_every_aligned_filter(client: FlaskClient) -> None:
    html = client.get("/concordance?q=রূপান্তর&bead=1-0&min_score=0.5&lang=bn&per_page=5").get_data(as_text=True)
    for name in ("parallel_q", "parallel_not", "min_score", "aligned", "context", "sort"):
        assert f'<label for="{name}">' in html and f'id="{name}" name="{name}"' in html
    assert re.findall(r'name="bead" value="([^"]+)"( checked)?', html) == [
        ("1-1", ""),
        ("1-2", ""),
        ("2-1", ""),
        ("1-0", " checked"),
        ("0-1", ""),
    ]
    assert '<input type="hidden" name="lang" value="bn">' in html
    assert '<input type="hidden" name="per_page" value="5">' in html
    assert '<details class="kwic-controls" id="aligned-filters" open>' in html


def test_sort_links_keep_the_filters_and_start_at_page_one(client: FlaskClient) -> None:
    html = client.get("/concordance?q=রূপান্তর&parallel_not=xyz&per_page=5&page=2").get_data(as_text=True)
    href = re.search(r'<a href="([^"]+)" data-sort="right"', html)
    assert href is not None
    query = parse_qs(urlparse(href.group(1).replace("&amp;", "&")).query)
    assert query == {"q": ["রূপান্তর"], "parallel_not": ["xyz"], "per_page": ["5"], "sort": ["right"]}


def test_the_tabs_link_both_ways(client: FlaskClient) -> None:
    search = client.get("/?q=রূপান্তর&lang=bn&mode=passages").get_data(as_text=True)
    assert (
        '<a href="/concordance?q=%E0%A6%B0%E0%A7%82%E0%A6%AA%E0%A6%BE%E0%A6%A8%E0%A7%8D%E0%A6%A4%E0%A6%B0&amp;lang=bn">'
        in search
    )
    page = client.get("/concordance?q=রূপান্তর&lang=bn").get_data(as_text=True)
    assert (
        'href="/?q=%E0%A6%B0%E0%A7%82%E0%A6%AA%E0%A6%BE%E0%A6%A8%E0%A7%8D%E0%A6%A4%E0%A6%B0&amp;lang=bn&amp;mode=passages"'
        in page
    )


def test_a_bad_filter_shows_the_api_sentence_with_a_400(client: FlaskClient) -> None:
    response = client.get("/concordance?q=রূপান্তর&bead=9-9")
    assert response.status_code == 400
    assert "is not a bead shape: use 1-1, 1-2, 2-1, 1-0, 0-1" in response.get_data(as_text=True)
    assert client.get("/concordance").status_code == 200  # an empty form


def test_a_line_left_out_by_the_translation_says_so(client: FlaskClient) -> None:
    html = client.get("/concordance?q=রূপান্তর&aligned=only&ui=en").get_data(as_text=True)
    assert html.count('class="aligned-row"') == len(lines(html)) > 0
    assert "left out of the translation" not in html  # the seed pair leaves nothing out
