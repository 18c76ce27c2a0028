"""The build's alignment workers: one pool for every batch linking asks for, forked before the fingerprints load."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import WatchedBuild, sample_article

from index.compat import blas_threads, limit_blas_threads
from index.pipeline import groups
from index.translation.align import article_sentences, caption_flags

sample = sample_article


def test_one_pool_aligns_every_batch_as_this_process_does() -> None:
    bn, hi = sample("000"), sample("001")
    task = (article_sentences(bn), article_sentences(hi), caption_flags(bn), caption_flags(hi), bn.lang, hi.lang)
    count = 2 * groups._ALIGN_CHUNK
    here = list(map(groups._align_task, [task] * count))
    pool = groups._AlignPool(1)
    try:
        assert pool.pool is not None
        workers = sorted(p.pid for p in pool.pool._pool)  # type: ignore[attr-defined]
        first = list(pool.align(iter([task] * count), count))
        second = list(pool.align(iter([task] * count), count))
        assert sorted(p.pid for p in pool.pool._pool) == workers  # type: ignore[attr-defined]
    finally:
        pool.close()
    assert first == second == here


def test_a_full_build_forks_its_align_workers_before_loading_the_fingerprints(corpus40_workers: WatchedBuild) -> None:
    assert corpus40_workers.events == ["pool 1", "fingerprints"]


@pytest.fixture
def two_blas_threads() -> Iterator[int]:
    """The parent on 2 BLAS threads (so that 1 means limited, even on a 1-core machine), restored after."""
    before = blas_threads()
    if before is None:
        pytest.skip("numpy's BLAS is none that threadpoolctl finds")
    limit_blas_threads(2)
    try:
        yield before
    finally:
        limit_blas_threads(before)


@pytest.mark.parametrize("workers", [0, 1])
def test_the_builder_and_its_align_workers_multiply_on_one_blas_thread_until_the_pool_closes(
    two_blas_threads: int, workers: int
) -> None:
    # OpenBLAS's other threads spin between an aligner's small products, each
    # aligner then burning two cores' time; the builder aligns small batches itself.
    pool = groups._AlignPool(workers)
    try:
        assert blas_threads() == 1
        if workers:
            assert pool.pool is not None
            assert pool.pool.starmap(blas_threads, [()] * 8, chunksize=1) == [1] * 8
        else:
            assert pool.pool is None
    finally:
        pool.close()
    assert blas_threads() == 2
