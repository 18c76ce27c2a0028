"""The "uncertain" flag of the parallel view judged as a detector of wrong beads.

    import alignment_flag   (from scripts/eval_alignment.py)

Stage: tooling, around index time.  A bead of an evaluated document pair is
a ``BeadRow`` (its shape, score and whether it is right); the flag under test
(:func:`search.parallel.is_low`), the rule before it (every bead below 0.5)
or a threshold per shape is scored on those rows: precision, recall, F1, a
table over a range of thresholds, and the pair of thresholds with the best F1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from search.parallel import bead_shape, is_low

FLAG_THRESHOLDS = tuple(round(0.1 + 0.05 * k, 2) for k in range(15))  # 0.1 .. 0.8
SHAPES = ("one_to_one", "merged")  # the keys of search.parallel.LOW_SCORES


@dataclass(frozen=True)
class BeadRow:
    """One bead of a gold document pair: its shape, score and whether it is right.

    A pair bead is right when all its sentence pairs share NTREX lines; a
    one-sided bead when none of its sentences has a line on the other side.
    """

    src: int  # sentences on each side
    tgt: int
    score: float
    right: bool

    @property
    def shape(self) -> str:
        return bead_shape(self.src, self.tgt)


def flag_figures(rows: Iterable[BeadRow], flagged: Callable[[BeadRow], bool]) -> dict[str, float]:
    """The flag as a detector of wrong pair beads: precision, recall and counts.

    Precision is 0 when nothing is flagged (a flag that never fires finds
    nothing); recall is over every wrong bead with a sentence on each side.
    """
    pairs = [r for r in rows if r.shape != "one_sided"]
    wrong = sum(not r.right for r in pairs)
    hits = [r for r in pairs if flagged(r)]
    caught = sum(not r.right for r in hits)
    precision = caught / len(hits) if hits else 0.0
    recall = caught / wrong if wrong else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "flagged": len(hits),
        "wrong_flagged": caught,
        "wrong_beads": wrong,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def below(cut: dict[str, float]) -> Callable[[BeadRow], bool]:
    """The flag "score below the threshold of the bead's shape" (shapes not in ``cut``: never)."""

    def flagged(r: BeadRow) -> bool:
        return r.shape in cut and r.score < cut[r.shape]

    return flagged


def threshold_table(rows: Sequence[BeadRow], thresholds: Sequence[float] = FLAG_THRESHOLDS) -> list[dict[str, object]]:
    """For each shape and threshold: the flag "score below the threshold" on beads of that shape alone."""
    table: list[dict[str, object]] = []
    for shape in SHAPES:
        for t in thresholds:
            row = flag_figures(rows, below({shape: t}))
            table.append({"shape": shape, "below": t, **row})
    return table


def tune(rows: Sequence[BeadRow], thresholds: Sequence[float] = FLAG_THRESHOLDS) -> dict[str, float]:
    """The thresholds per shape whose flag has the best F1 (ties: the fewer flags)."""
    best: tuple[float, int, dict[str, float]] | None = None
    for one in thresholds:
        for merged in thresholds:
            cut = {"one_to_one": one, "merged": merged}
            row = flag_figures(rows, below(cut))
            key = (row["f1"], -row["flagged"])
            if best is None or key > (best[0], -best[1]):
                best = (row["f1"], int(row["flagged"]), {**cut, **row})
    assert best is not None  # thresholds is never empty
    return best[2]


def format_flag_table(table: Sequence[dict[str, object]]) -> list[str]:
    lines = ["flag table  shape       below  flagged  wrong  precision  recall"]
    for row in table:
        lines.append(
            f"            {row['shape']:<11} {row['below']:<5}  {row['flagged']:>7}  {row['wrong_flagged']:>5}"
            f"  {row['precision']:>9.4f}  {row['recall']:>6.4f}"
        )
    return lines


def flagged_now(r: BeadRow) -> bool:
    """The parallel view's flag (thresholds per shape, never a one-sided bead)."""
    return is_low(r.src, r.tgt, r.score)


def flagged_before(r: BeadRow) -> bool:
    """The rule before the thresholds per shape: every bead below 0.5, one-sided ones too."""
    return r.score < 0.5
