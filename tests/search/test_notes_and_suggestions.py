"""A request Setu can still answer is answered, and the result says what happened.

A query past the length limits is cut to its first words (a note says so).
A misspelt word that matches nothing gets the closest indexed words.  (The
facet-value rule, for filters and typed values alike, is tested in
test_query_cut_and_field_values.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from search import Engine, SearchRequest
from search.query import MAX_CLAUSES, parse_query
from search.request import MAX_QUERY_CHARS, cut_at_word
from search.suggest import distance

PARAGRAPH = " ".join(["ডিজিটাল", "রূপান্তর", "প্রযুক্তি", "উন্নয়ন"] * 150)  # 600 words, 3,899 characters


def test_a_long_query_is_cut_at_a_word_boundary() -> None:
    assert cut_at_word("ab cd ef", 5) == "ab cd"
    assert cut_at_word("ab cd ef", 4) == "ab"
    assert cut_at_word("abcdef", 4) == "abcd"  # one word longer than the limit
    request = SearchRequest.create(q=PARAGRAPH)
    assert len(request.q) <= MAX_QUERY_CHARS and PARAGRAPH.startswith(request.q + " ")
    assert request.cut == {"q": len(PARAGRAPH)}


def test_a_query_of_too_many_terms_is_cut_to_its_first_words() -> None:
    parsed = parse_query(" ".join(["ক"] * 300))
    assert (parsed.text, parsed.cut_from, parsed.clauses()) == (" ".join(["ক"] * 63), 599, MAX_CLAUSES)
    ors = parse_query(" OR ".join(["ক"] * 100))  # cut before a dangling OR
    assert (ors.text, ors.cut_from) == (" OR ".join(["ক"] * 32), 496)


@pytest.mark.parametrize("path", ["/api/search", "/api/passages"])
def test_a_pasted_paragraph_is_searched_by_its_first_words(client: FlaskClient, path: str) -> None:
    response = client.get(path, query_string={"q": PARAGRAPH})
    data = response.get_json()
    assert response.status_code == 200, data
    searched = " ".join(PARAGRAPH.split()[:63])
    assert data["query"]["text"] == searched
    assert data["notes"] == [
        {
            "code": "query_cut",
            "message": f"The q was {len(PARAGRAPH)} characters long; Setu searched its first 63 words "
            f"({len(searched)} characters): a query holds at most 1000 characters and 64 terms.",
            "field": "q",
            "chars": len(PARAGRAPH),
            "searched": searched,
            "words": 63,
        }
    ]
    assert data["total"] > 0


def test_a_long_parallel_q_is_cut_too(client: FlaskClient) -> None:
    data = client.get("/api/passages", query_string={"q": "ডিজিটাল", "parallel_q": "डिजिटल " * 200}).get_json()
    assert [(n["code"], n["field"], n["chars"]) for n in data["notes"]] == [("query_cut", "parallel_q", 1399)]


def test_the_page_says_the_query_was_cut(client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": PARAGRAPH, "ui": "en"}).get_data(as_text=True)
    assert (
        f'<p class="note" data-note="query_cut">The query was {len(PARAGRAPH)} characters long: '
        "only its first 63 words were searched.</p>"
    ) in html


# -- did you mean --------------------------------------------------------------------


def test_edit_distance_stops_past_its_limit() -> None:
    assert [distance("ডিজিটল", "ডিজিটাল", 2), distance("kitten", "sitting", 3), distance("abc", "xyz", 1)] == [1, 3, 2]


def _suggested(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, int]], str]]:
    return [
        (s["text"], [(t["term"], t["field"], t["distance"]) for t in s["terms"]], s["q"]) for s in data["suggestions"]
    ]


@pytest.mark.parametrize("path", ["/api/search", "/api/passages"])
def test_a_misspelt_word_gets_the_closest_indexed_words(client: FlaskClient, path: str) -> None:
    data = client.get(path, query_string={"q": "ডিজিটল"}).get_json()
    assert data["total"] == 0
    assert _suggested(data) == [("ডিজিটল", [("ডিজিটাল", "text", 1)], "ডিজিটাল")]
    assert client.get(path, query_string={"q": "ডিজিটাল"}).get_json()["suggestions"] == []


def test_only_the_words_that_match_nothing_are_corrected(engine: Engine) -> None:
    result = engine.search(SearchRequest.create(q="রূপান্তর ডিজিটল -ক্যামেরা"))
    assert [(s.text, s.q) for s in result.suggestions] == [("ডিজিটল", "রূপান্তর ডিজিটাল -ক্যামেরা")]


def test_the_page_offers_the_corrected_query(client: FlaskClient) -> None:
    html = client.get("/?q=ডিজিটল&ui=en").get_data(as_text=True)
    assert '<p class="did-you-mean" id="did-you-mean">Did you mean: <a class="c" href="/?q=' in html
    assert ">ডিজিটাল</a>?</p>" in html


def _reference_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(st.text("কখগা্", max_size=9), st.text("কখগা্", max_size=9), st.integers(0, 3))
def test_the_banded_distance_is_levenshtein_up_to_its_limit(a: str, b: str, limit: int) -> None:
    assert distance(a, b, limit) == min(_reference_distance(a, b), limit + 1)


def test_the_word_is_corrected_where_it_was_typed(engine: Engine) -> None:
    # "প্রকল" is also the start of the correctly spelt word before it.
    result = engine.search(SearchRequest.create(q="প্রকল্পের প্রকল"))
    assert [(s.text, s.q) for s in result.suggestions] == [("প্রকল", "প্রকল্পের প্রকল্প")]


def test_a_word_typed_twice_is_suggested_once_and_corrected_twice(engine: Engine) -> None:
    result = engine.search(SearchRequest.create(q="ডিজিটল ডিজিটল"))
    assert [(s.text, s.q) for s in result.suggestions] == [("ডিজিটল", "ডিজিটাল ডিজিটাল")]


def test_only_indexed_words_are_offered_not_stems(engine: Engine) -> None:
    # The stem ব্যবসা is one edit away too, but it is not what anyone writes.
    result = engine.search(SearchRequest.create(q="ব্যসার"))
    assert [(s.q, {t[1] for t in s.terms}) for s in result.suggestions] == [("ব্যবসার", {"text"})]


@pytest.mark.parametrize(
    "q",
    [
        "ভা",  # two letters: close to too many words
        "ডিজিটল xyzwv",  # one word has no replacement: the corrected query would find nothing again
        "ডিজিটল রূপান্তরর প্রকল প্রযুক্তর",  # more than MAX_WORDS words to correct
    ],
)
def test_no_suggestion_unless_the_whole_query_can_be_corrected(engine: Engine, q: str) -> None:
    assert engine.search(SearchRequest.create(q=q)).suggestions == ()


def test_up_to_three_words_are_corrected_together(engine: Engine) -> None:
    result = engine.search(SearchRequest.create(q="ডিজিটল রূপান্তরর প্রকল"))
    assert [(s.text, s.q) for s in result.suggestions] == [
        ("ডিজিটল", "ডিজিটাল রূপান্তর প্রকল্প"),
        ("রূপান্তরর", "ডিজিটাল রূপান্তর প্রকল্প"),
        ("প্রকল", "ডিজিটাল রূপান্তর প্রকল্প"),
    ]
