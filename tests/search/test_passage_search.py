"""Passage search: sentences found through token positions (search.sentences).

Sentences are not indexed as documents; these tests pin down that matching
at the sentence level is still exact: every word of an AND in one sentence,
NOT per sentence, phrases inside a sentence, filters and facet counts,
ranking, and sentence ids that stay right after an incremental update
deletes and adds articles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.pipeline.builder import build
from search.engine import Engine
from search.levels import Level
from search.request import SearchRequest

SOURCE = "\n\nস্রোত: https://example.org/{name}\n"

ARTICLES = {
    # Hindi; four sentences.  "विज्ञान" and "प्रौद्योगिकी" share only sentence 2.
    "a_hi.txt": (
        "विज्ञान समाचार\n\n"
        "विज्ञान पर नई नीति आई। प्रौद्योगिकी मंत्रालय ने बैठक की। "
        "विज्ञान और प्रौद्योगिकी का विकास जरूरी है। अंत में धन्यवाद।"
    ),
    # "प्रौद्योगिकी" without "विज्ञान" in any sentence, twice in one.
    "b_hi.txt": ("प्रौद्योगिकी समाचार\n\nप्रौद्योगिकी और प्रौद्योगिकी नीति। दूसरा वाक्य यहाँ है।"),
    # Both words, in different sentences only.
    "c_hi.txt": ("समाचार तीन\n\nविज्ञान की बात। प्रौद्योगिकी की बात।"),
}


def _write(folder: Path, articles: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text + SOURCE.format(name=name.split(".")[0]), encoding="utf-8")


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Path, Engine]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, ARTICLES)
    build(corpus, index, workers=0)
    return corpus, index, Engine(index)


def _hits(engine: Engine, q: str, filters: dict[str, list[str]] | None = None) -> list[tuple[str, int]]:
    result = engine.passages(SearchRequest.create(q, filters=filters, per_page=100))
    assert result.total == len(result.hits)
    return sorted((h.article.id[:1], h.n) for h in result.hits)


def test_and_means_one_sentence(small: tuple[Path, Path, Engine]) -> None:
    _, _, engine = small
    assert _hits(engine, "विज्ञान प्रौद्योगिकी") == [("a", 3)]
    # Across sentences of one article is an article match, not a passage.
    assert {h.article.id[:1] for h in engine.search(SearchRequest.create("विज्ञान प्रौद्योगिकी")).hits} == {"a", "c"}


def test_not_applies_per_sentence(small: tuple[Path, Path, Engine]) -> None:
    _, _, engine = small
    # Article a has "विज्ञान" elsewhere; its sentence 2 still qualifies.
    assert _hits(engine, "प्रौद्योगिकी -विज्ञान") == [("a", 2), ("b", 0), ("b", 1), ("c", 2)]
    alone = _hits(engine, "-विज्ञान")
    assert ("b", 0) in alone and ("a", 2) in alone
    assert ("a", 0) not in alone and ("a", 1) not in alone


def test_phrases_and_or(small: tuple[Path, Path, Engine]) -> None:
    _, _, engine = small
    assert _hits(engine, '"प्रौद्योगिकी मंत्रालय"') == [("a", 2)]
    assert _hits(engine, '"मंत्रालय प्रौद्योगिकी"') == []
    assert _hits(engine, "धन्यवाद OR दूसरा") == [("a", 4), ("b", 2)]


def test_ranking_prefers_repeated_words_in_short_sentences(small: tuple[Path, Path, Engine]) -> None:
    _, _, engine = small
    hits = engine.passages(SearchRequest.create("प्रौद्योगिकी")).hits
    assert (hits[0].article.id[:1], hits[0].n) == ("b", 1)  # twice in a short sentence
    scores = [h.score for h in hits]
    positive = [s for s in scores if s is not None and s > 0]
    assert positive == scores
    assert positive == sorted(positive, reverse=True)


def test_filters_and_facet_counts_count_sentences(small: tuple[Path, Path, Engine]) -> None:
    _, _, engine = small
    result = engine.passages(SearchRequest.create("प्रौद्योगिकी", per_page=100))
    langs = {v.value: v.count for v in result.facets["lang"]}
    assert langs == {"hi": result.total}
    assert _hits(engine, "प्रौद्योगिकी", filters={"lang": ["bn"]}) == []


def test_sentence_ids_survive_an_incremental_update(small: tuple[Path, Path, Engine]) -> None:
    corpus, index, engine = small
    before = _hits(engine, "प्रौद्योगिकी")
    (corpus / "a_hi.txt").unlink()  # the first article's docnum is deleted
    _write(corpus, {"d_hi.txt": "चौथा समाचार\n\nनई प्रौद्योगिकी आई।"})
    report = build(corpus, index, workers=0)
    assert report.mode == "incremental" and report.deleted and report.added
    after = _hits(engine, "प्रौद्योगिकी")
    assert after == sorted([h for h in before if h[0] != "a"] + [("d", 1)])
    for h in engine.passages(SearchRequest.create("प्रौद्योगिकी", per_page=100)).hits:
        assert "प्रौद्योगिकी" in h.article.text[h.start : h.end]


def test_sentence_map_matches_stored_sentences(small: tuple[Path, Path, Engine]) -> None:
    # search.sentences parses the ``sents`` column in one numpy pass; it must
    # agree with index.storage.documents.sentence_tokens, the column's own decoder.
    from index.storage.documents import sentence_tokens

    _, _, engine = small
    with engine._searcher() as (s, fi):
        smap = fi.sentences
        column = s.reader().column_reader("sents")
        expected_total = 0
        for docnum in fi.levels[Level.ARTICLE].tolist():
            tokens, spans = sentence_tokens(column[docnum])
            article = engine.document(s.stored_fields(docnum)["doc"]).article
            assert len(spans) == len(article.sentences())
            base, offset = int(smap.base[docnum]), int(smap.token_base[docnum])
            for n, (first, end) in enumerate(spans):
                assert smap.number(base + n) == (docnum, n)
                assert (smap.first[base + n] - offset, smap.end[base + n] - offset) == (first, end)
            expected_total += len(spans)
        assert smap.size == expected_total > 0
        assert np.all(np.diff(smap.first) >= 0)


def test_repeated_queries_give_the_same_answers_from_the_cache(small: tuple[Path, Path, Engine]) -> None:
    corpus, index, engine = small
    for q in ('"प्रौद्योगिकी मंत्रालय"', "प्रौद्योगिकी", '"प्रौद्योगिकी और"'):
        first = (_hits(engine, q), [h.article.id for h in engine.search(SearchRequest.create(q)).hits])
        assert (_hits(engine, q), [h.article.id for h in engine.search(SearchRequest.create(q)).hits]) == first
        assert _hits(engine, q, filters={"lang": ["hi"]}) == first[0]
    # A new commit is a new cache: the changed article's sentences are found.
    _write(corpus, {"b_hi.txt": "प्रौद्योगिकी समाचार\n\nनई बात। प्रौद्योगिकी मंत्रालय ने कहा।"})
    build(corpus, index, workers=0)
    assert _hits(engine, '"प्रौद्योगिकी मंत्रालय"') == [("a", 2), ("b", 2)]


def test_result_cache_is_bounded() -> None:
    from search.occurrences import ResultCache

    cache = ResultCache(entries=2, max_items=5)
    cache.put("a", np.arange(3))
    cache.put("b", np.arange(3))
    assert cache.get("a") is not None  # "a" is now the most recent
    cache.put("c", np.arange(3))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    cache.put("big", np.arange(6))
    assert cache.get("big") is None


def test_the_mask_of_every_unit_is_made_once_per_generation_and_read_only(small: tuple[Path, Path, Engine]) -> None:
    # Every request without words (and every matcher) starts from it: 1.7M
    # sentences at 100k.  Shared between threads, so nobody may change it.
    _, _, engine = small
    with engine._searcher() as (_, fi):
        for level in Level:
            mask = fi.level_mask(level)
            assert mask is fi.level_mask(level) and not mask.flags.writeable
            assert int(mask.sum()) == fi.levels[level].size and mask.size == fi.size(level)
            with pytest.raises(ValueError):
                mask[0] = False
