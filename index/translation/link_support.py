"""How well a candidate translation pair's sentence alignment supports the link.

Stage: a candidate pair (:mod:`index.translation.linking`) and its beads
(:mod:`index.translation.align`) -> a :class:`Support`, which decides
whether a content link is kept and how confident it is.  Two articles that
translate each other align into a chain of confident 1-1 beads; two
unrelated articles that share some numbers align only where the numbers
are, and the rest is a run of near-ties (low posteriors) or sentences left
on one side.

The thresholds were chosen on ``scripts/make_corpus.py`` corpora (a 10k
corpus with translations and one whose two languages come from different
articles), never on the NTREX documents the evaluation reports; see the
README's "Parallel translations".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CONFIDENT_BEAD", "MIN_CONFIDENCE", "URL_WARNING_SUPPORT", "Support", "alignment_support"]

# A paired bead scoring this much is "confident" (align's calibration: 88%
# of beads at 0.5-0.7 are right, 67% below).
CONFIDENT_BEAD = 0.5
# A content link is kept when all of these hold.
_MIN_CONFIDENT = 0.5  # share of sentences in confident paired beads
_MIN_POSTERIOR = 0.5  # mean score of the paired beads
_MAX_ONE_SIDED = 0.5  # share of beads with a sentence on one side only
_MAX_LOG_LENGTH = 1.0  # |log of the length ratio, less the language pair's usual one|
# Share of the aligned stems with an equivalent across their bead
# (index.translation.link_lexical), when known: translations score 0.2-0.55
# (make_corpus pairs 0.21 and more, short NTREX pairs 0.19 at the 5th
# percentile), unrelated articles 0.03-0.16.
_MIN_LEXICAL = 0.12
# The lexical share at which it counts fully towards a link's confidence.
_FULL_LEXICAL = 0.3
# From this lexical share on (unrelated pairs reached 0.16 on the make_corpus
# tuning corpus; on the short NTREX tuning seeds, false candidates at the
# content threshold or above at most 0.157, false ones under it 0.23) the
# words of the beads confirm them: a short article has few numbers or names
# to anchor its alignment, so its right beads often score under
# CONFIDENT_BEAD.  Such a pair needs neither the confident share and mean
# score above nor MIN_CONFIDENCE; the other tests still hold (its
# confidence, lower, is reported as it is).
_CONFIRMING_LEXICAL = 0.2
# A short pair under the content threshold (index.translation.linking,
# "weak" pairs) is linked only when its beads pass the confident share and
# mean score above, whatever its lexical share, and it has this lexical
# share and at most this share of one-sided beads.  Chosen on the short
# tuning seeds (odd and even NTREX documents, seeds 100-102): translations
# among those pairs reach 0.34, false ones 0.23 (with a third of their
# beads one-sided) and 0.209; unrelated make_corpus pairs are long, never weak.
_WEAK_LEXICAL = 0.21
_WEAK_ONE_SIDED = 0.25
# A pair of long articles that shares no rare feature (index.translation.linking,
# "passage-only" pairs: its numbers, names and keys are all held by more
# articles than make a block) may share no more than a passage that many
# articles repeat, as a reused wire story is: two articles that quote one
# passage align on it, and the rest of each is left one-sided.  Such a pair
# is linked only when at most this share of its beads is one-sided.  On the
# 100k make_corpus corpus (seed 1), the 1,428 content links of such pairs
# that the truth file pairs had one-sided shares of 0.0185 at the 90th
# percentile and 0.1053 at the 99.9th (3 above 0.1: 0.1053, 0.1111,
# 0.1282), the 8 that join articles of different stories 0.1304-0.4118,
# and one of their articles' next-best candidates 0.1071.
_PASSAGE_ONE_SIDED = 0.1
# A content link's confidence (index.translation.linking: the geometric mean
# of its content confidence, 0.5 at the content threshold, the support and
# the lexical strength) must reach this too: a pair that passes every test
# above only just fails this one.  On the short NTREX tuning seeds (odd and
# even documents, 100-102) no false candidate passed the tests above, and
# 0.55 rejected 2 translations that 0.5 keeps.
MIN_CONFIDENCE = 0.5
# A URL link is kept whatever its alignment; below this support, or this
# lexical share (above every unrelated pair of the make_corpus tuning
# corpus but one), it is reported.
URL_WARNING_SUPPORT = 0.2
_POOR_LEXICAL = 0.16

Beads = Sequence[Sequence[Any]]  # [src indexes, tgt indexes, score], as stored


@dataclass(frozen=True, slots=True)
class Support:
    """What a pair's alignment says about the link, each 0..1 except ``length``."""

    confident: float  # share of both sides' sentences in confident paired beads
    posterior: float  # mean score of the paired beads
    one_sided: float  # share of beads that are 1-0 or 0-1
    length: float  # log length ratio, less the usual one for the two languages
    lexical: float | None = None  # share of aligned stems with an equivalent across their bead

    @property
    def value(self) -> float:
        """One figure: the confident share weighted by how sure those beads are."""
        return self.confident * self.posterior

    @property
    def lexical_strength(self) -> float | None:
        """The lexical share on a 0..1 scale, full at ``_FULL_LEXICAL``."""
        return None if self.lexical is None else min(1.0, self.lexical / _FULL_LEXICAL)

    @property
    def confirmed_by_words(self) -> bool:
        """So many of the aligned stems translate across their beads that the beads are right whatever their scores."""
        return self.lexical is not None and self.lexical >= _CONFIRMING_LEXICAL

    def accepts(self) -> bool:
        return (
            (self.confirmed_by_words or (self.confident >= _MIN_CONFIDENT and self.posterior >= _MIN_POSTERIOR))
            and self.one_sided <= _MAX_ONE_SIDED
            and abs(self.length) <= _MAX_LOG_LENGTH
            and (self.lexical is None or self.lexical >= _MIN_LEXICAL)
        )

    def keeps(self, confidence: float) -> bool:
        """Whether a content candidate with this support and ``confidence`` (its combined confidence) is linked."""
        return self.accepts() and (confidence >= MIN_CONFIDENCE or self.confirmed_by_words)

    def keeps_weak(self) -> bool:
        """Whether a short candidate under the content threshold is linked: its beads and words must carry it alone."""
        return (
            self.accepts()
            and self.confident >= _MIN_CONFIDENT
            and self.posterior >= _MIN_POSTERIOR
            and self.lexical is not None
            and self.lexical >= _WEAK_LEXICAL
            and self.one_sided <= _WEAK_ONE_SIDED
        )

    def keeps_passage(self) -> bool:
        """Whether a passage-only candidate (long, no rare feature shared) aligns nearly whole: few one-sided beads."""
        return self.one_sided <= _PASSAGE_ONE_SIDED

    def poor(self) -> bool:
        """So poor that even a URL link should be reported."""
        return self.value < URL_WARNING_SUPPORT or (self.lexical is not None and self.lexical < _POOR_LEXICAL)

    def to_dict(self) -> dict[str, float]:
        return {
            "support": round(self.value, 4),
            "confident_share": round(self.confident, 4),
            "mean_posterior": round(self.posterior, 4),
            "one_sided_share": round(self.one_sided, 4),
            "length_log_ratio": round(self.length, 4),
            "poor": self.poor(),
        }

    def lexicon_dict(self) -> dict[str, float] | None:
        return None if self.lexical is None else {"share": round(self.lexical, 4)}


def alignment_support(
    beads: Beads, chars_a: int, chars_b: int, usual_log_ratio: float = 0.0, lexical: float | None = None
) -> Support:
    """Measure a pair's beads (every sentence of both sides in one bead); ``lexical`` is passed through."""
    sentences = sum(len(b[0]) + len(b[1]) for b in beads)
    paired = [b for b in beads if len(b[0]) and len(b[1])]
    confident = sum(len(b[0]) + len(b[1]) for b in paired if b[2] >= CONFIDENT_BEAD)
    length = math.log(chars_b / chars_a) - usual_log_ratio if chars_a and chars_b else math.inf
    return Support(
        confident=confident / sentences if sentences else 0.0,
        posterior=sum(float(b[2]) for b in paired) / len(paired) if paired else 0.0,
        one_sided=(len(beads) - len(paired)) / len(beads) if beads else 1.0,
        length=length,
        lexical=lexical,
    )
