"""Repeats: one text published more than once (another site's copy, one translation twice).

Stage: fingerprints -> repeat groups, at build time after every article is
read (index.storage.repeats stores them; search.repeats folds them).

Each fingerprint carries a MinHash of its article: the bottom-k
(``index.translation.fingerprint.MAX_WORD_SHINGLES``) hashes of its
shingles of four consecutive analysed terms (digits folded, case ignored).
Two articles of one language are repeats when the estimated Jaccard
similarity of their shingle sets is at least :data:`REPEAT_JACCARD` (0.9):
a copy with a changed headline or a few words edited stays above it
(one word changed in a 100-word text leaves 92% of the shingles shared),
two reports of one event that share a paragraph fall well below.

Candidates are blocked on each of the two smallest hashes (two MinHash
bands of one row: a pair at J = 0.9 misses both with probability 1%), and
inside a block only articles of about equal length are compared (a sorted
neighbourhood), so the work is linear in the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .fingerprint import Fingerprint

__all__ = ["REPEAT_JACCARD", "estimated_jaccard", "repeat_groups"]

REPEAT_JACCARD = 0.9
_BANDS = 2
_WINDOW = 8


def estimated_jaccard(x: Sequence[int], y: Sequence[int]) -> float:
    """Jaccard of two shingle sets from their bottom-k sketches (exact when both are whole sets)."""
    k = min(len(x), len(y))
    if k == 0:
        return 0.0
    sx, sy = set(x), set(y)
    union = sorted(sx | sy)[:k]
    return sum(1 for h in union if h in sx and h in sy) / k


class _Groups:
    """Union-find over article numbers."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)


def _blocks(fps: Sequence[Fingerprint]) -> list[list[int]]:
    """Articles sharing a language and one of their smallest hashes, each block by length."""
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        for h in fp.words[:_BANDS]:
            blocks[(fp.lang, h)].append(i)
    return [sorted(m, key=lambda i: (fps[i].chars, i)) for m in blocks.values() if len(m) > 1]


def _repeats(x: Fingerprint, y: Fingerprint) -> bool:
    if min(x.chars, y.chars) < REPEAT_JACCARD * max(x.chars, y.chars):
        return False  # lengths alone rule it out
    return estimated_jaccard(x.words, y.words) >= REPEAT_JACCARD


def repeat_groups(fps: Sequence[Fingerprint]) -> list[list[str]]:
    """Groups of article ids (each sorted, the groups sorted) whose texts are repeats of one another."""
    fps = sorted(fps, key=lambda fp: fp.id)
    groups = _Groups(len(fps))
    checked: set[tuple[int, int]] = set()
    for members in _blocks(fps):
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + _WINDOW]:
                pair = (min(i, j), max(i, j))
                if pair in checked or groups.find(i) == groups.find(j):
                    continue
                checked.add(pair)
                if _repeats(fps[pair[0]], fps[pair[1]]):
                    groups.join(*pair)
    found: dict[int, list[str]] = defaultdict(list)
    for i, fp in enumerate(fps):
        found[groups.find(i)].append(fp.id)
    return sorted(g for g in found.values() if len(g) > 1)
