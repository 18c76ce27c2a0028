"""Words typed in Latin letters find their Bengali and Hindi spellings (search.bridge, the key field)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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


def test_a_short_latin_word_alone_reaches_names_not_common_words(engine: Engine) -> None:
    # "Ho" has the key of হয় and है ("is"), in nearly every sentence: a lone
    # word's key is not matched where the word is a common one.  The Hindi
    # article 001 holds the key only as है, हो, ही, हुई, हुए.
    result = engine.search(SearchRequest(q="Ho", per_page=50)).to_dict()
    assert sorted(h["id"][:3] for h in result["hits"]) == ["002", "003", "004"]
    marked = _marked(result)
    assert "হো" in marked and not marked & {"হয়", "হয়ে", "है", "हो", "ही"}
    (entry,) = result["query"]["expansions"]
    assert entry["terms"] == ["ha"] and {"হয়", "है"} <= set(entry["except"][0])


def _two_articles(tmp_path: Path, a: str, b: str) -> Engine:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text(a, encoding="utf-8")
    (corpus / "b.txt").write_text(b, encoding="utf-8")
    build(corpus, index, workers=0)
    return Engine(index)


def test_a_name_outranks_nothing_it_shares_a_key_with_only_as_a_common_word(tmp_path: Path) -> None:
    # Zaev and जब ("when") both key to jab; the article that says "when" three
    # times is not about Zaev, the one that names him once is.
    engine = _two_articles(
        tmp_path,
        "जब बारिश हुई, जब नदी भरी, जब लोग लौटे।\n",
        "ज़ायेव आज दिल्ली आए। जब वे आए, बारिश हुई।\n",
    )
    result = engine.search(SearchRequest(q="Zaev")).to_dict()
    assert [h["id"] for h in result["hits"]] == ["b"]
    assert _marked(result) == {"ज़ायेव"}
    # Passages: the sentence that names him, not the one that says "when".
    passages = engine.passages(SearchRequest(q="Zaev", per_page=50))
    assert [("".join(r.text for r in h.segments), [r.text for r in h.segments if r.match]) for h in passages.hits] == [
        ("ज़ायेव आज दिल्ली आए।", ["ज़ायेव"])
    ]


def test_a_lone_name_with_a_two_letter_key_is_found(tmp_path: Path) -> None:
    # Kai keys to "ka", as की, के, को, का do; only काई is the name.
    engine = _two_articles(tmp_path, "राम की किताब और के को का।\n", "काई ने आज किताब पढ़ी।\n")
    assert [h.article.id for h in engine.search(SearchRequest(q="Kai")).hits] == ["b"]


def test_a_run_of_latin_words_does_not_match_two_letter_keys_word_by_word(engine: Engine) -> None:
    # Inside "Ho Hai" each word needs a key of 3 letters alone; the run's keys in a row match anywhere.
    assert _ids(engine, "Ho Hai") == ["003", "004"]


def test_english_spellings_read_otherwise_meet_through_spelling_variants(tmp_path: Path) -> None:
    engine = _two_articles(tmp_path, "ওকলাহোমার মরুভূমিতে ডেজার্ট রেস হয়েছে।\n", "নতুন ব্রিজ খুলেছে।\n")
    assert _ids(engine, "Oklahoma") == ["a"]  # the genitive ওকলাহোমার
    assert _ids(engine, "Desert") == ["a"]  # s said z
    assert _ids(engine, "Bridge") == ["b"]  # dg said j


def test_silent_letters_and_other_readings_of_english_spelling_meet_through_spelling_variants(tmp_path: Path) -> None:
    engine = _two_articles(tmp_path, "মিশিগানের সাউদার্ন রেলপথ চালু হলো।\n", "रात को नाइट क्लब बंद रहा।\n")
    assert _ids(engine, "Michigan") == ["a"]  # ch said sh
    assert _ids(engine, "Southern") == ["a"]  # a voiced th
    assert _ids(engine, "Night") == ["b"]  # a silent gh


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


def test_a_lone_keys_counts_less_the_common_words_are_read_once_per_generation(tmp_path: Path) -> None:
    engine = _two_articles(tmp_path, "जब बारिश हुई, जब नदी भरी।\n", "ज़ायेव आज दिल्ली आए। जब वे आए।\n")
    first = engine.search(SearchRequest(q="Zaev")).to_dict()
    with engine._searcher() as (_, fi):
        assert fi.key_counts.get(("key-except", "jab", "जब")) is not None
    # the second answer comes from the generation's cache and is the same
    assert engine.search(SearchRequest(q="Zaev")).to_dict()["hits"] == first["hits"]
    assert [h["id"] for h in first["hits"]] == ["b"]
    # ...and really from the cache: with the entry emptied, the key finds nothing
    with engine._searcher() as (_, fi):
        fi.key_counts.put(("key-except", "jab", "जब"), np.zeros((2, 0), dtype=np.int64))
    assert engine.search(SearchRequest(q="Zaev")).to_dict()["hits"] == []
