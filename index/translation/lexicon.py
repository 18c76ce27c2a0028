"""The bilingual lexicon: Bengali and Hindi stems that translate each other.

Stage: translation tables -> equivalents of one stem (query time).  Three
sources, in order of trust:

* ``lexicon``: learned at build time from this corpus's aligned sentence
  pairs (:mod:`index.translation.lexicon_learning`), stored in the index
  (:mod:`index.storage.lexicons`);
* ``cognate``: the same word in the other script (:mod:`index.translation.cognates`),
  kept only when the caller confirms the other language has it;
* ``seed``: a small table mined from open parallel data, bundled with Setu
  (:mod:`index.translation.seed`).

Scores are comparable across kinds.  A learned or seed entry scores
:func:`association` of its counts: the Dice coefficient of the two stems over
the aligned sentence pairs, with one unseen pair added to each side, shrunk
by links / (links + 1).  Two words seen once, together, score 0.25; three
times out of three 0.56; a hundred out of a hundred 0.98.  A cognate the
other language's vocabulary confirms scores :data:`COGNATE_SCORE` (0.5, the
transliteration itself, as strong as a pair linked three times out of
three) or :data:`COGNATE_VARIANT_SCORE` (0.4, a spelling variant of it:
b/v, nukta).

A table is immutable once built; reading it from many threads needs no lock.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "COGNATE_SCORE",
    "COGNATE_VARIANT_SCORE",
    "KIND_COGNATE",
    "KIND_LEXICON",
    "KIND_SEED",
    "LANGS",
    "Equivalent",
    "EMPTY_TABLE",
    "Lexicon",
    "LexiconTable",
    "association",
    "other_lang",
]

KIND_LEXICON = "lexicon"
KIND_COGNATE = "cognate"
KIND_SEED = "seed"
# The order of trust: on a tie, and for a term two sources give, the first wins.
_TRUST = {KIND_LEXICON: 0, KIND_COGNATE: 1, KIND_SEED: 2}
LANGS = ("bn", "hi")
COGNATE_SCORE = 0.5
COGNATE_VARIANT_SCORE = 0.4
_FORMAT = 1


def other_lang(lang: str) -> str:
    """The other language of the pair; a ValueError names the known ones."""
    if lang == "bn":
        return "hi"
    if lang == "hi":
        return "bn"
    raise ValueError(f"unknown language {lang!r}: the lexicon knows {', '.join(LANGS)}")


def association(links: npt.ArrayLike, n_src: npt.ArrayLike, n_tgt: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Score of stem pairs linked ``links`` times, each stem in ``n_src`` / ``n_tgt`` sentence pairs.

    Dice with one unseen sentence pair added to each side, shrunk by
    links / (links + 1): 2L / (n_src + n_tgt + 2) * L / (L + 1), in 0..1.
    """
    lk = np.asarray(links, dtype=np.float64)
    dice = 2.0 * lk / (np.asarray(n_src, dtype=np.float64) + np.asarray(n_tgt, dtype=np.float64) + 2.0)
    return np.asarray(dice * lk / (lk + 1.0), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Equivalent:
    """A stem of the other language that translates the stem asked for.

    ``term`` is a stem as the ``stem`` field indexes it; ``pairs`` counts the
    aligned sentence pairs that support the entry (0 for a cognate; for a
    seed entry, the pairs in the seed data).
    """

    term: str
    lang: str
    kind: str
    score: float
    pairs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "lang": self.lang,
            "kind": self.kind,
            "score": round(self.score, 4),
            "pairs": self.pairs,
        }


