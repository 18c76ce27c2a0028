"""Content scores of many candidate pairs at once are the scores of each pair alone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation.fingerprint import Fingerprint
from index.translation.link_scores import feature_matrix, pair_score, pair_scores

# Few distinct values, so that articles share features, in orders that agree or not.
_NUMBERS = st.lists(st.sampled_from(["2019", "57", "4567", "12", "2025", "3"]), max_size=8)
_WORDS = st.lists(st.sampled_from(["ktr", "pbln", "smr", "hanoi", "dn", "vt", "ai", "kh"]), max_size=8, unique=True)


@st.composite
def fingerprints(draw: st.DrawFn) -> list[Fingerprint]:
    count = draw(st.integers(2, 9))
    out = []
    for k in range(count):
        out.append(
            Fingerprint(
                f"a{k}",
                draw(st.sampled_from(["bn", "hi", "en"])),
                None,
                1,
                draw(st.integers(0, 40)),
                draw(st.integers(0, 5000)),
                tuple(draw(_NUMBERS)),
                tuple(draw(_WORDS)),
                tuple(draw(st.lists(st.sampled_from(["hanoi", "hue"]), max_size=2, unique=True))),
                (),
                tuple(draw(_WORDS)),
                (),
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(fingerprints(), st.floats(-1.0, 1.0))
def test_pair_scores_are_pair_score_of_each_pair(fps: list[Fingerprint], ratio: float) -> None:
    langs = sorted({fp.lang for fp in fps})
    m = feature_matrix(fps, {lang: k for k, lang in enumerate(langs)})
    ratios = {("bn", "hi"): ratio, ("hi", "bn"): -ratio}
    pairs = [(i, j) for i in range(len(fps)) for j in range(len(fps)) if i != j]
    a, b = np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])
    expected = [pair_score(fps, m, i, j, ratios) for i, j in pairs]
    # The sums run in another order: equal to the last few places.
    assert pair_scores(fps, m, a, b, ratios).tolist() == [pytest.approx(x, rel=1e-9, abs=1e-12) for x in expected]


def test_pair_scores_in_batches_are_the_scores_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fps = [
        # Articles 2n and 2n + 1 share their numbers and names, and no one else's.
        Fingerprint(
            f"x{k}",
            lang,
            None,
            1,
            3,
            900 + 10 * k,
            (str(k // 2), "2019", str(100 + k // 2)),
            (),
            (),
            (),
            (f"nm{k // 2}",),
            (),
        )
        for k, lang in enumerate(["bn", "hi"] * 5)
    ]
    m = feature_matrix(fps, {"bn": 0, "hi": 1})
    a, b = np.arange(9), np.arange(1, 10)
    whole = pair_scores(fps, m, a, b, {})
    monkeypatch.setattr("index.translation.link_scores._PAIR_BATCH", 2)
    assert pair_scores(fps, m, a, b, {}).tolist() == whole.tolist()
    assert (whole > 0).any()


def test_no_pairs_no_scores() -> None:
    fps = [Fingerprint("x", "bn", None, 1, 1, 10, (), (), (), (), (), ())]
    m = feature_matrix(fps, {"bn": 0})
    assert pair_scores(fps, m, np.array([], dtype=np.int64), np.array([], dtype=np.int64), {}).tolist() == []


def test_a_pair_sharing_rare_features_in_order_scores_as_alone() -> None:
    fps = [
        Fingerprint("p_bn", "bn", None, 1, 4, 1000, ("57", "2025", "12"), ("ai",), (), (), ("hanoi", "lm"), ()),
        Fingerprint("p_hi", "hi", None, 1, 4, 1100, ("57", "2025", "12"), ("ai",), (), (), ("hanoi", "lm"), ()),
        Fingerprint("q_hi", "hi", None, 1, 4, 1000, ("9",), (), (), (), ("hue",), ()),
        Fingerprint("r_bn", "bn", None, 1, 4, 1000, ("8",), (), (), (), ("dn",), ()),
    ]
    m = feature_matrix(fps, {"bn": 0, "hi": 1})
    scores = pair_scores(fps, m, np.array([0, 0, 3]), np.array([1, 2, 1]), {("bn", "hi"): 0.1})
    assert scores[0] > 0.3 and scores[1] == 0.0
    assert scores.tolist() == [
        pytest.approx(pair_score(fps, m, i, j, {("bn", "hi"): 0.1})) for i, j in [(0, 1), (0, 2), (3, 1)]
    ]
