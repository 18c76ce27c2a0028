"""Sentence pairs to learn a lexicon from, as stem ids, each tagged with the document pair it comes from.

Stage: the stems of aligned sentence pairs (index.pipeline.lexicon_step) ->
what :func:`index.translation.lexicon_learning.learn` learns from, and the
bytes the build stores it as (index.storage.lexicons) for the next update.
"""

from __future__ import annotations

import io
import json
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Bitext"]

I64 = npt.NDArray[np.int64]


class _Ids(dict[str, int]):
    """A vocabulary: a stem looked up for the first time gets the next id (the lookups run in C,
    one map per sentence); ask with ``in`` or ``get``, as indexing an unknown stem adds it."""

    def __missing__(self, stem: str) -> int:
        value = self[stem] = len(self)
        return value


class Bitext:
    """Sentence pairs as Bengali and Hindi stem ids, each tagged with the document pair it comes from.

    Each distinct sentence pair (a *row*: its stem ids on both sides) is held
    once; a sentence pair is a row number and a document pair.  The build
    keeps it in the index (index.storage.lexicons) so that an update
    relearns from the stored sentence pairs of the document pairs it did not
    realign, instead of reading their articles again.
    """

    def __init__(self, vocab: Mapping[str, Sequence[str]] | None = None) -> None:
        self.vocab: dict[str, dict[str, int]] = {
            lang: _Ids((s, i) for i, s in enumerate((vocab or {}).get(lang, ()))) for lang in ("bn", "hi")
        }
        # Public to the other instances this class builds (keeping, extend,
        # from_bytes); nothing outside this module writes them.
        self.ids = {"bn": array("i"), "hi": array("i")}  # each row's stem ids, rows end to end
        self.ends = {"bn": array("q", [0]), "hi": array("q", [0])}  # where each row ends
        # Rows by hash of their ids: 64 bits, so two different rows meet
        # with odds of about n²/2⁶⁴ (1e-8 at a million rows).
        self.row_index: dict[int, int] = {}
        self.pair_rows = array("i")  # per sentence pair: its row
        self.pair_sources = array("i")  # per sentence pair: its index in self.sources
        self.sources: list[str] = []  # document pairs, "a<TAB>b" ("" for text of no document pair)
        self._source_index: dict[str, int] = {}

    def __len__(self) -> int:
        """Sentence pairs, identical ones included."""
        return len(self.pair_rows)

    def source(self, name: str) -> int:
        """The index of a document pair (registered even if it gives no sentence pair)."""
        index = self._source_index.get(name)
        if index is None:
            index = self._source_index[name] = len(self.sources)
            self.sources.append(name)
        return index

    def add_row(self, b: tuple[int, ...], h: tuple[int, ...]) -> int:
        key = hash((b, h))
        row = self.row_index.get(key)
        if row is None:
            row = self.row_index[key] = len(self.ends["bn"]) - 1
            for lang, ids in (("bn", b), ("hi", h)):
                self.ids[lang].extend(ids)
                self.ends[lang].append(len(self.ids[lang]))
        return row

    def add(self, bn: Sequence[str], hi: Sequence[str], source: str = "") -> None:
        """One sentence pair: its Bengali and Hindi stems, filtered by :func:`side_stems`."""
        b = tuple(map(self.vocab["bn"].__getitem__, bn))
        h = tuple(map(self.vocab["hi"].__getitem__, hi))
        self.pair_rows.append(self.add_row(b, h))
        self.pair_sources.append(self.source(source))

    def arrays(self, lang: str) -> tuple[I64, I64]:
        """(stem ids, end offsets with a leading 0) of one side of every distinct sentence pair."""
        return np.asarray(self.ids[lang], dtype=np.int64), np.asarray(self.ends[lang], dtype=np.int64)

    def weights(self) -> I64:
        """How many sentence pairs each distinct one stands for."""
        rows = len(self.ends["bn"]) - 1
        return np.bincount(np.asarray(self.pair_rows, dtype=np.int64), minlength=rows).astype(np.int64)

    def row(self, row: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        b_ends, h_ends = self.ends["bn"], self.ends["hi"]
        return tuple(self.ids["bn"][b_ends[row] : b_ends[row + 1]]), tuple(
            self.ids["hi"][h_ends[row] : h_ends[row + 1]]
        )

    def drop_sources(self, names: Iterable[str]) -> None:
        """Forget the sentence pairs of these document pairs, in place.

        Their rows stay (a row no sentence pair uses weighs nothing in
        :func:`learn`): unlike :meth:`keeping`, nothing is copied, so the
        build can drop a few rejected candidates from a corpus-sized bitext.
        """
        gone = [self._source_index[n] for n in names if n in self._source_index]
        if not gone:
            return
        sources = np.asarray(self.pair_sources, dtype=np.int64)
        keep = ~np.isin(sources, gone)
        self.pair_rows = array("i", np.asarray(self.pair_rows, dtype=np.int32)[keep].tobytes())
        self.pair_sources = array("i", sources[keep].astype(np.int32).tobytes())

    def keeping(self, sources: Iterable[str]) -> Bitext:
        """A copy (same vocabulary) with only the sentence pairs of ``sources`` that this one has.

        The rows are copied whole (rows no sentence pair uses weigh nothing
        in :func:`learn`); once they are most of them, the copy is compacted.
        """
        wanted = [self._source_index[s] for s in sources if s in self._source_index]
        out = Bitext({lang: list(v) for lang, v in self.vocab.items()})
        for s in wanted:
            out.source(self.sources[s])
        remap = np.full(len(self.sources) + 1, -1, dtype=np.int64)
        remap[wanted] = np.arange(len(wanted))
        new_source = remap[np.asarray(self.pair_sources, dtype=np.int64)]
        kept = new_source >= 0
        rows = np.asarray(self.pair_rows, dtype=np.int64)[kept]
        out.pair_sources = array("i", new_source[kept].astype(np.int32).tobytes())
        if 2 * len(np.unique(rows)) >= len(self.ends["bn"]) - 1:
            for lang in ("bn", "hi"):
                out.ids[lang] = array("i", self.ids[lang])
                out.ends[lang] = array("q", self.ends[lang])
            out.row_index = dict(self.row_index)
            out.pair_rows = array("i", rows.astype(np.int32).tobytes())
        else:
            out.pair_rows = array("i", (out.add_row(*self.row(r)) for r in rows.tolist()))
        return out

    def extend(self, other: Bitext) -> None:
        """Append ``other``'s sentence pairs (its ids mapped into this vocabulary)."""
        maps = {
            lang: [self.vocab[lang].setdefault(s, len(self.vocab[lang])) for s in other.vocab[lang]]
            for lang in ("bn", "hi")
        }
        rows = []
        for r in range(len(other.ends["bn"]) - 1):
            b, h = other.row(r)
            rows.append(self.add_row(tuple(maps["bn"][i] for i in b), tuple(maps["hi"][i] for i in h)))
        sources = [self.source(s) for s in other.sources]
        self.pair_rows.extend(rows[r] for r in other.pair_rows)
        self.pair_sources.extend(sources[s] for s in other.pair_sources)

    def to_bytes(self) -> bytes:
        names = json.dumps(
            {"vocab": {lang: list(v) for lang, v in self.vocab.items()}, "sources": self.sources}, ensure_ascii=False
        )
        arrays: dict[str, Any] = {
            "names": np.frombuffer(names.encode("utf-8"), dtype=np.uint8),
            "row": np.asarray(self.pair_rows, dtype=np.int32),
            "source": np.asarray(self.pair_sources, dtype=np.int32),
        }
        for lang in ("bn", "hi"):
            arrays[f"{lang}_ids"] = np.asarray(self.ids[lang], dtype=np.int32)
            arrays[f"{lang}_ends"] = np.asarray(self.ends[lang], dtype=np.int64)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Bitext:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            names = json.loads(data["names"].tobytes().decode("utf-8"))
            out = cls(names["vocab"])
            for name in names["sources"]:
                out.source(name)
            out.pair_rows = array("i", data["row"].astype(np.int32).tobytes())
            out.pair_sources = array("i", data["source"].astype(np.int32).tobytes())
            for lang in ("bn", "hi"):
                out.ids[lang] = array("i", data[f"{lang}_ids"].astype(np.int32).tobytes())
                out.ends[lang] = array("q", data[f"{lang}_ends"].astype(np.int64).tobytes())
        for r in range(len(out.ends["bn"]) - 1):
            out.row_index[hash(out.row(r))] = r
        return out
