"""Align one candidate pair and judge its words: what linking asks of an aligner.

Stage: a pair's sentences -> its beads (:mod:`index.translation.align`), the
(Bengali, Hindi) stems of its 1-1, 1-2 and 2-1 beads
(:func:`index.translation.lexicon_learning.bead_stems`, from a memo of each
sentence's stems) and their lexical share
(:mod:`index.translation.link_lexical`).  The build runs the two halves,
:func:`pair_beads` and :func:`pair_words`, in different alignment workers
(index.pipeline.align_pool); :func:`align_pair` runs both, and
:func:`article_aligner` does so in this process for parsed articles (tests,
evaluations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from index.corpus.article import Article

from .align import align, article_sentences, caption_flags
from .lexicon_learning import bead_stems
from .link_lexical import lexical_share
from .linking import Aligner, PairAlignment

__all__ = ["AlignedPair", "StemPairs", "align_pair", "article_aligner", "oriented_stems", "pair_beads", "pair_words"]

# (Bengali stems, Hindi stems) per usable bead of a pair.
StemPairs = list[tuple[list[str], list[str]]]
# A pair's beads as stored ([src indexes, tgt indexes, score]), its stems, their lexical share.
AlignedPair = tuple[list[list[Any]], StemPairs, float | None]


def oriented_stems(
    src: Sequence[str], tgt: Sequence[str], beads: list[list[Any]], src_lang: str, tgt_lang: str
) -> StemPairs:
    """(Bengali stems, Hindi stems) of each usable bead of a pair; none unless it is a Bengali-Hindi pair."""
    if (src_lang, tgt_lang) == ("bn", "hi"):
        return bead_stems(src, tgt, beads, "bn", "hi")
    if (src_lang, tgt_lang) == ("hi", "bn"):
        return [(bn, hi) for hi, bn in bead_stems(src, tgt, beads, "hi", "bn")]
    return []


def pair_beads(
    src: Sequence[str], tgt: Sequence[str], src_captions: Sequence[bool], tgt_captions: Sequence[bool]
) -> list[list[Any]]:
    """A pair's beads as stored: [source indexes, target indexes, score rounded]."""
    return [
        [list(b.src), list(b.tgt), round(b.score, 4)]
        for b in align(src, tgt, src_captions=src_captions, tgt_captions=tgt_captions)
    ]


def pair_words(
    src: Sequence[str], tgt: Sequence[str], beads: list[list[Any]], src_lang: str, tgt_lang: str
) -> tuple[StemPairs, float | None]:
    """The stems of a pair's beads (:func:`oriented_stems`) and their lexical share, rounded as stored."""
    stems = oriented_stems(src, tgt, beads, src_lang, tgt_lang)
    share = lexical_share(stems)
    # Rounded as stored (like the bead scores): an update reuses the stored
    # share, and must judge a pair exactly as a full build does.
    return stems, None if share is None else round(share, 4)


def align_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    src_captions: Sequence[bool],
    tgt_captions: Sequence[bool],
    src_lang: str,
    tgt_lang: str,
) -> AlignedPair:
    """:func:`pair_beads` then :func:`pair_words`: a build may run the two in different processes."""
    beads = pair_beads(src, tgt, src_captions, tgt_captions)
    stems, share = pair_words(src, tgt, beads, src_lang, tgt_lang)
    return beads, stems, share


def article_aligner(articles: Mapping[str, Article]) -> Aligner:
    """An aligner over parsed articles by id, for :func:`index.translation.linking.link`."""

    def aligner(pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], PairAlignment]:
        out: dict[tuple[str, str], PairAlignment] = {}
        for a, b in pairs:
            x, y = articles[a], articles[b]
            beads, _, share = align_pair(
                article_sentences(x), article_sentences(y), caption_flags(x), caption_flags(y), x.lang, y.lang
            )
            out[(a, b)] = (beads, share)
        return out

    return aligner
