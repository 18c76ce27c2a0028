"""Lexical evidence for a candidate translation pair: do its aligned sentences' words translate?

Stage: the stems of a pair's 1-1, 1-2 and 2-1 beads
(:func:`index.translation.lexicon_learning.bead_stems`) -> the share of
those stems that have an equivalent on the other side of their bead, for
:mod:`index.translation.link_support`.  An equivalent is an entry of the
bundled seed lexicon (:mod:`index.translation.seed`) or a stem with the same
phonetic key (a cognate or a name spelt in the other script).  Two unrelated
articles that share numbers align on those numbers, but the words around
them do not translate each other; a translation's do, even a short one's.

Only the bundled table is used, never the corpus's learned lexicon: a
pair's evidence then does not depend on what else the corpus holds, so an
update decides as a full build does.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from index.analysis.phonetic import phonetic_key

from .seed import seed_table

__all__ = ["lexical_share"]

StemPairs = Sequence[tuple[Sequence[str], Sequence[str]]]  # (Bengali stems, Hindi stems) per bead


# Memoised per process (the table is immutable, lru_cache locks its own
# bookkeeping): a build asks for the same common stems millions of times.
@functools.lru_cache(maxsize=1 << 16)
def _equivalents(stem: str, lang: str) -> frozenset[str]:
    return frozenset(e.term for e in seed_table().lookup(stem, lang, "seed"))


def lexical_share(beads: StemPairs) -> float | None:
    """Share of the beads' stems, both sides pooled, with an equivalent across their bead.

    None when the beads hold no stem at all (nothing to judge).
    """
    matched = total = 0
    for bn, hi in beads:
        hi_set, bn_set = set(hi), set(bn)
        # Each stem's key once: the keys are looked up for the other side's set and for the stem itself.
        bn_keys, hi_keys = [phonetic_key(s) for s in bn], [phonetic_key(s) for s in hi]
        keys_bn, keys_hi = set(bn_keys), set(hi_keys)
        for stem, key in zip(bn, bn_keys, strict=True):
            matched += bool((key and key in keys_hi) or _equivalents(stem, "bn") & hi_set)
        for stem, key in zip(hi, hi_keys, strict=True):
            matched += bool((key and key in keys_bn) or _equivalents(stem, "hi") & bn_set)
        total += len(bn) + len(hi)
    return matched / total if total else None
