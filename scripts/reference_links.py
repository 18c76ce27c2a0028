"""Sentence alignment scored as links between reference sentences (issue 16's scoring).

    import reference_links   (from scripts/eval_alignment.py)

Stage: tooling, around index time.  The reference sentences of
an article are its sentences as written (an NTREX line, or two lines the
corpus writer merged into one); reference sentences of the two sides that
share an NTREX line, directly or through each other, form a reference bead,
and a bead of m and n reference sentences gives m x n gold links.  A served
bead links every reference sentence one of its sentences overlaps on its
side (by character offsets: :func:`alignkit.scoring.sentence_refs`) with every
one its other side overlaps.  An aligner that cuts sentences finer than the
reference is then not punished (its pieces link the same lines again), while
a wrong merge or pairing is (it links lines that do not translate each
other).  A link is named with its articles, ``(a, line, b, line)``, so links
of different document pairs never meet and a wrong document pair's links are
all wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RefLink = tuple[str, int, str, int]  # (article a, its reference sentence, article b, its reference sentence)
Refs = Sequence[frozenset[int]]  # per served sentence of an article: the reference sentences it overlaps


def served_links(
    a: str, b: str, beads: Sequence[tuple[Sequence[int], Sequence[int]]], la: Refs, lb: Refs
) -> set[RefLink]:
    """The reference links a served pair's beads (served sentence indexes on each side) make."""
    out: set[RefLink] = set()
    for src, tgt in beads:
        left = frozenset().union(*(la[i] for i in src))
        right = frozenset().union(*(lb[j] for j in tgt))
        out.update((a, x, b, y) for x in left for y in right)
    return out


def gold_links(a: str, b: str, ra: Sequence[frozenset[int]], rb: Sequence[frozenset[int]]) -> set[RefLink]:
    """A translated pair's gold links, from the NTREX lines of each side's reference sentences.

    Reference sentences that share a line, on either side and through each
    other, form one reference bead; a bead of m and n sentences gives m x n links.
    """
    parent = list(range(len(ra) + len(rb)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for x, lx in enumerate(ra):
        for y, ly in enumerate(rb):
            if lx & ly:
                parent[find(x)] = find(len(ra) + y)
    beads: dict[int, tuple[list[int], list[int]]] = {}
    for x in range(len(ra)):
        beads.setdefault(find(x), ([], []))[0].append(x)
    for y in range(len(rb)):
        beads.setdefault(find(len(ra) + y), ([], []))[1].append(y)
    return {(a, x, b, y) for left, right in beads.values() for x in left for y in right}


@dataclass
class LinkCounts:
    """Reference links over a set of document pairs: precision and recall."""

    correct: int = 0
    served: int = 0
    gold: int = 0

    def add(self, served: set[RefLink], gold: set[RefLink]) -> None:
        self.correct += len(served & gold)
        self.served += len(served)
        self.gold += len(gold)

    def merge(self, other: LinkCounts) -> None:
        self.correct += other.correct
        self.served += other.served
        self.gold += other.gold

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.correct / self.served if self.served else 1.0, 4),
            "recall": round(self.correct / self.gold if self.gold else 1.0, 4),
            "served_links": self.served,
            "correct_links": self.correct,
            "gold_links": self.gold,
        }
