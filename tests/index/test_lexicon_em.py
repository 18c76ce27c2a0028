"""The lexicon's EM without sorting: the same posteriors, Viterbi links and table as sorting each round."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation import lexicon_learning as ll
from index.translation.bitext import Bitext

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def _sorted_posteriors(
    pair: I64, generated: I64, key: I64, t: F64, prior: F64, ordered: bool
) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Session 13's definition: occurrences stably sorted by (sentence pair, generated word) unless
    ``ordered`` (the Bengali side, whose occurrences come in that order), grouped where either changes,
    normalised per group in that order, put back; the Viterbi partners by the maximum per group."""
    order = np.arange(len(pair)) if ordered else np.lexsort((generated, pair))
    p, g = pair[order], generated[order]
    new = np.empty(len(p), dtype=bool)
    new[0] = True
    new[1:] = (p[1:] != p[:-1]) | (g[1:] != g[:-1])
    group = np.cumsum(new) - 1
    w = (t[key] * prior)[order]
    w /= (np.bincount(group, weights=w) + ll._NULL)[group]
    top = np.full(int(group[-1]) + 1, -1.0)
    np.maximum.at(top, group, w)
    post, best = np.empty_like(w), np.empty(len(w), dtype=bool)
    post[order], best[order] = w, w >= top[group]
    return post, best


_ROWS = st.lists(
    st.tuples(st.lists(st.sampled_from("abcdefg"), max_size=6), st.lists(st.sampled_from("uvwxyz"), max_size=6)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(_ROWS, st.integers(0, 2**32 - 1), st.booleans())
def test_both_directions_are_the_sorted_definition_to_the_bit(
    rows: list[tuple[list[str], list[str]]], seed: int, distinct: bool
) -> None:
    bitext = Bitext()
    for bn, hi in rows:
        # Rows as the build gives them (each stem once per side), or with repeats (a hand-made bitext).
        bitext.add(list(dict.fromkeys(bn)) if distinct else bn, list(dict.fromkeys(hi)) if distinct else hi)
    bn_side, hi_side, _ = ll._distinct(bitext)
    pairs = len(np.diff(bn_side[1]))
    pair, b, h, _, h_tok = ll._occurrences(bn_side, hi_side, pairs)
    if not len(pair):
        return
    keys, key = np.unique(b * 64 + h, return_inverse=True)
    rng = np.random.default_rng(seed)
    t, prior = rng.random(len(keys)), rng.random(len(pair))
    repeats = ll._repeats_in_rows(*hi_side)
    assert repeats == any(
        len(set(hi)) < len(hi) for hi in (bitext.row(r)[1] for r in range(len(bitext.ends["hi"]) - 1))
    )
    by_hindi = ll._groups(pair, h, ordered=False) if repeats else h_tok.astype(np.int32)
    for generated, group, ordered in ((h, by_hindi, False), (b, ll._groups(pair, b, ordered=True), True)):
        direction = ll._Direction(group, key.astype(np.int32), keys // 64)
        expected_post, expected_best = _sorted_posteriors(pair, generated, key, t, prior, ordered)
        post = direction.posteriors(t, prior)
        assert np.array_equal(post, expected_post)
        assert np.array_equal(direction.best(post), expected_best)


def test_the_hindi_tokens_number_the_hindi_groups_only_without_repeats() -> None:
    bitext = Bitext()
    bitext.add(["a", "b"], ["u", "v", "u"])
    assert ll._repeats_in_rows(*bitext.arrays("hi"))
    assert not ll._repeats_in_rows(*bitext.arrays("bn"))


@settings(max_examples=100, deadline=None)
@given(_ROWS)
def test_the_occurrences_are_session_13s_gathers(rows: list[tuple[list[str], list[str]]]) -> None:
    bitext = Bitext()
    for bn, hi in rows:
        bitext.add(bn, hi)
    (b_ids, b_ends), (h_ids, h_ends), _ = ll._distinct(bitext)
    pairs = len(b_ends) - 1
    pair, b, h, gap, h_tok = ll._occurrences((b_ids, b_ends), (h_ids, h_ends), pairs)
    # The definition, through each occurrence's Bengali token number.
    b_len, h_len = np.diff(b_ends), np.diff(h_ends)
    tok = np.arange(b_ends[pairs])
    tok_pair = np.repeat(np.arange(pairs), b_len)
    b_pos = (tok - b_ends[tok_pair]) / np.maximum(b_len[tok_pair], 1)
    occ_tok = np.repeat(tok, h_len[tok_pair])
    offsets = h_tok - h_ends[pair]
    assert np.array_equal(pair, tok_pair[occ_tok]) and np.array_equal(b, b_ids[occ_tok])
    assert np.array_equal(h, h_ids[h_tok]) and ((0 <= offsets) & (offsets < h_len[pair])).all()
    assert np.array_equal(gap, np.abs(b_pos[occ_tok] - offsets / np.maximum(h_len[pair], 1)))
    assert len(pair) == int((b_len * h_len).sum())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**40 - 1), max_size=300), st.sampled_from([2**40, 2**61]))
def test_unique_with_inverse_is_numpys(values: list[int], bound: int) -> None:
    # 2**61 is past the packing's 62 bits for any length: numpy's own unique answers.
    array = np.array(values, dtype=np.int64)
    keys, inverse = ll._unique_with_inverse(array, bound)
    expected_keys, expected_inverse = np.unique(array, return_inverse=True)
    assert np.array_equal(keys, expected_keys) and keys.dtype == np.int64
    assert np.array_equal(inverse, expected_inverse) and inverse.dtype == np.int32
