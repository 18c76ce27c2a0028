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
import operator
import threading
from collections.abc import Iterable, Sequence

from index.analysis.memo import KEY_HASHES, Memo
from index.analysis.phonetic import key_variants, phonetic_key

from .seed import seed_table

__all__ = [
    "LEXICAL_KEYS",
    "LexicalPairs",
    "lexical_keys",
    "lexical_share",
    "smallest_by_hash",
    "stem_lexical_pairs",
]

# Keys kept per article (the smallest by hash, as fingerprints sample name
# keys, so two translations keep the same subset of the keys they share).
# On the short-article tuning seeds 32 found the same links as 64; a 100k
# make_corpus article has 64 or more, and linking holds them all in memory.
LEXICAL_KEYS = 32
# Seed equivalents a Bengali stem stands for, best first.
_PER_STEM = 2

StemPairs = Sequence[tuple[Sequence[str], Sequence[str]]]  # (Bengali stems, Hindi stems) per bead
LexicalPairs = tuple[tuple[str, int], ...]  # (key, its key_hash) of each lexical key of one stem


def _equivalents(stem: str, lang: str) -> frozenset[str]:  # memoised with the stem's key, as tokens, in _Evidence
    return frozenset(e.term for e in seed_table().lookup(stem, lang, "seed"))


def lexical_share(beads: StemPairs) -> float | None:
    """Share of the beads' stems, both sides pooled, with an equivalent across their bead.

    None when the beads hold no stem at all (nothing to judge).  A stem has
    an equivalent across its bead when one of its keys is a key of a stem
    there, or one of its seed equivalents is a stem there: in
    :class:`_Evidence`'s terms, when one of its *needs* is among the other
    side's *offers*.  Each bead is judged in a few calls that loop in C
    (a set of the offers per side, ``isdisjoint`` mapped over the needs):
    a Python step per stem cost most of the share's time.
    """
    evidence = _evidence().fresh()
    bn_stem, hi_stem = evidence.stems["bn"].__getitem__, evidence.stems["hi"].__getitem__
    needs, offers = operator.itemgetter(0), operator.itemgetter(1)
    chain = itertools.chain.from_iterable
    missed = total = 0
    for bn, hi in beads:
        bn_found, hi_found = list(map(bn_stem, bn)), list(map(hi_stem, hi))
        offered_bn, offered_hi = set(chain(map(offers, bn_found))), set(chain(map(offers, hi_found)))
        missed += sum(map(offered_hi.isdisjoint, map(needs, bn_found)))
        missed += sum(map(offered_bn.isdisjoint, map(needs, hi_found)))
        total += len(bn) + len(hi)
    return (total - missed) / total if total else None


# A stem's tokens: what it needs from the other side of its bead, what it offers it.
Tokens = tuple[frozenset[int], tuple[int, ...]]


class _Evidence:
    """Each stem's evidence (:func:`_stem_evidence`) as int tokens, per language.

    A stem *needs* its keys and its seed equivalents (as stems of the other
    language) and *offers* its keys and itself (as a stem of its language):
    it has an equivalent across its bead exactly when one of its needs is
    one of the other side's offers, the set test of the definition.  Token
    ids are compared within one :func:`lexical_share` only, so the table is
    bounded by emptying it, with the memos holding its ids, between calls.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.tokens: dict[str | tuple[str, str], int] = {}
        self.stems: dict[str, Memo[str, Tokens]] = {
            lang: Memo(functools.partial(self._stem_tokens, lang), 1 << 17) for lang in ("bn", "hi")
        }

    def fresh(self) -> _Evidence:
        if len(self.tokens) > self.limit:
            self.tokens.clear()
            for memo in self.stems.values():
                memo.clear()
        return self

    def _stem_tokens(self, lang: str, stem: str) -> Tokens:
        # A key is a string, a stem a (language, stem) tuple: the two never compare equal.
        keys, equivalents = _stem_evidence(lang, stem)
        other = "hi" if lang == "bn" else "bn"
        tokens = self.tokens
        key_tokens = [tokens.setdefault(k, len(tokens)) for k in keys]
        needs = frozenset(key_tokens + [tokens.setdefault((other, e), len(tokens)) for e in equivalents])
        return needs, (*key_tokens, tokens.setdefault((lang, stem), len(tokens)))


def _stem_evidence(lang: str, stem: str) -> tuple[frozenset[str], frozenset[str]]:
    """A stem's phonetic key with its variants (none if it has no key), and its seed equivalents."""
    key = phonetic_key(stem)
    return frozenset((key, *key_variants(key)) if key else ()), _equivalents(stem, lang)


# Stems judged by this process: a build's alignment workers judge millions of
# stems, a few tens of thousands distinct; each is keyed and looked up once.
class _PerThread(threading.local):
    # Token ids are compared within one call, and fresh() empties the table
    # between calls: a table shared by two threads could be emptied under
    # one of them mid-call, and a reused id would then match another stem.
    def __init__(self) -> None:
        self.evidence = _Evidence(1 << 19)


_LOCAL = _PerThread()


def _evidence() -> _Evidence:
    """This thread's stem evidence table."""
    return _LOCAL.evidence


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


def stem_lexical_pairs(stem: str) -> tuple[LexicalPairs, LexicalPairs]:
    """What :func:`lexical_keys` takes from one stem, as (key, hash) pairs: as a Bengali stem, as a Hindi stem.

    For a caller that keeps them per term (the fingerprint's term columns,
    :mod:`index.translation.term_columns`): an article's keys are then the
    smallest-hash selection of its terms' pairs, with no table and no hash
    looked up per article (tests/index/test_fingerprint.py holds the
    fingerprint's keys to :func:`lexical_keys`).
    """
    table, hindi = _key_table()
    equivalents = table.get(stem, ())
    bengali = tuple(zip(equivalents, map(KEY_HASHES.__getitem__, equivalents), strict=True))
    hindi_pairs = ((stem, KEY_HASHES[stem]),) if stem in hindi else ()
    return bengali, hindi_pairs


def smallest_by_hash(keys: Sequence[str], hashes: Sequence[int], k: int) -> tuple[str, ...]:
    """The k keys of smallest hash (``hashes[i]`` is ``keys[i]``'s), in their original order: a bottom-k sample."""
    if len(keys) <= k:
        return tuple(keys)
    cut = sorted(hashes)[k - 1]
    return tuple(itertools.compress(keys, map(cut.__ge__, hashes)))[:k]
