"""index.translation.repeats: the candidate pairs compared in bulk find the groups one-by-one comparison finds."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation.fingerprint import Fingerprint
from index.translation.fingerprint_table import FingerprintTable
from index.translation.repeats import (
    _WINDOW,
    REPEAT_JACCARD,
    _blocks,
    _estimated_jaccards,
    _sketches,
    estimated_jaccard,
    repeat_groups,
)


def _reference_groups(fps: Sequence[Fingerprint]) -> list[list[str]]:
    """The groups as the build found them pair by pair (each candidate pair compared in Python)."""
    fps = sorted(fps, key=lambda fp: fp.id)
    parent = list(range(len(fps)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for members in _blocks(FingerprintTable.of(fps)):
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + _WINDOW]:
                x, y = fps[min(i, j)], fps[max(i, j)]
                if min(x.chars, y.chars) < REPEAT_JACCARD * max(x.chars, y.chars):
                    continue
                if estimated_jaccard(x.words, y.words) >= REPEAT_JACCARD:
                    parent[find(j)] = find(i)
    found: dict[int, list[str]] = defaultdict(list)
    for i, fp in enumerate(fps):
        found[find(i)].append(fp.id)
    return sorted(g for g in found.values() if len(g) > 1)


def _fp(doc_id: str, lang: str, chars: int, words: Sequence[int]) -> Fingerprint:
    return Fingerprint(
        id=doc_id, lang=lang, url=None, paragraphs=1, sentences=1, chars=chars, numbers=(), latin=(),
        provinces=(), resolutions=(), names=(), shingles=(), words=tuple(words),
    )  # fmt: skip


def _corpus(seed: int, n: int) -> list[Fingerprint]:
    """Articles with sketches of up to 64 hashes, some of them copies with a few hashes changed, dropped or added."""
    rng = random.Random(seed)
    pool = rng.sample(range(1 << 32), 3000)  # few distinct hashes: sketches overlap, blocks are large
    fps: list[Fingerprint] = []
    for i in range(n):
        if fps and rng.random() < 0.5:
            base = rng.choice(fps)
            words = list(base.words)
            for _ in range(rng.randrange(0, 9)):
                if words and rng.random() < 0.5:
                    words.pop(rng.randrange(len(words)))
                else:
                    words.append(rng.choice(pool))
            words = sorted(set(words))[:64]
            chars = max(1, base.chars + rng.randrange(-150, 150))
            lang = base.lang
        else:
            words = sorted(set(rng.sample(pool[:300], rng.randrange(0, 65))))
            chars, lang = rng.randrange(50, 3000), rng.choice(("bn", "hi"))
        fps.append(_fp(f"d{i:04d}", lang, chars, words))
    return fps


def test_bulk_comparison_finds_the_groups_pair_by_pair_comparison_finds() -> None:
    for seed in range(6):
        fps = _corpus(seed, 600)
        expected = _reference_groups(fps)
        assert sum(map(len, expected)) > 50  # the corpus has many repeats to find
        assert repeat_groups(fps) == expected


# Small hashes, so that sketches share many (and may repeat one), and the largest a hash can be.
_HASHES = st.one_of(st.integers(0, 40), st.just(2**32 - 1))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(_HASHES, max_size=64), st.lists(_HASHES, max_size=64)),
        min_size=1,
        max_size=20,
    )
)
def test_bulk_estimated_jaccard_is_estimated_jaccard(sketches: list[tuple[list[int], list[int]]]) -> None:
    fps = [
        _fp(f"{i}{side}", "bn", 1, words)
        for i, pair in enumerate(sketches)
        for side, words in zip("ab", pair, strict=True)
    ]
    pairs = np.array([(2 * i, 2 * i + 1) for i in range(len(sketches))], dtype=np.int32)
    expected = [estimated_jaccard(x, y) for x, y in sketches]
    assert _estimated_jaccards(_sketches(FingerprintTable.of(fps)), pairs).tolist() == expected
