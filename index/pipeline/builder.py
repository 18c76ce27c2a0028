"""Build or update an index from a corpus folder.

Stage: corpus folder -> published index generation.  Change detection works
on a fingerprint per file (size and mtime first, SHA-256 when they differ):
new, changed and deleted files are applied; unchanged ones are not read
again.  A first build, a ``--rebuild`` or a schema change writes a new
generation and publishes it at the end; an update is one Whoosh commit into
the live generation.  Either way readers see the old state or the new one.

A full build runs on every core: each worker process takes chunks of files
in turn, reads, analyses and writes them into its own Whoosh segments
(index.storage.segments), and the builder commits all the segments at once, then
links translations and publishes.  An update stays a single writer: it is
one commit into the live generation.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.writing import IndexWriter

from index.corpus.files import CorpusFile, Skipped, file_digest, list_corpus, read_article
from index.storage.codec import SetuCodec
from index.storage.columns import column_values, live_documents
from index.storage.documents import to_documents
from index.storage.generations import (
    BuildLocked,
    build_lock,
    create_generation,
    current_generation,
    open_index,
    publish_generation,
    remove_stale_generations,
    write_json_atomic,
)
from index.storage.schema import SCHEMA_VERSION
from index.storage.segments import CompactSegmentWriter, SegmentSink, commit_segments, merge_small_segments

from .groups import TranslationReport, update_groups

__all__ = ["BuildError", "BuildLocked", "BuildReport", "build", "read_manifest"]

ProgressFn = Callable[[int, int], None]

# Files per unit of work handed to a full build's workers.
_CHUNK_FILES = 20
# Below this many files, forking workers costs more than it saves.
_PARALLEL_MIN_FILES = 50
_WRITER_LIMIT_MB = 256
# Memory for each full-build worker's segment (index.storage.segments): a segment
# ends when its tokens would need this much to sort and encode, ~9 million
# tokens or ~6,000 articles of 10 KB.  Larger segments repeat fewer term
# tables (a smaller index) and make fewer files to search, but two workers
# encoding at once set the build's memory peak: at 320 MB a 100k build
# peaked at 1,581 MB (PSS), over the 1.5 GB target.
_SEGMENT_LIMIT_MB = 200
# An update writes one segment in memory (index.storage.segments.CompactSegmentWriter);
# beyond this much changed text it takes Whoosh's own writer, whose pool
# spills to disk, so memory stays bounded however large the update.
_BULK_UPDATE_MAX_BYTES = 200_000_000
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_SETU_META = "setu.json"


class BuildError(Exception):
    """The build could not produce an index; the message says why."""


@dataclass
class BuildReport:
    corpus_dir: str
    index_dir: str
    mode: str = "incremental"  # "full" or "incremental"
    generation: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    sentences: int = 0
    bytes_indexed: int = 0
    seconds: float = 0.0
    translations: TranslationReport = field(default_factory=TranslationReport)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus_dir": self.corpus_dir,
            "index_dir": self.index_dir,
            "mode": self.mode,
            "generation": self.generation,
            "added": len(self.added),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "skipped": [{"id": s.id, "path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": [{"id": i, "warning": w} for i, w in self.warnings],
            "articles": self.articles,
            "sentences": self.sentences,
            "bytes_indexed": self.bytes_indexed,
            "translations": self.translations.to_dict(),
            "seconds": round(self.seconds, 3),
        }


def _writer(ix: Index, changed_bytes: int = 0) -> IndexWriter:
    # compound=False: Whoosh-Reloaded reads a compound segment through
    # BytesIO(memoryview), which copies every part of it into memory for each
    # reader; separate files are read in place.  (On a 10k index: a reader
    # cost ~800 MB and ~100 ms to open.)
    if changed_bytes > _BULK_UPDATE_MAX_BYTES:
        return ix.writer(limitmb=_WRITER_LIMIT_MB, compound=False, codec=SetuCodec())
    return CompactSegmentWriter(ix, limitmb=_WRITER_LIMIT_MB, compound=False)


def read_manifest(ix: Index) -> dict[str, tuple[str, int, int]]:
    """doc id -> (sha256, size, mtime_ns) for every live article, from columns."""
    manifest: dict[str, tuple[str, int, int]] = {}
    with ix.reader() as reader:
        docnums = live_documents(reader)
        infos = column_values(reader, "fileinfo", docnums)
        for doc, info in zip(column_values(reader, "doc", docnums), infos, strict=True):
            sha, size, mtime = info.decode("ascii").split(" ")
            manifest[doc.decode("utf-8") if isinstance(doc, bytes) else doc] = (sha, int(size), int(mtime))
    return manifest


@dataclass(frozen=True)
class Prepared:
    """An article ready for the writer: its Whoosh documents, analysed."""

    id: str
    size: int
    sentences: int
    warnings: tuple[str, ...]
    documents: list[dict[str, Any]]


def _prepare(item: tuple[CorpusFile, str | None]) -> Prepared | Skipped | None:
    """Worker: read, parse and analyse a file; None when its hash is the known one."""
    file, known_sha = item
    if known_sha is not None:
        try:
            if file_digest(file.path.read_bytes()) == known_sha:
                return None
        except OSError:
            pass  # read_article reports it
    article = read_article(file)
    if isinstance(article, Skipped):
        return article
    return Prepared(article.id, article.file.size, len(article.sentences()), article.warnings, to_documents(article))


def _prepared(items: list[tuple[CorpusFile, str | None]], workers: int) -> Iterator[Prepared | Skipped | None]:
    if workers < 1 or len(items) < 50:
        yield from map(_prepare, items)
        return
    # Reading, parsing and analysis run in worker processes while this one
    # feeds Whoosh's writer, the other half of the work.
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_prepare, items, chunksize=4)


def _add(writer: IndexWriter, prepared: Prepared, report: BuildReport) -> None:
    for doc in prepared.documents:
        writer.add_document(**doc)
    report.articles += 1
    report.sentences += prepared.sentences
    report.bytes_indexed += prepared.size
    report.warnings.extend((prepared.id, w) for w in prepared.warnings)


def _needs_full_build(index_dir: Path, rebuild: bool) -> str | None:
    if rebuild:
        return "--rebuild"
    gen = current_generation(index_dir)
    if gen is None or not gen.is_dir():
        return "no index yet"
    try:
        meta = json.loads((gen / _SETU_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "index metadata missing"
    if meta.get("schema_version") != SCHEMA_VERSION:
        return f"schema version {meta.get('schema_version')} -> {SCHEMA_VERSION}"
    return None


def build(
    corpus_dir: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    progress: ProgressFn | None = None,
) -> BuildReport:
    """Build (or update) ``index_dir`` from ``corpus_dir``; see module doc."""
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    if not corpus_dir.is_dir():
        raise BuildError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    if workers is None:
        workers = min(2, os.cpu_count() or 1) - 1
    started = time.perf_counter()
    report = BuildReport(corpus_dir=str(corpus_dir), index_dir=str(index_dir))
    with build_lock(index_dir):
        remove_stale_generations(index_dir)
        listing = list(list_corpus(corpus_dir))
        files = [f for f in listing if isinstance(f, CorpusFile)]
        walk_skips = [s for s in listing if isinstance(s, Skipped)]
        if not files and not walk_skips:
            raise BuildError(f"no *.txt files under {corpus_dir}")
        reason = _needs_full_build(index_dir, rebuild)
        if reason is not None:
            report.mode = "full"
            _full_build(files, index_dir, workers, progress, report)
        else:
            _update(files, index_dir, workers, progress, report, walk_skips)
        # A file that could not be walked keeps its indexed version (if any):
        # a permission glitch must not delete an article.
        report.skipped = walk_skips + report.skipped
        report.seconds = time.perf_counter() - started
        write_json_atomic(index_dir / "last-build.json", report.to_dict())
    return report


def _full_build(
    files: list[CorpusFile], index_dir: Path, workers: int, progress: ProgressFn | None, report: BuildReport
) -> None:
    gen, ix = create_generation(index_dir)
    report.generation = gen.name
    chunks = [files[i : i + _CHUNK_FILES] for i in range(0, len(files), _CHUNK_FILES)]
    # Chunks finish in any order; the report keeps the corpus order.
    parts: list[BuildReport | None] = [None] * len(chunks)
    done = 0

    def on_chunk(index: int, part: BuildReport) -> None:
        nonlocal done
        parts[index] = part
        for _ in chunks[index]:
            done += 1
            if progress:
                progress(done, len(files))

    if workers < 1 or len(files) < _PARALLEL_MIN_FILES:
        segments = _write_here(ix, chunks, on_chunk)
    else:
        # Every core reads, analyses and writes its own segments: the one
        # writer of the main process was the bottleneck.
        segments = _write_in_processes(ix, chunks, workers + 1, on_chunk)
    for part in parts:
        assert part is not None  # every chunk reported before its worker finished
        report.added.extend(part.added)
        report.skipped.extend(part.skipped)
        report.warnings.extend(part.warnings)
        report.articles += part.articles
        report.sentences += part.sentences
        report.bytes_indexed += part.bytes_indexed
    if not report.added:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:5])
        raise BuildError(f"nothing could be indexed ({len(report.skipped)} file(s) skipped: {reasons})")
    commit_segments(ix, segments)
    # Link and align over the committed articles, still unpublished.
    writer = _writer(ix)
    try:
        with ix.reader() as reader:
            report.translations = update_groups(writer, reader, {}, set(), workers)
        # The article segments' sizes are chosen (index.storage.segments): Whoosh's
        # default policy would merge small ones into this commit.
        writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    write_json_atomic(gen / _SETU_META, {"schema_version": SCHEMA_VERSION})
    publish_generation(index_dir, gen)
    remove_stale_generations(index_dir)


def _write_chunk(sink: SegmentSink, chunk: list[CorpusFile], check: Callable[[], None] | None = None) -> BuildReport:
    """Prepare and write one chunk of files; its share of the report."""
    part = BuildReport(corpus_dir="", index_dir="")
    for file in chunk:
        if check:
            check()
        result = _prepare((file, None))
        if isinstance(result, Skipped):
            part.skipped.append(result)
        elif isinstance(result, Prepared):
            _add(sink.writer, result, part)
            part.added.append(result.id)
            sink.article_done()
    return part


def _new_sink(ix: Index) -> SegmentSink:
    return SegmentSink(ix, limitmb=_SEGMENT_LIMIT_MB)


def _write_here(ix: Index, chunks: list[list[CorpusFile]], on_chunk: Callable[[int, BuildReport], None]) -> list[Any]:
    sink = _new_sink(ix)
    try:
        for index, chunk in enumerate(chunks):
            on_chunk(index, _write_chunk(sink, chunk))
        return sink.finish()
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
            results.put(("chunk", index, _write_chunk(sink, chunks[index], check)))
        results.put(("done", sink.finish()))
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


def _write_in_processes(
    ix: Index, chunks: list[list[CorpusFile]], procs: int, on_chunk: Callable[[int, BuildReport], None]
) -> list[Any]:
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
        segments = _collect(results, started, on_chunk)
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


def _collect(results: Any, started: list[Any], on_chunk: Callable[[int, BuildReport], None]) -> list[Any]:
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
            running -= 1
        else:
            raise message[1] from _WorkerTraceback(message[2])
    return segments


def _plan_update(
    files: list[CorpusFile], manifest: dict[str, tuple[str, int, int]]
) -> tuple[list[tuple[CorpusFile, str | None]], int]:
    """Files to (re)read, each with its known hash (None if new), and how many are unchanged.

    Size and mtime equal to what was indexed means unchanged; otherwise the
    worker compares content hashes, so a touched but identical file is not
    re-indexed.
    """
    items: list[tuple[CorpusFile, str | None]] = []
    unchanged = 0
    for f in files:
        known = manifest.get(f.id)
        if known is None:
            items.append((f, None))
        elif (known[1], known[2]) == (f.size, f.mtime_ns):
            unchanged += 1
        else:
            items.append((f, known[0]))
    return items, unchanged


def _update(
    files: list[CorpusFile],
    index_dir: Path,
    workers: int,
    progress: ProgressFn | None,
    report: BuildReport,
    walk_skips: Sequence[Skipped] = (),
) -> None:
    ix = open_index(index_dir, readonly=False)
    gen = current_generation(index_dir)
    report.generation = gen.name if gen else ""
    manifest = read_manifest(ix)
    present = {f.id for f in files}
    items, report.unchanged = _plan_update(files, manifest)
    # A file or folder the walk could not read is not gone: what was indexed
    # from it stays until it can be read again (a permission glitch must not
    # delete articles).
    unreadable = [s.id for s in walk_skips]
    present |= {d for d in manifest if any(d == u or d.startswith(u + "/") for u in unreadable)}
    deleted = sorted(set(manifest) - present)
    if not items and not deleted:
        report.articles = len(manifest)
        return
    writer = _writer(ix, sum(file.size for file, _ in items))
    new_articles: dict[str, dict[str, Any]] = {}
    try:
        for doc_id in deleted:
            writer.delete_by_term("doc", doc_id)
            report.deleted.append(doc_id)
        for done, (result, (file, known_sha)) in enumerate(zip(_prepared(items, workers), items, strict=True), 1):
            if result is None:
                report.unchanged += 1
            elif isinstance(result, Skipped):
                report.skipped.append(result)
            else:
                if known_sha is not None:
                    writer.delete_by_term("doc", file.id)
                    report.updated.append(file.id)
                else:
                    report.added.append(file.id)
                _add(writer, result, report)
                new_articles[result.id] = result.documents[0]
            if progress:
                progress(done, len(items))
        with ix.reader() as reader:
            removed = set(report.deleted) | set(report.updated)
            report.translations = update_groups(writer, reader, new_articles, removed, workers)
        writer.commit(mergetype=merge_small_segments)
    except BaseException:
        writer.cancel()
        raise
    report.articles = len(manifest) - len(deleted) + len(report.added)
