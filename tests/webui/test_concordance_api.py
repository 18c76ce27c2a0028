"""The workbench over HTTP: /api/concordance, the frequency tables, their exports and their OpenAPI."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_IDS
from flask.testing import FlaskClient

BN, HI = SEED_IDS["000"], SEED_IDS["001"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_concordance_json_has_the_documented_shape(client: FlaskClient) -> None:
    data = client.get("/api/concordance?q=৫৪০&context=2").get_json()
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert sorted(data) == sorted(spec["ConcordanceResult"]["properties"])
    line = next(x for x in data["lines"] if x["id"] == BN)
    assert sorted(line) == sorted(spec["ConcordanceLine"]["properties"])
    assert sorted(line["parallel"]) == sorted(spec["AlignedLine"]["properties"])
    assert (line["match"], line["parallel"]["id"], line["parallel"]["bead"]) == ("৫৪০", HI, "1-1")
    assert len(line["left"].split()) == 2
    assert data["query"]["context"] == 2 and data["query"]["sort"] == "doc"


def test_the_api_and_the_engine_agree_and_sort_by_context(client: FlaskClient) -> None:
    right = client.get("/api/concordance?q=রূপান্তর&sort=right&per_page=100").get_json()
    doc = client.get("/api/concordance?q=রূপান্তর&per_page=100").get_json()
    assert right["total"] == doc["total"] == 32
    assert [x["right"] for x in right["lines"]] != [x["right"] for x in doc["lines"]]
    assert sorted((x["id"], x["start"]) for x in right["lines"]) == sorted((x["id"], x["start"]) for x in doc["lines"])


def test_parallel_not_on_passages_and_concordance(client: FlaskClient) -> None:
    every = client.get("/api/concordance?q=রূপান্তর&per_page=100").get_json()["lines"]
    kept = client.get("/api/concordance?q=রূপান্তর&per_page=100&parallel_not=डिजिटल").get_json()["lines"]
    assert kept == [x for x in every if not (x["parallel"] and "डिजिटल" in x["parallel"]["text"])]
    passages = client.get("/api/passages?q=রূপান্তর&per_page=100&parallel_not=डिजिटल").get_json()
    assert passages["query"]["parallel_not"] == "डिजिटल"
    assert {(h["id"], h["sentence"]) for h in passages["hits"]} == {(x["id"], x["sentence"]) for x in kept}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/concordance?q=রূপান্তর&sort=relevance", "sort must be one of doc, left, right, score"),
        ("/api/concordance?q=রূপান্তর&context=41", "context must be between 0 and 40"),
        ("/api/concordance?q=রূপান্তর&window=3", "window belongs to /api/collocations"),
        ("/api/concordance?q=", "centres lines on words"),
        ("/api/concordance?q=রূপান্তর&bead=9-9", "not a bead shape"),
        ("/api/passages?q=রূপান্তর&min_score=2", "min_score must be between 0 and 1"),
        ("/api/passages?q=রূপান্তর&aligned=yes", "aligned must be only"),
        ("/api/passages?q=রূপান্তর&parallel_not=!!", "parallel_not has no searchable words"),
        ("/api/collocations?q=রূপান্তর&window=0", "window must be between 1 and 20"),
        ("/api/collocations?q=রূপান্তর&sort=form", "sort must be one of logdice, count, word"),
        ("/api/frequencies?q=রূপান্তর&sort=logdice", "sort must be one of count, form"),
        ("/api/concordance.tsv?q=", "centres lines on words"),
    ],
)
def test_bad_workbench_parameters_are_a_400_that_says_what_to_change(
    client: FlaskClient, url: str, message: str
) -> None:
    response = client.get(url)
    assert (response.status_code, response.get_json()["code"]) == (400, "bad_query")
    assert message in response.get_json()["error"]


def test_collocations_and_frequencies_sort_limit_and_link(client: FlaskClient) -> None:
    table = client.get("/api/collocations?q=রূপান্তর&limit=5").get_json()
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert sorted(table) == sorted(spec["CollocationTable"]["properties"])
    assert sorted(table["collocations"][0]) == sorted(spec["Collocate"]["properties"])
    assert (table["nodes"], len(table["collocations"]), table["collocations"][0]["word"]) == ({"bn": 32}, 5, "ডিজিটাল")
    link = client.get(table["collocations"][0]["concordance"]).get_json()
    assert link["total"] > 0 and all("ডিজিটাল" in x["text"] for x in link["lines"])
    by_count = client.get("/api/collocations?q=রূপান্তর&sort=count&limit=50").get_json()["collocations"]
    assert [r["count"] for r in by_count] == sorted((r["count"] for r in by_count), reverse=True)
    forms = client.get("/api/frequencies?q=রূপান্তর").get_json()
    assert sorted(forms) == sorted(spec["FrequencyTable"]["properties"])
    assert [(f["form"], f["count"]) for f in forms["forms"]][:2] == [("রূপান্তর", 14), ("রূপান্তরের", 11)]
    assert forms["lines"] == 32


def test_concordance_exports_stream_every_line_with_the_query_and_date(client: FlaskClient) -> None:
    total = client.get("/api/concordance?q=রূপান্তর").get_json()["total"]
    tsv = client.get("/api/concordance.tsv?q=রূপান্তর&sort=left")
    assert tsv.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert tsv.headers["Content-Disposition"] == 'attachment; filename="setu-concordance.tsv"'
    rows = tsv.get_data(as_text=True).splitlines()
    assert rows[0].startswith('# Setu concordance; query {"q": "রূপান্তর", "sort": "left", "context": 8}; exported 20')
    assert rows[1].split("\t")[:8] == ["id", "lang", "sentence", "start", "end", "left", "match", "right"]
    assert len(rows) == total + 2 and all(len(r.split("\t")) == 13 for r in rows[1:])
    text = client.get("/api/concordance.csv?q=রূপান্তর").get_data(as_text=True)
    assert text.startswith("\ufeff# Setu concordance;")
    table = list(csv.reader(io.StringIO(text.split("\r\n", 1)[1])))
    assert len(table) == total + 1
    tmx = client.get("/api/concordance.tmx?q=রূপান্তর")
    assert tmx.headers["Content-Type"] == "application/x-tmx+xml; charset=utf-8"
    root = ET.fromstring(tmx.get_data())
    assert root.find("header/prop").text == '{"q": "রূপান্তর", "sort": "doc", "context": 8}'  # type: ignore[union-attr]
    units = root.findall("body/tu")
    with_counterpart = [
        x for x in client.get("/api/concordance?q=রূপান্তর&per_page=100").get_json()["lines"] if x["parallel"]
    ]
    assert len(units) == len(with_counterpart) == 8  # 000's lines: 8 matches in 7 sentences
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units] == [["bn", "hi"]] * 8


def test_table_exports_hold_every_row(client: FlaskClient) -> None:
    total = client.get("/api/collocations?q=রূপান্তর&limit=1").get_json()["total"]
    rows = client.get("/api/collocations.tsv?q=রূপান্তর").get_data(as_text=True).splitlines()
    assert rows[0].startswith('# Setu collocations; query {"q": "রূপান্তর"}; exported 20')
    assert rows[1] == "lang\tword\tcount\tnode\tfrequency\tlogdice" and len(rows) == total + 2
    forms = client.get("/api/frequencies.csv?q=রূপান্তর&sort=form").get_data(as_text=True)
    assert forms.splitlines()[1:] == ["lang,form,count", "bn,রূপান্তর,14", "bn,রূপান্তরকে,4", "bn,রূপান্তরে,3", "bn,রূপান্তরের,11"]


def test_openapi_documents_every_workbench_parameter(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    names = {path: {p["name"] for p in spec["get"]["parameters"]} for path, spec in paths.items()}
    aligned = {"parallel_q", "parallel_not", "min_score", "bead", "aligned"}
    assert aligned <= names["/api/passages"]
    assert aligned | {"q", "sort", "context", "page", "per_page", "lang"} <= names["/api/concordance"]
    assert {"window", "sort", "limit"} <= names["/api/collocations"]
    assert {"sort", "limit"} <= names["/api/frequencies"]
    for path, documented in names.items():
        if path.startswith(("/api/concordance", "/api/collocations", "/api/frequencies")):
            for name in documented:  # every documented parameter is accepted
                response = client.get(path, query_string={"q": "রূপান্তর", name: _example(name)})
                body = response.get_data(as_text=True)  # a download streams: read it to the end
                assert response.status_code == 200, (path, name, body)


def _example(name: str) -> str:
    return {"q": "রূপান্তর", "page": "1", "per_page": "5", "sort": "", "context": "3", "window": "2", "limit": "3",
            "min_score": "0.5", "bead": "1-1", "aligned": "only", "lang": "bn", "province": "can-tho",
            "resolution": "57-NQ/TW", "source": "doanhnghiepvn.vn", "year": "2025",
            "cross_language": "true", "skip": "transliteration:x", "month": "2025-10",
            "from": "2025", "to": "2025-12", "date": "none", "collapse": "false"}.get(name, "ডিজিটাল")  # fmt: skip


def test_cross_language_centres_the_equivalents_and_marks_them_in_the_aligned_sentence(client: FlaskClient) -> None:
    plain = client.get("/api/concordance?q=রূপান্তর&per_page=100").get_json()
    bridged = client.get("/api/concordance?q=রূপান্তর&cross_language=true&per_page=100").get_json()
    equivalents = {t for e in bridged["query"]["expansions"] if e["kind"] == "lexicon" for t in e["terms"]}
    assert equivalents and {x["lang"] for x in plain["lines"]} == {"bn"}
    hindi = [x for x in bridged["lines"] if x["lang"] == "hi"]
    assert hindi and bridged["total"] == plain["total"] + len(hindi)
    aligned = [x["parallel"] for x in bridged["lines"] if x["lang"] == "bn" and x["parallel"]]
    marked = {s["text"] for p in aligned for s in p["segments"] if s["match"]}
    assert marked and all(m.startswith(tuple(equivalents)) for m in marked)
    assert not [s for x in plain["lines"] if x["parallel"] for s in x["parallel"]["segments"] if s["match"]]


@pytest.mark.parametrize(
    "name, value", [("bead", "1-0"), ("min_score", "0.5"), ("aligned", "only"), ("parallel_not", "x")]
)
def test_an_article_search_refuses_filters_on_aligned_sentences(client: FlaskClient, name: str, value: str) -> None:
    # They were accepted and silently ignored: the hits were not filtered at all.
    response = client.get("/api/search", query_string={"q": "রূপান্তর", name: value})
    assert (
        response.status_code == 400
        and name in response.get_json()["error"]
        and "/api/passages" in response.get_json()["error"]
    )
    assert client.get("/api/passages", query_string={"q": "রূপান্তর", name: value}).status_code == 200


def test_a_collocation_links_to_the_concordance_under_the_tables_own_filters(client: FlaskClient) -> None:
    asked = "q=রূপান্তর&limit=1&window=3&min_score=0.5&cross_language=true&context=4"
    row = client.get(f"/api/collocations?{asked}").get_json()["collocations"][0]
    link = urlsplit(row["concordance"])
    params = parse_qs(link.query)
    # The aligned-sentence filter, the bridge switch and the context width
    # stay; the table's own window and limit do not.
    assert {k: v for k, v in params.items() if k != "q"} == {
        "min_score": ["0.5"], "cross_language": ["true"], "context": ["4"]
    }  # fmt: skip
    assert params["q"] == [f'(রূপান্তর) "{row["word"]}"']
    linked = client.get(row["concordance"]).get_json()
    assert linked["query"]["min_score"] == 0.5 and linked["total"] > 0
