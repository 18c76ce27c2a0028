"""index.translation.fingerprint_table: the compact table gives linking what the fingerprints' strings gave it."""

from __future__ import annotations

import dataclasses
import itertools
import random
import tracemalloc
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.translation import fingerprint_table
from index.translation.fingerprint import FINGERPRINT_VERSION, Fingerprint
from index.translation.fingerprint_table import FingerprintTable, Shape, TableBuilder

Arrays = tuple[list[int], list[int], list[float], int]


def _reference_features(fps: Sequence[Fingerprint]) -> Arrays:
    """Feature ids as linking made them from strings: ids by first appearance, each article's sorted."""
    vocab: dict[str, int] = {}
    ptr, ids, where = [0], [], []
    for fp in fps:
        nums = fp.numbers
        kinds = [
            list(fp.names),
            list(nums),
            [f"{x}>{y}" for x, y in zip(nums, nums[1:], strict=False) if x != y],
            ["@" + t for t in fp.latin],
            ["p:" + p for p in fp.provinces],
            ["r:" + r for r in fp.resolutions],
            ["x:" + k for k in fp.lexical],
        ]
        first: dict[int, float] = {}
        for kind in kinds:
            for k, feature in enumerate(kind):
                fid = vocab.setdefault(feature, len(vocab))
                first.setdefault(fid, float(np.float32(k / len(kind))))
        for fid in sorted(first):
            ids.append(fid)
            where.append(first[fid])
        ptr.append(len(ids))
    return ptr, ids, where, len(vocab)


def _arrays(table: FingerprintTable) -> Arrays:
    ptr, ids, where, n = table.features
    return ptr.tolist(), ids.tolist(), where.tolist(), n


_NAMES = st.lists(st.sampled_from(["kt", "bN", "pr", "mdr", "ks", "r"]), max_size=6, unique=True)
_NUMBERS = st.lists(st.sampled_from(["12", "2024", "3.5", "100", "7"]), max_size=8)
_WORDS = st.lists(st.sampled_from(["ab", "kt", "x", "pr"]), max_size=3, unique=True)


