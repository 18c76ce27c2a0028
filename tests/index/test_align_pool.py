"""The build's alignment workers: one pool for every batch linking asks for, forked before the fingerprints load."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from conftest import WatchedBuild, sample_article

from index.analysis.phonetic import phonetic_key
from index.compat import blas_threads, limit_blas_threads
from index.pipeline import groups
from index.pipeline.lexicon_step import unpack_stems
from index.translation.align import article_sentences, caption_flags

sample = sample_article


def test_one_pool_aligns_every_batch_as_this_process_does() -> None:
    bn, hi = sample("000"), sample("001")
    task = (article_sentences(bn), article_sentences(hi), caption_flags(bn), caption_flags(hi), bn.lang, hi.lang)
    count = 2 * groups._ALIGN_CHUNK
    groups._KEYS_SENT.clear()  # as a new worker starts: this process may have aligned pairs before
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
    # Beads, stems and share alike; each process sends a stem's phonetic key once, with the first pair that has it.
    assert [x[:3] for x in first] == [x[:3] for x in second] == [x[:3] for x in here]
    assert [x[3] for x in second] == [[]] * count
    stems = set(itertools.chain.from_iterable(itertools.chain.from_iterable(unpack_stems(here[0][1]))))
    assert stems and dict(here[0][3]) == {s: phonetic_key(s) for s in stems}
    assert dict(itertools.chain.from_iterable(x[3] for x in first)) == {s: phonetic_key(s) for s in stems}


def test_the_builder_remembers_the_keys_its_workers_send(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.analysis import phonetic

    monkeypatch.setattr(phonetic, "_KEYS", phonetic.Memo(phonetic._compute, 4))
    phonetic.remember_keys([("নতুন", "sent"), ("আর", "also")])
    assert (phonetic.phonetic_key("নতুন"), phonetic.phonetic_key("আর")) == ("sent", "also")
    phonetic.remember_keys([("x", "1"), ("y", "2"), ("z", "3")])  # past its bound: emptied first
    assert sorted(phonetic._KEYS) == ["x", "y", "z"]


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
