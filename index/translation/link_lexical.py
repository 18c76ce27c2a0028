"""Lexical evidence for a candidate translation pair: do its aligned sentences' words translate?

Stage: the stems of a pair's 1-1, 1-2 and 2-1 beads
(:func:`index.translation.lexicon_learning.bead_stems`) -> the share of
those stems that have an equivalent on the other side of their bead, for
:mod:`index.translation.link_support`.  An equivalent is an entry of the
bundled seed lexicon (:mod:`index.translation.seed`) or a stem with the same
phonetic key (a cognate or a name spelt in the other script), or one an
inherent vowel away (:func:`index.analysis.phonetic.key_variants`: a Hindi
stem drops a final vowel its Bengali cognate keeps, নেভাডা ``nabada``,
नेवाड ``nabad``; from 5 letters on).  On the short-article tuning seeds
the variants raised translations' shares by about 0.015-0.02 and unrelated
make_corpus pairs' highest by under 0.01.  Two unrelated
articles that share numbers align on those numbers, but the words around
them do not translate each other; a translation's do, even a short one's.

Only the bundled table is used, never the corpus's learned lexicon: a
pair's evidence then does not depend on what else the corpus holds, so an
update decides as a full build does.

:func:`lexical_keys` gives the same evidence to candidate generation, before
any alignment: an article's stems as *Hindi* stems (a Hindi stem the seed
knows stands for itself; a Bengali stem for its seed equivalents), so a
Bengali article and its Hindi translation share keys where they share no
number or name.  Fingerprints store a bounded sample of them
(:mod:`index.translation.fingerprint`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence

from index.analysis.memo import KEY_HASHES, Memo
from index.analysis.phonetic import key_variants, phonetic_key

from .seed import seed_table

__all__ = ["LEXICAL_KEYS", "lexical_keys", "lexical_share", "smallest_by_hash"]

# Keys kept per article (the smallest by hash, as fingerprints sample name
# keys, so two translations keep the same subset of the keys they share).
# On the short-article tuning seeds 32 found the same links as 64; a 100k
# make_corpus article has 64 or more, and linking holds them all in memory.
LEXICAL_KEYS = 32
# Seed equivalents a Bengali stem stands for, best first.
_PER_STEM = 2

StemPairs = Sequence[tuple[Sequence[str], Sequence[str]]]  # (Bengali stems, Hindi stems) per bead


def _equivalents(stem: str, lang: str) -> frozenset[str]:  # memoised with the stem's key in _STEMS
    return frozenset(e.term for e in seed_table().lookup(stem, lang, "seed"))


def lexical_share(beads: StemPairs) -> float | None:
    """Share of the beads' stems, both sides pooled, with an equivalent across their bead.

    None when the beads hold no stem at all (nothing to judge).
    """
    matched = total = 0
    bn_stem, hi_stem = _STEMS["bn"].__getitem__, _STEMS["hi"].__getitem__
    for bn, hi in beads:
        hi_set, bn_set = set(hi), set(bn)
        # Each stem's key and equivalents once: the keys are looked up for the other side's set and for the stem itself.
        bn_found, hi_found = list(map(bn_stem, bn)), list(map(hi_stem, hi))
        keys_bn = set().union(*(keys for keys, _ in bn_found))
        keys_hi = set().union(*(keys for keys, _ in hi_found))
        for keys, equivalents in bn_found:
            matched += bool(not keys_hi.isdisjoint(keys) or not hi_set.isdisjoint(equivalents))
        for keys, equivalents in hi_found:
            matched += bool(not keys_bn.isdisjoint(keys) or not bn_set.isdisjoint(equivalents))
        total += len(bn) + len(hi)
    return matched / total if total else None


def _stem_evidence(lang: str, stem: str) -> tuple[frozenset[str], frozenset[str]]:
    """A stem's phonetic key with its variants (none if it has no key), and its seed equivalents."""
    key = phonetic_key(stem)
    return frozenset((key, *key_variants(key)) if key else ()), _equivalents(stem, lang)


# Per language, a stem -> (its phonetic keys, its seed equivalents): a build's
# alignment workers judge millions of stems, a few tens of thousands distinct.
_STEMS: dict[str, Memo[str, tuple[frozenset[str], frozenset[str]]]] = {
    lang: Memo(functools.partial(_stem_evidence, lang), 1 << 17) for lang in ("bn", "hi")
}


@functools.cache
def _key_table() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Bengali stem -> its best Hindi equivalents (either direction of the seed); the Hindi stems used."""
    by_bn: dict[str, dict[str, float]] = {}
    for lang, stem, term, score, _ in seed_table().entries():
        bn, hi = (stem, term) if lang == "bn" else (term, stem)
        row = by_bn.setdefault(bn, {})
        row[hi] = max(score, row.get(hi, 0.0))
    table = {bn: tuple(sorted(row, key=lambda hi: (-row[hi], hi))[:_PER_STEM]) for bn, row in by_bn.items()}
    return table, frozenset(hi for keys in table.values() for hi in keys)


def lexical_keys(stems: Iterable[str], lang: str, limit: int = LEXICAL_KEYS) -> tuple[str, ...]:
    """An article's stems as the Hindi stems of the seed they stand for, in order of first use.

    Empty for a language other than Bengali or Hindi.  At most ``limit``:
    the ones of smallest hash.  Every loop over the stems and keys runs in C
    (map, filter, compress): a build asks this of every article.
    """
    table, hindi = _key_table()
    keys: dict[str, None]
    if lang == "bn":
        keys = dict.fromkeys(itertools.chain.from_iterable(map(table.get, stems, itertools.repeat(()))))
    elif lang == "hi":
        keys = dict.fromkeys(filter(hindi.__contains__, stems))
    else:
        return ()
    if len(keys) <= limit:
        return tuple(keys)
    return smallest_by_hash(tuple(keys), list(map(KEY_HASHES.__getitem__, keys)), limit)


def smallest_by_hash(keys: Sequence[str], hashes: Sequence[int], k: int) -> tuple[str, ...]:
    """The k keys of smallest hash (``hashes[i]`` is ``keys[i]``'s), in their original order: a bottom-k sample."""
    if len(keys) <= k:
        return tuple(keys)
    cut = sorted(hashes)[k - 1]
    return tuple(itertools.compress(keys, map(cut.__ge__, hashes)))[:k]
