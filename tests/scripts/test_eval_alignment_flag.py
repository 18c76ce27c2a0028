"""The flag figures of scripts/eval_alignment.py (scripts/alignment_flag.py): precision, recall, the threshold table, tuning."""

from __future__ import annotations

import argparse

import pytest
from conftest import load_script

E = load_script("alignment_flag")
EVAL = load_script("eval_alignment")  # imports alignment_flag from its own folder
Row = E.BeadRow

ROWS = [
    Row(1, 1, 0.95, True),
    Row(1, 1, 0.45, True),  # a right 1-1 bead under 0.5
    Row(1, 1, 0.2, False),
    Row(1, 2, 0.4, False),
    Row(2, 1, 0.55, True),
    Row(2, 1, 0.9, False),
    Row(0, 1, 0.3, True),  # a caption on one side: never counted as a pair
    Row(1, 0, 0.1, False),
]


def test_shapes() -> None:
    assert [r.shape for r in ROWS] == ["one_to_one"] * 3 + ["merged"] * 3 + ["one_sided"] * 2


def test_flag_figures_count_pair_beads_only() -> None:
    got = E.flag_figures(ROWS, lambda r: r.score < 0.5)
    # flagged: 0.45 (right), 0.2 (wrong), 0.4 (wrong); the one-sided 0.3 and 0.1 are not pairs
    assert got == {
        "flagged": 3,
        "wrong_flagged": 2,
        "wrong_beads": 3,
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
    }


def test_a_flag_that_never_fires_has_precision_zero() -> None:
    assert E.flag_figures(ROWS, lambda r: False) == {
        "flagged": 0,
        "wrong_flagged": 0,
        "wrong_beads": 3,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }


def test_threshold_table_per_shape() -> None:
    table = E.threshold_table(ROWS, (0.3, 0.5, 0.6))
    got = [(r["shape"], r["below"], r["flagged"], r["wrong_flagged"], r["precision"], r["recall"]) for r in table]
    assert got == [
        ("one_to_one", 0.3, 1, 1, 1.0, 0.3333),
        ("one_to_one", 0.5, 2, 1, 0.5, 0.3333),
        ("one_to_one", 0.6, 2, 1, 0.5, 0.3333),
        ("merged", 0.3, 0, 0, 0.0, 0.0),
        ("merged", 0.5, 1, 1, 1.0, 0.3333),
        ("merged", 0.6, 2, 1, 0.5, 0.3333),
    ]


def test_tune_picks_the_best_f1_and_the_fewest_flags_on_a_tie() -> None:
    got = E.tune(ROWS, (0.3, 0.5, 0.6))
    # 1-1 below 0.3 and merges below 0.5: 2 flagged, both wrong, 2 of 3 wrong beads
    assert got == {
        "one_to_one": 0.3,
        "merged": 0.5,
        "flagged": 2,
        "wrong_flagged": 2,
        "wrong_beads": 3,
        "precision": 1.0,
        "recall": 0.6667,
        "f1": 0.8,
    }


def test_seed_range() -> None:
    assert (EVAL.seed_range("100-103"), EVAL.seed_range("13")) == ([100, 101, 102, 103], [13])
    with pytest.raises(argparse.ArgumentTypeError, match="smaller seed first"):
        EVAL.seed_range("9-3")
    with pytest.raises(argparse.ArgumentTypeError, match="A-B or one number"):
        EVAL.seed_range("a-b")


def test_the_flag_now_and_before() -> None:
    # Now: 1-1 below 0.25, merges below 0.65, never one-sided; before: every bead below 0.5.
    assert [E.flagged_now(r) for r in ROWS] == [False, False, True, True, True, False, False, False]
    assert [E.flagged_before(r) for r in ROWS] == [False, True, True, True, False, False, True, True]
