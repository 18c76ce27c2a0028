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
cost) and a running log-sum-exp (free energy) along the row.  A row's band
is a few dozen cells, where each numpy call costs more than its arithmetic:
in the flat arrays each move is a fixed offset, so one gather reads the
four moves' sources, best costs and free energies alike (the backward pass:
the free energies and costs of where they lead), and a row takes about
fifteen numpy calls, not forty.  The arithmetic is the same, value for value.
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
    of inf on each side, so a move's source or target is in the arrays even at the edges."""

    def __init__(self, costs: BeadCosts, band: Sequence[tuple[int, int]], temperature: float) -> None:
        self.costs = costs
        self.t = temperature
        self.n, self.m = n, m = len(costs.la), len(costs.lb)
        self.lo = [lo for lo, _ in band]
        self.hi = [hi for _, hi in band]
        shape = (n + 1 + 2 * _PAD, m + 1 + 2 * _PAD)
        # Best costs and free energies side by side, so that one gather reads both.
        self.cells = np.full((2, *shape), np.inf)
        self.best, self.energy = self.cells[0], self.cells[1]
        self.back = np.full(shape, -1, dtype=np.int8)
        # Python floats (the same values): the 0-1 moves are added one cell at a time.
        self.null_a = [float(costs.null(x, c)) for x, c in zip(costs.la, costs.ca, strict=True)]
        self.null_b = [float(costs.null(x, c)) for x, c in zip(costs.lb, costs.cb, strict=True)]
        # The running sum of the 0-1 costs over columns: S[j] = null_b[0] + ... + null_b[j-1].
        self.run_b = np.concatenate(([0.0], np.cumsum(self.null_b)))
        # Plane 0 is the backward pass's free energy to the end; then each move's cost of
        # ending at each cell, padded like the cells (inf where it cannot end), one plane
        # per move of _FROM_ABOVE: the backward pass reads both in one gather.
        self.planes = np.full((1 + len(_FROM_ABOVE), *shape), np.inf)
        self.move_costs: dict[int, Array] = {}
        whole = costs.whole
        for plane, code in enumerate(_FROM_ABOVE, start=1):
            di, dj = MOVES[code]
            padded = self.move_costs[code] = self.planes[plane]
            if dj == 0:
                padded[_PAD + 1 : _PAD + n + 1, _PAD : _PAD + m + 1] = np.asarray(self.null_a)[:, None]
            elif whole:
                padded[_PAD : _PAD + n + 1, _PAD : _PAD + m + 1] = costs.pair_matrix((di, dj))
            else:  # a long pair: only the band's cells are costed (see BeadCosts)
                for i in range(di, n + 1):
                    padded[_PAD + i, _PAD + self.lo[i] : _PAD + self.hi[i] + 1] = costs.pair_costs(
                        (di, dj), i, self.lo[i], self.hi[i]
                    )
        # In the flat arrays a move is a fixed offset: cell f comes from f - offset (forward)
        # and leads to f + offset (backward).  A row of these, plus a row's first cell, indexes
        # the band's cells moved by one move: forward in the best costs then the free
        # energies, backward in the free energies to the end then the moves' costs.
        width, size = shape[1], shape[0] * shape[1]
        offsets = np.array([MOVES[code][0] * width + MOVES[code][1] for code in _FROM_ABOVE], dtype=np.intp)
        columns = np.arange(width, dtype=np.intp)
        sources = columns[None, :] - offsets[:, None]
        targets = columns[None, :] + offsets[:, None]
        self.sources = np.concatenate((sources, sources + size))
        planes = np.arange(1, 1 + len(_FROM_ABOVE), dtype=np.intp)[:, None] * size
        self.targets = np.concatenate((targets, targets + planes))
        self.no_end = np.full((1, width), np.inf)

    def forward(self) -> bool:
        """Fill the band; whether the end (n, m) is reachable."""
        t, null_b, moves = self.t, self.null_b, len(_FROM_ABOVE)
        shifts = self.run_b / t
        cells, costs, back = self.cells, self.planes[1:], self.back
        flat = cells.reshape(-1)
        width = cells.shape[2]
        for i in range(self.n + 1):
            lo, hi = self.lo[i], self.hi[i]
            r, a, b = i + _PAD, lo + _PAD, hi + _PAD + 1
            w = b - a
            # Both passes' sources, by move in _FROM_ABOVE order, plus each move's cost here.
            via = flat.take(self.sources[:, :w] + (r * width + a)).reshape(2, moves, w) + costs[:, r, a:b]
            via_best, via_energy = via[0], via[1]
            if i == 0:  # the start, reached by no move (row 0's band starts at column 0)
                via_best[0, 0] = via_energy[0, 0] = 0.0
            pick = via_best.argmin(axis=0)
            # 0-1 moves along the row, in order, with the tie rule of one cell at a time:
            # a 1-0 move wins a tie with a 0-1 move, which wins one with a paired move.
            down = via_best[0].tolist()
            paired = via_best[1:].min(axis=0).tolist()
            codes = _CODES[pick]
            values = []
            previous = math.inf
            for k in range(w):
                along = previous + null_b[lo + k - 1] if k else math.inf
                if along < down[k] and along <= paired[k]:
                    previous = along
                    codes[k] = _ZERO_ONE
                else:  # the picked move from above
                    previous = down[k] if down[k] <= paired[k] else paired[k]
                values.append(previous)
            cells[0, r, a:b] = values
            back[r, a:b] = codes
            # Free energy: -T log sum exp(-v/T) over the moves from above, then
            # running along the row for the 0-1 moves: E[j] - S[j] is a running
            # log-sum-exp (in units of -T) of the moves from above less S.
            shift = shifts[lo : hi + 1]
            from_above = np.logaddexp.reduce(via_energy / -t, axis=0)
            cells[1, r, a:b] = -t * (np.logaddexp.accumulate(from_above + shift) - shift)
        return bool(np.isfinite(cells[0, self.n + _PAD, self.m + _PAD]))

    def backward(self) -> Array:
        """Free energy from each cell to the end (padded like the cells)."""
        t, moves = self.t, len(_FROM_ABOVE)
        shifts = self.run_b / t
        planes = self.planes
        after = planes[0]
        after.fill(np.inf)
        flat = planes.reshape(-1)
        width = after.shape[1]
        for i in range(self.n, -1, -1):
            lo, hi = self.lo[i], self.hi[i]
            r, a, b = i + _PAD, lo + _PAD, hi + _PAD + 1
            w = b - a
            # Moves out of (i, j) into a later row, in _FROM_ABOVE order: the free energy
            # from where each leads, plus its cost.
            out = flat.take(self.targets[:, :w] + (r * width + a))
            end = self.no_end[:, :w]  # ending here: only at the end
            if i == self.n and lo <= self.m <= hi:
                end = end.copy()
                end[0, self.m - lo] = 0.0
            via = np.concatenate((end, out[:moves] + out[moves:]))
            below = np.logaddexp.reduce(via / -t, axis=0)
            # 0-1 moves out along the row, from the right: after[j] = lse(below[j],
            # after[j+1] + null_b[j]), a running log-sum-exp of below[k] - S[k] over k >= j.
            shift = shifts[lo : hi + 1]
            after[r, a:b] = -t * (np.logaddexp.accumulate((below - shift)[::-1])[::-1] + shift)
        return after.copy()

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
