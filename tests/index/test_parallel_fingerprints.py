"""The stored fingerprints decoded by the alignment workers, a chunk each, make the table and links one process makes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from conftest import WatchedBuild

from index import open_index
from index.pipeline import groups
from index.translation.fingerprint_table import FingerprintTable
from index.translation.linking import link


def _table(build: WatchedBuild, workers: int) -> FingerprintTable:
    with open_index(build.index).reader() as reader:
        pool = groups._AlignPool(workers)
        try:
            return groups._stored_fingerprints(reader, skip=set(), pool=pool).finish()
        finally:
            pool.close()


def _same(a: FingerprintTable, b: FingerprintTable) -> bool:
    arrays = [*a.features[:3], *a.words], [*b.features[:3], *b.words]
    return (
        a.rows == b.rows
        and a.features[3] == b.features[3]
        and all(np.array_equal(x, y) and x.dtype == y.dtype for x, y in zip(*arrays, strict=True))
    )


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 3 articles (40 articles: 14 chunks, the last one short), every 7th fingerprint unreadable:
    recomputed from its stored article, as an older fingerprint version is."""
    monkeypatch.setattr(groups, "_FINGERPRINT_CHUNK", 3)
    real = groups.iter_column_values

    def values(reader: Any, name: str, docnums: Any) -> Iterator[bytes]:
        for k, raw in enumerate(real(reader, name, docnums)):
            yield b"not a stored fingerprint" if name == "fp" and k % 7 == 3 else raw

    monkeypatch.setattr(groups, "iter_column_values", values)


@pytest.mark.usefixtures("small_chunks")
def test_the_workers_chunks_make_the_table_and_links_one_process_makes(corpus40_serial: WatchedBuild) -> None:
    serial, parallel = _table(corpus40_serial, 0), _table(corpus40_serial, 1)
    assert len(serial) == 40 and len({row.id for row in serial.rows}) == 40
    assert _same(serial, parallel)
    assert link(serial).to_dict() == link(parallel).to_dict()


@pytest.mark.usefixtures("small_chunks")
def test_a_chunk_lost_or_merged_twice_changes_the_table(
    corpus40_serial: WatchedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the comparison above would see if the merge dropped or repeated a chunk."""
    serial = _table(corpus40_serial, 0)
    real = groups.TableBuilder.merge
    merged: list[int] = []

    def merge_but_the_fifth(self: groups.TableBuilder, part: Any) -> None:
        merged.append(len(part.rows))
        if len(merged) != 5:
            real(self, part)

    monkeypatch.setattr(groups.TableBuilder, "merge", merge_but_the_fifth)
    lost = _table(corpus40_serial, 1)
    # 14 chunks; of the fifth, the article recomputed (unreadable) stays and the others are lost.
    assert len(merged) == 14 and len(lost) == len(serial) - merged[4] and not _same(serial, lost)