class LexiconTable:
    """Equivalents of stems in one direction each, as learned or mined (immutable).

    Each stem's entries are kept as one packed string and parsed when asked
    for: loading a 100k index's table is then one JSON decode of a flat dict.
    """

    __slots__ = ("_by_lang", "pairs_used")

    def __init__(self, by_lang: Mapping[str, Mapping[str, str]], pairs_used: int = 0) -> None:
        self._by_lang = {lang: dict(by_lang.get(lang, {})) for lang in LANGS}
        self.pairs_used = pairs_used

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str, str, float, int]], pairs_used: int = 0) -> LexiconTable:
        """From (lang, stem, other-language term, score, pairs); each stem's best first."""
        grouped: dict[str, dict[str, list[tuple[float, int, str]]]] = {lang: {} for lang in LANGS}
        for lang, stem, term, score, pairs in entries:
            other_lang(lang)
            grouped[lang].setdefault(stem, []).append((score, pairs, term))
        packed = {
            lang: {
                stem: "\n".join(f"{t}\t{s:.4f}\t{p}" for s, p, t in sorted(rows, key=lambda r: (-r[0], -r[1], r[2])))
                for stem, rows in stems.items()
            }
            for lang, stems in grouped.items()
        }
        return cls(packed, pairs_used)

    def __len__(self) -> int:
        return sum(v.count("\n") + 1 for stems in self._by_lang.values() for v in stems.values())

    def stems(self, lang: str) -> int:
        return len(self._by_lang[lang])

    def lookup(self, stem: str, lang: str, kind: str) -> list[Equivalent]:
        packed = self._by_lang[lang].get(stem)
        if not packed:
            return []
        target = other_lang(lang)
        out = []
        for line in packed.split("\n"):
            term, score, pairs = line.split("\t")
            out.append(Equivalent(term, target, kind, float(score), int(pairs)))
        return out

    def entries(self) -> Iterable[tuple[str, str, str, float, int]]:
        for lang in LANGS:
            for stem in sorted(self._by_lang[lang]):
                for e in self.lookup(stem, lang, KIND_LEXICON):
                    yield lang, stem, e.term, e.score, e.pairs

    def to_bytes(self) -> bytes:
        data = {"format": _FORMAT, "pairs_used": self.pairs_used, **self._by_lang}
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, raw: bytes) -> LexiconTable:
        data = json.loads(zlib.decompress(raw).decode("utf-8"))
        if data.get("format") != _FORMAT:
            raise ValueError(f"lexicon format {data.get('format')!r}, expected {_FORMAT}")
        return cls({lang: data.get(lang, {}) for lang in LANGS}, int(data.get("pairs_used", 0)))


EMPTY_TABLE = LexiconTable({})

Known = Callable[[str], bool]
CognateFn = Callable[[str, str], list[tuple[str, float]]]


class Lexicon:
    """Equivalents of a stem from the three sources, merged (see module doc).

    ``learned`` is the index's own table, ``seed`` the bundled one;
    ``cognates`` gives (candidate, score) spellings of a stem in the other
    script.  :meth:`empty` has none of the three.
    """

    __slots__ = ("cognates", "learned", "seed")

    def __init__(self, learned: LexiconTable, seed: LexiconTable, cognates: CognateFn | None) -> None:
        self.learned = learned
        self.seed = seed
        self.cognates = cognates

    @classmethod
    def empty(cls) -> Lexicon:
        return cls(EMPTY_TABLE, EMPTY_TABLE, None)

    def equivalents(self, stem: str, lang: str, limit: int = 10, known: Known | None = None) -> list[Equivalent]:
        """The other language's equivalents of ``stem`` (a stem of ``lang``), best first.

        ``known`` says whether the other language's vocabulary has a stem
        (e.g. ``lambda t: ("stem", t) in reader``).  Cognates are spelled, not
        learned, so they are offered only where ``known`` confirms them; without
        it there are none.  A term several sources give keeps the most trusted
        source's entry.
        """
        target = other_lang(lang)
        found: dict[str, Equivalent] = {}
        candidates = self.learned.lookup(stem, lang, KIND_LEXICON)
        if self.cognates is not None and known is not None:
            candidates += [
                Equivalent(term, target, KIND_COGNATE, score, 0)
                for term, score in self.cognates(stem, lang)
                if known(term)
            ]
        candidates += self.seed.lookup(stem, lang, KIND_SEED)
        for e in candidates:
            if e.term not in found:  # the sources come in order of trust
                found[e.term] = e
        ranked = sorted(found.values(), key=lambda e: (-e.score, _TRUST[e.kind], -e.pairs, e.term))
        return ranked[: max(0, limit)]
