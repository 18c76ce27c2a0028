"""Dates and ranges (from, to, date=none, the month facet) and the trend of a search.

The sample corpus: 000 (bn) and 001 (hi) are dated 2025-10-29, 004 (bn)
2025-09-17, 002 and 003 carry no date.
"""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner
from conftest import SEED_IDS
from flask.testing import FlaskClient

from search import BadRequest, Engine, SearchRequest
from search.dates import DateRange, period_keys, period_label
from webui.cli import main

ALL = {k: v for k, v in SEED_IDS.items()}


def _ids(engine: Engine, **kwargs: object) -> list[str]:
    result = engine.search(SearchRequest.create(per_page=20, **kwargs))  # type: ignore[arg-type]
    return sorted(h.article.id[:3] for h in result.hits)


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"date_from": "2025-10", "date_to": "2025-10"}, ["000", "001"]),
        ({"date_from": "2025-10-29", "date_to": "2025-10-29"}, ["000", "001"]),
        ({"date_from": "2025-09-18"}, ["000", "001"]),
        ({"date_to": "2025-09"}, ["004"]),
        ({"date_from": "2025", "date_to": "2025"}, ["000", "001", "004"]),
        ({"date_from": "2024", "date_to": "2024-12-31"}, []),
        ({"date": "none"}, ["002", "003"]),
        ({}, ["000", "001", "002", "003", "004"]),
    ],
)
def test_from_to_and_date_none_select_by_date(engine: Engine, bounds: dict[str, str], expected: list[str]) -> None:
    assert _ids(engine, **bounds) == expected


def test_a_range_counts_the_undated_articles_it_leaves_out(client: FlaskClient) -> None:
    data = client.get("/api/search?from=2025-10&to=2025-10").get_json()
    assert (data["total"], data["undated"]) == (2, 2)
    assert data["query"]["from"] == "2025-10" and data["query"]["to"] == "2025-10"
    # The same in passage search, and an undated search keeps every article.
    assert client.get("/api/passages?q=ডিজিটাল&from=2025-10").get_json()["undated"] == 2
    assert client.get("/api/search").get_json()["total"] == 5


