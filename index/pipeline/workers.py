"""A full build's writers: chunks of files written into segments, on every core.

Stage: corpus files -> Whoosh segments, not yet committed.  Each writer
takes chunks of files in turn, reads, analyses and writes them into its own
segments (index.storage.segments) and reports each chunk's share of the
build; the builder commits all the segments at once.  Below a few dozen
files, or with no worker to spare, this process is the only writer.  A
worker stops when the builder dies, and a worker's failure stops the build
with the worker's traceback.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from whoosh.index import Index

from index.corpus.files import CorpusFile, Skipped
from index.storage.segments import SegmentSink

from .prepare import Prepared, add_prepared, prepare_file
from .report import BuildError, BuildReport
from .timeline import Timeline

__all__ = [
    "SEGMENT_LIMIT_MB",
    "WRITER_PEAK_MB",
    "ChunkDone",
    "default_workers",
    "usable_cores",
    "write_chunk",
    "write_here",
    "write_in_processes",
]

# Memory for each writer's segment (index.storage.segments): a segment ends
# when its tokens would need this much to sort and encode, ~9 million tokens
# or ~6,000 articles of 10 KB.  Larger segments repeat fewer term tables (a
# smaller index) and make fewer files to search, but two workers encoding at
# once set the build's memory peak, which is to stay under 1.5 GB.
SEGMENT_LIMIT_MB = 200
# What one writing process may hold at its peak, with its share of the
# builder: `make bench` at 100k measures ~1,160-1,240 MB PSS for the builder
# and two writers (README, Measured figures).  The default number of
# workers keeps that many under the memory available.
WRITER_PEAK_MB = 600
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def usable_cores() -> int:
    """The cores this process may run on (its affinity, else the machine's count).

    Not ``os.cpu_count()``: in a container or under ``taskset`` the process
    may run on fewer cores than the machine has, and a worker per unusable
    core only adds memory.
    """
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _available_mb() -> float | None:
    """MemAvailable from /proc/meminfo (Linux), or None where it is unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_workers() -> int:
    """``--workers``' default: cores - 1 (a full build then writes on every core), fewer if memory is short.

    Each of the N+1 writing processes may need WRITER_PEAK_MB; with less
    memory available than that for every core, fewer processes write.
    """
    processes = usable_cores()
    available = _available_mb()
    if available is not None:
        processes = min(processes, int(available // WRITER_PEAK_MB))
    return max(0, processes - 1)


# The writers' work, summed over processes (index.pipeline.timeline).
READ_PARSE = "read and parse"  # bytes -> text -> Article -> documents (index.pipeline.prepare)
WRITE = "write"  # documents -> postings and stored fields -> segment files (index.storage.segments)

# Called with a chunk's index and its share of the report, as each chunk is done.
ChunkDone = Callable[[int, BuildReport], None]


def write_chunk(sink: SegmentSink, chunk: list[CorpusFile], check: Callable[[], None] | None = None) -> BuildReport:
    """Prepare and write one chunk of files; its share of the report."""
    part = BuildReport(corpus_dir="", index_dir="")
    parsing = writing = 0.0
    for file in chunk:
        if check:
            check()
        started = time.perf_counter()
        result = prepare_file((file, None))
        parsed = time.perf_counter()
        parsing += parsed - started
        if isinstance(result, Skipped):
            part.skipped.append(result)
        elif isinstance(result, Prepared):
            add_prepared(sink.writer, result, part)
            part.added.append(result.id)
            sink.article_done()
            writing += time.perf_counter() - parsed
    part.timeline.add_work(READ_PARSE, parsing)
    part.timeline.add_work(WRITE, writing)
    return part


def _finish(sink: SegmentSink) -> tuple[list[Any], float]:
    """The sink's last segment written: the segments, and the seconds it took."""
    started = time.perf_counter()
    return sink.finish(), time.perf_counter() - started


def _new_sink(ix: Index) -> SegmentSink:
    return SegmentSink(ix, limitmb=SEGMENT_LIMIT_MB)


def write_here(ix: Index, chunks: list[list[CorpusFile]], on_chunk: ChunkDone, timeline: Timeline) -> list[Any]:
    """Write every chunk in this process; the segments written."""
    sink = _new_sink(ix)
    try:
        for index, chunk in enumerate(chunks):
            on_chunk(index, write_chunk(sink, chunk))
        segments, seconds = _finish(sink)
        timeline.add_work(WRITE, seconds)
        return segments
    except BaseException:
        sink.cancel()
        raise


class _ParentGone(Exception):
    pass


class _WorkerTraceback(Exception):
    """The worker's traceback, chained to the exception it raised."""

    def __str__(self) -> str:
        return str(self.args[0])


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies.

    Covers what the between-files check in _share_worker cannot: a worker
    busy flushing a large segment when the builder is killed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # the between-files check still applies


def _share_worker(ix: Index, chunks: list[list[CorpusFile]], next_chunk: Any, results: Any, parent: int) -> None:
    """Worker process: take chunks until none is left, then report the segments written."""
    # Ctrl-C reaches the whole process group; the parent handles it and
    # terminates the workers, so one traceback is printed, not three.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()

    def check() -> None:
        # A SIGKILLed builder cannot terminate its workers: they notice the
        # new parent and stop instead of writing into an abandoned folder
        # (and holding the inherited build lock).
        if os.getppid() != parent:
            raise _ParentGone

    try:
        sink = _new_sink(ix)
        while True:
            with next_chunk.get_lock():
                index = next_chunk.value
                next_chunk.value += 1
            if index >= len(chunks):
                break
            results.put(("chunk", index, write_chunk(sink, chunks[index], check)))
        results.put(("done", *_finish(sink)))
    except _ParentGone:
        results.cancel_join_thread()  # nobody will read it: do not wait for the pipe at exit
        os._exit(1)
    except BaseException as exc:
        text = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(exc))  # some exceptions pickle but do not unpickle
        except Exception:
            exc = BuildError(f"{type(exc).__name__}: {exc}")
        results.put(("error", exc, text))


def write_in_processes(
    ix: Index, chunks: list[list[CorpusFile]], procs: int, on_chunk: ChunkDone, timeline: Timeline
) -> list[Any]:
    """Write the chunks on ``procs`` worker processes; the segments they wrote."""
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    # The next chunk to take: workers share it, so a slow chunk delays no one.
    next_chunk = ctx.Value("i", 0)
    started: list[Any] = []
    try:
        for _ in range(procs):
            proc = ctx.Process(target=_share_worker, args=(ix, chunks, next_chunk, results, os.getpid()), daemon=True)
            proc.start()
            started.append(proc)
        segments = _collect(results, started, on_chunk, timeline)
        for proc in started:
            proc.join()
        return segments
    finally:
        # On any failure (Ctrl-C included) no worker may outlive the build.
        for proc in started:
            if proc.is_alive():
                proc.terminate()
        for proc in started:
            proc.join()
        results.close()


def _exit_status(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _collect(results: Any, started: list[Any], on_chunk: ChunkDone, timeline: Timeline) -> list[Any]:
    """Pass on the workers' chunk reports as they arrive; their segments once all are done."""
    segments: list[Any] = []
    running = len(started)
    while running:
        try:
            message = results.get(timeout=0.5)
        except queue.Empty:
            # A worker that exited cleanly has sent "done" (its queue is
            # flushed before it exits); any other exit is a crash.
            for proc in started:
                if proc.exitcode not in (None, 0):
                    raise BuildError(f"an indexing process stopped ({_exit_status(proc.exitcode)})") from None
            continue
        if message[0] == "chunk":
            on_chunk(message[1], message[2])
        elif message[0] == "done":
            segments.extend(message[1])
            timeline.add_work(WRITE, message[2])
            running -= 1
        else:
            raise message[1] from _WorkerTraceback(message[2])
    return segments
