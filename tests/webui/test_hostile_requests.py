"""Issue 7, items 2 and 6: hostile queries and requests against the web app.

Random query strings and parameter combinations (unbalanced quotes, lone
NOT, ``*``, unknown ``field:``, 10 KB queries, control characters, huge
``page``/``per_page``, repeated parameters, unknown parameters) go to
/api/search, /api/passages, the search page and the article page over an
index that holds a hostile article.  Never a 500: the API answers results
or the one error shape, the pages a page or an error page, each inert
(no script but our own file, no event handler attribute, no javascript:
link).  Expensive forms are refused with a sentence saying what to change.
Then service hygiene: security headers on every response, the page size
cap, document ids that try to leave the index, and logs without article
text.
"""

from __future__ import annotations

import logging
import shutil
import time
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import DATA, SAMPLE, SEED_IDS
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from index import build

EXAMPLES = 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ERROR_KEYS = ["ok", "status", "code", "error"]
SEARCH_KEYS = [
    "ok", "query", "total", "page", "per_page", "pages", "last_page", "took_ms", "hits", "facets", "undated",
    "notes", "suggestions", "folded",
]  # fmt: skip
# Generous: a request on the small test index takes milliseconds; this only
# catches a query form that runs away (the machine may be busy).
SLOW_SECONDS = 10.0
PAYLOAD = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> ' onmouseover='alert(3)' javascript:alert(4)"
BN = SEED_IDS["000"]
HOSTILE_ID = "005_hostile"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The sample corpus plus the hostile article (markup, quotes, a bidi override)."""
    from webui import create_app

    corpus = tmp_path_factory.mktemp("fuzz-corpus")
    for path in [*SAMPLE.glob("*.txt"), *(DATA / "hostile").glob("*.txt")]:
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("fuzz-index")
    build(corpus, index_dir, workers=0)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    app.extensions["setu.engine"].warm()
    return app


# -- strategies -----------------------------------------------------------------

_WORDS = ["ডিজিটাল", "রূপান্তর", "হ্যাকারের", "डिजिटल", "परिवर्तन", "Can", "Tho", "57", "৫৭", "FPT", "রূপান্ত*", "প্র*"]
_OPERATORS = ['"', "(", ")", "*", "-", "NOT", "OR", "AND", "**", "*ক", "a*", ":", "\\", "'", "<", ">", "&"]
_FIELDS = ["lang:", "province:", "resolution:", "source:", "year:", "colour:", "uid:", "content:", "_:", "LANG:"]
_VALUES = ["bn", "hi", "ca-mau", "can-tho", "57-NQ/TW", "2025", "x" * 50, '"a b"', "", "*", "../../etc"]
_ODD = ["\x00", "\x01", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\U0001f600", "\ud7ff", "%00", "%2F", "\n", "\r\n"]
_word = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS),
    st.sampled_from(_OPERATORS + _ODD),
    st.tuples(st.sampled_from(_FIELDS), st.sampled_from(_VALUES)).map("".join),
    st.text(max_size=6),
    st.just(PAYLOAD),
)
queries = st.one_of(
    st.lists(_word, max_size=15).map(" ".join),
    st.lists(_word, max_size=6).map(" ".join),
    st.lists(_word, max_size=4).map("".join),
    st.text(max_size=80),
    st.sampled_from(["ক " * 600, "ক" * 10_240, " OR ".join(["ক"] * 200), "(" * 300 + "ক" + ")" * 300, '"' * 1001]),
)
_numbers = st.one_of(
    st.integers(1, 3).map(str),
    st.integers(-5, 1005).map(str),
    st.sampled_from(
        ["", "0", "-1", "1e3", "10**9", "9" * 40, "1.5", " 2 ", "abc", "١٠", "٣", "²", "1_0", "0x10", "NaN", "∞"]
    ),
)
_known = st.one_of(
    st.tuples(st.just("parallel_q"), queries),
    st.tuples(st.sampled_from(["page", "per_page"]), _numbers),
    st.tuples(st.sampled_from(["lang", "province", "resolution", "source", "year"]), st.sampled_from(_VALUES)),
    st.tuples(st.just("province"), st.lists(st.sampled_from(_VALUES), max_size=60).map(",".join)),
    st.tuples(st.sampled_from(["mode", "ui"]), st.text(max_size=12)),
    st.tuples(
        st.sampled_from(["sort", "mode", "ui", "include"]), st.sampled_from(["date", "passages", "bn", "translations"])
    ),
)
_unknown = st.one_of(
    st.tuples(st.just("q"), queries),  # a second q
    st.tuples(st.sampled_from(["sort", "include"]), st.text(max_size=12)),
    st.tuples(st.text(max_size=10), st.text(max_size=10)),
)
# A query first (most requests have one), then other parameters, sometimes
# repeated, now and then one that is wrong.
param_lists = st.tuples(
    st.tuples(st.just("q"), queries),
    st.lists(_known, max_size=4),
    st.one_of(st.just(()), st.just(()), st.just(()), st.tuples(_unknown)),
).map(lambda t: [t[0], *t[1], *t[2]])
# The article page also reads with= and view=.
page_param_lists = st.tuples(
    param_lists, st.lists(st.tuples(st.sampled_from(["with", "view"]), st.text(max_size=30)), max_size=2)
).map(lambda t: t[0] + t[1])


# -- what every response must look like ----------------------------------------


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.shown: list[str] = []  # text and attribute values a reader sees outside a form field
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self.shown += [v or "" for k, v in attrs if not (tag == "input" and k == "value")]

    def handle_data(self, data: str) -> None:
        self.shown.append(data)


def assert_inert(html: str) -> None:
    """Nothing in the page runs but our own script file, and nothing reverses its text."""
    page = _Tags(html)
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert tag not in ("img", "iframe", "object", "embed", "base"), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        for key in ("href", "src", "action", "formaction"):
            assert not attrs.get(key, "").strip().lower().startswith("javascript"), (tag, attrs)
    assert "<script>" not in html
    # A bidi override typed into the query stays in the search box; elsewhere it shows as U+202E or not at all.
    assert [s for s in page.shown if any(c in s for c in BIDI_CONTROLS)] == []


def assert_security_headers(response: Any) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp


def check_api(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert_security_headers(response)
    data: dict[str, Any] = response.get_json()
    if response.status_code == 200:
        assert list(data) == SEARCH_KEYS and data["ok"] is True
        assert 1 <= data["per_page"] <= 100 and len(data["hits"]) <= data["per_page"]
    else:
        assert list(data) == ERROR_KEYS
        assert (data["ok"], data["status"], data["code"]) == (False, 400, "bad_query")
        assert data["error"].endswith(".") and 20 < len(data["error"]) < 400
    return data


def check_page(response: Any) -> None:
    assert response.status_code in (200, 400, 404), response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html"
    assert_security_headers(response)
    assert_inert(response.get_data(as_text=True))


def timed_get(client: Any, path: str, params: list[tuple[str, str]]) -> Any:
    started = time.perf_counter()
    response = client.get(path, query_string=params)
    assert time.perf_counter() - started < SLOW_SECONDS, (path, params)
    return response


# -- the fuzz tests ---------------------------------------------------------------


@FUZZ
@given(param_lists)
def test_fuzzed_api_search_never_fails(fuzz_app: Flask, params: list[tuple[str, str]]) -> None:
    data = check_api(timed_get(fuzz_app.test_client(), "/api/search", params))
    event("results" if data["ok"] else "refused")


@FUZZ
@given(param_lists)
def test_fuzzed_api_passages_never_fails(fuzz_app: Flask, params: list[tuple[str, str]]) -> None:
    data = check_api(timed_get(fuzz_app.test_client(), "/api/passages", params))
    event("results" if data["ok"] else "refused")


@FUZZ
@given(param_lists)
def test_fuzzed_search_page_never_fails_and_stays_inert(fuzz_app: Flask, params: list[tuple[str, str]]) -> None:
    response = timed_get(fuzz_app.test_client(), "/", params)
    assert response.status_code in (200, 400)
    check_page(response)
    event(f"status {response.status_code}")


# The workbench's own parameters (issue 17), good and bad values mixed.
_workbench = st.tuples(
    st.sampled_from(["context", "sort", "bead", "min_score", "aligned", "parallel_not", "window", "limit"]),
    st.one_of(
        st.sampled_from(["3", "left", "right", "score", "1-0", "0-1", "0.5", "only", "none", "ডিজিটাল", "41"]),
        st.text(max_size=8),
    ),
)
workbench_param_lists = st.tuples(param_lists, st.lists(_workbench, max_size=3)).map(lambda t: t[0] + t[1])


@FUZZ
@given(st.sampled_from(["/api/concordance", "/api/collocations", "/api/frequencies"]), workbench_param_lists)
def test_fuzzed_workbench_api_never_fails(fuzz_app: Flask, path: str, params: list[tuple[str, str]]) -> None:
    response = timed_get(fuzz_app.test_client(), path, params)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert_security_headers(response)
    data = response.get_json()
    if response.status_code == 200:
        rows = {"/api/concordance": "lines", "/api/collocations": "collocations", "/api/frequencies": "forms"}
        assert data["ok"] is True and isinstance(data[rows[path]], list)
    else:
        assert list(data) == ERROR_KEYS and (data["status"], data["code"]) == (400, "bad_query")
        assert data["error"].endswith(".") and 20 < len(data["error"]) < 400
    event("results" if data["ok"] else "refused")


@FUZZ
@given(workbench_param_lists)
def test_fuzzed_concordance_page_never_fails_and_stays_inert(fuzz_app: Flask, params: list[tuple[str, str]]) -> None:
    response = timed_get(fuzz_app.test_client(), "/concordance", params)
    assert response.status_code in (200, 400)
    check_page(response)
    event(f"status {response.status_code}")


@FUZZ
@given(st.sampled_from([BN, HOSTILE_ID, "nope"]), page_param_lists)
def test_fuzzed_article_page_never_fails_and_stays_inert(
    fuzz_app: Flask, doc_id: str, params: list[tuple[str, str]]
) -> None:
    check_page(timed_get(fuzz_app.test_client(), f"/doc/{doc_id}", params))


@FUZZ
@given(queries)
def test_a_fuzzed_query_means_the_same_to_the_api_and_the_page(fuzz_app: Flask, q: str) -> None:
    client = fuzz_app.test_client()
    api = check_api(timed_get(client, "/api/search", [("q", q)]))
    page = timed_get(client, "/", [("q", q)])
    assert page.status_code == (200 if api["ok"] else 400)


@pytest.mark.parametrize(
    "url",
    [
        "/?q=%E2%80%AEzqnothing+%E0%A6%95",  # no results: the page quotes the query
        "/?q=%E2%80%AE%22open",  # an error that quotes the query
        "/?q=%E2%80%AEcolour:red",
        f"/doc/{BN}?q=%E2%80%AE%E0%A6%A1%E0%A6%BF%E0%A6%9C%E0%A6%BF%E0%A6%9F%E0%A6%BE%E0%A6%B2",
        "/?q=%E0%A6%95&province=%E2%80%AEatlantis",  # an error that quotes a filter value
    ],
)
def test_a_bidi_override_in_the_query_reverses_no_page_text(fuzz_app: Flask, url: str) -> None:
    response = fuzz_app.test_client().get(url, headers={"Accept": "text/html"})
    check_page(response)


# -- expensive and malformed forms, refused with a sentence --------------------


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("*ডিজিটাল", "* works only at the end of a word"),
        ("*", "A lone * matches nothing"),
        ("ক*", "too short a prefix"),
        ("ডি*জিটাল", "* works only at the end of a word"),
        ("(" * 40 + "ক" + ")" * 40, ""),  # deep nesting is fine: parsed, bounded by the length
        ('"ডিজিটাল', "quotation mark is not closed"),
        ("NOT", "needs a word after it"),
        ("ডিজিটাল OR", "OR needs a search term on both sides"),
        ("colour:red", "Unknown field 'colour'"),
        ("province:", "needs a value"),
        ("ডিজিটাল\x07", "control characters"),
        ("!!! ???", "no searchable words"),
    ],
)
def test_expensive_or_malformed_queries_are_refused_with_a_sentence(fuzz_app: Flask, q: str, says: str) -> None:
    client = fuzz_app.test_client()
    for path in ("/api/search", "/api/passages"):
        data = check_api(timed_get(client, path, [("q", q)]))
        if says:
            assert says in data["error"], data
        else:
            assert data["ok"] is True


def test_a_prefix_with_too_many_words_is_refused(fuzz_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import search.alternatives

    monkeypatch.setattr(search.alternatives, "MAX_PREFIX_TERMS", 5)
    data = check_api(fuzz_app.test_client().get("/api/search?q=প্র*"))
    assert "প্র* matches more than 5 different words: type more letters before *." == data["error"]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ([("per_page", "101")], "per_page must be between 1 and 100"),
        ([("per_page", "1000000")], "per_page must be between 1 and 100"),
        ([("per_page", "0")], "per_page must be between 1 and 100"),
        ([("page", "1001")], "page must be between 1 and 1000"),
        ([("page", "9" * 40)], "page must be between 1 and 1000"),
        ([("page", "-1")], "page must be between 1 and 1000"),
        ([("page", "1e3")], "page must be a whole number"),
        ([("page", "²")], "page must be a whole number, not '²'"),
        ([("page", "٣")], "page must be a whole number, not '٣'"),
        ([("per_page", "1_0")], "per_page must be a whole number, not '1_0'"),
        ([("per_page", "100"), ("page", "1000")], "is past the end"),
        ([("q", "a"), ("q", "b")], "Give q once"),
        ([("page", "1"), ("page", "1")], "Give page once"),
        ([("province", ",".join(f"p{i}" for i in range(51)))], "select at most 50"),
        ([("colour", "red")], "Unknown parameter 'colour'"),
        ([("include", "everything")], "include='everything' is not known"),
        ([("sort", "random")], "sort must be one of relevance, date"),
    ],
)
def test_parameters_are_bounded(fuzz_app: Flask, params: list[tuple[str, str]], says: str) -> None:
    data = check_api(fuzz_app.test_client().get("/api/search", query_string=params))
    assert says in data["error"], data


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/?page=%C2%B2", 400),  # "²".isdigit() is True, int("²") raises
        ("/?q=%E0%A6%95&page=%D9%A3", 400),
        (f"/doc/{BN}?q=x&back=page%3D%C2%B2", 200),  # the way back is page 1
        (f"/doc/{BN}?q=x&back=q%3Dx%26page%3D%C2%B9%C2%B2", 200),
    ],
)
def test_a_page_number_that_is_not_ascii_digits_is_not_a_500(fuzz_app: Flask, url: str, status: int) -> None:
    response = fuzz_app.test_client().get(url)
    assert response.status_code == status
    check_page(response)
    if status == 400:
        assert "page must be a whole number" in response.get_data(as_text=True)


# -- service hygiene -------------------------------------------------------------


def test_every_kind_of_response_carries_the_security_headers(fuzz_app: Flask) -> None:
    client = fuzz_app.test_client()
    urls = [
        "/api/search?q=ডিজিটাল",
        '/api/search?q="open',
        f"/api/documents/{BN}",
        "/api/documents/nope",
        "/api/openapi.json",
        "/api/nothing",
        "/",
        '/?q="open',
        f"/doc/{BN}",
        "/doc/nope",
        "/export.csv?q=57",
        "/export.json?q=57",
        "/api/concordance?q=57",
        "/api/concordance.tsv?q=57",
        "/api/collocations?q=57",
        "/concordance?q=57",
        "/static/setu.css",
        "/static/setu.js",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_security_headers(response)
        response.close()
    response = client.post("/api/search")
    assert response.status_code == 405
    assert_security_headers(response)


TRAVERSALS = [
    "../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "..%5c..%5cetc%5cpasswd",
    "..\\..\\etc\\passwd",
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "//etc/passwd",
    "./000_45f867eacd813f2e",
    "000_45f867eacd813f2e/../000_45f867eacd813f2e",
    "000_45f867eacd813f2e%00.txt",
    "000_45f867eacd813f2e.txt",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "..%c0%af..%c0%afetc%c0%afpasswd",
    "....//....//etc/passwd",
    "file:///etc/passwd",
    "C:%5Cwindows%5Cwin.ini",
]


@pytest.mark.parametrize("doc_id", TRAVERSALS)
def test_document_ids_cannot_leave_the_index(fuzz_app: Flask, doc_id: str) -> None:
    client = fuzz_app.test_client()
    for url in (
        f"/api/documents/{doc_id}",
        f"/api/documents/{doc_id}/parallel/{BN}",
        f"/api/documents/{BN}/parallel/{doc_id}",
        f"/api/documents/{BN}/parallel/{doc_id}.tmx",
        f"/doc/{doc_id}",
        f"/static/{doc_id}",
    ):
        # (Werkzeug redirects a doubled slash to the single one, inside the app.)
        response = client.get(url, follow_redirects=True)
        body = response.get_data(as_text=True)
        assert response.status_code == 404, (url, response.status_code)
        assert {urlsplit(r.headers["Location"]).netloc for r in response.history} <= {"localhost"}, url
        assert "root:" not in body and "[fonts]" not in body
        if url.startswith("/api/"):
            assert list(response.get_json()) == ERROR_KEYS


def test_the_server_opens_the_index_read_only(fuzz_app: Flask) -> None:
    engine = fuzz_app.extensions["setu.engine"]
    ix, _ = engine._index()
    assert ix.storage.readonly is True


def test_logs_never_contain_article_text(fuzz_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = fuzz_app.test_client()
    engine = fuzz_app.extensions["setu.engine"]
    lines = [line for p in SAMPLE.glob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()[:4]]
    sentences = [line[:60] for line in lines if len(line) > 40]
    original = engine.document

    def broken(doc_id: str) -> Any:  # an unexpected error in the middle of serving an article
        original(doc_id)
        raise RuntimeError("renderer failed")

    with caplog.at_level(logging.DEBUG):
        for url in ("/?q=ডিজিটাল", "/api/search?q=ডিজিটাল", "/api/passages?q=57", f"/doc/{BN}?q=57", '/?q="x'):
            assert client.get(url).status_code < 500
        engine.document = broken
        try:
            assert client.get(f"/api/documents/{BN}").status_code == 500
        finally:
            engine.document = original
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "unhandled error on GET /api/documents/" in logged  # the 500 was logged...
    for sentence in sentences:
        assert sentence not in logged  # ...and no article text anywhere
