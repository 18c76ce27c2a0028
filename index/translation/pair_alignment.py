"""Align one candidate pair and judge its words: what linking asks of an aligner.

Stage: a pair's sentences -> its beads (:mod:`index.translation.align`), the
(Bengali, Hindi) stems of its 1-1, 1-2 and 2-1 beads
(:func:`index.translation.lexicon_learning.bead_stems`, from a memo of each
sentence's stems) and their lexical share
(:mod:`index.translation.link_lexical`).  The build runs
:func:`align_pair` in its alignment workers; :func:`article_aligner` does
the same in this process for parsed articles (tests, evaluations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from index.corpus.article import Article

from .align import align, article_sentences, caption_flags
from .lexicon_learning import bead_stems
from .link_lexical import lexical_share
from .linking import Aligner, PairAlignment

__all__ = ["AlignedPair", "StemPairs", "align_pair", "article_aligner", "oriented_stems"]

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


def align_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    src_captions: Sequence[bool],
    tgt_captions: Sequence[bool],
    src_lang: str,
    tgt_lang: str,
) -> AlignedPair:
    beads = [
        [list(b.src), list(b.tgt), round(b.score, 4)]
        for b in align(src, tgt, src_captions=src_captions, tgt_captions=tgt_captions)
    ]
    stems = oriented_stems(src, tgt, beads, src_lang, tgt_lang)
    share = lexical_share(stems)
    # Rounded as stored (like the bead scores): an update reuses the stored
    # share, and must judge a pair exactly as a full build does.
    return beads, stems, None if share is None else round(share, 4)


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
