"""search.facets: each value counted by one reduceat over the facet's docnums, labels made once per generation."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

import search.facets as facets_module
from search import Engine, SearchRequest
from search.facets import DATE_FILTERS, FacetIndex, _Tally
from search.levels import Level


@pytest.fixture()
def facet_index(engine: Engine) -> Iterator[FacetIndex]:
    with engine._searcher() as (_s, fi):
        yield fi


def test_every_value_counts_what_a_sum_over_its_articles_gives(facet_index: FacetIndex) -> None:
    rng = np.random.default_rng(3)
    for level in Level:
        for _ in range(5):
            base = rng.random(facet_index.size(level)) < 0.4
            counted = facet_index.counts(base, {}, {}, level)
            per_article = np.bincount(facet_index.parents[level][np.flatnonzero(base)], minlength=facet_index.doc_count)
            for facet, ids_of in facet_index.values.items():
                expected = {v: int(per_article[ids].sum()) for v, ids in ids_of.items() if per_article[ids].sum()}
                assert {fv.value: fv.count for fv in counted[facet]} == expected


def test_a_tally_sums_values_of_one_article_and_of_many() -> None:
    tally = _Tally("lang", {"a": np.array([3]), "b": np.array([0, 2, 3]), "c": np.array([1, 4])})
    assert tally.counts(np.array([1, 10, 100, 1000, 10000])).tolist() == [1000, 1101, 10010]
    assert tally.counts(np.array([False, True, True, True, False])).tolist() == [1, 2, 1]
    assert _Tally("lang", {}).counts(np.array([1, 2])).tolist() == []


def test_undated_articles_are_counted_once_at_either_level(facet_index: FacetIndex) -> None:
    rng = np.random.default_rng(5)
    for level in Level:
        base = rng.random(facet_index.size(level)) < 0.5
        undated = base & facet_index.undated_units[level]
        expected = np.unique(facet_index.parents[level][np.flatnonzero(undated)]).size
        assert facet_index.undated(base, {}, level) == expected


def test_labels_are_made_once_per_generation(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.search(SearchRequest(q=""))  # the generation's labels, made with its facet index
    made: list[tuple[str, str]] = []
    original = facets_module.facet_labels

    def counting(facet: str, value: str) -> dict[str, str]:
        made.append((facet, value))
        return original(facet, value)

    monkeypatch.setattr(facets_module, "facet_labels", counting)
    result = engine.search(SearchRequest(q=""))
    assert sum(len(values) for values in result.facets.values()) > 0
    assert made == []
    # A filter on a province the index lacks still gets its label (made then, not kept).
    chosen = engine.search(SearchRequest(q="", filters={"province": ("ha-noi",)}))
    assert made == [("province", "ha-noi")]
    assert [fv.value for fv in chosen.facets["province"] if fv.count == 0] == ["ha-noi"]


def test_a_tally_shared_by_request_threads_is_read_only() -> None:
    tally = _Tally("lang", {"bn": np.array([0, 2]), "hi": np.array([1])})
    assert [dict(labels) for labels in tally.labels] == [
        dict(facets_module.facet_labels("lang", v)) for v in ("bn", "hi")
    ]
    for array in (tally.docnums, tally.starts):
        with pytest.raises(ValueError):
            array[0] = 5
    with pytest.raises(TypeError):
        tally.labels[0]["en"] = "changed"  # type: ignore[index]


def _reference_counts(
    fi: FacetIndex, base: np.ndarray, filters: dict[str, np.ndarray], chosen: dict[str, tuple[str, ...]]
) -> tuple[dict[str, list[tuple[str, int]]], int]:
    """Sentence-level facet counts and undated count the plain way: every article filter
    spread over every sentence, each facet under the others' filters, a bincount per facet."""
    level = Level.SENTENCE
    spread = {name: m[fi.parents[level]] for name, m in filters.items()}
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet, ids_of in fi.values.items():
        m = base.copy()
        for name, mask in spread.items():
            if name != facet:
                m &= mask
        per_article = np.bincount(fi.parents[level][np.flatnonzero(m)], minlength=fi.doc_count)
        counts[facet] = sorted(
            (v, int(per_article[ids].sum()))
            for v, ids in ids_of.items()
            if per_article[ids].sum() or v in chosen[facet]
        )
    m = base & fi.undated_units[level]
    for name, mask in spread.items():
        if name not in DATE_FILTERS:
            m &= mask
    return counts, np.unique(fi.parents[level][np.flatnonzero(m)]).size


def test_sentence_counts_under_article_filters_are_those_of_the_filters_spread_over_sentences(
    facet_index: FacetIndex,
) -> None:
    rng = np.random.default_rng(7)
    level = Level.SENTENCE
    seen_undated = 0
    for names in ([], ["lang"], ["lang", "province"], ["lang", "year"], ["province", "year", "month"]):
        base = rng.random(facet_index.size(level)) < 0.5
        filters = {name: rng.random(facet_index.doc_count) < 0.6 for name in names}
        chosen: dict[str, tuple[str, ...]] = {facet: () for facet in facet_index.values}
        expected, undated = _reference_counts(facet_index, base, filters, chosen)
        matches = np.flatnonzero(base)
        for given in (matches, None):
            counted = facet_index.counts(base, filters, chosen, level, given)
            assert {f: sorted((fv.value, fv.count) for fv in values) for f, values in counted.items()} == expected
            assert facet_index.undated(base, filters, level, given) == undated
        seen_undated = max(seen_undated, undated)
    assert seen_undated > 0  # the sample has undated articles: the count was put to the test
