"""Passage-only pairs: two long articles that share no rare feature must align nearly whole to be linked."""

from __future__ import annotations

from collections.abc import Sequence

from index.translation import link_support
from index.translation.fingerprint import Fingerprint
from index.translation.linking import Linking, PairAlignment, link

NAMES = ("jm", "pk", "yrp", "amrk", "kptn")
# Nine sentences a side, every one in a confident 1-1 bead.
WHOLE = [[[k], [k], 0.9] for k in range(9)]
# The same articles with the ninth sentence of each left one-sided: 2 of 10 beads.
ONE_SIDED = [*WHOLE[:8], [[8], [], 0.9], [[], [8], 0.9]]


def fp(doc: str, sentences: int) -> Fingerprint:
    return Fingerprint(doc, doc[-2:], None, 1, sentences, 100 * sentences, (), (), (), (), NAMES, ())


def linked(beads: list[list[object]], max_block: int, sentences: int = 9) -> Linking:
    def aligner(pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], PairAlignment]:
        return {pair: (beads, 0.3) for pair in pairs}

    return link([fp("a_bn", sentences), fp("a_hi", sentences)], max_block=max_block, aligner=aligner)


def test_a_long_pair_sharing_no_rare_feature_is_rejected_when_a_fifth_of_its_beads_are_one_sided() -> None:
    # max_block 1: no feature is rare, the two articles meet only through their rarest features.
    found = linked(ONE_SIDED, max_block=1)
    assert found.links == [] and [(x.a, x.b) for x in found.rejected] == [("a_bn", "a_hi")]
    # Every other test passes: the rule alone rejects it.
    evidence = found.rejected[0].evidence
    assert evidence is not None and evidence.alignment is not None and evidence.alignment.accepts()
    assert not evidence.alignment.keeps_passage()


def test_a_long_pair_sharing_no_rare_feature_is_linked_when_it_aligns_whole() -> None:
    found = linked(WHOLE, max_block=1)
    assert [(x.a, x.b, x.method) for x in found.links] == [("a_bn", "a_hi", "content")]


def test_a_shared_rare_feature_or_a_short_side_keeps_the_one_sided_pair() -> None:
    # The names are held by two articles: rare with the default max_block.
    assert [(x.a, x.b) for x in linked(ONE_SIDED, max_block=24).links] == [("a_bn", "a_hi")]
    # A short article has few rare features to share: the rule leaves it to the other tests.
    assert [(x.a, x.b) for x in linked(ONE_SIDED, max_block=1, sentences=6).links] == [("a_bn", "a_hi")]


def test_the_one_sided_share_allowed_to_a_passage_only_pair() -> None:
    assert link_support.Support(1.0, 1.0, 0.1, 0.0, 0.3).keeps_passage()
    assert not link_support.Support(1.0, 1.0, 0.11, 0.0, 0.3).keeps_passage()
