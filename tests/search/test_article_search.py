"""Search over the seeds: the issue's acceptance figures, through the Engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_IDS

from search import BadRequest, Engine, SearchRequest, SearchResult

ALL = sorted(SEED_IDS)


def seeds(result: SearchResult) -> list[str]:
    return sorted(h.article.id[:3] for h in result.hits)


def run(engine: Engine, q: str = "", filters: dict[str, list[str]] | None = None) -> list[str]:
    return seeds(engine.search(SearchRequest.create(q, filters=filters, per_page=100)))


@pytest.mark.parametrize("q", ["57", "৫৭", "५७"])
def test_digits_in_any_script_find_every_article(engine: Engine, q: str) -> None:
    assert run(engine, q) == ALL


def test_bengali_phrase_hits_exactly_the_articles_containing_it(engine: Engine, sample_dir: Path) -> None:
    expected = sorted(p.name[:3] for p in sample_dir.glob("*.txt") if "ডিজিটাল রূপান্তর" in p.read_text(encoding="utf-8"))
    assert run(engine, '"ডিজিটাল রূপান্তর"') == expected == ["000", "002", "003", "004"]


@pytest.mark.parametrize("q", ["Can Tho", "Cần Thơ", "ক্যান থো", "कैन थो", "can tho"])
def test_can_tho_in_every_spelling(engine: Engine, q: str) -> None:
    result = engine.search(SearchRequest.create(q))
    assert seeds(result) == ["000", "001"]
    assert [e["province"] for e in result.query.expansions()] == ["can-tho"]


def test_facet_filters(engine: Engine) -> None:
    assert run(engine, filters={"province": ["ca-mau"]}) == ["003", "004"]
    assert run(engine, filters={"resolution": ["13-NQ/TW"]}) == ["000", "001"]
    assert run(engine, filters={"province": ["ca-mau", "hue"]}) == ["002", "003", "004"]  # OR within
    assert run(engine, filters={"province": ["ca-mau"], "resolution": ["59-NQ/TW"]}) == ["004"]  # AND across
    assert run(engine, filters={"lang": ["hi"]}) == ["001"]
    assert run(engine, "province:ca-mau") == ["003", "004"]
    assert run(engine, 'province:"Cà Mau"') == ["003", "004"]


def test_every_facet_count_equals_the_hits_of_selecting_it(engine: Engine) -> None:
    for q in ("", "57", "ডিজিটাল", "Can Tho"):
        result = engine.search(SearchRequest.create(q, per_page=100))
        for facet, values in result.facets.items():
            for v in values:
                selected = engine.search(SearchRequest.create(q, filters={facet: [v.value]}, per_page=100))
                assert selected.total == v.count, (q, facet, v.value)


def test_counts_of_a_facet_ignore_its_own_selection(engine: Engine) -> None:
    result = engine.search(SearchRequest.create("", filters={"province": ["hue"]}))
    counts = {v.value: (v.count, v.selected) for v in result.facets["province"]}
    assert counts == {"ca-mau": (2, False), "can-tho": (2, False), "bac-lieu": (1, False), "hue": (1, True)}
    assert {v.value: v.count for v in result.facets["lang"]} == {"bn": 1}


def test_stemmed_field_gives_recall_and_exact_ranks_first(engine: Engine) -> None:
    result = engine.search(SearchRequest.create("রূপান্তরের"))
    assert seeds(result) == ["000", "002", "003", "004"]


def test_operators(engine: Engine) -> None:
    assert run(engine, "FPT OR Viettel") == ["003", "004"] or run(engine, "FPT OR Viettel") == ["004"]
    assert run(engine, "হিউ -FPT") == ["002"]
    assert run(engine, "57 NOT হিউ") == ["000", "001", "003", "004"]
    assert run(engine, "রূপান্ত*") == ["000", "002", "003", "004"]
    assert run(engine, "(FPT OR হিউ) ডিজিটাল") == ["002", "004"]


def test_empty_query_lists_everything_newest_first(engine: Engine) -> None:
    result = engine.search(SearchRequest.create(""))
    assert [h.article.id[:3] for h in result.hits][:3] == ["000", "001", "004"]
    assert result.total == 5


def test_snippets_are_substrings_and_marks_are_matches(engine: Engine) -> None:
    for q in ('"ডিজিটাল রূপান্তর"', "57", "Can Tho", "রূপান্ত*", ""):
        for hit in engine.search(SearchRequest.create(q, per_page=100)).hits:
            assert 1 <= len(hit.snippets) <= 3
            for snippet in hit.snippets:
                joined = "".join(s.text for s in snippet)
                assert joined in hit.article.text
                assert joined == joined.strip()


def test_passage_search_returns_sentences_with_offsets(engine: Engine) -> None:
    result = engine.passages(SearchRequest.create("540"))
    assert [(h.article.id[:3], h.n) for h in result.hits] == [("000", 10), ("001", 10)]
    for h in result.hits:
        assert h.article.text[h.start : h.end] == "".join(s.text for s in h.segments)
        assert [s.text for s in h.segments if s.match] in (["৫৪০"], ["540"])


def test_sort_and_paging(engine: Engine) -> None:
    first = engine.search(SearchRequest.create("57", per_page=2, page=1))
    third = engine.search(SearchRequest.create("57", per_page=2, page=3))
    assert (first.total, len(first.hits), len(third.hits), first.pages) == (5, 2, 1, 3)
    by_date = engine.search(SearchRequest.create("57", sort="date", per_page=5))
    assert [h.article.date.isoformat() if h.article.date else None for h in by_date.hits] == [
        "2025-10-29",
        "2025-10-29",
        "2025-09-17",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"q": '"open'}, "quotation mark is not closed"),
        ({"q": "NOT"}, "needs a word after it"),
        ({"q": "a OR"}, "OR needs a search term"),
        ({"q": "*"}, "lone * matches nothing"),
        ({"q": "*ান"}, "only at the end of a word"),
        ({"q": "foo:bar"}, "Unknown field 'foo'"),
        ({"q": "।।"}, "no searchable words"),
        ({"q": "57", "page": 9}, "page 9 is past the end"),
        ({"q": "57", "per_page": 1000}, "per_page must be between 1 and 100"),
        ({"q": "57", "filters": {"province": ["atlantis"]}}, "Unknown province 'atlantis': it is not a province"),
        ({"q": "57", "filters": {"colour": ["red"]}}, "Unknown filter 'colour'"),
        ({"q": "57", "sort": "random"}, "sort must be one of relevance, date"),
    ],
)
def test_bad_requests_say_what_to_change(engine: Engine, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequest) as info:
        engine.search(SearchRequest.create(**kwargs))
    assert message in info.value.message


def test_precomposed_and_decomposed_nukta_queries_match_alike(engine: Engine) -> None:
    decomposed = "সম\u09af\u09bcের"  # য + nukta, as NFC stores it
    precomposed = "সম\u09dfের"  # the precomposed য়
    assert run(engine, precomposed) == run(engine, decomposed) == ["000", "002", "003"]


def test_passages_filter_by_their_articles_facets(engine: Engine) -> None:
    def passages(q: str, filters: dict[str, list[str]] | None = None) -> list[tuple[str, int]]:
        return sorted(
            (h.article.id[:3], h.n)
            for h in engine.passages(SearchRequest.create(q, filters=filters, per_page=100)).hits
        )

    assert passages("540", filters={"province": ["can-tho"]}) == [("000", 10), ("001", 10)]
    assert passages("540", filters={"lang": ["hi"]}) == [("001", 10)]
    assert passages("540", filters={"province": ["hue"]}) == []
    assert passages("province:can-tho 540") == [("000", 10), ("001", 10)]
    assert passages("540 -lang:bn") == [("001", 10)]
    # A place name matches sentences that spell it, not every sentence of the article.
    assert len(passages("Can Tho")) < engine.passages(SearchRequest.create("", per_page=1)).total


def test_passage_facet_counts_equal_the_hits_of_selecting_them(engine: Engine) -> None:
    for q in ("57", "ডিজিটাল", ""):
        result = engine.passages(SearchRequest.create(q, per_page=1))
        for facet, values in result.facets.items():
            for v in values:
                selected = engine.passages(SearchRequest.create(q, filters={facet: [v.value]}, per_page=1))
                assert selected.total == v.count, (q, facet, v.value)


@pytest.mark.parametrize("q", ["57", "প্রস্তাব", "কাজ সম্পন্ন", "विज्ञान OR প্রযুক্তি", "সিটি"])
def test_ranking_gives_whooshs_bm25(engine: Engine, q: str) -> None:
    # search.ranking computes BM25 with numpy over whole posting lists; it
    # must order and score like Whoosh's own BM25F over the same words.
    from whoosh import query as wq

    from index.analysis.analyzers import exact_analyzer, stemmed_analyzer

    def word(w: str) -> wq.Query:
        exact = [t.text for t in exact_analyzer()(w)][0]
        stem = [t.text for t in stemmed_analyzer()(w)][0]
        return wq.Or([wq.Term("text", exact, boost=2.0), wq.Term("stem", stem)])

    words = [w for w in q.split() if w not in ("OR",) and not w.startswith("-")]
    oracle = (wq.Or if " OR " in q else wq.And)([word(w) for w in words])
    ours = engine.search(SearchRequest.create(q, per_page=100))
    with engine._searcher() as (s, _):
        allowed = {s.document_number(uid=f"a:{h.article.id}") for h in ours.hits}
        theirs = s.search(oracle, filter=allowed, limit=100)
        expected = [(s.stored_fields(h.docnum)["doc"], round(h.score, 6)) for h in theirs]
    assert [(h.article.id, round(h.score or 0, 6)) for h in ours.hits] == expected
    assert len(expected) == ours.total > 0
