"""The search of sentence alignment: best chain and bead posteriors over a band.

Stage: a pair's bead costs (:mod:`index.translation.bead_costs`) and a band
of allowed columns per row (:mod:`index.translation.align`) -> the best
chain of beads, each scored with its posterior probability.

One forward pass keeps both the best cost (Viterbi) and the free energy
over all chains reaching a cell; a backward pass gives the free energy from
each cell to the end.  A bead's score is the share of all chains'
probability that goes through it (exp(-cost/T) weighting), so a bead that
is one of several near-equal options scores low.

Each row is computed with numpy over its band's columns: the moves from
earlier rows (1-0, 1-1, 1-2, 2-1) are whole-row array operations; the
0-1 move, from the same row's previous column, is a running minimum (best
cost) and a running log-sum-exp (free energy) along the row, so no Python
loop visits a cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .bead_costs import BeadCosts

__all__ = ["Lattice"]

Array = npt.NDArray[np.float64]

# Moves by code, as (rows taken, columns taken); 0-1 is code 1.  The moves
# from earlier rows are listed in the order ties are broken (the first of
# equal costs is kept, as a chain that leaves a sentence out first).
MOVES: tuple[tuple[int, int], ...] = ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1))
_FROM_ABOVE = (0, 2, 3, 4)
_CODES = np.array(_FROM_ABOVE, dtype=np.int8)
_ZERO_ONE = 1
_PAD = 2  # rows and columns of inf around the cells


class Lattice:
    """The band's cells in dense arrays, cell (i, j) at [i + 2, j + 2]: two rows and columns
    of inf on each side, so a move's source or target is a slice even at the edges."""

    def __init__(self, costs: BeadCosts, band: Sequence[tuple[int, int]], temperature: float) -> None:
        self.costs = costs
        self.t = temperature
        self.n, self.m = n, m = len(costs.la), len(costs.lb)
        self.lo = [lo for lo, _ in band]
        self.hi = [hi for _, hi in band]
        shape = (n + 1 + 2 * _PAD, m + 1 + 2 * _PAD)
        self.best = np.full(shape, np.inf)
        self.energy = np.full(shape, np.inf)
        self.back = np.full(shape, -1, dtype=np.int8)
        self.null_a = [costs.null(x, c) for x, c in zip(costs.la, costs.ca, strict=True)]
        self.null_b = [costs.null(x, c) for x, c in zip(costs.lb, costs.cb, strict=True)]
        # The running sum of the 0-1 costs over columns: S[j] = null_b[0] + ... + null_b[j-1].
        self.run_b = np.concatenate(([0.0], np.cumsum(self.null_b)))
        # Each move's cost of ending at each cell, padded like the cells (inf where it cannot end).
        self.move_costs: dict[int, Array] = {}
        whole = costs.whole
        for code in _FROM_ABOVE:
            di, dj = MOVES[code]
            padded = np.full(shape, np.inf)
            if dj == 0:
                padded[_PAD + 1 : _PAD + n + 1, _PAD : _PAD + m + 1] = np.asarray(self.null_a)[:, None]
            elif whole:
                padded[_PAD : _PAD + n + 1, _PAD : _PAD + m + 1] = costs.pair_matrix((di, dj))
            else:  # a long pair: only the band's cells are costed (see BeadCosts)
                for i in range(di, n + 1):
                    padded[_PAD + i, _PAD + self.lo[i] : _PAD + self.hi[i] + 1] = costs.pair_costs(
                        (di, dj), i, self.lo[i], self.hi[i]
                    )
            self.move_costs[code] = padded

    def forward(self) -> bool:
        """Fill the band; whether the end (n, m) is reachable."""
        t, run_b, null_b = self.t, self.run_b, self.null_b
        best, energy = self.best, self.energy
        for i in range(self.n + 1):
            lo, hi = self.lo[i], self.hi[i]
            r, a, b = i + _PAD, lo + _PAD, hi + _PAD + 1
            via_best, via_energy = [], []
            for code in _FROM_ABOVE:
                di, dj = MOVES[code]
                cost = self.move_costs[code][r, a:b]
                via_best.append(best[r - di, a - dj : b - dj] + cost)
                via_energy.append(energy[r - di, a - dj : b - dj] + cost)
            if i == 0:  # the start, reached by no move (row 0's band starts at column 0)
                via_best[0][0] = via_energy[0][0] = 0.0
            stacked = np.array(via_best)
            pick = stacked.argmin(axis=0)
            # 0-1 moves along the row, in order, with the tie rule of one cell at a time:
            # a 1-0 move wins a tie with a 0-1 move, which wins one with a paired move.
            above = stacked[pick, np.arange(hi - lo + 1)].tolist()
            down = via_best[0].tolist()
            paired = stacked[1:].min(axis=0).tolist()
            back = _CODES[pick]
            row = best[r]
            previous = math.inf
            for k, j in enumerate(range(lo, hi + 1)):
                along = previous + null_b[j - 1] if k else math.inf
                if along < down[k] and along <= paired[k]:
                    previous = along
                    back[k] = _ZERO_ONE
                else:
                    previous = above[k]
                row[j + _PAD] = previous
            self.back[r, a:b] = back
            # Free energy: -T log sum exp(-v/T) over the moves from above, then
            # running along the row for the 0-1 moves: E[j] - S[j] is a running
            # log-sum-exp (in units of -T) of the moves from above less S.
            shift = run_b[lo : hi + 1] / t
            from_above = np.logaddexp.reduce(np.array(via_energy) / -t, axis=0)
            energy[r, a:b] = -t * (np.logaddexp.accumulate(from_above + shift) - shift)
        return bool(np.isfinite(best[self.n + _PAD, self.m + _PAD]))

    def backward(self) -> Array:
        """Free energy from each cell to the end (padded like the cells)."""
        t, run_b = self.t, self.run_b
        after = np.full(self.best.shape, np.inf)
        for i in range(self.n, -1, -1):
            lo, hi = self.lo[i], self.hi[i]
            r, a, b = i + _PAD, lo + _PAD, hi + _PAD + 1
            end = np.full(hi - lo + 1, np.inf)
            if i == self.n and lo <= self.m <= hi:
                end[self.m - lo] = 0.0
            via = [end]
            for code in _FROM_ABOVE:  # moves out of (i, j) into a later row
                di, dj = MOVES[code]
                via.append(after[r + di, a + dj : b + dj] + self.move_costs[code][r + di, a + dj : b + dj])
            below = np.logaddexp.reduce(np.array(via) / -t, axis=0)
            # 0-1 moves out along the row, from the right: after[j] = lse(below[j],
            # after[j+1] + null_b[j]), a running log-sum-exp of below[k] - S[k] over k >= j.
            shift = run_b[lo : hi + 1] / t
            after[r, a:b] = -t * (np.logaddexp.accumulate((below - shift)[::-1])[::-1] + shift)
        return after

    def beads(self) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...], float]], bool]:
        """The best chain as (source units, target units, score), and whether it touches the band's edge."""
        after = self.backward()
        energy, p = self.energy, _PAD
        total = float(energy[self.n + p, self.m + p])
        out: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        touched = False
        i, j = self.n, self.m
        while i or j:
            lo, hi = self.lo[i], self.hi[i]
            touched = touched or (j == lo and lo > 0) or (j == hi and hi < self.m)
            code = int(self.back[i + p, j + p])
            di, dj = MOVES[code]
            cost = self.null_b[j - 1] if code == _ZERO_ONE else float(self.move_costs[code][i + p, j + p])
            free = float(energy[i - di + p, j - dj + p]) + cost + float(after[i + p, j + p]) - total
            score = math.exp(-max(free, 0.0) / self.t)
            out.append((tuple(range(i - di, i)), tuple(range(j - dj, j)), round(score, 3)))
            i, j = i - di, j - dj
        out.reverse()
        return out, touched
