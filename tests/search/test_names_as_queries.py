"""A query that names a place or a resolution, in any script or spelling, finds what it names."""

from __future__ import annotations

import pytest

from search import Engine, SearchRequest


def _ids(engine: Engine, q: str, passages: bool = False) -> list[str]:
    request = SearchRequest(q=q, per_page=50)
    result = engine.passages(request) if passages else engine.search(request)
    return sorted({h.article.id[:3] for h in result.hits})


@pytest.mark.parametrize("q", ["Hue", "Huế", "ह्यू", "হিউ", "Thua Thien Hue"])
def test_a_short_province_name_alone_finds_its_province(engine: Engine, q: str) -> None:
    result = engine.search(SearchRequest(q=q))
    assert sorted(h.article.id[:3] for h in result.hits) == ["002"]
    assert result.query.describe() == "province:hue"
    [expansion] = result.query.expansions()
    assert expansion["kind"] == "province" and expansion["province"] == "hue" and expansion["text"] == q


def test_an_ambiguous_spelling_next_to_other_words_stays_a_word(engine: Engine) -> None:
    # হিউ is also "Hugh": only a query that is the name alone is read as the place.
    parsed = engine.search(SearchRequest(q="হিউ ডিজিটাল")).query
    assert "province:hue" not in parsed.describe()


@pytest.mark.parametrize("q", ["Resolution 57", "संकल्प 57", "রেজোলিউশন ৫৭", "Nghị quyết 57", "57 নং রেজোলিউশন"])
def test_a_resolution_in_any_form_finds_every_article_that_cites_it(engine: Engine, q: str) -> None:
    result = engine.search(SearchRequest(q=q))
    assert sorted(h.article.id[:3] for h in result.hits) == ["000", "001", "002", "003", "004"]
    assert result.query.describe() == "resolution:57-NQ/TW"
    [expansion] = result.query.expansions()
    assert expansion == {"kind": "resolution", "text": q, "resolution": "57-NQ/TW", "label": expansion["label"]}


def test_a_coded_resolution_reports_its_facet(engine: Engine) -> None:
    [expansion] = engine.search(SearchRequest(q="57-NQ/TW")).query.expansions()
    assert expansion["kind"] == "resolution" and expansion["resolution"] == "57-NQ/TW"


def test_a_number_alone_stays_a_number(engine: Engine) -> None:
    result = engine.search(SearchRequest(q="57"))
    assert result.query.describe() == "57" and result.query.expansions() == []


def test_resolution_passages_are_sentences_that_write_its_number(engine: Engine) -> None:
    result = engine.passages(SearchRequest(q="Resolution 57", per_page=100))
    assert result.hits
    for hit in result.hits:
        assert any(ch in hit.text for ch in "5৫५"), hit.text


def test_province_expansions_keep_their_keys_and_say_their_kind(engine: Engine) -> None:
    [expansion] = engine.search(SearchRequest(q="Can Tho")).query.expansions()
    assert set(expansion) == {"kind", "text", "province", "label", "variants", "merged_into"}
    assert expansion["kind"] == "province"


@pytest.mark.parametrize("q", ["57-NQ/TW", "57/NQ-TW"])
def test_coded_resolution_passages_are_sentences_that_write_its_number(engine: Engine, q: str) -> None:
    # As for "Resolution 57": a passage cites the resolution where it writes
    # it, not in every sentence of an article that cites it.
    result = engine.passages(SearchRequest(q=q, per_page=100))
    assert result.hits
    assert result.total < engine.passages(SearchRequest(q="", filters={"resolution": ("57-NQ/TW",)})).total
    for hit in result.hits:
        assert any(ch in hit.text for ch in "5৫५"), hit.text
    # The articles it finds are the ones "Resolution 57" finds.
    assert _ids(engine, q, passages=True) == _ids(engine, "Resolution 57", passages=True)


@pytest.mark.parametrize("q", ["57-NQ/TW ডিজিটাল", "57-NQ/TW डिजिटल"])
def test_a_coded_resolution_beside_a_word_needs_both_in_the_passage(engine: Engine, q: str) -> None:
    # The code does not stand for every sentence of a citing article, so the
    # other word alone does not make a passage.
    result = engine.passages(SearchRequest(q=q, per_page=100))
    assert result.hits
    for hit in result.hits:
        assert any(ch in hit.text for ch in "5৫५"), hit.text
