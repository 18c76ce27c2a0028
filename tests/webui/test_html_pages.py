"""The HTML pages and exports through Flask's test client (no browser, no JavaScript).

The page shows what the API says: same hits, same facet counts.  Facets,
sorting and paging are plain links; corpus text is escaped and isolated;
exports stream every page of the result set.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import string
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from flask import Flask
from flask.testing import FlaskClient

from index import build
from search import Engine, PassageResult, SearchRequest, SearchResult
from search.parallel import is_low
from search.results import Document, Translation
from webui.exports import ARTICLE_COLUMNS, _row
from webui.i18n import LANGUAGE_NAMES, STRINGS

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
BN, HI = "000_45f867eacd813f2e", "001_23384727df69c4b0"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside chosen elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
        def matches(name: str, a: dict[str, str]) -> bool:
            if tag is not None and name != tag:
                return False
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                if key == "class":
                    if value not in a.get("class", "").split():
                        return False
                elif a.get(key) != value:
                    return False
            return True

        return [a for name, a in self.tags if matches(name, a)]


def page(client: FlaskClient, url: str, status: int = 200) -> tuple[str, Elements]:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    return html, Elements(html)


def html_view(els: Elements) -> dict[str, Any]:
    """What the page shows: hit ids (and sentence numbers), total, facet counts and selections."""
    facets: dict[str, list[tuple[str, int, bool]]] = {}
    for a in els.find("a", class_="fv"):
        facets.setdefault(a["data-facet"], []).append(
            (a["data-value"], int(a["data-count"]), "on" in a["class"].split())
        )
    return {
        "hits": [(li["data-id"], li.get("data-sentence")) for li in els.find("li", class_="hit")],
        "total": int(els.find(id="count")[0]["data-total"]),
        "facets": facets,
    }


def api_view(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "hits": [(h["id"], str(h["sentence"]) if "sentence" in h else None) for h in data["hits"]],
        "total": data["total"],
        "facets": {
            name: [(v["value"], v["count"], v["selected"]) for v in values]
            for name, values in data["facets"].items()
            if values
        },
    }


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=ডিজিটাল রূপান্তর",
        "q=ডিজিটাল&province=ca-mau&province=hue",
        "q=Can Tho&sort=date",
        "q=57&lang=hi&ui=hi",
        "per_page=2&page=2",
        "resolution=57-NQ/TW&year=2025",
        "q=ডিজিটাল&mode=passages",
        "mode=passages&page=3&province=can-tho",
    ],
)
def test_html_and_json_show_the_same_hits_and_facet_counts(client: FlaskClient, query: str) -> None:
    _, els = page(client, "/?" + query)
    endpoint = "/api/passages" if "mode=passages" in query else "/api/search"
    data = client.get(endpoint + "?" + query.replace("mode=passages", "").strip("&")).get_json()
    assert html_view(els) == api_view(data)
    # facet labels in the interface language, as the API labels them
    ui = parse_qs(query).get("ui", ["en"])[0]
    shown = {(a["data-facet"], a["data-value"]) for a in els.find("a", class_="fv")}
    assert shown == {(name, v["value"]) for name, values in data["facets"].items() for v in values}
    html = client.get("/?" + query).get_data(as_text=True)
    for values in data["facets"].values():
        for v in values:
            assert f'<span class="fl">{_escape(v["labels"][ui])}</span>' in html


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_facet_values_are_links_that_toggle_without_javascript(client: FlaskClient) -> None:
    _, els = page(client, "/?q=ডিজিটাল&sort=date")
    link = els.find("a", class_="fv", data_facet="province", data_value="ca-mau")[0]
    args = parse_qs(urlparse(link["href"]).query)
    assert args == {"q": ["ডিজিটাল"], "province": ["ca-mau"], "sort": ["date"]}

    _, els = page(client, link["href"])
    assert html_view(els)["total"] == 2
    on = els.find("a", class_="fv", data_facet="province", data_value="ca-mau")[0]
    assert "on" in on["class"].split()
    assert parse_qs(urlparse(on["href"]).query) == {"q": ["ডিজিটাল"], "sort": ["date"]}  # toggles off
    # OR within a facet: adding Hue widens; AND across facets: a year narrows
    hue = els.find("a", class_="fv", data_facet="province", data_value="hue")[0]
    _, els = page(client, hue["href"])
    assert html_view(els)["total"] == 3
    removable = [a["data-remove"] for _, a in els.tags if "data-remove" in a]
    assert removable == ["province=ca-mau", "province=hue"]


def test_paging_and_sorting_are_links(client: FlaskClient) -> None:
    _, els = page(client, "/?per_page=2&q=ডিজিটাল")
    nxt = els.find("a", rel="next")[0]
    assert parse_qs(urlparse(nxt["href"]).query) == {"q": ["ডিজিটাল"], "per_page": ["2"], "page": ["2"]}
    assert [a["aria-current"] for a in els.find("a") if a.get("aria-label") == "Page 1"] == ["page"]
    sort = [a for a in els.tags if a[0] == "a" and "sort=date" in a[1].get("href", "")]
    assert sort and "page" not in parse_qs(urlparse(sort[0][1]["href"]).query)  # a new order starts at page 1
    _, els = page(client, "/?per_page=2&q=ডিজিটাল&page=2")
    assert els.find("a", rel="prev")


def test_an_empty_query_browses_everything_newest_first(client: FlaskClient) -> None:
    html, els = page(client, "/")
    data = client.get("/api/search?sort=date").get_json()
    assert [i for i, _ in html_view(els)["hits"]] == [h["id"] for h in data["hits"]]
    assert "newest first" in html


def test_a_search_that_finds_nothing_suggests_what_to_remove(client: FlaskClient) -> None:
    html, els = page(client, "/?q=ডিজিটাল qqqxyz&province=hue")
    assert "Nothing matches “ডিজিটাল qqqxyz”." in html
    suggestions = [a["href"] for a in els.find("a") if a.get("href", "").startswith("/?") and "qqq" not in a["href"]]
    assert "/?q=%E0%A6%A1%E0%A6%BF%E0%A6%9C%E0%A6%BF%E0%A6%9F%E0%A6%BE%E0%A6%B2&province=hue" in suggestions
    assert "the word “qqqxyz”" in html
    html, _ = page(client, "/?q=qqqxyz")
    assert "Try other or fewer words." in html


def test_a_malformed_query_shows_the_api_sentence(client: FlaskClient) -> None:
    message = client.get('/api/search?q="open').get_json()["error"]
    html, els = page(client, '/?q="open', status=400)
    assert _escape(message) in html
    assert "Traceback" not in html
    assert els.find("input", id="q")[0]["value"] == '"open'  # kept, to be corrected


def test_interface_language_switch_and_cookie(client: FlaskClient) -> None:
    for ui in LANGUAGE_NAMES:
        html, els = page(client, f"/?q=57&ui={ui}")
        assert els.find("html")[0]["lang"] == ui
        assert f">{STRINGS['facet_province'][ui]}</h3>" in html
        assert els.find("a", hreflang=ui)[0]["aria-current"] == "true"
    response = client.get("/?ui=bn")
    assert "ui=bn" in response.headers["Set-Cookie"]
    html, els = page(client, "/doc/" + BN)  # the cookie carries it to the next page
    assert els.find("html")[0]["lang"] == "bn"
    client.get("/?ui=en")


def test_every_interface_string_exists_in_three_languages() -> None:
    fields = string.Formatter()
    for key, texts in STRINGS.items():
        assert sorted(texts) == sorted(LANGUAGE_NAMES), key
        names = {lang: sorted(f for _, f, _, _ in fields.parse(text) if f) for lang, text in texts.items()}
        assert names["bn"] == names["hi"] == names["en"], key


def test_pages_have_no_inline_script_or_style_and_send_a_csp(client: FlaskClient) -> None:
    for url in ("/", "/?q=ডিজিটাল&mode=passages", f"/doc/{BN}?q=ডিজিটাল", "/doc/nope"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
        assert re.findall(r"\s(on[a-z]+|style)\s*=", html) == []
        assert "cdn" not in html.lower() and "//fonts." not in html


def test_form_controls_are_labelled(client: FlaskClient) -> None:
    _, els = page(client, "/?q=57")
    inputs = [a for a in els.find("input") if a.get("type") != "hidden"]
    labels = {a["for"] for a in els.find("label")}
    assert inputs and all(a["id"] in labels for a in inputs)
    for nav in els.find("nav"):
        assert nav.get("aria-label")


def test_the_article_page_highlights_the_search_terms(client: FlaskClient) -> None:
    html, els = page(client, f"/doc/{BN}?q=ডিজিটাল")
    assert html.count("<mark>ডিজিটাল</mark>") >= 5
    assert els.find("span", id="s-10")  # passage hits link to #s-N
    assert els.find("h1")[0]["lang"] == "bn"
    html, _ = page(client, f'/doc/{BN}?q="open')  # a malformed query only highlights nothing
    assert "<mark>ডিজিটাল" not in html
    page(client, "/doc/nope", status=404)


def test_every_page_renders_well_under_a_second(client: FlaskClient) -> None:
    urls = ["/", "/?q=ডিজিটাল রূপান্তর", "/?q=57&mode=passages", "/?q=qqq zzz&province=hue", f"/doc/{BN}?q=57"]
    for url in urls:
        client.get(url)  # warm
        started = time.perf_counter()
        client.get(url)
        assert time.perf_counter() - started < 0.5, url


# -- exports --------------------------------------------------------------------


def test_csv_export_streams_the_whole_result_set(client: FlaskClient) -> None:
    response = client.get("/export.csv?q=ডিজিটাল&province=ca-mau&province=hue")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="setu-articles.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    data = client.get("/api/search?q=ডিজিটাল&province=ca-mau&province=hue&per_page=100").get_json()
    assert list(rows[0]) == list(ARTICLE_COLUMNS)
    assert [r["id"] for r in rows] == [h["id"] for h in data["hits"]]
    first = data["hits"][0]
    assert rows[0]["resolutions"] == "|".join(first["resolutions"])
    assert rows[0]["snippet"] == "".join(s["text"] for s in first["snippets"][0])


def test_exports_fetch_one_page_at_a_time(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = app.extensions["setu.engine"]
    calls: list[int] = []
    original = engine.passages

    def counting(request: SearchRequest) -> PassageResult:
        calls.append(request.page)
        assert request.per_page == 100
        return original(request)

    monkeypatch.setattr(engine, "passages", counting)
    response = client.get("/export.json?mode=passages", buffered=False)
    assert calls == [1]  # only the first page before the body is read
    body = json.loads(response.get_data(as_text=True))
    assert calls == [1, 2]
    pages = [original_page(client, p) for p in (1, 2)]
    assert [(h["id"], h["sentence"]) for h in body["hits"]] == [
        (h["id"], h["sentence"]) for p in pages for h in p["hits"]
    ]
    assert body["total"] == len(body["hits"]) == pages[0]["total"]
    assert body["facets"] == pages[0]["facets"]
    assert list(body) == ["ok", "query", "total", "facets", "hits"]


def original_page(client: FlaskClient, n: int) -> dict[str, Any]:
    return client.get(f"/api/passages?per_page=100&page={n}").get_json()


def test_json_export_holds_the_api_hits(client: FlaskClient) -> None:
    response = client.get("/export.json?q=Can Tho&ui=bn")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.get_data(as_text=True))
    data = client.get("/api/search?q=Can Tho&ui=bn&per_page=100").get_json()
    assert body["hits"] == data["hits"]
    assert body["facets"] == data["facets"]
    assert body["query"] == {k: v for k, v in data["query"].items() if k not in ("page", "per_page")}


def test_a_bad_export_request_is_an_error_before_streaming(client: FlaskClient) -> None:
    response = client.get('/export.csv?q="open')
    assert response.status_code == 400
    message = client.get('/api/search?q="open').get_json()["error"]
    assert _escape(message) in response.get_data(as_text=True)


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    hit = {"id": "x", "title": "=HYPERLINK(1)", "snippets": [[{"text": "+1", "match": False}]], "provinces": []}
    row = dict(zip(ARTICLE_COLUMNS, _row(hit, "articles"), strict=True))
    assert (row["title"], row["snippet"], row["provinces"]) == ("'=HYPERLINK(1)", "'+1", "")


# -- translations and the side-by-side view (issue 4's data, faked here) -------


class FakeParallel:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


@pytest.fixture()
def with_translations(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The Engine as issue 4 will make it: 000 (bn) and 001 (hi) translate each other."""
    engine: Engine = app.extensions["setu.engine"]
    document, search = engine.document, engine.search
    links = {BN: (Translation(HI, "hi", "url", 1.0),), HI: (Translation(BN, "bn", "url", 1.0),)}

    def fake_document(doc_id: str) -> Document:
        return Document(document(doc_id).article, links.get(doc_id, ()))

    def fake_search(request: SearchRequest) -> SearchResult:
        result = search(request)
        hits = tuple(replace(h, translations=links.get(h.article.id, ())) for h in result.hits)
        # mypy's replace() does not bind _Page's HitT for the subclass (expects tuple[HitT, ...])
        return replace(result, hits=hits)  # type: ignore[arg-type]

    def fake_parallel(doc_id: str, other_id: str) -> FakeParallel:
        a, b = document(doc_id).article, document(other_id).article
        sa, sb = a.sentences()[:4], b.sentences()[:3]
        pairs = []
        for i, s in enumerate(sa):
            t = sb[i] if i < len(sb) else None
            target = {"text": b.text[t.start : t.end], "start": t.start, "end": t.end} if t else None
            score = 0.1 if i == 1 else 0.95
            pairs.append(
                {
                    "source": {"text": a.text[s.start : s.end], "start": s.start, "end": s.end},
                    "target": target or {"text": "", "start": None, "end": None},
                    "score": score,
                    "low": is_low(1, 1 if t else 0, score),  # as ParallelPair.to_dict says it
                }
            )
        return FakeParallel(
            {
                "ok": True,
                "source": {"id": a.id, "lang": a.lang, "title": a.title},
                "target": {"id": b.id, "lang": b.lang, "title": b.title},
                "method": "url",
                "confidence": 1.0,
                "strength": "url",
                "confidence_label": "linked by source URL",
                "low_confidence": False,
                "evidence": {"content": None, "alignment": None, "lexicon": None},
                "pairs": pairs,
            }
        )

    monkeypatch.setattr(engine, "document", fake_document)
    monkeypatch.setattr(engine, "search", fake_search)
    monkeypatch.setattr(engine, "parallel", fake_parallel, raising=False)
    return engine


