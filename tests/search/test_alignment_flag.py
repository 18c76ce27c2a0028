"""The "uncertain" flag of the parallel view: which beads get ``low``."""

from __future__ import annotations

from search.parallel import PairSide, ParallelPair, is_low

BODY_BN = PairSide("নির্বাচনে ৫৪০টি আসনে ভোট হয়েছে।", 0, 31, (3,))
BODY_HI = PairSide("चुनाव में 540 सीटों पर मतदान हुआ।", 0, 33, (3,))
SECOND_HI = PairSide("नतीजे कल आएंगे।", 34, 49, (4,))
CREDIT_HI = PairSide("फोटो: रॉयटर्स।", 50, 64, (5,))
NONE = PairSide("", None, None, ())


def low(source: PairSide, target: PairSide, score: float) -> bool:
    flag = ParallelPair(source, target, score).to_dict()["low"]
    assert isinstance(flag, bool)
    return flag


def test_a_one_to_one_bead_scored_just_under_half_is_not_flagged() -> None:
    # On the NTREX evaluation five of six such rows are right translations.
    assert [low(BODY_BN, BODY_HI, s) for s in (0.42, 0.45, 0.49)] == [False, False, False]


def test_a_one_to_one_bead_scored_very_low_is_flagged() -> None:
    assert low(BODY_BN, BODY_HI, 0.1) is True


def test_a_photo_credit_on_one_side_only_is_never_flagged() -> None:
    merged = PairSide(BODY_HI.text + " " + SECOND_HI.text, 0, 49, (3, 4))
    assert [low(NONE, CREDIT_HI, 0.42), low(NONE, CREDIT_HI, 0.0), low(BODY_BN, NONE, 0.05)] == [False, False, False]
    # a merge at the same score is another matter: it may have swallowed an untranslated sentence
    assert low(BODY_BN, merged, 0.42) is True


def test_is_low_by_shape() -> None:
    cases = [(1, 1, 0.42), (1, 1, 0.2), (1, 2, 0.5), (2, 1, 0.7), (1, 0, 0.1), (0, 2, 0.1), (3, 1, 0.1)]
    assert [is_low(a, b, s) for a, b, s in cases] == [False, True, True, False, False, False, True]
