"""search.sentence_scores: the scores an array over every sentence would hold, to the last bit, kept sparse."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from search import Engine, SearchRequest
from search.levels import Level
from search.matching import match
from search.query import parse_query
from search.sentence_scores import SentenceScores

_parts = st.lists(
    st.dictionaries(st.integers(0, 60), st.floats(0.001, 50.0, allow_nan=False), max_size=25),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(_parts, st.lists(st.integers(0, 70), max_size=30))
def test_scores_read_as_the_array_that_added_them(parts: list[dict[int, float]], asked: list[int]) -> None:
    array = np.zeros(71)
    scores = SentenceScores()
    for part in parts:
        ids = np.asarray(sorted(part), dtype=np.int64)
        values = np.asarray([part[i] for i in sorted(part)], dtype=np.float64)
        array[ids] += values
        scores.add(ids, values)
    wanted = np.asarray(asked, dtype=np.int64)
    assert scores[wanted].tobytes() == array[wanted].tobytes()
    for sid in asked:
        assert float(scores[sid]) == float(array[sid])
    ids, values = scores.totals()
    assert ids.tolist() == np.flatnonzero(array).tolist()
    assert values.tobytes() == array[ids].tobytes()


def test_no_scores_read_as_zeros() -> None:
    assert SentenceScores()[np.array([0, 5, 9])].tolist() == [0.0, 0.0, 0.0]
    assert float(SentenceScores()[3]) == 0.0


def test_a_passage_search_keeps_the_scores_of_the_sentences_it_matched_only(engine: Engine) -> None:
    with engine._searcher() as (s, fi):
        found = match(parse_query("ডিজিটাল"), s, fi, Level.SENTENCE)
    assert found is not None and isinstance(found.scores, SentenceScores)
    ids, values = found.scores.totals()
    assert ids.size and ids.size < fi.size(Level.SENTENCE)
    assert found.mask[ids].all() and (values > 0).all()
    scores = [h.score for h in engine.passages(SearchRequest(q="ডিজিটাল")).hits]
    assert scores and all(isinstance(x, float) for x in scores)
    assert scores == sorted((float(x or 0.0) for x in scores), reverse=True)
