"""Shared analysis state under threads: answers, not status codes.

``setu serve`` answers from 8 threads.  Anything in the analysis with
``setText``, a cursor or a cache filled while in use must belong to a thread
or sit behind a lock.  These tests run the same work from many threads with
a tiny switch interval (so the interpreter switches threads between almost
every bytecode) and compare every answer with the single-threaded one.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import SAMPLE

import search.engine
import search.facets
from index.analysis.analyzers import analyze
from index.analysis.breaks import sentence_ranges, word_bounds, word_spans
from index.pipeline.builder import build
from index.storage.columns import field_lengths
from search import Engine, SearchRequest
from search.facets import FacetIndex

T = TypeVar("T")
THREADS = 8
ROUNDS = 40
QUERIES = [
    "ডিজিটাল রূপান্তর",
    '"ডিজিটাল রূপান্তর"',
    "डिजिटल परिवर्तन",
    "বিজ্ঞান প্রযুক্তি উদ্ভাবন",
    "Can Tho",
    "57",
    "কৃত্রিম বুদ্ধিমত্তা OR ডেটা",
    # lone Latin words: a key less the common words, cached per generation
    "Ho",
    "Mekong",
]


def paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    # Paragraphs of different lengths, so that a thread switching texts in the
    # middle of another's iteration is visible in the answer.
    return [line for text in texts for line in text.splitlines() if len(line) > 40][:60]


def run_threads(work: Callable[[int], list[T]]) -> list[list[T]]:
    """``work(i)`` in each of THREADS threads started together; their results."""
    results: list[list[T]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as e:  # reported below, with its traceback
            errors.append(e)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def wrong_answers(items: list[Any], answer: Callable[[Any], Any]) -> list[str]:
    """Every answer from every thread that differs from the single-threaded one."""
    expected = [answer(item) for item in items]

    def work(i: int) -> list[Any]:
        # Each thread walks the items from its own starting point, so threads
        # segment different texts at the same moment.
        order = [(i * 7 + k) % len(items) for k in range(len(items))]
        return [(k, answer(items[k])) for _ in range(ROUNDS // 4) for k in order]

    wrong = []
    for got in run_threads(work):
        wrong += [f"{items[k]!r:.60}" for k, value in got if value != expected[k]]
    return wrong


def test_word_and_sentence_segmentation_agree_across_threads(tiny_switch_interval: None) -> None:
    items = paragraphs()
    assert wrong_answers(items, lambda text: list(word_spans(text))) == []
    assert wrong_answers(items, word_bounds) == []
    assert wrong_answers(items, sentence_ranges) == []


def test_analysis_agrees_across_threads(tiny_switch_interval: None) -> None:
    items = paragraphs()
    assert wrong_answers(items, analyze) == []


def without_timing(answer: dict[str, Any]) -> dict[str, Any]:
    # The only part of an answer that may differ between two runs.
    return {k: v for k, v in answer.items() if k != "took_ms"}


def test_searches_agree_across_threads(engine: Engine, tiny_switch_interval: None) -> None:
    def answer(q: str) -> Any:
        return without_timing(engine.search(SearchRequest.create(q, per_page=10)).to_dict())

    assert wrong_answers(QUERIES, answer) == []


def test_api_answers_agree_across_threads(app: Any, tiny_switch_interval: None) -> None:
    def answer(q: str) -> Any:
        response = app.test_client().get("/api/search", query_string={"q": q})
        assert response.status_code == 200, response.get_data(as_text=True)
        return without_timing(response.get_json())

    assert wrong_answers(QUERIES, answer) == []


def test_a_new_generation_builds_its_arrays_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_switch_interval: None
) -> None:
    """Threads meeting a generation no request has opened yet: one FacetIndex, each field's lengths read once."""
    index_dir = tmp_path / "index"
    build(SAMPLE, index_dir, workers=0)

    def answers(engine: Engine) -> list[Any]:
        return [without_timing(engine.search(SearchRequest.create(q, per_page=10)).to_dict()) for q in QUERIES]

    expected = answers(Engine(index_dir))
    built: list[int] = []
    lengths_read: Counter[str] = Counter()

    class CountedFacetIndex(FacetIndex):
        def __init__(self, reader: Any) -> None:
            built.append(1)
            super().__init__(reader)

    def counted_field_lengths(reader: Any, field: str, default: float) -> Any:
        lengths_read[field] += 1
        return field_lengths(reader, field, default=default)

    monkeypatch.setattr(search.engine, "FacetIndex", CountedFacetIndex)
    monkeypatch.setattr(search.facets, "field_lengths", counted_field_lengths)
    engine = Engine(index_dir)
    for generation in (1, 2):
        if generation == 2:
            build(SAMPLE, index_dir, workers=0, rebuild=True)  # published as a new generation
        got = run_threads(lambda i: answers(engine))
        assert [g == expected for g in got] == [True] * THREADS
        assert (len(built), lengths_read) == (
            generation,
            Counter({"text": generation, "stem": generation, "key": generation}),
        )


