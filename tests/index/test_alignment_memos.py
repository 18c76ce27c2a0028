"""The alignment workers' memos and the bitext's vocabulary against the computations they stand for."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from conftest import sample_article, text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation import bead_costs
from index.translation.align import article_sentences
from index.translation.bitext import Bitext
from index.translation.fingerprint import text_features
from index.translation.lexicon_learning import bead_stems, sentence_stems
from index.translation.pair_alignment import oriented_stems


def _anchors_reference(text: str) -> set[str]:
    f = text_features(text, keep_digits=True)
    return {"#" + n for n in f.numbers} | {"@" + t for t in f.latin} | {"~" + k for k in f.names}


def _matrices_reference(src: Sequence[str], tgt: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    # The loop of session 12: text_features per sentence, anchors counted one by one.
    a_sets, b_sets = [_anchors_reference(s) for s in src], [_anchors_reference(s) for s in tgt]
    count_a: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for sets, count in ((a_sets, count_a), (b_sets, count_b)):
        for s in sets:
            for x in s:
                count[x] = count.get(x, 0) + 1
    anchors = sorted(set(count_a) & set(count_b))
    column = {x: k for k, x in enumerate(anchors)}
    weight = np.array([(2.0 if x[0] != "~" else 1.0) / math.sqrt(count_a[x] * count_b[x]) for x in anchors])
    mats = []
    for sets in (a_sets, b_sets):
        mat = np.zeros((len(sets), len(anchors)))
        for i, s in enumerate(sets):
            mat[i, [column[x] for x in s if x in column]] = 1.0
        mats.append(mat * np.sqrt(weight))
    return mats[0], mats[1]


_PIECES = text_pieces(
    ["FPT", "Viettel", "a", "Cần", "৫৭", "5", "1,00,000", "২০.৮৩", "12,", "ক" * 70, "7" * 70, "\u200d"]
)
_SENTENCE = st.lists(_PIECES, max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_SENTENCE)
def test_a_sentences_anchors_are_its_text_features(text: str) -> None:
    found = bead_costs._anchor_sets([text, text])  # computed, then remembered
    assert [sorted(x) for x in found] == [sorted(_anchors_reference(text))] * 2


@settings(max_examples=100, deadline=None)
@given(st.lists(_SENTENCE, max_size=8), st.lists(_SENTENCE, max_size=8))
def test_anchor_matrices_are_the_per_sentence_loops(src: list[str], tgt: list[str]) -> None:
    for got, expected in zip(bead_costs.anchor_matrices(src, tgt), _matrices_reference(src, tgt), strict=True):
        assert got.shape == expected.shape
        assert np.array_equal(got, expected)


def test_anchor_matrices_of_the_sample_pair() -> None:
    src, tgt = article_sentences(sample_article("000")), article_sentences(sample_article("001"))
    got, expected = bead_costs.anchor_matrices(src, tgt), _matrices_reference(src, tgt)
    assert got[0].shape[1] > 10  # the pair shares anchors
    assert all(np.array_equal(x, y) for x, y in zip(got, expected, strict=True))


@st.composite
def _beads(draw: st.DrawFn, n: int, m: int) -> list[list[Any]]:
    """Consecutive beads over n and m sentences, of every shape the aligner makes."""
    beads: list[list[Any]] = []
    i = j = 0
    while i < n or j < m:
        di, dj = draw(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2)]))
        di, dj = min(di, n - i), min(dj, m - j)
        if di or dj:
            beads.append([list(range(i, i + di)), list(range(j, j + dj)), 0.5])
        i, j = i + di, j + dj
    return beads


def _bead_stems_whole(src: list[str], tgt: list[str], beads: list[list[Any]], sl: str, tl: str) -> list[Any]:
    """The definition: each side's sentence_stems over the bead's sentences at once."""
    shapes = {(1, 1), (1, 2), (2, 1)}
    return [
        (sentence_stems([src[i] for i in s], sl), sentence_stems([tgt[j] for j in t], tl))
        for s, t, *_ in beads
        if (len(s), len(t)) in shapes
    ]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_bead_stems_from_each_sentences_stems_are_the_whole_beads(data: st.DataObject) -> None:
    bn, hi = article_sentences(sample_article("000")), article_sentences(sample_article("001"))
    beads = data.draw(_beads(len(bn), len(hi)))
    assert bead_stems(bn, hi, beads, "bn", "hi") == _bead_stems_whole(bn, hi, beads, "bn", "hi")
    flipped = [[t, s, score] for s, t, score in beads]
    assert oriented_stems(hi, bn, flipped, "hi", "bn") == [
        (b, h) for h, b in _bead_stems_whole(hi, bn, flipped, "hi", "bn")
    ]


@given(st.lists(st.tuples(st.lists(st.sampled_from("abcdef")), st.lists(st.sampled_from("uvwxyz"))), max_size=20))
def test_bitext_ids_are_given_in_order_of_first_use(pairs: list[tuple[list[str], list[str]]]) -> None:
    bitext = Bitext({"bn": ["c"], "hi": []})
    expected: dict[str, dict[str, int]] = {"bn": {"c": 0}, "hi": {}}
    for bn, hi in pairs:
        bitext.add(bn, hi, "a\tb")
        for lang, stems in (("bn", bn), ("hi", hi)):
            for stem in stems:
                expected[lang].setdefault(stem, len(expected[lang]))
    assert bitext.vocab == expected
    assert [bitext.row(r) for r in bitext.pair_rows] == [
        (tuple(expected["bn"][s] for s in bn), tuple(expected["hi"][s] for s in hi)) for bn, hi in pairs
    ]
