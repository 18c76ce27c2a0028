"""Sentence alignment of two linked articles.

Stage: a linked pair (:mod:`index.translation.linking`) -> beads, at index time, stored
so that serving a parallel view costs no realignment.

A bead pairs consecutive sentences of one side with consecutive sentences of
the other: 1-1, 1-2 and 2-1 (translations merge and split sentences), 1-0
and 0-1 (a caption or a sentence on one side only).  Paragraphs are ignored
(translations regroup them).  The best chain of beads minimises the sum of
bead costs:

* Gale & Church's length model: the target length is the source length
  times ``ratio`` (by default the ratio of the two totals, not 1), with a
  spread that grows with length;
* minus an anchor bonus: the Dice agreement of the numbers, Latin tokens
  and transliterated name keys (:func:`index.translation.fingerprint.text_features`)
  on the two sides of the bead, counting only anchors that occur on both
  sides of the pair, each weighted by how few sentences hold it;
* plus the bead type's prior; a caption (from the paragraph kinds) beside
  body text costs extra, a caption left alone costs little.

The search keeps to a band around a line through the sure anchors (found in
one sentence on each side), widened only if the best chain touches its
edge, so the cost is about linear in length.  It runs forward and backward
over the band, and a bead's score is its posterior probability: the share
of all chains' weight exp(-cost/T) that passes through it.  Near 1 the row
is sure.  How low a score must be to mark a row as uncertain depends on the
bead's shape (a 1-1 bead is rarely wrong even near 0.4, a merge more often):
see ``search.parallel.is_low`` and ``scripts/eval_alignment.py``.

ICU cuts sentences after Devanagari abbreviations (यू.एस. gives "यू." and
"एस. ...") and sometimes leaves a closing quote alone; such fragments are
glued to their neighbour first, so a bead may hold more than two sentences
of one side.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.corpus.article import Article

from .bead_costs import BeadCosts

__all__ = ["Bead", "align", "align_articles", "article_sentences", "caption_flags"]

# Variance of the target length per source character.  Gale & Church used
# 6.8 for European languages; 3-5 does best on the NTREX evaluation (with
# anchors doing most of the work, a tighter length model breaks their ties).
DEFAULT_VARIANCE = 4.0
# Costs are divided by this before they become probabilities (bead scores).
# At 3 the scores are roughly calibrated on the NTREX evaluation: of 1-1,
# 1-2 and 2-1 beads scoring 0.9 or more 99.6% are right, 0.7-0.9 97%,
# 0.5-0.7 88%, below 0.5 about 67%.
_TEMPERATURE = 3.0
_MIN_BAND = 6  # columns either side of the anchor line; doubled when too narrow


@dataclass(frozen=True, slots=True)
class Bead:
    """Sentence indexes of each side (consecutive, possibly empty) and a score in 0..1."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"src": list(self.src), "tgt": list(self.tgt), "score": self.score}


def article_sentences(article: Article) -> list[str]:
    """Sentence texts of an article, in order: what :func:`align` takes."""
    return [article.text[s.start : s.end] for s in article.sentences()]


def caption_flags(article: Article) -> list[bool]:
    """For each sentence of an article, whether it belongs to a photo caption."""
    return [p.kind == "caption" for p in article.paragraphs for _ in p.sentences]


def align_articles(src: Article, tgt: Article, ratio: float | None = None) -> list[Bead]:
    """Align two parsed articles (their captions known from paragraph kinds)."""
    return align(
        article_sentences(src),
        article_sentences(tgt),
        ratio,
        src_captions=caption_flags(src),
        tgt_captions=caption_flags(tgt),
    )


# --------------------------------------------------------------------------- search


def _anchor_path(costs: BeadCosts, n: int, m: int) -> list[float]:
    """Where the alignment should run: a centre column for each row 0..n.

    Anchors found in exactly one sentence on each side are sure points
    (i, j); the longest chain of them increasing on both sides is joined by
    straight lines, from (0, 0) to (n, m).  Without anchors, the diagonal.
    """
    ones_a = costs.a > 0
    ones_b = costs.b > 0
    unique = (ones_a.sum(axis=0) == 1) & (ones_b.sum(axis=0) == 1)
    points = sorted(
        {(int(ones_a[:, k].argmax()) + 1, int(ones_b[:, k].argmax()) + 1) for k in np.flatnonzero(unique)}
    )  # (end of the unit on each side): the path passes (i, j) after pairing them
    chain = _longest_chain(points)
    xs = [0, *(i for i, _ in chain), n]
    ys = [0, *(j for _, j in chain), m]
    return [float(y) for y in np.interp(np.arange(n + 1), xs, ys)]


