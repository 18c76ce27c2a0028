"""The build's lexicon step: learn the bilingual lexicon from the stored beads.

Stage: aligned translation pairs -> the ``lexicon`` document, in the same
commit as the groups (index.pipeline.groups calls it).  Every 1-1, 1-2 and
2-1 bead of every linked Bengali-Hindi pair is a sentence pair; the stems of
a newly aligned pair come back from the alignment workers with its beads,
those of a pair whose beads were kept come from the stored bitext (the
sentence pairs the last build learned from), so an update reads no article
it did not change.  A build that changed no link keeps the stored lexicon.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from index.storage.lexicons import stored_bitext, stored_table, write_lexicon
from index.translation.lexicon_learning import Bitext, learn
from index.translation.pair_alignment import StemPairs, oriented_stems

__all__ = [
    "KeptPair",
    "LexiconReport",
    "PackedStems",
    "StemPairs",
    "add_pair",
    "oriented_stems",
    "pack_stems",
    "pair_name",
    "unpack_stems",
    "update_lexicon",
]

Sentences = Callable[[str], Sequence[str]]
# A pair's stem pairs as the alignment workers send them back: one string
# (pack_stems), or the list itself if a stem holds a separator.  Unpickling
# a list of lists of short strings per bead cost the builder more than the
# pair's beads and share; one string and str.split cost a fraction.
PackedStems = str | StemPairs
_PAIR, _SIDE, _STEM = "\x1e", "\x1d", "\x1f"  # ASCII record, group and unit separators
# A pair whose stored beads this build kept: (a, b, a's language, b's language, beads).
KeptPair = tuple[str, str, str, str, list[list[Any]]]


@dataclass
class LexiconReport:
    entries: int = 0
    pairs_used: int = 0
    relearned: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "pairs_used": self.pairs_used,
            "relearned": self.relearned,
            "seconds": round(self.seconds, 3),
        }


def pair_name(a: str, b: str) -> str:
    """How a document pair is named in the stored bitext."""
    return f"{a}\t{b}"


def pack_stems(stems: StemPairs) -> PackedStems:
    """``stems`` in one string that :func:`unpack_stems` reads back; the list itself if a stem holds a separator."""
    packed = _PAIR.join(f"{_STEM.join(bn)}{_SIDE}{_STEM.join(hi)}" for bn, hi in stems)
    # A stem is never empty (lexicon_learning keeps stems by their first
    # letter), so each separator occurs exactly this often unless a stem holds one.
    inner = sum(max(len(bn) - 1, 0) + max(len(hi) - 1, 0) for bn, hi in stems)
    counts = (packed.count(_PAIR), packed.count(_SIDE), packed.count(_STEM))
    return packed if counts == (max(len(stems) - 1, 0), len(stems), inner) else stems


def unpack_stems(stems: PackedStems) -> StemPairs:
    """The stem pairs :func:`pack_stems` packed (a list is returned as it is)."""
    if not isinstance(stems, str):
        return stems
    if not stems:
        return []
    out: StemPairs = []
    for pair in stems.split(_PAIR):
        bn, hi = pair.split(_SIDE)
        out.append((bn.split(_STEM) if bn else [], hi.split(_STEM) if hi else []))
    return out


def add_pair(bitext: Bitext, a: str, b: str, lang_a: str, lang_b: str, stems: PackedStems) -> None:
    """Record a Bengali-Hindi document pair and its sentence pairs (other pairs are not learned from)."""
    if {lang_a, lang_b} == {"bn", "hi"}:
        name = pair_name(a, b)
        bitext.source(name)
        for bn, hi in unpack_stems(stems):
            bitext.add(bn, hi, name)


def update_lexicon(
    writer: IndexWriter,
    reader: IndexReader,
    aligned: Bitext,
    kept: Iterable[KeptPair],
    sentences: Sentences,
    changed: bool,
) -> LexiconReport:
    """Relearn and store the lexicon when ``changed``; otherwise keep the stored one.

    ``aligned`` holds the sentence pairs of the document pairs this build
    aligned; ``kept`` are those whose stored beads were kept.  Their sentence
    pairs come from the stored bitext, or, for a pair it lacks, from their
    articles through ``sentences`` (an article id -> its sentence texts).
    """
    started = time.perf_counter()
    report = LexiconReport()
    stored = stored_table(reader)
    if stored is not None and not changed:
        report.entries, report.pairs_used = len(stored), stored.pairs_used
        report.seconds = time.perf_counter() - started
        return report
    kept = [k for k in kept if {k[2], k[3]} == {"bn", "hi"}]
    names = [pair_name(a, b) for a, b, *_ in kept]
    previous = stored_bitext(reader) if stored is not None else None
    if previous is None:
        bitext = aligned  # a full build: every pair was aligned now
    else:
        bitext = previous.keeping(names)
        bitext.extend(aligned)
    have = set(bitext.sources)
    for name, (a, b, la, lb, beads) in zip(names, kept, strict=True):
        if name not in have:
            add_pair(bitext, a, b, la, lb, oriented_stems(sentences(a), sentences(b), beads, la, lb))
    table = learn(bitext)
    write_lexicon(writer, table, bitext)
    report.entries, report.pairs_used, report.relearned = len(table), table.pairs_used, True
    report.seconds = time.perf_counter() - started
    return report