def test_hits_link_to_each_translation(client: FlaskClient, with_translations: Engine) -> None:
    _, els = page(client, "/?q=540")
    links = [(a["data-translation"], a["hreflang"]) for _, a in els.tags if "data-translation" in a]
    assert links == [(HI, "hi"), (BN, "bn")]


def test_the_side_by_side_view(client: FlaskClient, with_translations: Engine) -> None:
    html, els = page(client, f"/doc/{BN}?q=ডিজিটাল")
    rows = els.find("tr", class_="bead")
    assert [r["id"] for r in rows] == ["b-1", "b-2", "b-3", "b-4"]
    assert [r["id"] for r in els.find("tr", class_="low")] == ["b-2"]
    # a sentence is text that can be selected; the small link beside it points at the pair
    assert els.find("a", class_="sent") == []
    assert [s["data-side"] for s in els.find("span", class_="sent")][:2] == ["source", "target"]
    assert [(a["data-side"], a["href"]) for a in els.find("a", class_="pin")][:2] == [
        ("source", "#b-1"),
        ("target", "#b-1"),
    ]
    assert len(els.find("span", class_="sent")) == len(els.find("a", class_="pin")) == 7  # a 1-0 bead
    assert "(no sentence)" in html
    assert {a["lang"] for a in els.find("td") if a.get("lang")} == {"bn", "hi"}
    assert f'href="/api/documents/{BN}/parallel/{HI}.tmx"' in html
    assert f'href="/api/documents/{BN}/parallel/{HI}.tsv"' in html
    assert "<mark>ডিজিটাল</mark>" in html
    assert [a["id"] for a in els.find("span", class_="anchor")] == ["s-0", "s-1", "s-2", "s-3"]
    # the article alone stays one click away
    html, els = page(client, f"/doc/{BN}?view=article")
    assert not els.find("table") and els.find("span", id="s-0")


