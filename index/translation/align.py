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
over the band (:mod:`index.translation.lattice`), and a bead's score is its posterior probability: the share
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
from .lattice import Lattice

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
    # The one sentence holding each such anchor on each side, all anchors at once.
    rows_a, rows_b = ones_a[:, unique].argmax(axis=0) + 1, ones_b[:, unique].argmax(axis=0) + 1
    points = sorted(set(zip(rows_a.tolist(), rows_b.tolist(), strict=True)))
    # (end of the unit on each side): the path passes (i, j) after pairing them
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
        lattice = Lattice(costs, _band(centres, m, width), _TEMPERATURE)
        full = width >= max(n, m)
        if lattice.forward():
            beads, touched = lattice.beads()
            if not touched or full:
                break
        elif full:  # a band as wide as the text always reaches the end
            raise RuntimeError("alignment found no path through a full band")
        width *= 2
    return [
        Bead(tuple(k for u in src_units for k in units_a[u]), tuple(k for u in tgt_units for k in units_b[u]), score)
        for src_units, tgt_units, score in beads
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
