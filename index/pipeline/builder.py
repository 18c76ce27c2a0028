"""Build or update an index from a corpus folder.

Stage: corpus folder -> published index generation.  Change detection
(index.pipeline.manifest) decides between the two ways.  A first build, a
``--rebuild`` or a schema change writes a new generation on every core
(index.pipeline.workers), commits all its segments at once, links
translations (index.pipeline.groups) and publishes it at the end.  An update
applies new, changed and deleted files as one Whoosh commit into the live
generation, from a single writer.  Either way readers see the old state or
the new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.writing import IndexWriter

from index.corpus.files import CorpusFile, Skipped, list_corpus
from index.storage.codec import SetuCodec
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
from index.storage.segments import CompactSegmentWriter, commit_segments, merge_small_segments

from .groups import update_groups
from .manifest import needs_full_build, plan_update, read_manifest, write_meta
from .prepare import PARALLEL_MIN_FILES, add_prepared, prepare_files
from .report import BuildError, BuildReport
from .timeline import ALIGN, COMMIT, LEXICON, LINK, LIST, PUBLISH, STORE_GROUPS, WRITE_SEGMENTS
from .workers import READ_PARSE, WRITE, default_workers, write_here, write_in_processes

__all__ = ["BuildError", "BuildLocked", "BuildReport", "build", "read_manifest"]

ProgressFn = Callable[[int, int], None]

# Files per unit of work handed to a full build's workers.
_CHUNK_FILES = 20
_WRITER_LIMIT_MB = 256
# An update writes one segment in memory (index.storage.segments.CompactSegmentWriter);
# beyond this much changed text it takes Whoosh's own writer, whose pool
# spills to disk, so memory stays bounded however large the update.
_BULK_UPDATE_MAX_BYTES = 200_000_000


def _writer(ix: Index, changed_bytes: int = 0) -> IndexWriter:
    # compound=False: Whoosh-Reloaded reads a compound segment through
    # BytesIO(memoryview), which copies every part of it into memory for each
    # reader; separate files are read in place.
    if changed_bytes > _BULK_UPDATE_MAX_BYTES:
        return ix.writer(limitmb=_WRITER_LIMIT_MB, compound=False, codec=SetuCodec())
    return CompactSegmentWriter(ix, limitmb=_WRITER_LIMIT_MB, compound=False)


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
        workers = default_workers()
    started = time.perf_counter()
    report = BuildReport(corpus_dir=str(corpus_dir), index_dir=str(index_dir))
    with build_lock(index_dir):
        with report.timeline.phase(LIST):
            remove_stale_generations(index_dir)
            listing = list(list_corpus(corpus_dir))
            files = [f for f in listing if isinstance(f, CorpusFile)]
            walk_skips = [s for s in listing if isinstance(s, Skipped)]
            if not files and not walk_skips:
                raise BuildError(f"no *.txt files under {corpus_dir}")
            reason = needs_full_build(index_dir, rebuild)
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

    timeline = report.timeline
    for name in READ_PARSE, WRITE:  # in this order, whichever is reported first
        timeline.add_work(name, 0.0)
    with timeline.phase(WRITE_SEGMENTS):
        if workers < 1 or len(files) < PARALLEL_MIN_FILES:
            segments = write_here(ix, chunks, on_chunk, timeline)
        else:
            # Every core reads, analyses and writes its own segments, so that no
            # single writer holds the others up.
            segments = write_in_processes(ix, chunks, workers + 1, on_chunk, timeline)
    for part in parts:
        assert part is not None  # every chunk reported before its worker finished
        timeline.merge_work(part.timeline)
        report.added.extend(part.added)
        report.skipped.extend(part.skipped)
        report.warnings.extend(part.warnings)
        report.articles += part.articles
        report.sentences += part.sentences
        report.bytes_indexed += part.bytes_indexed
    if not report.added:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:5])
        raise BuildError(f"nothing could be indexed ({len(report.skipped)} file(s) skipped: {reasons})")
    with timeline.phase(COMMIT):
        commit_segments(ix, segments)
    # Link and align over the committed articles, still unpublished.
    with timeline.phase(STORE_GROUPS):
        writer = _writer(ix)
        try:
            with ix.reader() as reader:
                report.translations = update_groups(writer, reader, {}, set(), workers)
                report.warnings.extend(report.translations.warnings)
            # The article segments' sizes are chosen (index.storage.segments): Whoosh's
            # default policy would merge small ones into this commit.
            writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
    _split_groups_phase(report)
    with timeline.phase(PUBLISH):
        write_meta(gen)
        publish_generation(index_dir, gen)
        remove_stale_generations(index_dir)


def _split_groups_phase(report: BuildReport) -> None:
    """Linking, alignment and the lexicon, timed inside storing the groups, become phases of their own before it."""
    t = report.translations
    phases = report.timeline.phases
    rest = phases.pop(STORE_GROUPS, 0.0) - t.linking_seconds - t.alignment_seconds - t.lexicon.seconds
    report.timeline.add(LINK, t.linking_seconds)
    report.timeline.add(ALIGN, t.alignment_seconds)
    report.timeline.add(LEXICON, t.lexicon.seconds)
    report.timeline.add(STORE_GROUPS, max(0.0, rest))


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
    items, report.unchanged = plan_update(files, manifest)
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
    timeline = report.timeline
    try:
        with timeline.phase(WRITE_SEGMENTS):
            for doc_id in deleted:
                writer.delete_by_term("doc", doc_id)
                report.deleted.append(doc_id)
            for done, (result, (file, known_sha)) in enumerate(
                zip(prepare_files(items, workers), items, strict=True), 1
            ):
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
                    add_prepared(writer, result, report)
                    new_articles[result.id] = result.documents[0]
                if progress:
                    progress(done, len(items))
        with timeline.phase(STORE_GROUPS), ix.reader() as reader:
            removed = set(report.deleted) | set(report.updated)
            report.translations = update_groups(writer, reader, new_articles, removed, workers)
            report.warnings.extend(report.translations.warnings)
        _split_groups_phase(report)
        with timeline.phase(COMMIT):  # with the merge of small segments (merge_small_segments)
            writer.commit(mergetype=merge_small_segments)
    except BaseException:
        writer.cancel()
        raise
    report.articles = len(manifest) - len(deleted) + len(report.added)