@st.composite
def _fingerprints(draw: st.DrawFn) -> list[Fingerprint]:
    count = draw(st.integers(1, 12))
    out = []
    for i in range(count):
        out.append(
            Fingerprint(
                id=f"d{draw(st.integers(0, 10_000)):05d}-{i}",
                lang=draw(st.sampled_from(["bn", "hi", "en"])),
                url=draw(st.one_of(st.none(), st.just("u"))),
                paragraphs=1,
                sentences=draw(st.integers(1, 5)),
                chars=draw(st.integers(1, 500)),
                numbers=tuple(draw(_NUMBERS)),
                latin=tuple(draw(_WORDS)),
                provinces=tuple(draw(_WORDS)),
                resolutions=tuple(draw(_WORDS)),
                names=tuple(draw(_NAMES)),
                shingles=tuple(draw(st.lists(st.integers(0, 9), max_size=3))),
                words=tuple(draw(st.lists(st.integers(0, 2**32 - 1), max_size=5))),
                lexical=tuple(draw(_WORDS)),
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(_fingerprints())
def test_feature_ids_are_the_ones_linking_made_from_strings(fps: list[Fingerprint]) -> None:
    # Names and lexical keys share letters ("kt"), Latin tokens and provinces too: each kind stays apart.
    assert _arrays(FingerprintTable.of(fps)) == _reference_features(fps)
    shuffled = random.Random(len(fps)).sample(fps, len(fps))
    builder = TableBuilder()
    for fp in shuffled:
        builder.add_stored(fp.to_dict())
    table = builder.finish()
    in_order = sorted(fps, key=lambda fp: fp.id)
    assert [row.id for row in table.rows] == [fp.id for fp in in_order]
    assert _arrays(table) == _reference_features(in_order)
    assert [table.word_hashes(i).tolist() for i in range(len(table))] == [list(fp.words) for fp in in_order]


@settings(max_examples=200, deadline=None)
@given(_fingerprints(), st.lists(st.integers(0, 12), max_size=4), st.booleans())
def test_parts_merged_make_the_table_of_every_fingerprint_added_in_one_builder(
    fps: list[Fingerprint], cuts: list[int], reverse: bool
) -> None:
    """Each run of fingerprints in a builder of its own (as a worker adds its chunk), its part merged into one."""
    bounds = sorted({0, len(fps), *(min(c, len(fps)) for c in cuts)})
    parts = []
    for lo, hi in itertools.pairwise(bounds):
        builder = TableBuilder()
        for fp in fps[lo:hi]:
            builder.add_stored(fp.to_dict())
        parts.append(builder.part())
    merged = TableBuilder()
    merged.add(fps[0])  # added here before the parts: then repeated by the first part's
    for part in reversed(parts) if reverse else parts:  # finish sorts by id: the order of parts does not count
        merged.merge(part)
    with pytest.raises(ValueError, match="duplicate document ids"):
        merged.finish()
    merged = TableBuilder()
    for part in reversed(parts) if reverse else parts:
        merged.merge(part)
    table, one = merged.finish(), FingerprintTable.of(sorted(fps, key=lambda fp: fp.id))
    assert table.rows == one.rows and _arrays(table) == _arrays(one)
    assert [table.word_hashes(i).tolist() for i in range(len(table))] == [
        one.word_hashes(i).tolist() for i in range(len(one))
    ]


def test_a_table_keeps_each_articles_scalars_and_is_read_by_id() -> None:
    fp = Fingerprint(
        id="a", lang="bn", url="http://x", paragraphs=2, sentences=3, chars=40, numbers=("12",), latin=(),
        provinces=(), resolutions=(), names=("kt",), shingles=(5, 9), words=(1, 2),
    )  # fmt: skip
    other = dataclasses.replace(fp, id="b", lang="hi")
    builder = TableBuilder()
    builder.add(other)
    builder.add(fp)
    table = builder.finish()
    assert table.by_id("a") == Shape("a", "bn", "http://x", 2, 3, 40, (5, 9))
    assert [row.id for row in table.rows] == ["a", "b"]
    with pytest.raises(KeyError):
        table.by_id("c")


def test_a_stale_or_repeated_fingerprint_is_refused() -> None:
    fp = Fingerprint(
        id="a", lang="bn", url=None, paragraphs=1, sentences=1, chars=4, numbers=(), latin=(),
        provinces=(), resolutions=(), names=(), shingles=(),
    )  # fmt: skip
    builder = TableBuilder()
    with pytest.raises(ValueError, match=f"expected {FINGERPRINT_VERSION}"):
        builder.add_stored({**fp.to_dict(), "version": FINGERPRINT_VERSION - 1})
    builder.add(fp)
    builder.add_stored(fp.to_dict())
    with pytest.raises(ValueError, match="duplicate document ids"):
        builder.finish()


def test_finishing_a_table_copies_one_feature_array_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # The ids and positions are joined from their chunks and put in id order
    # one array after the other: at most one array's chunks and two copies
    # of it are held beside the other array, not both arrays twice over.
    monkeypatch.setattr(fingerprint_table, "_CHUNK", 50)  # small temporaries beside the arrays
    rng = random.Random(3)
    builder = TableBuilder()
    for i in rng.sample(range(3000), 3000):
        names = tuple(f"n{rng.randrange(50_000)}" for _ in range(300))
        builder.add(
            Fingerprint(
                id=f"d{i:05d}",
                lang="bn",
                url=None,
                paragraphs=1,
                sentences=1,
                chars=4,
                numbers=(),
                latin=(),
                provinces=(),
                resolutions=(),
                names=names,
                shingles=(),
            )  # fmt: skip
        )
    builder._flush()
    tracemalloc.start()
    try:
        table = builder.finish()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _, ids, where, _ = table.features
    # Allocated during finish: the new table (held), the extra copies of its features at the peak.
    assert peak - held < 0.75 * (ids.nbytes + where.nbytes)