def _longest_chain(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence strictly increasing in both coordinates.

    Patience sorting on j with points ordered by i, and by j descending
    within one i, so that two points of one row never chain.
    """
    ordered = sorted(points, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # index of the smallest last point of a chain of each length
    tail_js: list[int] = []
    before = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        at = bisect.bisect_left(tail_js, j)
        if at:
            before[k] = tails[at - 1]
        if at == len(tails):
            tails.append(k)
            tail_js.append(j)
        else:
            tails[at] = k
            tail_js[at] = j
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(ordered[k])
        k = before[k]
    return chain[::-1]


def _band(centres: Sequence[float], m: int, width: int) -> list[tuple[int, int]]:
    """Allowed column range [lo, hi] for each row: around the centre line, and
    wide enough to reach the neighbouring rows' centres (the line may jump)."""
    out = []
    last = len(centres) - 1
    for i, c in enumerate(centres):
        low = min(c, centres[i - 1] if i else c)
        high = max(c, centres[i + 1] if i < last else c)
        out.append((max(0, int(low) - width), min(m, int(math.ceil(high)) + width)))
    return out


def _log_sum(values: list[float], temperature: float) -> float:
    """-T log sum exp(-v / T): the free energy of several paths' costs."""
    if len(values) == 1:
        return values[0]
    low = min(values)
    total = 0.0
    for v in values:  # a plain loop: these lists hold 2-5 values
        total += math.exp((low - v) / temperature)
    return low - temperature * math.log(total)


Move = tuple[int, int, float]  # rows taken, columns taken, cost


class _Lattice:
    """The search over the band: per row, cells keyed by column.

    One forward pass keeps both the best cost (Viterbi) and the free energy
    over all chains reaching a cell; a backward pass gives the free energy
    from each cell to the end.  A bead's score is the share of all chains'
    probability that goes through it (exp(-cost/T) weighting), so a bead
    that is one of several near-equal options scores low.
    """

    def __init__(self, costs: BeadCosts, band: Sequence[tuple[int, int]], temperature: float) -> None:
        self.costs = costs
        self.band = band
        self.t = temperature
        self.n, self.m = len(costs.la), len(costs.lb)
        rows = range(self.n + 1)
        self.best: list[dict[int, float]] = [{} for _ in rows]
        self.energy: list[dict[int, float]] = [{} for _ in rows]
        self.back: list[dict[int, Move]] = [{} for _ in rows]
        self.arrivals: list[dict[int, list[Move]]] = [{} for _ in rows]
        self.null_a = [costs.null(x, c) for x, c in zip(costs.la, costs.ca, strict=True)]
        self.null_b = [costs.null(x, c) for x, c in zip(costs.lb, costs.cb, strict=True)]

    def _paired(self, i: int) -> list[tuple[int, int, int, list[float]]]:
        """1-1, 1-2 and 2-1 moves ending in row i, costed over the band's columns."""
        lo, hi = self.band[i]
        cols = np.arange(max(lo, 1), hi + 1)
        out = []
        for di, dj in ((1, 1), (1, 2), (2, 1)):
            ok = cols[cols >= dj]
            if i >= di and len(ok):
                out.append((di, dj, int(ok[0]), self.costs.pair_row((di, dj), i, ok)))
        return out

    def forward(self) -> bool:
        """Fill the band; whether the end (n, m) is reachable."""
        # The innermost loop of a build's alignment, so the rows' dicts are
        # local names and the moves into each cell are listed inline: 1-0,
        # 0-1, then the paired ones; the first of equal costs is kept.
        best, energy, t = self.best, self.energy, self.t
        null_a, null_b = self.null_a, self.null_b
        best[0][0] = energy[0][0] = 0.0
        for i in range(self.n + 1):
            paired = self._paired(i)
            lo, hi = self.band[i]
            row_best, row_energy, row_back, row_arrivals = best[i], energy[i], self.back[i], self.arrivals[i]
            above = best[i - 1] if i >= 1 else {}
            for j in range(lo, hi + 1):
                moves: list[Move] = []
                if j in above:
                    moves.append((1, 0, null_a[i - 1]))
                if j >= 1 and j - 1 in row_best:
                    moves.append((0, 1, null_b[j - 1]))
                for di, dj, first, cost in paired:
                    if j >= first and j - dj in best[i - di]:
                        moves.append((di, dj, cost[j - first]))
                if not moves:
                    continue
                row_arrivals[j] = moves
                lowest, chosen = math.inf, moves[0]
                free: list[float] = []
                for move in moves:
                    di, dj, c = move
                    via = best[i - di][j - dj] + c
                    if via < lowest:
                        lowest, chosen = via, move
                    free.append(energy[i - di][j - dj] + c)
                row_best[j] = lowest
                row_back[j] = chosen
                row_energy[j] = _log_sum(free, t)
        return self.m in best[self.n]

    def backward(self) -> list[dict[int, float]]:
        """Free energy from each cell to the end (cells in reverse order)."""
        after: list[dict[int, float]] = [{} for _ in range(self.n + 1)]
        pending: list[dict[int, list[float]]] = [{} for _ in range(self.n + 1)]
        pending[self.n][self.m] = [0.0]
        t = self.t
        for i in range(self.n, -1, -1):
            row_arrivals, row_pending, row_after = self.arrivals[i], pending[i], after[i]
            for j in sorted(row_arrivals.keys() | row_pending.keys(), reverse=True):
                values = row_pending.get(j)
                if not values:
                    continue  # no way from here to the end
                here = row_after[j] = _log_sum(values, t)
                for di, dj, c in row_arrivals.get(j, ()):
                    pending[i - di].setdefault(j - dj, []).append(c + here)
        return after

    def beads(self) -> tuple[list[Bead], bool]:
        """The best chain, scored; and whether it touches the band's edge."""
        after = self.backward()
        total = self.energy[self.n][self.m]
        beads: list[Bead] = []
        touched = False
        i, j = self.n, self.m
        while i or j:
            lo, hi = self.band[i]
            touched = touched or (j == lo and lo > 0) or (j == hi and hi < self.m)
            di, dj, cost = self.back[i][j]
            free = self.energy[i - di][j - dj] + cost + after[i][j] - total
            score = math.exp(-max(free, 0.0) / self.t)
            beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(score, 3)))
            i, j = i - di, j - dj
        beads.reverse()
        return beads, touched


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    ratio: float | None = None,
    variance: float = DEFAULT_VARIANCE,
    src_captions: Sequence[bool] = (),
    tgt_captions: Sequence[bool] = (),
) -> list[Bead]:
    """Align two sentence sequences; every sentence is in exactly one bead, in order.

    ``ratio`` is the expected target/source length ratio (characters); by
    default the ratio of the two totals.  ``*_captions`` flag the sentences
    of photo captions (none by default).  When one side is empty there is
    nothing to weigh: every sentence of the other gets a bead of its own
    scored 0.
    """
    n, m = len(src), len(tgt)
    for flags, sentences, side in ((src_captions, src, "src"), (tgt_captions, tgt, "tgt")):
        if flags and len(flags) != len(sentences):
            raise ValueError(f"{side}_captions has {len(flags)} flags for {len(sentences)} sentences")
    if not n or not m:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    units_a, units_b = _units(src), _units(tgt)
    joined_a = [" ".join(src[k] for k in u) for u in units_a]
    joined_b = [" ".join(tgt[k] for k in u) for u in units_b]
    caps_a = [bool(src_captions) and src_captions[u[0]] for u in units_a]
    caps_b = [bool(tgt_captions) and tgt_captions[u[0]] for u in units_b]
    costs = BeadCosts(joined_a, joined_b, ratio, variance, (caps_a, caps_b))
    n, m = len(units_a), len(units_b)
    centres = _anchor_path(costs, n, m)
    width = _MIN_BAND
    while True:
        lattice = _Lattice(costs, _band(centres, m, width), _TEMPERATURE)
        full = width >= max(n, m)
        if lattice.forward():
            beads, touched = lattice.beads()
            if not touched or full:
                break
        elif full:  # a band as wide as the text always reaches the end
            raise RuntimeError("alignment found no path through a full band")
        width *= 2
    return [
        Bead(
            tuple(k for u in bead.src for k in units_a[u]),
            tuple(k for u in bead.tgt for k in units_b[u]),
            bead.score,
        )
        for bead in beads
    ]


def _units(sentences: Sequence[str]) -> list[tuple[int, ...]]:
    """Sentence indexes grouped into the units the search aligns.

    ICU ends a sentence after an abbreviation in Devanagari or Bengali
    (यू.एस. comes out as "यू." + "एस." + the rest) and sometimes hands a
    closing quote to a sentence of its own.  An abbreviation fragment (at
    most two words ending in a full stop) is glued to the next sentence, a
    wordless one to the previous; so a bead may hold more than two sentences
    of one side.
    """
    units: list[list[int]] = []
    glue_next = False
    for k, text in enumerate(sentences):
        stripped = text.strip()
        if units and not glue_next and not any(ch.isalnum() for ch in stripped):
            units[-1].append(k)
            continue
        if glue_next:
            units[-1].append(k)
        else:
            units.append([k])
        glue_next = stripped.endswith(".") and len(stripped.split()) <= 2
    return [tuple(u) for u in units]
