"""Words typed in Latin letters find their Bengali and Hindi spellings (search.bridge, the key field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.pipeline.builder import build
from search import BadRequest, Engine, SearchRequest


def _ids(engine: Engine, q: str, **kw: object) -> list[str]:
    return sorted(h.article.id[:3] for h in engine.search(SearchRequest.create(q, per_page=50, **kw)).hits)  # type: ignore[arg-type]


def _marked(result_dict: dict) -> set[str]:
    return {s["text"] for h in result_dict["hits"] for snip in h["snippets"] for s in snip if s["match"]}


@pytest.mark.parametrize("q", ["Nguyen Ho Hai", '"Nguyen Ho Hai"', "Nguyễn Hồ Hải"])
def test_a_name_typed_in_latin_letters_finds_its_bengali_spelling(engine: Engine, q: str) -> None:
    result = engine.search(SearchRequest(q=q)).to_dict()
    assert sorted(h["id"][:3] for h in result["hits"]) == ["003", "004"]
    assert "নগুয়েন হো হাই" in _marked(result)
    kinds = {e["kind"] for e in result["query"]["expansions"]}
    assert kinds == {"transliteration"}


def test_loanwords_typed_in_latin_letters(engine: Engine) -> None:
    assert _ids(engine, "Mekong") == ["000", "001"]
    # মেকং in the Bengali article and मेकांग in its Hindi translation
    marked = _marked(engine.search(SearchRequest(q="Mekong")).to_dict())
    assert {"মেকং", "मेकांग"} <= marked


def test_a_short_latin_word_alone_does_not_reach_every_native_word(engine: Engine) -> None:
    # "Ho" has the key of হয় ("is"), in nearly every Bengali sentence: only a run of words bridges it.
    result = engine.search(SearchRequest(q="Ho"))
    assert result.total == 0 and result.query.expansions() == []


def test_an_exact_match_ranks_above_a_match_through_the_key(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    # The same sentence, the river written in Bengali letters (a) or in Latin letters (b).
    (corpus / "a.txt").write_text("মেকং নদীর বদ্বীপে নতুন প্রকল্প শুরু হয়েছে।\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Mekong নদীর বদ্বীপে নতুন প্রকল্প শুরু হয়েছে।\n", encoding="utf-8")
    build(corpus, index, workers=0)
    hits = Engine(index).search(SearchRequest(q="Mekong")).hits
    assert [h.article.id for h in hits] == ["b", "a"]
    assert hits[0].score is not None and hits[1].score is not None and hits[0].score > hits[1].score


def test_skip_removes_one_bridge(engine: Engine) -> None:
    kept = engine.search(SearchRequest.create("Nguyen Ho Hai"))
    assert kept.total == 2
    without = engine.search(SearchRequest.create("Nguyen Ho Hai", skip=["transliteration:Nguyen Ho Hai"]))
    # Not "Ho Hai" instead: a removed run is not bridged in parts.
    assert [e["text"] for e in without.query.expansions()] == ["Nguyen"]
    # Without the run's keys, "Ho" and "Hai" must be written in Latin letters: nothing is.
    assert without.total == 0


@pytest.mark.parametrize("bad", ["nonsense", "province:Hue", "transliteration:", ":x"])
def test_a_bad_skip_is_refused_with_a_sentence(bad: str) -> None:
    with pytest.raises(BadRequest, match="skip="):
        SearchRequest.create("x", skip=[bad])


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("1", True), ("false", False), ("0", False), (None, False)])
def test_cross_language_takes_true_false_1_0(raw: str | None, value: bool) -> None:
    assert SearchRequest.create("x", cross_language=raw).cross_language is value


@pytest.mark.parametrize("bad", ["yes", "2", "on", "truee"])
def test_cross_language_refuses_anything_else(bad: str) -> None:
    with pytest.raises(BadRequest, match="cross_language must be true or false"):
        SearchRequest.create("x", cross_language=bad)


def test_passages_find_the_latin_name_in_sentences(engine: Engine) -> None:
    result = engine.passages(SearchRequest(q="Nguyen Ho Hai", per_page=50))
    assert result.total >= 2
    for hit in result.hits:
        assert any(r.match for r in hit.segments)


def test_a_key_one_inherent_vowel_away_matches_below_the_key_itself(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    # Jones keys to janas; জোন্স (a) to jans, one vowel away; জোনাস (b) to janas itself.
    (corpus / "a.txt").write_text("জোন্স আজ ঢাকায় এসেছেন।\n", encoding="utf-8")
    (corpus / "b.txt").write_text("জোনাস আজ ঢাকায় এসেছেন।\n", encoding="utf-8")
    (corpus / "c.txt").write_text("জন আজ ঢাকায় এসেছেন।\n", encoding="utf-8")
    build(corpus, index, workers=0)
    result = Engine(index).search(SearchRequest(q="Jones"))
    assert [h.article.id for h in result.hits] == ["b", "a"]
    (entry,) = result.query.expansions()
    assert (entry["kind"], entry["terms"], entry["weights"]) == ("transliteration", ["janas", "jans"], [0.5, 0.25])
