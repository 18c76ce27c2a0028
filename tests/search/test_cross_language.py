"""cross_language: a Hindi query also finds Bengali articles through the lexicon learned from the samples."""

from __future__ import annotations

from pathlib import Path

from index.interface import Lexicon, open_index
from index.pipeline.builder import build
from search import Engine, SearchRequest
from search.bridge import bridge
from search.query import parse_query


def _hits(engine: Engine, q: str, cross: bool) -> dict[str, dict]:
    data = engine.search(SearchRequest.create(q, per_page=50, cross_language=cross)).to_dict()
    return {h["id"][:3]: h for h in data["hits"]}


def test_a_hindi_query_reaches_the_bengali_articles_only_on_request(engine: Engine) -> None:
    assert list(_hits(engine, "डिजिटल परिवर्तन", cross=False)) == ["001"]
    crossed = _hits(engine, "डिजिटल परिवर्तन", cross=True)
    # Every Bengali sample speaks of ডিজিটাল রূপান্তর (digital transformation).
    assert set(crossed) == {"000", "001", "002", "003", "004"}
    assert next(iter(crossed)) == "001"  # the article in the query's own language ranks first
    for doc, hit in crossed.items():
        if hit["lang"] == "bn":
            reached = {(b["text"], b["terms"]) for b in hit["bridges"]}
            assert ("परिवर्तन", "রূপান্তর") in reached, doc
            marked = {s["text"] for snip in hit["snippets"] for s in snip if s["match"]}
            assert any(m.startswith("রূপান্তর") for m in marked), doc


def test_the_expansions_say_what_the_lexicon_added(engine: Engine) -> None:
    parsed = engine.search(SearchRequest.create("परिवर्तन", cross_language=True)).query
    [entry] = parsed.expansions()
    assert entry["kind"] == "lexicon" and entry["lang"] == "bn" and "রূপান্তর" in entry["terms"]
    assert entry["pairs"][entry["terms"].index("রূপান্তর")] >= 1
    assert all(0 < w < 1 for w in entry["weights"])


def test_without_cross_language_nothing_is_translated(engine: Engine) -> None:
    assert engine.search(SearchRequest.create("परिवर्तन")).query.expansions() == []


def test_skip_removes_the_lexicon_bridge(engine: Engine) -> None:
    request = SearchRequest.create("परिवर्तन", cross_language=True, skip=["lexicon:परिवर्तन"])
    result = engine.search(request)
    assert result.query.expansions() == [] and {h.article.lang for h in result.hits} == {"hi"}


def test_passages_cross_too(engine: Engine) -> None:
    result = engine.passages(SearchRequest.create("परिवर्तन", per_page=100, cross_language=True))
    assert {h.article.lang for h in result.hits} == {"bn", "hi"}


def test_a_word_with_no_equivalent_is_not_required_of_the_other_language(engine: Engine) -> None:
    # ब्यूरो (bureau) has no Bengali equivalent in the samples' lexicon; डिजिटल has one.
    alone = _hits(engine, "डिजिटल ब्यूरो", cross=False)
    assert list(alone) == ["001"]
    crossed = engine.search(SearchRequest.create("डिजिटल ब्यूरो", per_page=50, cross_language=True))
    assert {h.article.id[:3] for h in crossed.hits} == {"000", "001", "002", "003", "004"}
    kinds = {(e["kind"], e["text"]) for e in crossed.query.expansions()}
    assert ("untranslated", "ब्यूरो") in kinds and ("lexicon", "डिजिटल") in kinds
    # Hindi articles still need the word: 001 is the only Hindi sample and holds it.
    hindi = [h for h in crossed.hits if h.article.lang == "hi"]
    assert hindi and all("ब्यूरो" in h.article.text for h in hindi)
    # Reached through the translated word, not through the untranslated one.
    reached = [b for hit in crossed.to_dict()["hits"] for b in hit["bridges"]]
    assert reached and {b["kind"] for b in reached} == {"lexicon"}


def test_no_word_crosses_without_a_translated_sibling(engine: Engine) -> None:
    # Alone, a word with no equivalent must not match the whole other language.
    result = engine.search(SearchRequest.create("ब्यूरो", cross_language=True))
    assert {h.article.lang for h in result.hits} == {"hi"} and result.query.expansions() == []


def test_a_name_with_no_equivalent_crosses_through_its_key(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    # Vladivostok, spelled differently in the two scripts (ভ bh, व v; ক, को).
    (corpus / "bn.txt").write_text("ভ্লাদিভোস্তক নতুন প্রযুক্তি কেন্দ্র খুলেছে।\n", encoding="utf-8")
    (corpus / "hi.txt").write_text("व्लादिवोस्तोक ने नया केंद्र खोला है।\n", encoding="utf-8")
    build(corpus, index, workers=0)
    with open_index(index, readonly=True).searcher() as s:
        # A lexicon that knows nothing (the build may have learned the name from these two).
        parsed = bridge(parse_query("व्लादिवोस्तोक"), s.reader(), Lexicon.empty(), cross_language=True)
        [entry] = parsed.expansions()
        assert entry["kind"] == "cognate" and entry["field"] == "key" and entry["terms"] == ["bladabastak"]
        # Removing it leaves the word to its own language; so does cross_language off.
        assert bridge(parse_query("व्लादिवोस्तोक"), s.reader(), Lexicon.empty(), False).expansions() == []
        skip = frozenset({"cognate:व्लादिवोस्तोक"})
        assert bridge(parse_query("व्लादिवोस्तोक"), s.reader(), Lexicon.empty(), True, skip).expansions() == []
    crossed = Engine(index).search(SearchRequest.create("व्लादिवोस्तोक", cross_language=True))
    assert {h.article.id for h in crossed.hits} == {"bn", "hi"} and crossed.hits[0].article.id == "hi"
