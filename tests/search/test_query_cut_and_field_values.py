"""A cut query is still a query, and a facet value follows one rule, as a filter or typed in the query.

A pasted quotation or group longer than the length limit loses its closing
mark when it is cut: Setu closes it rather than refuse it, and never
searches a text that ends with an operator.  A facet value typed in the
query (``year:abcd``, ``lang:xx``) is treated as the same value given as a
filter: one that cannot be a value is a 400 listing the index's values, one
no article has is a 200 with a ``no_articles`` note.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from search import BadRequest, Engine, SearchRequest
from search.query import mend_cut, parse_query
from search.request import MAX_QUERY_CHARS

QUOTATION = '"' + "প্রকল্প " * 200 + '"'  # 1,602 characters, one phrase
GROUP = "(" + "প্রকল্প OR " * 200 + "প্রকল্প)"


@pytest.mark.parametrize(
    ("cut", "mended"),
    [
        ('"a b', '"a b"'),
        ('a "', "a"),
        ('a -"', "a"),
        ("(a OR b OR", "(a OR b)"),
        ("((a", "((a))"),
        ("a OR (", "a"),
        ("a -", "a"),
        ("a NOT", "a"),
        ("a AND", "a"),
        ('province:"can', 'province:"can"'),
        ("a province:", "a"),
        ('(a "b c', '(a "b c")'),
        ("a) b", "a) b"),  # an extra ')' the user typed is theirs to see
        ("a b", "a b"),
    ],
)
def test_a_cut_query_is_mended(cut: str, mended: str) -> None:
    assert mend_cut(cut) == mended


@pytest.mark.parametrize(
    ("field", "path", "text"),
    [
        ("q", "/api/search", QUOTATION),
        ("parallel_q", "/api/passages", QUOTATION.replace("প্রকল্প", "प्रकल्प")),
        ("q", "/api/search", GROUP),
    ],
)
def test_a_pasted_quotation_or_group_is_searched_closed(client: FlaskClient, field: str, path: str, text: str) -> None:
    params = {field: text} if field == "q" else {"q": "ডিজিটাল", field: text}
    response = client.get(path, query_string=params)
    data: dict[str, Any] = response.get_json()
    assert response.status_code == 200, data
    [note] = [n for n in data["notes"] if n["code"] == "query_cut"]
    searched = note["searched"]
    assert len(searched) <= MAX_QUERY_CHARS
    assert searched[-1] == text[-1] and searched[:-1] == text[: len(searched) - 1]
    assert (note["field"], note["chars"]) == (field, len(text))


def test_the_request_cut_fits_the_limit_with_its_closing_marks() -> None:
    request = SearchRequest.create(q=QUOTATION)
    words = QUOTATION[1:].split()
    assert request.q == '"' + " ".join(words[:124]) + '"'
    assert len(request.q) == 993 <= MAX_QUERY_CHARS


def test_the_searched_text_never_ends_with_an_operator(client: FlaskClient) -> None:
    parsed = parse_query(("-ক " * 100).strip())
    assert (parsed.text, parsed.cut_from) == (" ".join(["-ক"] * 31), 299)
    data = client.get("/api/search", query_string={"q": "-ক " * 100}).get_json()
    [note] = data["notes"]
    assert (note["searched"], note["words"]) == (" ".join(["-ক"] * 31), 31)


def test_operators_are_not_counted_as_words(client: FlaskClient) -> None:
    q = " OR ".join(["ক"] * 300)
    [note] = client.get("/api/search", query_string={"q": q}).get_json()["notes"]
    assert (note["searched"], note["words"]) == (" OR ".join(["ক"] * 32), 32)
    assert "searched its first 32 words" in note["message"]


@pytest.mark.parametrize(
    ("q", "parallel_q", "error"),
    [
        ("ডিজিটাল\x07", "", "The query contains control characters; remove them and search again."),
        ("ডিজিটাল", "डिजिटल\x00", "parallel_q contains control characters; remove them and search again."),
    ],
)
def test_control_characters_are_refused_in_either_query(q: str, parallel_q: str, error: str) -> None:
    with pytest.raises(BadRequest) as raised:
        SearchRequest.create(q, parallel_q=parallel_q)
    assert str(raised.value) == error


# -- facet values, as filters or typed in the query: one rule ----------------------

NO_ARTICLES = [  # well formed, in no article of the sample corpus
    ("lang", "xx", ["bn", "hi"]),
    ("year", "1999", ["2025"]),
    ("province", "ha-noi", ["bac-lieu", "ca-mau", "can-tho", "hue"]),
    ("resolution", "99-NQ/TW", ["13-NQ/TW", "57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW"]),
    ("source", "example.com", ["baotintuc.vn", "daibieunhandan.vn", "doanhnghiepvn.vn", "huengaynay.vn"]),
]
MALFORMED = [  # cannot be a value of the facet
    ("lang", "x1", "a language code"),
    ("year", "abcd", "a year"),
    ("province", "atlantis", "a province of Vietnam"),
    ("resolution", "zzz", "a resolution number"),
    ("source", "nonsense", "a site name"),
]
# How the value is given: as a filter, or typed in q on its own or inside a query.
FILTER = "filter"
TYPED = [FILTER, "{facet}:{value}"]


def _asking(form: str, facet: str, value: str) -> dict[str, str]:
    return {facet: value} if form == FILTER else {"q": form.format(facet=facet, value=value)}


def _no_articles(facet: str, value: str, known: list[str]) -> dict[str, Any]:
    return {
        "code": "no_articles",
        "message": f"No article has {facet} {value!r}; the index has {facet} {', '.join(known)}.",
        "facet": facet,
        "value": value,
        "known": known,
    }


@pytest.mark.parametrize(("facet", "value", "known"), NO_ARTICLES)
@pytest.mark.parametrize("form", TYPED)
@pytest.mark.parametrize("path", ["/api/search", "/api/passages"])
def test_a_value_no_article_has_is_a_200_with_a_note(
    client: FlaskClient, path: str, form: str, facet: str, value: str, known: list[str]
) -> None:
    response = client.get(path, query_string=_asking(form, facet, value))
    data = response.get_json()
    assert (response.status_code, data["total"], data["hits"]) == (200, 0, []), data
    assert data["notes"] == [_no_articles(facet, value, known)]


@pytest.mark.parametrize(("facet", "value", "what"), MALFORMED)
@pytest.mark.parametrize("form", [*TYPED, "ডিজিটাল -{facet}:{value}", "(ডিজিটাল OR {facet}:{value})"])
def test_a_value_that_cannot_be_one_is_a_400_listing_the_known_values(
    client: FlaskClient, form: str, facet: str, value: str, what: str
) -> None:
    known = dict((f, k) for f, _, k in NO_ARTICLES)[facet]
    for path in ("/api/search", "/api/passages"):
        response = client.get(path, query_string=_asking(form, facet, value))
        error = response.get_json()["error"]
        assert response.status_code == 400
        assert error.startswith(f"Unknown {facet} {value!r}: it is not {what}"), error
        assert error.endswith(f"; use one of the values in the index: {', '.join(known)}."), error


def test_a_value_typed_and_filtered_gets_one_note(client: FlaskClient) -> None:
    data = client.get("/api/search", query_string={"q": "LANG:XX", "lang": "xx"}).get_json()
    assert data["notes"] == [_no_articles("lang", "xx", ["bn", "hi"])]


def test_a_value_in_parallel_q_follows_the_rule_too(client: FlaskClient) -> None:
    ok = client.get("/api/passages", query_string={"q": "ডিজিটাল", "parallel_q": "year:1999"}).get_json()
    assert ok["notes"] == [_no_articles("year", "1999", ["2025"])]
    bad = client.get("/api/passages", query_string={"q": "ডিজিটাল", "parallel_q": "year:abcd"})
    assert bad.status_code == 400 and bad.get_json()["error"].startswith("Unknown year 'abcd'")


@pytest.mark.parametrize(
    "params",
    [{"lang": "bn", "year": "2025", "province": "Cần Thơ"}, {"q": 'lang:bn year:2025 province:"Cần Thơ"'}],
)
def test_a_value_the_index_has_gets_no_note(client: FlaskClient, params: dict[str, str]) -> None:
    data = client.get("/api/search", query_string=params).get_json()
    assert (data["total"] > 0, data["notes"]) == (True, [])


def test_the_page_names_the_value_no_article_has(client: FlaskClient) -> None:
    html = client.get("/?lang=xx&ui=en").get_data(as_text=True)
    assert (
        '<p class="note" data-note="no_articles">No article has Language xx. Values in the index: Bengali, Hindi.</p>'
        in html
    )


def test_malformed_values_raise_for_the_engine_too(engine: Engine) -> None:
    with pytest.raises(BadRequest):
        engine.search(SearchRequest.create(filters={"year": ["abcd"]}))


@pytest.mark.parametrize("method", ["search", "passages"])
def test_a_typed_value_that_cannot_be_one_is_refused_before_any_matching(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    # A request that ends as a 400 costs no search: nothing is matched or counted.
    def searched(*args: object, **kwargs: object) -> None:
        pytest.fail("the query was matched before its year:abcd was refused")

    monkeypatch.setattr(Engine, "_select", searched)
    with pytest.raises(BadRequest, match="abcd"):
        getattr(engine, method)(SearchRequest.create("ডিজিটাল year:abcd"))
