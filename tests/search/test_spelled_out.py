"""A word typed in Latin letters ranks higher where the article's translation holds it too (search.ranking)."""

from __future__ import annotations

import numpy as np
import pytest

from index.pipeline.builder import build
from search import Engine, SearchRequest, ranking
from search.partners import Partners

URL = "Source: https://example.org/football/20251029071027975\n"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    corpus = tmp_path_factory.mktemp("spelled-out")
    index = corpus / "ix"
    articles = corpus / "corpus"
    articles.mkdir()
    # a and b: one report in Bengali and in Hindi (the same source URL links
    # them), naming the player Mateo (মাতেও, माटेओ).  c: a shorter Bengali
    # text about soil, মাটি, which shares Mateo's key "mata".
    (articles / "a_bn.txt").write_text(
        "খেলার খবর\n\nশনিবারের ম্যাচে দলের হয়ে দ্বিতীয়ার্ধে মাতেও একটি গোল করেছেন এবং দল তিন পয়েন্ট পেয়েছে।\n"
        "কোচ বলেছেন দলের রক্ষণভাগ আগের চেয়ে অনেক ভালো খেলেছে।\n\n" + URL,
        encoding="utf-8",
    )
    (articles / "b_hi.txt").write_text(
        "खेल समाचार\n\nशनिवार के मैच में टीम के लिए दूसरे हाफ में माटेओ ने एक गोल किया और टीम को तीन अंक मिले।\n"
        "कोच ने कहा कि टीम की रक्षा पंक्ति पहले से बहुत बेहतर खेली।\n\n" + URL,
        encoding="utf-8",
    )
    (articles / "c_bn.txt").write_text(
        "কথা\n\nমাটি ভেজা এবং নরম। আজ সকালে অনেক বৃষ্টি হয়েছে এবং রাস্তায় জল জমেছে।\n", encoding="utf-8"
    )
    build(articles, index, workers=0)
    return Engine(index)


def _ids(engine: Engine, q: str) -> list[str]:
    return [h.article.id for h in engine.search(SearchRequest.create(q)).hits]


def test_a_name_spelled_in_both_versions_ranks_above_a_word_that_shares_its_key(engine: Engine) -> None:
    assert _ids(engine, "Mateo") == ["a_bn", "b_hi", "c_bn"]


def test_without_the_translation_the_common_word_would_rank_first(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the rule changes: counted once, the short c's মাটি outweighs a's মাতেও.
    monkeypatch.setattr(ranking, "SPELLED_BOTH", 1.0)
    assert _ids(engine, "Mateo")[0] == "c_bn"


def test_a_native_word_is_ranked_as_before(engine: Engine) -> None:
    # Only words typed in Latin letters cross into both versions: a Bengali word is ranked by BM25 alone.
    assert _ids(engine, "মাটি") == ["c_bn"]


def test_partners_pair_the_members_of_a_translation_group(engine: Engine) -> None:
    with engine._searcher() as (s, fi):
        partners = ranking.article_partners(fi, s.reader())
        docnum = {s.stored_fields(d)["doc"]: d for d in fi.levels[ranking.Level.ARTICLE].tolist()}
    assert isinstance(partners, Partners)
    assert sorted(zip(partners.source.tolist(), partners.target.tolist(), strict=True)) == sorted(
        [(docnum["a_bn"], docnum["b_hi"]), (docnum["b_hi"], docnum["a_bn"])]
    )
    scores = np.zeros(fi.doc_count)
    scores[[docnum["a_bn"], docnum["c_bn"]]] = 1.0
    assert partners.both(scores).tolist() == []  # b holds nothing: a's translation does not agree
    scores[docnum["b_hi"]] = 0.5
    assert sorted(partners.both(scores).tolist()) == sorted([docnum["a_bn"], docnum["b_hi"]])


def test_a_run_of_latin_words_counts_twice_as_a_whole_not_word_by_word_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Mateo ekti": a holds the run (মাতেও একটি), b holds Mateo: a's whole score doubles, no more.
    def score(factor: float) -> float:
        monkeypatch.setattr(ranking, "SPELLED_BOTH", factor)
        (hit,) = [h for h in engine.search(SearchRequest.create("Mateo ekti")).hits if h.article.id == "a_bn"]
        assert hit.score is not None
        return hit.score

    assert score(2.0) == pytest.approx(2 * score(1.0))
