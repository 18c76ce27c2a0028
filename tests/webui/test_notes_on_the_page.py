"""The search page's ``no_articles`` note names the index's values as the facet chips do, and as many as the API.

The API's message lists the first 20 known values and says how many more
there are; the page does the same, each value labelled in the interface
language (Bengali, বাংলা, बांग्ला), never the raw slug.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

import search.notes


def _note(html: str) -> str:
    [note] = re.findall(r'<p class="note" data-note="no_articles">(.*?)</p>', html, re.S)
    return note


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/?lang=xx&ui=en", "No article has Language xx. Values in the index: Bengali, Hindi."),
        ("/?lang=xx&ui=bn", "কোনো নিবন্ধে ভাষা xx নেই। সূচিতে আছে: বাংলা, হিন্দি।"),
        ("/?province=ha-noi&ui=hi", "किसी लेख में प्रांत हनोई नहीं है। सूचकांक में हैं: बाक लियू, का माउ, कैन थो, ह्यू।"),
        ("/?q=year:1999&ui=bn", "কোনো নিবন্ধে বছর ১৯৯৯ নেই। সূচিতে আছে: ২০২৫।"),
    ],
)
def test_the_known_values_are_labelled_in_the_interface_language(client: FlaskClient, url: str, says: str) -> None:
    assert _note(client.get(url).get_data(as_text=True)) == says


def test_the_page_lists_as_many_known_values_as_the_api(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    years = [str(y) for y in range(2025, 1995, -1)]  # 30 values, newest first as the facet lists them
    monkeypatch.setattr(search.notes, "_known", lambda name, values: years)
    api = client.get("/api/search?year=1990").get_json()["notes"][0]["message"]
    assert api == f"No article has year '1990'; the index has year {', '.join(years[:20])} and 10 more."
    page = _note(client.get("/?year=1990&ui=en").get_data(as_text=True))
    assert page == f"No article has Year 1990. Values in the index: {', '.join(years[:20])}, 10 more."