def test_the_month_facet_sits_beside_year_newest_first(client: FlaskClient) -> None:
    data = client.get("/api/search").get_json()
    assert [(v["value"], v["count"]) for v in data["facets"]["month"]] == [("2025-10", 2), ("2025-09", 1)]
    assert data["facets"]["month"][0]["labels"]["bn"] == "২০২৫-১০"
    data = client.get("/api/search?month=2025-09").get_json()
    assert [h["id"] for h in data["hits"]] == [SEED_IDS["004"]]
    assert client.get("/api/search?q=month:2025-10").get_json()["total"] == 2


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("from=2025-13", "not a date of the calendar"),
        ("from=2025-02-30", "not a date of the calendar"),
        ("from=oct", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("to=25-10", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("from=2025-11&to=2025-10", "swap them"),
        ("date=never", "date can only be 'none'"),
        ("date=none&from=2025", "drop from and to"),
        ("from=2025&from=2024", "Give from once"),
        ("collapse=maybe", "collapse must be true or false"),
        ("month=october", "YYYY-MM"),
    ],
)
def test_bad_dates_are_a_400_with_a_sentence(client: FlaskClient, query: str, words: str) -> None:
    for path in ("/api/search", "/api/passages", "/api/trend"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert words in response.get_json()["error"]


def test_date_ranges_take_the_first_and_last_day_of_a_period() -> None:
    assert DateRange.create("2024-02", "2024-02", None).keys() == (20240201, 20240229)
    assert DateRange.create("2025", None, None).keys() == (20250101, 99991231)
    assert DateRange.create(None, "2025", None).keys() == (1, 20251231)
    with pytest.raises(BadRequest):
        DateRange.create("2025-00", None, None)


def test_weeks_are_iso_weeks() -> None:
    import numpy as np

    keys = np.array([20251029, 20250101, 20241230, 20210103])
    assert [period_label(int(k), "week") for k in period_keys(keys, "week")] == [
        "2025-W44",
        "2025-W01",
        "2025-W01",
        "2020-W53",
    ]


# -- the trend -------------------------------------------------------------------


def test_the_trend_counts_per_period_and_language(client: FlaskClient) -> None:
    data = client.get("/api/trend?interval=month").get_json()
    assert list(data) == ["ok", "query", "interval", "series", "total", "undated", "took_ms"]
    assert (data["ok"], data["interval"], data["undated"], data["total"]) == (True, "month", 2, 3)
    assert [
        (s["lang"], [(p["period"], p["count"], p["from"], p["to"]) for p in s["points"]]) for s in data["series"]
    ] == [
        ("bn", [("2025-09", 1, "2025-09", "2025-09"), ("2025-10", 1, "2025-10", "2025-10")]),
        ("hi", [("2025-09", 0, "2025-09", "2025-09"), ("2025-10", 1, "2025-10", "2025-10")]),
    ]


@pytest.mark.parametrize(
    ("interval", "q", "extra"),
    list(itertools.product(["week", "month", "year"], ["", "ডিজিটাল", "রেজোলিউশন OR परिवर्तन"], ["", "&lang=bn"])),
)
def test_every_trend_count_equals_the_total_of_the_search_in_that_period(
    client: FlaskClient, interval: str, q: str, extra: str
) -> None:
    trend = client.get(f"/api/trend?interval={interval}&q={q}{extra}").get_json()
    assert trend["series"], "the sample corpus has dated matches for each of these"
    for series in trend["series"]:
        for p in series["points"]:
            search = client.get(
                f"/api/search?q={q}{extra}&lang={series['lang']}&from={p['from']}&to={p['to']}&per_page=1"
            ).get_json()
            assert search["total"] == p["count"], (series["lang"], p)
    assert trend["undated"] == client.get(f"/api/search?q={q}{extra}").get_json()["undated"]


def test_the_trend_as_csv(client: FlaskClient) -> None:
    response = client.get("/api/trend.csv?interval=year")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.get_data(as_text=True).splitlines() == [
        "period,from,to,lang,count",
        "2025,2025,2025,bn,2",
        "2025,2025,2025,hi,1",
    ]


@pytest.mark.parametrize(
    ("query", "words"),
    [("interval=day", "interval must be one of month, week, year"), ("interval=week&interval=year", "once")],
)
def test_a_bad_interval_is_a_400(client: FlaskClient, query: str, words: str) -> None:
    for path in ("/api/trend", "/api/trend.csv", "/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert words in response.get_data(as_text=True)


def test_an_undated_search_has_an_empty_trend_and_counts_them(client: FlaskClient) -> None:
    data = client.get("/api/trend?date=none").get_json()
    assert (data["series"], data["undated"], data["total"]) == ([], 2, 0)


def test_the_cli_takes_from_to_and_undated(sample_index: object) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--from", "2025-10", "--to", "2025-10"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["2 articles", "  2 articles with no date are left out by --from and --to"]
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--undated", "--json"])
    assert sorted(h["id"][:3] for h in __import__("json").loads(result.output)["hits"]) == ["002", "003"]
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--from", "2025-13"])
    assert result.exit_code == 1 and "not a date of the calendar" in result.output


def test_a_range_that_finds_nothing_offers_to_remove_it(client: FlaskClient) -> None:
    html = client.get("/?q=ডিজিটাল&from=2024&to=2024&ui=en").get_data(as_text=True)
    assert 'id="no-results"' in html
    assert (
        '<li><a href="/?q=%E0%A6%A1%E0%A6%BF%E0%A6%9C%E0%A6%BF%E0%A6%9F%E0%A6%BE%E0%A6%B2&amp;ui=en">the date range</a>'
        ' <span class="n">(4 articles)</span></li>'
    ) in html
