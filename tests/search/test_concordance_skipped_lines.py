"""Sorting a concordance by context keeps every line, even one its sentence no longer matches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import search.concordance as concordance
from search import Engine, SearchRequest
from search.concordance import ConcordanceRequest


def _lines(engine: Engine, sort: str) -> list[tuple[str, int, int]]:
    request = ConcordanceRequest.create(SearchRequest.create("রূপান্তর", per_page=100), sort=sort)
    result = engine.concordance(request)
    return [(x.text.article.id, x.text.n, x.text.start) for x in result.lines]


def test_a_line_whose_sentence_reads_short_does_not_shift_the_others(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = _lines(Engine(sample_index), "doc")
    assert len(everything) > 3
    real = concordance.analyze
    calls = {"n": 0}

    def short_first(text: str) -> list[Any]:
        # The first sentence read analyses to nothing: its line cannot be cut into context.
        calls["n"] += 1
        return [] if calls["n"] == 1 else real(text)

    monkeypatch.setattr(concordance, "analyze", short_first)
    by_right = _lines(Engine(sample_index), "right")  # a new Engine: nothing cached
    # Every line is still there, each once: the unreadable one is placed last (and read again
    # for the page, where it analyses in full), none is dropped or shifted onto another's key.
    assert len(by_right) == len(set(by_right)) == len(everything)
    assert set(by_right) == set(everything)
