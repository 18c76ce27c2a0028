"""Proximity: "…"~N, the words within N positions of each other, in any order, through their stems."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from index import build
from search import Engine, SearchRequest

# Each article puts আলফা and গামা at a known distance (positions counted in words).
ARTICLES = {
    "p1_adjacent": "আলফা গামা এবং আরও কিছু কথা।",
    "p2_two_between": "আলফা বিটা ডেল্টা গামা এবং কথা।",
    "p3_reversed": "গামা বিটা আলফা এবং আরও কথা।",
    "p4_far": "আলফা এক দুই তিন চার পাঁচ ছয় সাত গামা।",
    "p5_inflected": "আলফার পরে গামাকে দেখা গেল।",
}


def _hits(engine: Engine, q: str) -> list[str]:
    return sorted(h.article.id for h in engine.search(SearchRequest.create(q, per_page=20)).hits)


@pytest.fixture(scope="module")
def near(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    corpus = tmp_path_factory.mktemp("near-corpus")
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(f"{text}\nদ্বিতীয় বাক্য এখানে।\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("near-index")
    build(corpus, index_dir, workers=0)
    return Engine(index_dir)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"আলফা গামা"', ["p1_adjacent"]),
        ('"আলফা গামা"~0', ["p1_adjacent"]),
        # Within 1 + N positions, in either order; the stems find আলফার and গামাকে.
        ('"আলফা গামা"~1', ["p1_adjacent", "p3_reversed", "p5_inflected"]),
        ('"আলফা গামা"~2', ["p1_adjacent", "p2_two_between", "p3_reversed", "p5_inflected"]),
        ('"গামা আলফা"~2', ["p1_adjacent", "p2_two_between", "p3_reversed", "p5_inflected"]),
        ('"আলফা গামা"~8', ["p1_adjacent", "p2_two_between", "p3_reversed", "p4_far", "p5_inflected"]),
        ('"আলফা গামা"~3 -ডেল্টা', ["p1_adjacent", "p3_reversed", "p5_inflected"]),
    ],
)
def test_proximity_finds_the_words_within_the_distance_in_any_order(near: Engine, q: str, expected: list[str]) -> None:
    assert _hits(near, q) == expected


def test_a_match_must_lie_inside_one_article(near: Engine) -> None:
    # p4's গামা is 8 positions from its আলফা; the next article's words are not "near" it.
    assert "p4_far" not in _hits(near, '"আলফা গামা"~6')


def test_highlights_mark_every_word_of_the_match(near: Engine) -> None:
    hit = near.search(SearchRequest.create('"আলফা গামা"~2', filters={}, per_page=20)).hits
    marked = {h.article.id: [r.text for s in h.snippets for r in s if r.match] for h in hit}
    assert marked["p2_two_between"] == ["আলফা", "গামা"]
    assert marked["p3_reversed"] == ["গামা", "আলফা"]
    assert marked["p5_inflected"] == ["আলফার", "গামাকে"]


def test_proximity_in_passages(near: Engine) -> None:
    result = near.passages(SearchRequest.create('"গামা আলফা"~2', per_page=20))
    assert sorted((h.article.id, h.n) for h in result.hits) == [
        ("p1_adjacent", 0),
        ("p2_two_between", 0),
        ("p3_reversed", 0),
        ("p5_inflected", 0),
    ]
    assert [r.text for r in result.hits[0].segments if r.match] in (["আলফা", "গামা"], ["গামা", "আলফা"], ["আলফার", "গামাকে"])


def test_on_the_sample_corpus_0_is_the_phrase_and_3_matches(engine: Engine) -> None:
    phrase = engine.search(SearchRequest.create('"ডিজিটাল রূপান্তর"', per_page=20))
    zero = engine.search(SearchRequest.create('"ডিজিটাল রূপান্তর"~0', per_page=20))
    assert [h.article.id for h in zero.hits] == [h.article.id for h in phrase.hits]
    assert zero.query.describe() == phrase.query.describe() == '"ডিজিটাল রূপান্তর"'
    three = engine.search(SearchRequest.create('"ডিজিটাল রূপান্তর"~3', per_page=20))
    assert three.total == 4 and three.query.describe() == '"ডিজিটাল রূপান্তর"~3'
    # রূপান্তরের (000) is found through its stem, with both words marked.
    first = {h.article.id[:3]: [r.text for s in h.snippets for r in s if r.match] for h in three.hits}
    assert first["000"][:2] == ["ডিজিটাল", "রূপান্তরের"]


@pytest.mark.parametrize("q", ['"ডিজিটাল রূপান্তর"~', '"ডিজিটাল রূপান্তর"~x', '"ডিজিটাল রূপান্তর"~51', '"ডিজিটাল"~-1'])
def test_bad_proximity_is_a_400_with_a_sentence(client: FlaskClient, q: str) -> None:
    for path in ("/api/search", "/api/passages", "/api/trend"):
        response = client.get(path, query_string={"q": q})
        assert response.status_code == 400
        assert "~ after a phrase takes a number of positions from 0 to 50" in response.get_json()["error"]


def test_a_single_word_with_a_distance_is_that_word(engine: Engine) -> None:
    one = engine.search(SearchRequest.create('"ডিজিটাল"~4', per_page=20))
    assert [h.article.id for h in one.hits] == [
        h.article.id for h in engine.search(SearchRequest.create('"ডিজিটাল"', per_page=20)).hits
    ]


def test_the_page_shows_a_proximity_search(client: FlaskClient, tmp_path: Path) -> None:
    html = client.get("/", query_string={"q": '"ডিজিটাল রূপান্তর"~3'}).get_data(as_text=True)
    assert 'data-total="4"' in html


def test_proximity_in_the_concordance(client: FlaskClient) -> None:
    args = {"per_page": 100}
    near = client.get("/api/concordance", query_string={**args, "q": '"ডিজিটাল রূপান্তর"~3'}).get_json()
    phrase = client.get("/api/concordance", query_string={**args, "q": '"ডিজিটাল রূপান্তর"'}).get_json()
    assert (near["total"], phrase["total"]) == (33, 13)
    # A line is centred where its window starts (as wide as the phrase), with either word first.
    assert all(x["match"].startswith(("ডিজিটাল", "রূপান্তর")) for x in near["lines"])
    assert any(x["match"].startswith("রূপান্তর") for x in near["lines"])  # in either order
