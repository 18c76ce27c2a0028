"""The alignment lattice against every chain counted one by one, on pairs small enough to list them all."""

from __future__ import annotations

import math
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation.bead_costs import BeadCosts
from index.translation.lattice import MOVES, Lattice

T = 3.0
Chain = list[tuple[int, int, int, int]]  # (row, column) before and after each bead


def chains(n: int, m: int, i: int = 0, j: int = 0) -> Iterator[Chain]:
    if (i, j) == (n, m):
        yield []
        return
    for di, dj in MOVES:
        if i + di <= n and j + dj <= m:
            for rest in chains(n, m, i + di, j + dj):
                yield [(i, j, i + di, j + dj), *rest]


def bead_cost(costs: BeadCosts, step: tuple[int, int, int, int]) -> float:
    i, j, i2, j2 = step
    move = (i2 - i, j2 - j)
    if move == (1, 0):
        return costs.null(float(costs.la[i]), bool(costs.ca[i]))
    if move == (0, 1):
        return costs.null(float(costs.lb[j]), bool(costs.cb[j]))
    return float(costs.pair_matrix(move)[i2, j2])


sentence = st.builds(
    lambda words, number: " ".join(["kata"] * words) + (f" {number}" if number else ""),
    st.integers(1, 12),
    st.sampled_from([0, 0, 0, 12, 345, 2024]),
)


@settings(max_examples=60)
@given(st.lists(sentence, min_size=1, max_size=4), st.lists(sentence, min_size=1, max_size=4))
def test_best_chain_and_scores_match_every_chain_counted(src: list[str], tgt: list[str]) -> None:
    costs = BeadCosts(src, tgt, None, 4.0, ([], []))
    n, m = len(src), len(tgt)
    every = [(sum(bead_cost(costs, s) for s in c), c) for c in chains(n, m)]
    lowest = min(cost for cost, _ in every)
    total = sum(math.exp(-cost / T) for cost, _ in every)
    lattice = Lattice(costs, [(0, m)] * (n + 1), T)
    assert lattice.forward()
    found, touched = lattice.beads()
    chain = []
    i = j = 0
    for src_units, tgt_units, _ in found:
        chain.append((i, j, i + len(src_units), j + len(tgt_units)))
        i, j = i + len(src_units), j + len(tgt_units)
    assert math.isclose(sum(bead_cost(costs, s) for s in chain), lowest, rel_tol=1e-9, abs_tol=1e-9)
    for step, (_, _, score) in zip(chain, found, strict=True):
        through = sum(math.exp(-cost / T) for cost, c in every if step in c)
        assert abs(score - min(1.0, through / total)) <= 0.0006
    assert not touched
