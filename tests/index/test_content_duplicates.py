"""index.translation.duplicates: the near-duplicates compared in bulk are those one-by-one comparison finds."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation.duplicates import _DUPLICATE_JACCARD, _DUPLICATE_WINDOW, content_duplicates
from index.translation.fingerprint_table import Shape
from index.translation.repeats import estimated_jaccard


def _reference(fps: Sequence[Shape], skip: set[int]) -> tuple[list[tuple[int, int, str]], int]:
    """The pairs as linking found them until session 15: each block's neighbours compared one by one in Python."""
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        if i not in skip:
            for h in fp.shingles[:2]:
                blocks[(fp.lang, h)].append(i)
    checked: set[tuple[int, int]] = set()
    found = []
    for members in blocks.values():
        members.sort(key=lambda i: (fps[i].sentences, fps[i].chars, i))
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + _DUPLICATE_WINDOW]:
                lo, hi = min(i, j), max(i, j)
                if (lo, hi) in checked:
                    continue
                checked.add((lo, hi))
                x, y = fps[lo], fps[hi]
                if min(x.sentences, y.sentences) < _DUPLICATE_JACCARD * max(x.sentences, y.sentences):
                    continue
                similarity = estimated_jaccard(x.shingles, y.shingles)
                if similarity >= _DUPLICATE_JACCARD:
                    found.append((lo, hi, "identical text" if similarity == 1.0 else "near-identical text"))
    return sorted(found), len(checked)


def _corpus(seed: int, n: int) -> list[Shape]:
    """Articles of two languages drawing sentence hashes (48-bit, as stored) from a small pool, some of them copies."""
    rng = random.Random(seed)
    pool = sorted(rng.sample(range(1 << 48), 60))  # few hashes: blocks are large, many pairs are compared
    out: list[Shape] = []
    for i in range(n):
        if out and rng.random() < 0.3:  # a copy of an earlier article, a sentence or two changed
            base = rng.choice(out)
            hashes = set(base.shingles)
            for _ in range(rng.randint(0, 2)):
                hashes.symmetric_difference_update({rng.choice(pool)})
            lang, sentences = base.lang, base.sentences + rng.randint(-1, 1)
        else:
            hashes = set(rng.sample(pool, rng.randint(0, 16)))
            lang, sentences = rng.choice("ab"), rng.randint(1, 30)
        shingles = tuple(sorted(hashes)[:16])
        out.append(Shape(f"{i:05d}", lang, None, 1, max(sentences, 0), rng.randint(50, 90), shingles))
    return out


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 400), st.integers(0, 20))
def test_bulk_content_duplicates_are_the_pair_by_pair_ones(seed: int, n: int, skipped: int) -> None:
    fps = _corpus(seed, n)
    skip = set(random.Random(seed).sample(range(n), min(skipped, n)))
    found, checks = content_duplicates(fps, skip)
    assert (found, checks) == _reference(fps, skip)


def test_a_large_corpus_finds_identical_and_near_identical_pairs() -> None:
    fps = _corpus(7, 3000)
    found, checks = content_duplicates(fps, set())
    reasons = {reason for _, _, reason in found}
    assert reasons == {"identical text", "near-identical text"} and checks > 10 * len(found)
    assert (found, checks) == _reference(fps, set())
