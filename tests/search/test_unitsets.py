"""search.unitsets: a query's parts held as ids, articles or masks give exactly the masks' answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import WatchedBuild

from search import Engine, SearchRequest, matching
from search.concordance import ConcordanceRequest
from search.coordination import coordinated
from search.facets import FacetIndex
from search.levels import Level
from search.tree import And, FieldTerm, Node, Terms, Word
from search.unitsets import Space, Units, as_ids, as_mask, both, coordinated_units, either, excluding

# 12 articles (docnums 0-11; 3 and 7 are not live articles) and their sentences.
_COUNTS = [3, 1, 4, 0, 2, 5, 1, 0, 3, 2, 6, 1]
_LIVE = np.array([c > 0 for c in _COUNTS])
_PARENT = np.repeat(np.arange(len(_COUNTS)), _COUNTS)
_SPACE = Space(int(_PARENT.size), _PARENT, np.ones(_PARENT.size, dtype=bool), lambda a: a[_PARENT], sparse=True)


def _random_units(rng: np.random.Generator) -> tuple[Units, np.ndarray]:
    """A random set in a random form, and the same set as a sentence mask."""
    form = rng.integers(3)
    if form == 0:
        articles = rng.random(len(_COUNTS)) < 0.5
        return Units(articles=articles), articles[_PARENT]
    mask = rng.random(_PARENT.size) < rng.choice([0.1, 0.5, 0.9])
    return (Units(ids=np.flatnonzero(mask)) if form == 1 else Units(mask=mask)), mask


@pytest.mark.parametrize("seed", range(200))
def test_and_or_not_give_the_masks_sets_whatever_the_forms(seed: int) -> None:
    rng = np.random.default_rng(seed)
    parts = [_random_units(rng) for _ in range(int(rng.integers(1, 5)))]
    units, masks = [u for u, _ in parts], [m for _, m in parts]
    assert np.array_equal(as_mask(_SPACE, both(_SPACE, units)), np.logical_and.reduce(masks))
    assert np.array_equal(as_mask(_SPACE, either(_SPACE, units)), np.logical_or.reduce(masks))
    assert np.array_equal(as_mask(_SPACE, excluding(_SPACE, units[0])), ~masks[0])
    found = both(_SPACE, units)
    assert np.array_equal(as_ids(_SPACE, found), np.flatnonzero(np.logical_and.reduce(masks)))
    if found.ids is not None:  # ids stay ascending and distinct
        assert np.all(np.diff(found.ids) > 0)


def test_an_and_of_a_text_part_and_a_facet_reads_the_facet_at_the_texts_sentences() -> None:
    facet = Units(articles=np.array([c % 2 == 0 for c in range(len(_COUNTS))]))
    text = Units(ids=np.array([0, 3, 4, 9, 20], dtype=np.int64))
    found = both(_SPACE, [text, facet])
    assert found.ids is not None  # no mask over every sentence was made
    assert found.ids.tolist() == [i for i in [0, 3, 4, 9, 20] if _PARENT[i] % 2 == 0]
    # A facet alone, or facets together, stay articles.
    assert both(_SPACE, [facet, excluding(_SPACE, facet)]).articles is not None


def _word(text: str) -> Word:
    return Word(text, Terms((text,), (text,)))


@pytest.mark.parametrize("seed", range(100))
def test_coordination_over_ids_is_the_masks_coordination(seed: int) -> None:
    rng = np.random.default_rng(seed)
    words = [_word(w) for w in ("ক", "খ", "গ")[: int(rng.integers(2, 4))]]
    children: list[Node] = [*words]
    found: list[tuple[Node, Units]] = [(w, Units(ids=np.flatnonzero(rng.random(_PARENT.size) < 0.4))) for w in words]
    if rng.integers(2):  # a facet beside the words stays required in either language
        facet = FieldTerm("province", "ca-mau", "ca-mau")
        children.append(facet)
        found.append((facet, _random_units(rng)[0]))
    node = And(tuple(children), cross="hi", least=max(1, len(words) - 1))
    other = Units(articles=rng.random(len(_COUNTS)) < 0.5)
    got = as_mask(_SPACE, coordinated_units(_SPACE, node, found, other))
    want = coordinated(node, [(c, as_mask(_SPACE, u)) for c, u in found], as_mask(_SPACE, other))
    assert np.array_equal(got, want)


_QUERIES = [
    ("ডিজিটাল lang:bn", False),
    ("ডিজিটাল lang:hi", False),
    ("डिजिटल -lang:bn", False),
    ("ডিজিটাল province:ca-mau", False),
    ("57 resolution:57-NQ/TW", False),
    ("resolution:13-NQ/TW", False),
    ("(ডিজিটাল OR डिजिटल) year:2025", False),
    ("lang:hi OR ডিজিটাল", False),
    ("ডিজিটাল -province:ca-mau", False),
    ("NOT ডিজিটাল lang:bn", False),
    ("Can Tho ডিজিটাল", False),
    ("ডিজিটাল রূপান্তর প্রকল্প", True),
]
_FILTERS: list[dict[str, list[str]]] = [{}, {"lang": ["bn"]}, {"province": ["ca-mau"]}]


def _answers(index: Path) -> list[Any]:
    engine = Engine(index)  # a fresh engine: no cache carries one mode's work into the other's
    out: list[Any] = []
    for q, cross in _QUERIES:
        for f in _FILTERS:
            request = SearchRequest.create(q=q, filters=f, cross_language=cross)
            out.append(engine.passages(request).to_dict())
            out.append(engine.passages(SearchRequest.create(q=q, filters=f, aligned="only")).to_dict())
            try:
                concordance = ConcordanceRequest.create(request, sort="right")
                out.append(engine.concordance(concordance).to_dict())
                out.append([r.to_dict() for r in engine.collocations(concordance, 5)])
            except Exception as exc:  # noqa: BLE001 - an error is an answer too (a query with no word to centre on)
                out.append(repr(exc))
    for d in out:
        if isinstance(d, dict):
            d.pop("took_ms", None)
    return out


def test_facet_words_in_sentence_level_queries_answer_as_the_masks_did(
    corpus40_serial: WatchedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    sparse = _answers(corpus40_serial.index)
    monkeypatch.setattr(matching, "SPARSE_SENTENCES", False)
    assert _answers(corpus40_serial.index) == sparse
    # The queries reach sentences: the comparison is not between empty answers.
    assert sum(bool(d.get("hits")) for d in sparse if isinstance(d, dict)) > 20


def test_a_facet_word_beside_a_word_is_not_spread_over_every_sentence(
    corpus40_serial: WatchedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    levels: list[Level] = []
    real = FacetIndex.at_level

    def watched(self: FacetIndex, article_mask: np.ndarray, level: Level) -> np.ndarray:
        levels.append(level)
        return real(self, article_mask, level)

    monkeypatch.setattr(FacetIndex, "at_level", watched)
    engine = Engine(corpus40_serial.index)
    for q in ("ডিজিটাল lang:bn", "ডিজিটাল -lang:hi", "57 resolution:57-NQ/TW", "ডিজিটাল province:ca-mau"):
        assert engine.passages(SearchRequest.create(q=q)).total > 0
    assert Level.SENTENCE not in levels
    monkeypatch.setattr(matching, "SPARSE_SENTENCES", False)
    engine.passages(SearchRequest.create(q="ডিজিটাল lang:bn"))
    assert Level.SENTENCE in levels  # the watch sees the reference path spread it


def test_live_articles_only() -> None:
    # Spreading leaves out docnums with no sentences (not live articles): the NOT of a facet relies on it.
    assert np.array_equal(_SPACE.spread(~np.zeros(len(_COUNTS), dtype=bool)), np.ones(_PARENT.size, dtype=bool))
    assert set(_PARENT.tolist()) == set(np.flatnonzero(_LIVE).tolist())


def test_a_sentence_maps_articles_as_runs_of_ids(corpus40_serial: WatchedBuild) -> None:
    with Engine(corpus40_serial.index)._searcher() as (_, fi):
        check_runs(fi)


def check_runs(fi: FacetIndex) -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        articles = rng.random(fi.doc_count) < rng.choice([0.0, 0.3, 1.0])
        assert np.array_equal(fi.sentences.of_articles(articles), np.flatnonzero(articles[fi.sentences.article]))
