"""The JSON API: shapes, content type, CORS, and one error shape everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from webui.cli import main

ERROR_KEYS = ["ok", "status", "code", "error"]


def get(client: FlaskClient, url: str) -> tuple[TestResponse, Any]:
    response = client.get(url)
    return response, json.loads(response.get_data(as_text=True))


def test_search_shape_and_headers(client: FlaskClient) -> None:
    response, data = get(client, "/api/search?q=Can+Tho&per_page=5")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "\\u09" not in response.get_data(as_text=True)  # UTF-8, not \u escapes
    assert list(data) == [
        "ok", "query", "total", "page", "per_page", "pages", "last_page", "took_ms", "hits", "facets", "undated",
        "notes", "suggestions", "folded",
    ]  # fmt: skip
    assert (data["ok"], data["total"], data["page"], data["per_page"]) == (True, 2, 1, 5)
    hit = data["hits"][0]
    assert list(hit) == [
        "id", "lang", "title", "url", "date", "source", "provinces", "resolutions", "documents",
        "score", "snippets", "translations", "bridges", "similar",
    ]  # fmt: skip
    assert data["query"]["expansions"][0]["province"] == "can-tho"
    assert sorted(data["facets"]) == ["lang", "month", "province", "resolution", "source", "year"]
    assert list(data["facets"]["province"][0]) == ["value", "label", "labels", "count", "selected"]


def test_repeatable_facet_parameters(client: FlaskClient) -> None:
    _, data = get(client, "/api/search?province=ca-mau&province=hue")
    assert sorted(h["id"][:3] for h in data["hits"]) == ["002", "003", "004"]
    _, data = get(client, "/api/search?resolution=13-NQ/TW")
    assert sorted(h["id"][:3] for h in data["hits"]) == ["000", "001"]


def test_facet_labels_in_three_languages(client: FlaskClient) -> None:
    _, data = get(client, "/api/search?ui=hi")
    lang = {v["value"]: v for v in data["facets"]["lang"]}
    assert lang["bn"]["label"] == "बांग्ला"
    assert lang["bn"]["labels"] == {"en": "Bengali", "bn": "বাংলা", "hi": "बांग्ला"}


def test_passages_endpoint(client: FlaskClient) -> None:
    _, data = get(client, "/api/passages?q=540")
    assert [(h["id"][:3], h["sentence"]) for h in data["hits"]] == [("000", 10), ("001", 10)]
    assert "".join(s["text"] for s in data["hits"][0]["segments"]) == data["hits"][0]["text"]


def test_document_endpoint(client: FlaskClient) -> None:
    response, data = get(client, "/api/documents/004_a2bd8f65d88ff69c")
    assert response.status_code == 200
    doc = data["document"]
    assert (doc["id"], doc["lang"], doc["date"], doc["resolutions"]) == (
        "004_a2bd8f65d88ff69c",
        "bn",
        "2025-09-17",
        ["57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW"],
    )
    for p in doc["paragraphs"]:
        for s in p["sentences"]:
            assert doc["text"][s["start"] : s["end"]] == s["text"]


def test_openapi_is_served_and_lists_the_endpoints(client: FlaskClient) -> None:
    response, spec = get(client, "/api/openapi.json")
    assert response.status_code == 200
    assert sorted(spec["paths"]) == [
        "/api/collocations",
        "/api/collocations.csv",
        "/api/collocations.tsv",
        "/api/concordance",
        "/api/concordance.csv",
        "/api/concordance.tmx",
        "/api/concordance.tsv",
        "/api/documents/{id}",
        "/api/documents/{id}/parallel/{other_id}",
        "/api/documents/{id}/parallel/{other_id}.tmx",
        "/api/documents/{id}/parallel/{other_id}.tsv",
        "/api/equivalents",
        "/api/frequencies",
        "/api/frequencies.csv",
        "/api/frequencies.tsv",
        "/api/passages",
        "/api/search",
        "/api/trend",
        "/api/trend.csv",
    ]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ('/api/search?q="open', 400, "bad_query"),
        ("/api/search?q=NOT", 400, "bad_query"),
        ("/api/search?q=foo:bar", 400, "bad_query"),
        ("/api/search?province=atlantis", 400, "bad_query"),
        ("/api/search?q=57&page=99", 400, "bad_query"),
        ("/api/search?per_page=101", 400, "bad_query"),
        ("/api/search?page=abc", 400, "bad_query"),
        ("/api/search?sort=random", 400, "bad_query"),
        ("/api/search?colour=red", 400, "bad_query"),
        ("/api/search?q=a&q=b", 400, "bad_query"),
        ("/api/passages?q=*", 400, "bad_query"),
        ("/api/documents/nope", 404, "not_found"),
        ("/api/documents/../etc/passwd", 404, "not_found"),
        ("/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "not_found"),
        ("/api/nothing-here", 404, "not_found"),
    ],
)
def test_every_error_path_has_the_one_shape(client: FlaskClient, url: str, status: int, code: str) -> None:
    response, data = get(client, url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert list(data) == ERROR_KEYS
    assert (data["ok"], data["status"], data["code"]) == (False, status, code)
    assert data["error"].endswith(".") and len(data["error"]) > 20


def test_wrong_method_and_unexpected_errors_keep_the_shape(app: Flask, client: FlaskClient) -> None:
    response = client.post("/api/search")
    data = response.get_json()
    assert (response.status_code, list(data), data["code"]) == (405, ERROR_KEYS, "method_not_allowed")

    engine = app.extensions["setu.engine"]

    def boom(*args: object) -> None:
        raise RuntimeError("corpus text that must not leak")

    original = engine.search
    engine.search = boom
    try:
        response = client.get("/api/search?q=57")
    finally:
        engine.search = original
    data = response.get_json()
    assert (response.status_code, data["code"]) == (500, "internal_error")
    assert "corpus text" not in data["error"]


def test_missing_index_is_a_503_in_the_same_shape(tmp_path: Path) -> None:
    from webui import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = client.get("/api/search?q=57")
    data = response.get_json()
    assert (response.status_code, list(data), data["code"]) == (503, ERROR_KEYS, "index_unavailable")


@pytest.mark.parametrize(
    ("query", "args"),
    [("57", []), ('"ডিজিটাল রূপান্তর"', []), ("Can Tho", []), ("", ["--province", "ca-mau"])],
)
def test_cli_json_gives_the_same_hits_as_the_api(
    client: FlaskClient, sample_index: Path, query: str, args: list[str]
) -> None:
    result = CliRunner().invoke(main, ["search", "--index", str(sample_index), "--json", *args, query])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    api_args = {k.lstrip("-"): v for k, v in zip(args[::2], args[1::2], strict=True)}
    api = client.get("/api/search", query_string={"q": query, **api_args}).get_json()
    assert [h["id"] for h in cli["hits"]] == [h["id"] for h in api["hits"]]
    assert cli["facets"] == api["facets"]


def test_cli_search_text_output_marks_matches(sample_index: Path) -> None:
    result = CliRunner().invoke(main, ["search", "--index", str(sample_index), "৫৪০", "--passages"])
    assert result.exit_code == 0
    assert "[৫৪০]" in result.stdout and "[540]" in result.stdout
    bad = CliRunner().invoke(main, ["search", "--index", str(sample_index), '"open'])
    assert bad.exit_code == 1 and "quotation mark is not closed" in bad.stderr
