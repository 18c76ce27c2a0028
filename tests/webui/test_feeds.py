"""Atom feeds of searches, read back by a real feed parser (feedparser)."""

from __future__ import annotations

import datetime as dt

import feedparser  # type: ignore[import-untyped]  # ships no type information
from conftest import SEED_IDS
from flask.testing import FlaskClient

from search import Engine


def _feed(client: FlaskClient, query: str = "") -> feedparser.FeedParserDict:
    response = client.get(f"/feed.atom{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_feed_of_a_search_is_valid_atom_newest_first(client: FlaskClient, engine: Engine) -> None:
    parsed = _feed(client, "?q=ডিজিটাল")
    assert parsed.feed.title == "Setu: ডিজিটাল"
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == [
        SEED_IDS["000"],
        SEED_IDS["004"],
        SEED_IDS["002"],
        SEED_IDS["003"],
    ]
    first = parsed.entries[0]
    assert first.link == f"http://localhost/doc/{SEED_IDS['000']}"
    assert first.updated == "2025-10-29T00:00:00Z" and first.published == "2025-10-29T00:00:00Z"
    assert first.summary.startswith("এই বৈঠকের লক্ষ্য ছিল")
    assert first.title.startswith("এই বৈঠকের লক্ষ্য ছিল")
    assert first.title_detail.language == "bn" and first.tags[0].term == "bn"
    # An undated article carries the date of the build that indexed it.
    built = engine.built_at().strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [e.updated for e in parsed.entries[2:]] == [built, built]
    assert "published" not in parsed.entries[2]


def test_the_feed_takes_the_filters_and_dates(client: FlaskClient) -> None:
    parsed = _feed(client, "?lang=hi")
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == [SEED_IDS["001"]]
    assert parsed.entries[0].summary_detail.language == "hi"
    parsed = _feed(client, "?date=none")
    assert sorted(e.id.rsplit("/", 1)[1] for e in parsed.entries) == [SEED_IDS["002"], SEED_IDS["003"]]
    # sort and page are the feed's own: newest first, one page of 50.
    parsed = _feed(client, "?sort=relevance&page=3")
    assert len(parsed.entries) == 5
    assert parsed.feed.links[0].href == "http://localhost/feed.atom"


def test_the_search_page_links_its_feed(client: FlaskClient) -> None:
    html = client.get("/?q=ডিজিটাল&lang=bn&sort=date&page=1").get_data(as_text=True)
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Atom feed of this search" '
        'href="/feed.atom?q=%E0%A6%A1%E0%A6%BF%E0%A6%9C%E0%A6%BF%E0%A6%9F%E0%A6%BE%E0%A6%B2&amp;lang=bn">'
    ) in html


def test_a_bad_feed_request_is_a_400(client: FlaskClient) -> None:
    response = client.get("/feed.atom?from=2025-13")
    assert response.status_code == 400
    assert "not a date of the calendar" in response.get_data(as_text=True)


def test_the_feed_date_is_a_real_time() -> None:
    assert dt.datetime.strptime("2025-10-29T00:00:00Z", "%Y-%m-%dT%H:%M:%SZ")
