"""Every download (the search page's exports, an aligned pair) says what it is and what to save it as."""

from __future__ import annotations

import csv
import io
from importlib.metadata import version

from conftest import SEED_IDS
from flask.testing import FlaskClient

BN, HI = SEED_IDS["000"], SEED_IDS["001"]  # a linked translation pair of the sample corpus


def test_downloads_have_one_content_type_and_a_file_name(client: FlaskClient) -> None:
    seen = {}
    for url in (
        "/export.csv?q=ডিজিটাল",
        "/export.json?q=ডিজিটাল&mode=passages",
        f"/api/documents/{BN}/parallel/{HI}.tmx",
        f"/api/documents/{BN}/parallel/{HI}.tsv",
    ):
        response = client.get(url)
        assert response.get_data(as_text=True), url
        seen[url.split("?")[0]] = (
            response.status_code,
            response.headers["Content-Type"],
            response.headers["Content-Disposition"],
        )
    assert seen == {
        "/export.csv": (200, "text/csv; charset=utf-8", 'attachment; filename="setu-articles.csv"'),
        "/export.json": (200, "application/json; charset=utf-8", 'attachment; filename="setu-passages.json"'),
        f"/api/documents/{BN}/parallel/{HI}.tmx": (
            200,
            "application/x-tmx+xml; charset=utf-8",
            f'attachment; filename="{BN}--{HI}.tmx"',
        ),
        f"/api/documents/{BN}/parallel/{HI}.tsv": (
            200,
            "text/tab-separated-values; charset=utf-8",
            f'attachment; filename="{BN}--{HI}.tsv"',
        ),
    }


def test_a_tmx_names_the_installed_setu(client: FlaskClient) -> None:
    body = client.get(f"/api/documents/{BN}/parallel/{HI}.tmx").get_data(as_text=True)
    header = next(line for line in body.splitlines() if "<header " in line)
    assert f'creationtool="Setu" creationtoolversion="{version("setu")}"' in header


def test_csv_exports_start_with_a_byte_order_mark_for_excel(client: FlaskClient) -> None:
    for url in ("/export.csv?q=ডিজিটাল", "/export.csv?q=ডিজিটাল&mode=passages"):
        body = client.get(url).get_data()
        assert body.startswith(b"\xef\xbb\xbfid,"), url
        assert body.count(b"\xef\xbb\xbf") == 1, url


def test_the_sentences_csv_holds_the_counterparts_text(client: FlaskClient) -> None:
    body = client.get("/export.csv?q=ডিজিটাল&mode=passages").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    hits = client.get("/api/passages?q=ডিজিটাল&per_page=100").get_json()["hits"]
    assert list(rows[0]) == [
        "id", "sentence", "lang", "title", "date", "source", "provinces", "resolutions",
        "start", "end", "score", "text", "parallel", "parallel_text",
    ]  # fmt: skip
    assert [(r["id"], r["parallel"], r["parallel_text"]) for r in rows] == [
        (h["id"], "|".join(p["id"] for p in h["parallel"]), "|".join(p["text"] for p in h["parallel"])) for h in hits
    ]
    assert any(r["parallel_text"] for r in rows)
