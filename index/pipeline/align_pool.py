"""The build's alignment workers: beads in some processes, the beads' words in the others.

Stage: the candidate pairs linking asks about (index.pipeline.groups) ->
each pair's beads, its stems packed, its lexical share and the phonetic
keys of stems the builder has not been sent yet.

A pair's work is two halves that share no memo: its beads (each sentence's
anchors: numbers, Latin tokens and transliterated name keys, then the
lattice; :func:`~index.translation.pair_alignment.pair_beads`) and its
words (each sentence's stems, each stem's phonetic key and seed
equivalents; :func:`~index.translation.pair_alignment.pair_words`).  Most
of each half's time on a new article is filling its per-word memos, and a
word recurs across articles: when every worker did both halves of its
share of the pairs, each worker filled both kinds of memo with the same
common words.  With the halves in separate processes, each memo is filled
in fewer processes: on the 2,516 pairs of a 10k build, one process doing
every pair's beads and one every pair's words spent 6.3 CPU ms a pair
between them, two processes doing both halves of half the pairs each
8.7 (README, Measured figures).  The words half waits for the beads, so
the builder hands each pair to a beads worker, then with its beads to a
words worker, keeping the pairs in flight bounded.
"""

from __future__ import annotations

import collections
import gc
import itertools
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, TypeVar

from index.analysis.phonetic import phonetic_key
from index.compat import blas_threads, limit_blas_threads
from index.translation.pair_alignment import align_pair, pair_beads, pair_words
from index.translation.seed import seed_table

from .lexicon_step import PackedStems, StemPairs, pack_stems

__all__ = ["ALIGN_CHUNK", "AlignPool", "AlignTask", "PackedPair", "align_task"]

# Pairs per worker task when aligning in parallel.
ALIGN_CHUNK = 16
# Pairs handed to the beads workers and not yet answered by the words workers, at most
# (whole chunks: a chunk is sent when it is full).  Each holds its sentences (~20 kB).
_IN_FLIGHT = 8 * ALIGN_CHUNK
# Tasks handed to each pool of :meth:`AlignPool.map_chunks` and not yet collected, at most.
_CHUNKS_AHEAD = 4

# A pair's sentences, caption flags and languages, as the alignment workers take it.
AlignTask = tuple[list[str], list[str], list[bool], list[bool], str, str]
# What they answer: the beads as stored, the stems packed, the lexical share,
# and (stem, phonetic key) for the stems this worker had not answered before.
PackedPair = tuple[list[list[Any]], PackedStems, float | None, list[tuple[str, str]]]

T = TypeVar("T")
R = TypeVar("R")


def align_task(task: AlignTask) -> PackedPair:
    """The pair's beads, the stems of its beads the lexicon learns from, their lexical share, new stems' keys.

    Both halves in this process (a small batch, in the builder); a pool splits them (:class:`AlignPool`).
    """
    beads, stems, share = align_pair(*task)
    return beads, pack_stems(stems), share, _new_keys(stems)


def _beads_task(task: AlignTask) -> list[list[Any]]:
    return pair_beads(*task[:4])


def _words_task(task_beads: tuple[AlignTask, list[list[Any]]]) -> PackedPair:
    """The words half of :func:`align_task`, the pair's beads given.

    The stems are computed here, in the worker, from the sentences it
    already holds, and sent back packed in one string (:func:`pack_stems`).
    The lexical share keyed each stem (:func:`~index.analysis.phonetic.phonetic_key`);
    so does the builder's lexicon learning, for its cognates, after the
    alignment, when no worker runs: each worker sends the keys of the stems
    it has not sent yet, and the builder remembers them instead of
    transliterating the whole vocabulary again on its serial tail.
    """
    task, beads = task_beads
    stems, share = pair_words(task[0], task[1], beads, task[4], task[5])
    return beads, pack_stems(stems), share, _new_keys(stems)


# The stems whose keys this process has answered (bounded: emptied when full,
# after which a stem's key may be sent again, the same value).
KEYS_SENT: set[str] = set()
_KEYS_SENT_LIMIT = 1 << 18


def _new_keys(stems: StemPairs) -> list[tuple[str, str]]:
    fresh = set(itertools.chain.from_iterable(itertools.chain.from_iterable(stems))).difference(KEYS_SENT)
    if len(KEYS_SENT) + len(fresh) > _KEYS_SENT_LIMIT:
        KEYS_SENT.clear()
    KEYS_SENT.update(fresh)
    return [(stem, phonetic_key(stem)) for stem in fresh]


