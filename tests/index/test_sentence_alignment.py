"""Sentence alignment of linked articles: sentence texts -> beads."""

from __future__ import annotations

import time

import pytest
from conftest import sample_article
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus.article import Article
from index.translation.align import Bead, align, align_articles, article_sentences, caption_flags

sample = sample_article


@pytest.fixture(scope="module")
def pair() -> tuple[Article, Article]:
    return sample("000"), sample("001")


def shape(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def one_to_one(n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((i,), (i,)) for i in range(n)]


# --------------------------------------------------------------------------- the sample pair


def test_sample_pair_aligns_every_sentence_with_its_translation(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    beads = align_articles(bn, hi)
    assert shape(beads) == one_to_one(19)
    assert all(0.75 <= b.score <= 1.0 for b in beads)


def test_the_sentence_with_540_meets_the_one_with_540(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    (i,) = (k for k, s in enumerate(src) if "৫৪০" in s)
    (j,) = (k for k, s in enumerate(tgt) if "540" in s)
    (bead,) = (b for b in align_articles(bn, hi) if i in b.src)
    assert (bead.src, bead.tgt) == ((i,), (j,))
    assert bead.score > 0.9


def test_captions_are_flagged_from_paragraph_kinds(pair: tuple[Article, Article]) -> None:
    bn, _ = pair
    flags = caption_flags(bn)
    assert [k for k, flag in enumerate(flags) if flag] == [5, 6]  # "... ছবি: ক্যান থো সংবাদপত্র।"


# --------------------------------------------------------------------------- merges, splits, one side only


def test_two_sentences_merged_into_one_make_a_2_1_bead(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    merged = [*tgt[:3], tgt[3] + " " + tgt[4], *tgt[5:]]
    beads = align(src, merged)
    assert shape(beads) == [*one_to_one(3), ((3, 4), (3,)), *(((i,), (i - 1,)) for i in range(5, 19))]


def test_one_sentence_split_in_two_makes_a_1_2_bead(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    merged = [*src[:12], src[12] + " " + src[13], *src[14:]]
    beads = align(merged, tgt)
    assert shape(beads) == [*one_to_one(12), ((12,), (12, 13)), *(((i - 1,), (i,)) for i in range(14, 19))]


def test_a_caption_on_one_side_only_stays_unaligned(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    tgt_flags = caption_flags(hi)
    # The Hindi photo credit "फोटो: कैन थो समाचार पत्र।" (sentence 6) is left out.
    beads = align(src, tgt[:6] + tgt[7:], src_captions=caption_flags(bn), tgt_captions=tgt_flags[:6] + tgt_flags[7:])
    assert shape(beads) == [*one_to_one(6), ((6,), ()), *(((i,), (i - 1,)) for i in range(7, 19))]
    assert beads[6].score > 0.5  # fairly sure there is nothing to pair it with


def test_a_sentence_on_one_side_only_gets_a_1_0_bead(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    beads = align(src, tgt[:10] + tgt[11:])
    assert shape(beads) == [*one_to_one(10), ((10,), ()), *(((i,), (i - 1,)) for i in range(11, 19))]


def test_sentences_in_another_order_score_low(pair: tuple[Article, Article]) -> None:
    bn, hi = pair
    src, tgt = article_sentences(bn), article_sentences(hi)
    swapped = [*tgt[:10], tgt[11], tgt[10], *tgt[12:]]
    beads = align(src, swapped)
    around = [b.score for b in beads if {10, 11} & {*b.src, *b.tgt}]
    elsewhere = [b.score for b in beads if not {9, 10, 11, 12} & {*b.src, *b.tgt}]
    assert max(around) < 0.7 < min(elsewhere)


def test_an_abbreviation_cut_by_icu_is_glued_to_its_sentence() -> None:
    # ICU ends a sentence after "यू." in यू.एस.; the pieces travel together.
    src = ["মার্কিন যুক্তরাষ্ট্রে ২০১৮ সালে ৩৫টি রাজ্য ছিল।", "তারা বলেন যে পরিকল্পনা ৫০ দিনের।"]
    tgt = ["2018 में यू.", "एस. में 35 राज्य थे।", "उन्होंने कहा कि योजना 50 दिन की है।"]
    assert shape(align(src, tgt)) == [((0,), (0, 1)), ((1,), (2,))]


# --------------------------------------------------------------------------- edges and scale


def test_beads_serialise_as_plain_lists() -> None:
    assert Bead((3, 4), (3,), 0.97).to_dict() == {"src": [3, 4], "tgt": [3], "score": 0.97}


def test_caption_flags_must_match_the_sentences() -> None:
    with pytest.raises(ValueError, match="src_captions has 1 flags for 2 sentences"):
        align(["একটি।", "দুটি।"], ["एक।"], src_captions=[True])


def test_an_empty_side_leaves_every_sentence_alone() -> None:
    assert align([], ["एक वाक्य।", "दूसरा।"]) == [Bead((), (0,), 0.0), Bead((), (1,), 0.0)]
    assert align(["একটি বাক্য।"], []) == [Bead((0,), (), 0.0)]
    assert align([], []) == []


def _name(k: int) -> str:
    letters = "bcdfgklmnprstvz"
    out = ""
    while True:
        out += letters[k % len(letters)]
        k //= len(letters)
        if not k:
            return out.capitalize() + "ex"


def long_pair(n: int) -> tuple[list[str], list[str]]:
    """n sentence pairs that share a Latin name and a number each."""
    src = [f"প্রতিষ্ঠান {_name(k)} {k * 13 + 7} কোটি টাকা বিনিয়োগ করেছে বলে জানা গেছে।" for k in range(n)]
    tgt = [f"संस्था {_name(k)} ने {k * 13 + 7} करोड़ रुपये का निवेश किया है।" for k in range(n)]
    return src, tgt


def test_a_long_pair_far_off_the_diagonal_is_found_fast() -> None:
    src, tgt = long_pair(300)
    # The Hindi side lacks the first 40 sentences and the Bengali the last
    # 40: equal lengths, but the path runs 40 off the diagonal, outside a
    # diagonal band; the anchors put the band where the path is.
    src, tgt = src[:260], tgt[40:]
    started = time.perf_counter()
    beads = align(src, tgt)
    seconds = time.perf_counter() - started
    assert shape(beads) == [
        *(((i,), ()) for i in range(40)),
        *(((i,), (i - 40,)) for i in range(40, 260)),
        *(((), (j,)) for j in range(220, 260)),
    ]
    assert seconds < 5  # about 0.3 s on a quiet machine


sentence = st.text(alphabet="অআকখগ ১২৩ abc 123.।", min_size=0, max_size=30)


@settings(deadline=None, max_examples=150)
@given(st.lists(sentence, max_size=12), st.lists(sentence, max_size=12))
def test_every_sentence_is_in_exactly_one_bead_in_order(src: list[str], tgt: list[str]) -> None:
    beads = align(src, tgt)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(b.src or b.tgt for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)
