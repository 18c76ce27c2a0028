"""What each bead costs: the length model, the anchors and the priors of sentence alignment.

Stage: a linked pair's sentences -> the costs :mod:`index.translation.align`
searches over.  A pair bead (1-1, 1-2, 2-1) costs its prior, plus Gale &
Church's length cost, minus the anchor bonus (the Dice agreement of the
numbers, Latin tokens and name keys on its two sides), plus a penalty for a
caption beside body text; a null bead (1-0, 0-1) costs its prior and its
length.  See align's module docstring for the whole method.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt

from index.analysis.memo import Memo

from .fingerprint import TOKEN_RE, text_features

__all__ = ["COST_PRIOR", "BeadCosts", "anchor_matrices", "neg_log_erfc"]

Array = npt.NDArray[np.float64]

# Bead priors (Gale & Church 1993, with 1-0/0-1 made a little likelier:
# captions and credit lines are often on one side only).
_PRIOR = {(1, 1): 0.89, (1, 2): 0.045, (2, 1): 0.045, (1, 0): 0.01, (0, 1): 0.01}
COST_PRIOR = {move: -math.log(p) for move, p in _PRIOR.items()}
# A null bead costs its prior plus this much per 100 characters left out:
# leaving a long sentence unaligned needs stronger reasons than a caption.
_NULL_PER_100 = 1.0
# Captions (known from the article's paragraph kinds) are often on one side
# only: leaving one unaligned is cheap, pairing it with body text is not.
_COST_NULL_CAPTION = -math.log(0.2)
_CAPTION_MIX = 6.0
# For a bead whose anchors all agree.  Large: on the NTREX evaluation anchors
# decide better than lengths (precision 0.93 at 4, 0.97 at 16-24).
_ANCHOR_BONUS = 20.0
_LATIN_WEIGHT = 2.0  # numbers and Latin tokens are surer than name keys
# Up to this many cells (units of one side x the other), the pair beads of
# each shape are costed for every cell at once, a few array operations in
# all, instead of a dozen small ones per row of the band; a longer pair
# (8 MB per shape here) is costed a row at a time over its band only.
_WHOLE_MATRIX_CELLS = 1_000_000


# --------------------------------------------------------------------------- anchors


def _token_anchors(token: str) -> tuple[str, ...]:
    f = text_features(token, keep_digits=True)
    return (*("#" + n for n in f.numbers), *("@" + t for t in f.latin), *("~" + k for k in f.names))


# A token's anchors depend on the token alone, and a pair's sentences are mostly
# words seen before: each token is looked up (the loop in C, index.analysis.memo),
# not run through text_features' Python loop again for every sentence it is in.
_TOKEN_ANCHORS: Memo[str, tuple[str, ...]] = Memo(_token_anchors, 1 << 16)


def _sentence_anchors(text: str) -> tuple[str, ...]:
    # A tuple of distinct anchors: a fifth of a frozenset's memory, and all the counting needs.
    return tuple(set(chain.from_iterable(map(_TOKEN_ANCHORS.__getitem__, TOKEN_RE.findall(text)))))


# A sentence recurs: in each candidate pair of its article that linking verifies, and
# across articles (boilerplate; make_corpus's articles reuse sentences, so most of a 10k
# build's lookups hit).  Bounded: about 0.5 kB a sentence, key included.
_SENTENCE_ANCHORS: Memo[str, tuple[str, ...]] = Memo(_sentence_anchors, 1 << 14)


def _anchor_sets(sentences: Sequence[str]) -> list[tuple[str, ...]]:
    """The anchors of each sentence, each once: numbers (#), Latin tokens (@) and name keys (~)."""
    return list(map(_SENTENCE_ANCHORS.__getitem__, sentences))


def anchor_matrices(src: Sequence[str], tgt: Sequence[str]) -> tuple[Array, Array]:
    """Weighted sentence x anchor incidence of each side, over anchors both sides have.

    An anchor's weight falls with the number of sentences holding it, so
    a name in one sentence on each side pins that pair, and a word in every
    sentence pins nothing.
    """
    a_sets, b_sets = _anchor_sets(src), _anchor_sets(tgt)
    # Counted in C, and each side's incidence set in one assignment: a pair holds a
    # few hundred anchors, and a Python step for each cost more than the matrices.
    count_a, count_b = Counter(chain.from_iterable(a_sets)), Counter(chain.from_iterable(b_sets))
    anchors = sorted(count_a.keys() & count_b.keys())
    column = dict(zip(anchors, range(len(anchors)), strict=True))
    weight = np.array([(_LATIN_WEIGHT if x[0] != "~" else 1.0) / math.sqrt(count_a[x] * count_b[x]) for x in anchors])
    shared = set(anchors)
    mats = []
    for sets in (a_sets, b_sets):
        held = [shared.intersection(s) for s in sets]
        rows = np.repeat(np.arange(len(sets)), [len(h) for h in held])
        cols = np.fromiter(map(column.__getitem__, chain.from_iterable(held)), dtype=np.intp, count=len(rows))
        mat = np.zeros((len(sets), len(anchors)))
        mat[rows, cols] = 1.0
        mats.append(mat * np.sqrt(weight))
    return mats[0], mats[1]


# --------------------------------------------------------------------------- costs


class BeadCosts:
    """Bead costs between two sentence sequences; pair beads costed a row at a time."""

    def __init__(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        ratio: float | None,
        variance: float,
        captions: tuple[Sequence[bool], Sequence[bool]],
    ) -> None:
        self.ca = np.array(list(captions[0]) or [False] * len(src), dtype=np.float64)
        self.cb = np.array(list(captions[1]) or [False] * len(tgt), dtype=np.float64)
        self.ca2 = self.ca[:-1] + self.ca[1:]
        self.cb2 = self.cb[:-1] + self.cb[1:]
        self.la = np.array([len(s) for s in src], dtype=np.float64)
        self.lb = np.array([len(s) for s in tgt], dtype=np.float64)
        total_a, total_b = self.la.sum(), self.lb.sum()
        self.ratio = ratio if ratio else (total_b / total_a if total_a and total_b else 1.0)
        self.variance = variance
        self.a, self.b = anchor_matrices(src, tgt)
        # Merged neighbours, for 2-1 and 1-2 beads.
        self.la2 = self.la[:-1] + self.la[1:]
        self.lb2 = self.lb[:-1] + self.lb[1:]
        self.a2 = np.maximum(self.a[:-1], self.a[1:])
        self.b2 = np.maximum(self.b[:-1], self.b[1:])
        self.mass_a = (self.a**2).sum(axis=1)
        self.mass_b = (self.b**2).sum(axis=1)
        self.mass_a2 = (self.a2**2).sum(axis=1)
        self.mass_b2 = (self.b2**2).sum(axis=1)
        self.whole = (len(self.la) + 1) * (len(self.lb) + 1) <= _WHOLE_MATRIX_CELLS
        self._matrices: dict[tuple[int, int], Array] = {}

    def _length(self, la: Array | float, lb: Array | float) -> Array:
        # Gale & Church: delta = (lb - c*la) / sqrt(s2 * mean length); the
        # cost is -log P(|delta| at least this), P = erfc(|delta| / sqrt 2).
        mean = (np.asarray(la) + np.asarray(lb) / self.ratio) / 2
        delta = np.abs(lb - self.ratio * np.asarray(la)) / np.sqrt(self.variance * np.maximum(mean, 1.0))
        return np.asarray(neg_log_erfc(delta / math.sqrt(2)))

    def pair_costs(self, move: tuple[int, int], i: int, a: int, b: int) -> Array:
        """Costs of beads ``move`` ending at row i, columns a..b (their ends); inf where none can end."""
        di, dj = move
        out = np.full(b - a + 1, np.inf)
        s, e = max(a, dj), min(b, len(self.lb))
        if not di <= i <= len(self.la) or s > e:
            return out
        if self.whole:
            matrix = self._matrices.get(move)
            if matrix is None:
                matrix = self._matrices[move] = self.pair_matrix(move)
            out[s - a : e - a + 1] = matrix[i, s : e + 1]
        else:
            out[s - a : e - a + 1] = self.pair(move, i, np.arange(s, e + 1))
        return out

    def pair_matrix(self, move: tuple[int, int]) -> Array:
        """Costs of beads ``move`` ending at every cell (i, j), inf where none can end.

        The same operations as :meth:`pair`, element by element, over all rows at once.
        """
        di, dj = move
        n, m = len(self.la), len(self.lb)
        out = np.full((n + 1, m + 1), np.inf)
        if n < di or m < dj:
            return out
        if di == 1:
            la, va, ma, ca = self.la, self.a, self.mass_a, self.ca
        else:
            la, va, ma, ca = self.la2, self.a2, self.mass_a2, self.ca2
        if dj == 1:
            lb, vb, mb, cb = self.lb, self.b, self.mass_b, self.cb
        else:
            lb, vb, mb, cb = self.lb2, self.b2, self.mass_b2, self.cb2
        length = self._length(la[:, None], lb[None, :])
        shared = va @ vb.T
        total = ma[:, None] + mb[None, :]
        dice = np.divide(2 * shared, total, out=np.zeros_like(total, dtype=np.float64), where=total > 0)
        cam, cbm = ca[:, None], cb[None, :]
        mixed = ((cam + cbm) > 0) & ((cam < di) | (cbm < dj))
        out[di:, dj:] = COST_PRIOR[move] + length - _ANCHOR_BONUS * dice + _CAPTION_MIX * mixed
        return out

    def pair(self, move: tuple[int, int], i: int, cols: npt.NDArray[np.int64]) -> Array:
        """Costs of beads ``move`` ending at row i, columns ``cols`` (their ends)."""
        di, dj = move
        if di == 1:
            la, va, ma, ca = self.la[i - 1], self.a[i - 1], self.mass_a[i - 1], self.ca[i - 1]
        else:
            la, va, ma, ca = self.la2[i - 2], self.a2[i - 2], self.mass_a2[i - 2], self.ca2[i - 2]
        if dj == 1:
            lb, vb, mb, cb = self.lb[cols - 1], self.b[cols - 1], self.mass_b[cols - 1], self.cb[cols - 1]
        else:
            lb, vb, mb, cb = self.lb2[cols - 2], self.b2[cols - 2], self.mass_b2[cols - 2], self.cb2[cols - 2]
        length = self._length(la, lb)
        shared = vb @ va
        total = ma + mb
        # Anchor agreement as a Dice coefficient: merging in a sentence whose
        # anchors the other side lacks lowers it, so anchors cannot be
        # collected by swallowing neighbours.
        dice = np.divide(2 * shared, total, out=np.zeros_like(total, dtype=np.float64), where=total > 0)
        mixed = ((ca + cb) > 0) & ((ca < di) | (cb < dj))  # a caption beside body text
        return np.asarray(COST_PRIOR[move] + length - _ANCHOR_BONUS * dice + _CAPTION_MIX * mixed)

    def null(self, length: float, caption: bool) -> float:
        return (_COST_NULL_CAPTION if caption else COST_PRIOR[(1, 0)]) + _NULL_PER_100 * length / 100.0


# Numerical Recipes' erfcc (fractional error below 1.2e-7 everywhere):
# erfc(x) = t exp(-x^2 - 1.26551223 + P(t)), t = 1 / (1 + x/2).
_ERFC_POLY = (
    1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
    -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip


def neg_log_erfc(x: Array) -> Array:
    """-log erfc(x) for x >= 0, in log space (no underflow for long sentences)."""
    x = np.asarray(x, dtype=np.float64)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = np.zeros_like(x)
    for c in reversed(_ERFC_POLY):
        poly = (poly + c) * t
    return np.asarray(x * x + 1.26551223 - poly - np.log(t))
