"""Short translations (issue 16): extra blocks for short articles, and the last rounds of linking."""

from __future__ import annotations

from collections.abc import Sequence

from index.translation import link_blocks, link_scores
from index.translation.fingerprint import Fingerprint
from index.translation.linking import Linking, PairAlignment, link

ALL_CONFIDENT = [[[0], [0], 0.9], [[1], [1], 0.8], [[2], [2], 0.9]]


def fp(doc: str, names: Sequence[str], sentences: int = 3) -> Fingerprint:
    return Fingerprint(doc, doc[-2:], None, 1, sentences, 100 * sentences, (), (), (), (), tuple(names), ())


def aligner_of(beads: list[list[object]], share: float | None):  # type: ignore[no-untyped-def]
    asked: list[tuple[str, str]] = []

    def aligner(pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], PairAlignment]:
        asked.extend(pairs)
        return {pair: (beads, share) for pair in pairs}

    return aligner, asked


def candidates(sentences: int) -> set[tuple[str, str]]:
    """A pair whose shared features are each in 3 articles (max_block 2); the Bengali side has 10 rare ones."""
    prints = [fp("a_bn", [f"r{k}" for k in range(10)] + ["s1", "s2", "s3"], sentences), fp("a_hi", ["s1", "s2", "s3"])]
    prints += [fp(f"f{k}_hi", [f"r{k}"]) for k in range(10)]  # each r-feature in two articles: a block
    prints += [fp("g_bn", ["s1", "s2", "s3"], 30)]  # each s-feature in three: too common for a block
    prints.sort(key=lambda x: x.id)
    m = link_scores.feature_matrix(prints, {"bn": 0, "hi": 1})
    a, b, _ = link_blocks.candidate_pairs(prints, m, 2, 3)
    return {(prints[i].id, prints[j].id) for i, j in zip(a.tolist(), b.tolist(), strict=True)}


def test_a_short_article_makes_blocks_with_features_just_too_common_for_one() -> None:
    # A short article picks its 8 rarest features beyond the rare ones: the three it shares with its translation.
    assert ("a_bn", "a_hi") in candidates(link_blocks.SHORT_ARTICLE)
    # A long one has numbers and names enough: its rare features alone (and its 8 rarest, all rare here).
    assert ("a_bn", "a_hi") not in candidates(link_blocks.SHORT_ARTICLE + 1)


def weak_pair(
    share: float | None, sentences: int = 3, beads: list[list[object]] | None = None
) -> tuple[Linking, list[tuple[str, str]]]:
    """A pair whose names come in reverse order (its score halved) under a threshold of 0.9: weak."""
    names = ["jm", "pk", "yrp", "amrk", "kptn"]
    prints = [fp("a_bn", names, sentences), fp("a_hi", names[::-1], sentences)]
    aligner, asked = aligner_of(ALL_CONFIDENT if beads is None else beads, share)
    return link(prints, threshold=0.9, aligner=aligner), asked


def test_a_weak_short_pair_is_linked_when_its_beads_and_words_carry_it() -> None:
    found, _ = weak_pair(0.25)
    assert [(x.a, x.b, x.method) for x in found.links] == [("a_bn", "a_hi", "content")]
    assert found.links[0].evidence is not None and found.links[0].evidence.content is not None
    assert 0.02 <= found.links[0].evidence.content < 0.9


def test_a_weak_short_pair_is_rejected_without_enough_translated_words_or_with_one_sided_beads() -> None:
    for found, _ in (
        weak_pair(0.2),
        weak_pair(None),
        weak_pair(0.4, beads=[*ALL_CONFIDENT, [[], [3], 0.9], [[3], [], 0.9]]),
    ):
        assert found.links == [] and [(x.a, x.b) for x in found.rejected] == [("a_bn", "a_hi")]


def test_a_weak_pair_of_long_articles_is_not_even_aligned() -> None:
    found, asked = weak_pair(0.4, sentences=link_blocks.SHORT_ARTICLE + 1)
    assert found.links == [] and found.rejected == [] and asked == []


def test_an_article_whose_best_partner_went_elsewhere_links_to_the_next_in_the_last_round() -> None:
    # c_bn's best partner is b_hi, which links to a_bn; c_bn and d_hi are each other's best of what is left.
    prints = [
        fp("a_bn", ["n1", "n2", "n3", "n4", "n5", "n6"]),
        fp("b_hi", ["n1", "n2", "n3", "n4", "n5", "n6"]),
        fp("c_bn", ["n1", "n2", "n3", "n4", "m1"]),
        fp("d_hi", ["n1", "m1", "x1"]),
        fp("e_bn", ["x1", "x2"]),
        fp("f_hi", ["x2", "x3"]),
    ]
    without = link(prints)
    assert {(x.a, x.b) for x in without.links} == {("a_bn", "b_hi"), ("e_bn", "f_hi")}
    aligner, _ = aligner_of(ALL_CONFIDENT, 0.4)
    found = link(prints, aligner=aligner)
    assert {(x.a, x.b) for x in found.links} == {("a_bn", "b_hi"), ("c_bn", "d_hi"), ("e_bn", "f_hi")}