class AlignPool:
    """The alignment worker processes of one build: forked once, as the build starts linking.

    ``workers + 1`` processes: ``pool`` (half of them, rounded up) aligns,
    ``words`` (the others) takes the aligned pairs' words; with one
    process, it does both.  The pools serve every batch linking asks for
    (URL pairs, candidates, next-best candidates), so the workers' caches
    stay warm between them.  They are forked before the builder loads the
    fingerprints, the stored groups and the bitext, so the workers share
    none of those pages: a process forked later copies each page it
    touches (a reference count is a write), which cost hundreds of
    megabytes at 100k articles.
    """

    def __init__(self, workers: int) -> None:
        self.pool: Pool | None = None
        self.words: Pool | None = None
        # The semaphores of the pipelines started, and whether to stop feeding them (see close).
        self._rooms: list[threading.Semaphore] = []
        self._closing = threading.Event()
        # One BLAS thread while aligning, in the builder (a small batch is aligned
        # there) and in the workers forked from it, until close(): a pair's bead
        # costs multiply matrices of a few dozen rows, which OpenBLAS splits across
        # every core, its other threads spinning between the calls, so each
        # aligner burnt two cores' time and the aligners slowed each other.
        self.blas = blas_threads()
        limit_blas_threads(1)
        if workers >= 1:
            seed_table()  # parsed once here, shared by the forked workers
            # Frozen, the parent's objects are left alone by the workers'
            # garbage collector instead of being copied page by page.
            gc.freeze()
            try:
                context = multiprocessing.get_context("fork")
                processes = workers + 1
                # A worker starts having sent the builder no key (_new_keys).
                self.pool = context.Pool(processes - processes // 2, initializer=KEYS_SENT.clear)
                if processes // 2:
                    self.words = context.Pool(processes // 2, initializer=KEYS_SENT.clear)
            finally:
                gc.unfreeze()

    def align(self, tasks: Iterator[AlignTask], count: int) -> Iterator[PackedPair]:
        """Beads for each task, in order.  Tasks are made as the workers take them:
        holding every pair's sentences at once cost gigabytes on 100k articles."""
        if self.pool is None or count < 2 * ALIGN_CHUNK:
            return map(align_task, tasks)
        if self.words is None:
            return self.pool.imap(align_task, tasks, chunksize=ALIGN_CHUNK)
        return self._pipeline(self.pool, self.words, tasks)

    def _pipeline(self, beads_pool: Pool, words_pool: Pool, tasks: Iterator[AlignTask]) -> Iterator[PackedPair]:
        # Each pool's feeding thread reads its tasks: the beads pool's makes
        # them (reading the articles), the words pool's joins each with its
        # beads as they come.  The semaphore bounds the pairs in flight.
        held: collections.deque[AlignTask] = collections.deque()
        room = threading.Semaphore(_IN_FLIGHT)
        self._rooms.append(room)

        def to_align() -> Iterator[AlignTask]:
            for task in tasks:
                room.acquire()
                if self._closing.is_set():
                    return
                held.append(task)
                yield task

        aligned = beads_pool.imap(_beads_task, to_align(), chunksize=ALIGN_CHUNK)
        joined = ((held.popleft(), beads) for beads in aligned)
        for answer in words_pool.imap(_words_task, joined, chunksize=ALIGN_CHUNK):
            room.release()
            yield answer

    def map_chunks(self, func: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``map(func, tasks)`` in the workers of both pools, in order: tasks dealt to each in turn."""
        pools = [p for p in (self.pool, self.words) if p is not None]
        if not pools:
            yield from map(func, tasks)
            return
        waiting: collections.deque[AsyncResult[R]] = collections.deque()
        for k, task in enumerate(tasks):
            waiting.append(pools[k % len(pools)].apply_async(func, (task,)))
            if len(waiting) >= _CHUNKS_AHEAD * len(pools):
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()

    def close(self) -> None:
        # A pipeline left unread (its caller failed) would hold the beads pool's
        # feeding thread on its semaphore, and the pool's join would wait forever.
        self._closing.set()
        for room in self._rooms:
            room.release()
        for pool in (self.pool, self.words):
            if pool is not None:
                pool.close()
                pool.join()
        if self.blas is not None:
            limit_blas_threads(self.blas)
