"""Every download (the search page's exports, an aligned pair) says what it is and what to save it as."""

from __future__ import annotations

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