SUGGESTED = ["ডিজিটল", "প্রকল্পের প্রকল", "ডিজিটল রূপান্তরর প্রকল", "রূপান্তরর"]
PARALLEL_ONLY = ["डिजिटल", "परिवर्तन", "प्रौद्योगिकी", "ডিজিটাল"]


def test_suggestions_agree_across_threads(tmp_path: Path, tiny_switch_interval: None) -> None:
    """Threads meeting the term list unread: every answer as when read by one thread."""
    index_dir = tmp_path / "index"
    build(SAMPLE, index_dir, workers=0)

    def answer(engine: Engine, q: str) -> Any:
        return [s.to_dict() for s in engine.search(SearchRequest.create(q)).suggestions]

    expected = [answer(Engine(index_dir), q) for q in SUGGESTED]
    assert all(expected), expected  # each query has a suggestion to compare
    engine = Engine(index_dir)  # a fresh one: its lexicon is built while threads wait
    got = run_threads(lambda i: [answer(engine, q) for q in SUGGESTED[i % 4 :] + SUGGESTED[: i % 4]])
    assert [sorted(map(str, g)) == sorted(map(str, expected)) for g in got] == [True] * THREADS


def test_parallel_q_only_passages_agree_across_threads(tmp_path: Path, tiny_switch_interval: None) -> None:
    """Threads meeting the aligned sentence pairs unread: every answer as when read by one thread."""
    index_dir = tmp_path / "index"
    build(SAMPLE, index_dir, workers=0)

    def answer(engine: Engine, q: str) -> Any:
        return without_timing(engine.passages(SearchRequest.create(parallel_q=q, per_page=10)).to_dict())

    expected = {q: answer(Engine(index_dir), q) for q in PARALLEL_ONLY}
    assert [expected[q]["total"] > 0 for q in PARALLEL_ONLY[:3]] == [True] * 3
    engine = Engine(index_dir)
    got = run_threads(lambda i: [(q, answer(engine, q)) for q in PARALLEL_ONLY[i % 4 :] + PARALLEL_ONLY[: i % 4]])
    assert [q for g in got for q, value in g if value != expected[q]] == []


def test_a_generation_takes_its_lexicon_and_sentence_pairs_with_it(tmp_path: Path) -> None:
    """Nothing built for an old generation outlives it once a newer one is searched."""
    index_dir = tmp_path / "index"
    build(SAMPLE, index_dir, workers=0)
    engine = Engine(index_dir)
    assert engine.search(SearchRequest.create("ডিজিটল")).suggestions  # reads the term list
    assert engine.passages(SearchRequest.create(parallel_q="डिजिटल")).total  # reads the sentence pairs
    with engine._searcher() as (_, fi):
        old = weakref.ref(fi)
    del fi
    build(SAMPLE, index_dir, workers=0, rebuild=True)  # published as a new generation
    assert engine.search(SearchRequest.create("ডিজিটাল")).total  # a search that needs neither
    gc.collect()
    assert old() is None


def test_sample_corpus_is_present() -> None:
    # The tests above compare answers on the sample's paragraphs: an empty
    # list would make them pass without testing anything.
    assert len(paragraphs()) >= 40
    assert Path(SAMPLE).is_dir()
