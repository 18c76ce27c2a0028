"""Passage search finds a place where its name is written, not in every sentence of a tagged article.

A place name (``Can Tho``, ``ক্যান থো``) also stands for its province facet;
at the article level that facet still matches every article tagged with the
province, but a passage must name the place itself: in any of its
spellings, with a Bengali case ending (ক্যান থোর, ক্যান থোকে) as the
gazetteer reads them.  What "names the place" means is the gazetteer's own
answer for the sentence's text (index.extraction.gazetteer.find_provinces).
"""

from __future__ import annotations

import pytest
from conftest import SEED_IDS

from index.interface import gazetteer
from search import Engine, SearchRequest
from search.results import PassageHit

SPELLINGS = ["Can Tho", "Cần Thơ", "ক্যান থো", "कैन थो", "can tho"]


def _passages(engine: Engine, q: str = "", parallel_q: str = "") -> list[PassageHit]:
    result = engine.passages(SearchRequest.create(q, parallel_q=parallel_q, per_page=100))
    assert result.total == len(result.hits)
    return list(result.hits)


def _naming(engine: Engine, slug: str) -> list[tuple[str, int]]:
    """Every sentence of the sample corpus whose text names ``slug``, by the gazetteer."""
    out = []
    for doc_id in SEED_IDS.values():
        article = engine.document(doc_id).article
        for n, sentence in enumerate(article.sentences()):
            if slug in gazetteer.find_provinces(article.text[sentence.start : sentence.end]):
                out.append((doc_id[:3], n))
    return sorted(out)


@pytest.mark.parametrize("q", SPELLINGS)
def test_a_place_matches_the_sentences_that_name_it(engine: Engine, q: str) -> None:
    found = sorted((h.article.id[:3], h.n) for h in _passages(engine, q))
    # 16 sentences of the 38 in the two Can Tho articles (all 38 before);
    # 000's sentences 3 and 16 write ক্যান থোর and ক্যান থোকে.
    assert found == _naming(engine, "can-tho")
    assert len(found) == 16
    assert ("000", 3) in found and ("000", 16) in found


def test_a_place_and_a_word_in_one_sentence(engine: Engine) -> None:
    # "540" (sentence 10 of both Can Tho articles) does not name the city.
    assert _passages(engine, "Can Tho 540") == []
    assert sorted((h.article.id[:3], h.n) for h in _passages(engine, "ক্যান থো স্টার্টআপ")) == [("000", 3), ("000", 17)]


def test_excluding_a_place_keeps_the_sentences_that_do_not_name_it(engine: Engine) -> None:
    found = {(h.article.id[:3], h.n) for h in _passages(engine, "540 -Cantho")}
    assert found == {("000", 10), ("001", 10)}


def test_the_province_filter_still_covers_whole_articles(engine: Engine) -> None:
    # province:can-tho is a filter on articles, not a place name.
    assert len(_passages(engine, "province:can-tho")) == 38


@pytest.mark.parametrize("q", SPELLINGS)
def test_article_search_still_finds_the_tagged_articles(engine: Engine, q: str) -> None:
    assert sorted(h.article.id[:3] for h in engine.search(SearchRequest.create(q)).hits) == ["000", "001"]


@pytest.mark.parametrize("other", ["कैन थो", "ক্যান থো", "Can Tho"])
def test_parallel_q_place_is_written_on_the_other_side(engine: Engine, other: str) -> None:
    hits = _passages(engine, parallel_q=other)
    assert hits
    for hit in hits:
        named = [p for p in hit.parallel if "can-tho" in gazetteer.find_provinces(p["text"])]
        assert named, (hit.article.id, hit.n, [p["text"] for p in hit.parallel])


def test_parallel_q_place_with_a_query(engine: Engine) -> None:
    # Both sides of the 000/001 pair: a sentence with স্টার্টআপ whose Hindi
    # counterpart names कैन थो.
    hits = _passages(engine, "স্টার্টআপ", parallel_q="कैन थो")
    assert sorted((h.article.id[:3], h.n) for h in hits) == [("000", 3), ("000", 17)]


@pytest.mark.parametrize("q", ["Can Tho", "ক্যান থো"])
def test_every_sentence_found_for_a_place_marks_it(engine: Engine, q: str) -> None:
    # ক্যান থোর and ক্যান থোকে (000's sentences 3 and 16) are found as the
    # place: they are marked as the place too, not left without a highlight.
    unmarked = [
        (h.article.id[:3], h.n)
        for h in _passages(engine, q)
        if not any(run["match"] for run in h.to_dict()["segments"])
    ]
    assert unmarked == []