def test_real_side_by_side_and_none_without_a_translation(client: FlaskClient) -> None:
    html, els = page(client, f"/doc/{BN}")
    assert els.find("table")  # the stored alignment of 000 and 001
    html, els = page(client, "/doc/002_9232af5498dd2ad5")
    assert not els.find("table")


# -- a hostile article ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    from webui import create_app

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    for path in HOSTILE.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("hostile-index")
    build(corpus, index_dir, workers=0)
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/?q=হ্যাকারের",
        "/?q=হ্যাকারের&mode=passages",
        "/",
        "/doc/005_hostile?q=হ্যাকারের",
        "/?q=<script>alert(1)</script>",
        '/?q="><img src=x onerror=alert(1)>',
    ],
)
def test_a_hostile_article_is_displayed_inert(hostile_client: FlaskClient, url: str) -> None:
    response = hostile_client.get(url)
    html = response.get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html and '<a href="javascript' not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    els = Elements(html)
    assert [a for a in els.find("a") if a.get("href", "").lower().startswith("javascript")] == []
    assert [name for name, a in els.tags if any(k.startswith("on") for k in a)] == []
    if "হ্যাকারের" in url:
        assert "&lt;script&gt;" in html
        # the override shows as its code point, inside an isolating element, and overrides nothing
        assert re.search(r'<(h1|a) [^>]*class="c"[^>]*><span class="ctl" [^>]*>U\+202E</span>&lt;script&gt;', html)
    assert "\u202e" not in html


def test_a_hostile_article_exports_as_data(hostile_client: FlaskClient) -> None:
    rows = list(csv.DictReader(io.StringIO(hostile_client.get("/export.csv?q=হ্যাকারের").get_data().decode("utf-8-sig"))))
    assert rows[0]["title"].startswith("\u202e<script>")
    body = json.loads(hostile_client.get("/export.json?q=হ্যাকারের").get_data(as_text=True))
    assert body["hits"][0]["title"] == rows[0]["title"]
