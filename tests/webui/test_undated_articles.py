"""Articles without a date: counted wherever dates filter or sort (API, HTML page, CLI).

The sample corpus has five articles: three carry a date in their URL
(doanhnghiepvn.vn twice, baotintuc.vn), two do not (daibieunhandan.vn and
huengaynay.vn number their articles).  A tiny corpus written here checks
that a build reads the dates of baochinhphu.vn and thanhnien.vn ids.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import SEED_IDS
from flask.testing import FlaskClient

from index import build
from search import Engine, SearchRequest
from webui.cli import main

UNDATED = {SEED_IDS["002"], SEED_IDS["003"]}


def test_the_api_counts_the_articles_a_year_filter_leaves_out(client: FlaskClient) -> None:
    data = client.get("/api/search?year=2025").get_json()
    assert (data["total"], data["undated"]) == (3, 2)
    assert UNDATED.isdisjoint(h["id"] for h in data["hits"])
    # The same count in sentence search: articles, not sentences.
    assert client.get("/api/passages?year=2025").get_json()["undated"] == 2


def test_newest_first_lists_undated_articles_last_and_says_how_many(client: FlaskClient) -> None:
    data = client.get("/api/search?sort=date").get_json()
    assert data["undated"] == 2
    assert [h["date"] for h in data["hits"]] == ["2025-10-29", "2025-10-29", "2025-09-17", None, None]
    assert {h["id"] for h in data["hits"][-2:]} == UNDATED


def test_the_count_follows_the_query_and_the_other_filters(client: FlaskClient) -> None:
    # Only dated articles left (the Hindi one is from doanhnghiepvn.vn): none undated.
    assert client.get("/api/search?lang=hi&sort=date").get_json()["undated"] == 0
    assert client.get("/api/search?lang=bn&year=2025").get_json()["undated"] == 2
    assert client.get("/api/search?province=hue&year=2025").get_json()["undated"] == 1


def test_the_page_says_how_many_articles_have_no_date(client: FlaskClient) -> None:
    html = client.get("/?year=2025").get_data(as_text=True)
    assert 'id="undated">Articles with no date: 2. The year filter leaves them out.</p>' in html
    html = client.get("/?q=ডিজিটাল&sort=date").get_data(as_text=True)
    assert 'id="undated">Articles with no date: 2. Newest first lists them last.</p>' in html
    html = client.get("/").get_data(as_text=True)  # browsing: newest first
    assert "Newest first lists them last." in html
    html = client.get("/?year=2025&ui=bn").get_data(as_text=True)
    assert "তারিখহীন নিবন্ধ: 2টি। বছরের ফিল্টার এগুলি বাদ দেয়।" in html
    html = client.get("/?sort=date&mode=passages&ui=hi").get_data(as_text=True)
    assert "बिना तारीख़ वाले लेख: 2। नए पहले के क्रम में ये अंत में आते हैं।" in html
    # Ranked by relevance, without a year filter, dates play no part: no line.
    assert 'id="undated"' not in client.get("/?q=ডিজিটাল&ui=en").get_data(as_text=True)


def test_the_cli_says_how_many_articles_have_no_date(sample_index: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "  2 articles with no date are left out by --year"
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--sort", "date", "ডিজিটাল"])
    assert "  2 articles with no date come last" in result.stdout.splitlines()
    result = runner.invoke(main, ["search", "--index", str(sample_index), "ডিজিটাল"])
    assert "no date" not in result.stdout


_ARTICLE = "ক্যান থো শহরে ডিজিটাল রূপান্তর এগিয়ে চলেছে।\n\nশহরটি নতুন প্রযুক্তি গ্রহণ করছে।\n\nসূত্র: {url}\n"


def test_a_build_reads_dates_from_stamped_ids_and_not_from_article_numbers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    urls = {
        "a": "https://baochinhphu.vn/can-tho-chuyen-doi-so-102240509115334189.htm",
        "b": "https://thanhnien.vn/can-tho-chuyen-doi-so-18525090115084312.htm",
        "c": "https://daibieunhandan.vn/can-tho-chuyen-doi-so-10388317.html",
        "d": "https://huengaynay.vn/chinh-tri-xa-hoi/can-tho-chuyen-doi-so-161016.html",
    }
    for name, url in urls.items():
        (corpus / f"{name}.txt").write_text(_ARTICLE.format(url=url), encoding="utf-8")
    build(corpus, tmp_path / "ix", workers=0)
    # One text four times: repeats, listed one by one here (collapse=False).
    result = Engine(tmp_path / "ix").search(SearchRequest.create(sort="date", collapse=False))
    assert [(h.article.id, h.article.date and h.article.date.isoformat()) for h in result.hits] == [
        ("b", "2025-09-01"),
        ("a", "2024-05-09"),
        ("c", None),
        ("d", None),
    ]
    assert result.undated == 2
    assert [v.value for v in result.facets["year"]] == ["2025", "2024"]


def test_openapi_documents_every_field_of_a_result(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    for path, schema in (("/api/search", "SearchResult"), ("/api/passages", "PassageResult")):
        data = client.get(path + "?year=2025").get_json()
        assert "undated" in spec[schema]["required"]
        assert sorted(data) == sorted(spec[schema]["properties"])
