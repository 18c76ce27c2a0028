"""A word typed in Latin letters also matches its Bengali and Hindi translations (the bundled English table)."""

from __future__ import annotations

import pytest

from index.pipeline.builder import build
from search import Engine, SearchRequest


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("english")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    # "South" is translated, not spelled: no key meets দক্ষিণ or दक्षिण.
    (corpus / "a.txt").write_text("দক্ষিণ অঞ্চলে বন্যা হয়েছে।\n", encoding="utf-8")
    (corpus / "b.txt").write_text("दक्षिण क्षेत्र में बाढ़ आई है।\n", encoding="utf-8")
    (corpus / "c.txt").write_text("উত্তর অঞ্চলে বৃষ্টি হয়েছে।\n", encoding="utf-8")
    build(corpus, index, workers=0)
    return Engine(index)


def test_an_english_word_finds_its_translations_in_both_languages(engine: Engine) -> None:
    result = engine.search(SearchRequest.create("South")).to_dict()
    assert sorted(h["id"] for h in result["hits"]) == ["a", "b"]
    (entry,) = result["query"]["expansions"]
    assert {k: entry[k] for k in ("kind", "text", "field", "terms", "lang", "langs", "sources", "skip")} == {
        "kind": "lexicon",
        "text": "South",
        "field": "stem",
        "terms": ["दक्षिण", "দক্ষিণ"],
        "lang": "hi",
        "langs": ["hi", "bn"],
        "sources": ["english", "english"],
        "skip": "lexicon:South",
    }
    marked = {s["text"] for h in result["hits"] for snip in h["snippets"] for s in snip if s["match"]}
    assert marked == {"দক্ষিণ", "दक्षिण"}


def test_the_english_bridge_can_be_removed(engine: Engine) -> None:
    result = engine.search(SearchRequest.create("South", skip=["lexicon:South"]))
    assert result.total == 0 and result.query.expansions() == []
