"""One corpus file made ready for an index writer.

Stage: corpus file -> Whoosh documents.  Reading, parsing and analysis of
a file (:func:`prepare_file`) run in whichever process writes: a full
build's writers (index.pipeline.workers) call it per file, an update hands
it to a pool of worker processes (:func:`prepare_files`) while the builder
feeds the one writer.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.writing import IndexWriter

from index.corpus.files import CorpusFile, Skipped, file_digest, read_article
from index.storage.documents import plain_fields, to_documents
from index.storage.segments import CompactSegmentWriter

from .report import BuildReport

__all__ = ["PARALLEL_MIN_FILES", "Prepared", "add_prepared", "prepare_file", "prepare_files"]

# Below this many files, forking workers costs more than it saves.
PARALLEL_MIN_FILES = 50


@dataclass(frozen=True)
class Prepared:
    """An article ready for the writer: its Whoosh documents, analysed."""

    id: str
    size: int
    sentences: int
    warnings: tuple[str, ...]
    documents: list[dict[str, Any]]


def prepare_file(item: tuple[CorpusFile, str | None]) -> Prepared | Skipped | None:
    """Read, parse and analyse a file; None when its hash is the known one."""
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


def prepare_files(items: list[tuple[CorpusFile, str | None]], workers: int) -> Iterator[Prepared | Skipped | None]:
    """:func:`prepare_file` of each item, in order, on ``workers`` processes when there are enough files."""
    if workers < 1 or len(items) < PARALLEL_MIN_FILES:
        yield from map(prepare_file, items)
        return
    # Reading, parsing and analysis run in worker processes while this one
    # feeds Whoosh's writer, the other half of the work.
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(prepare_file, items, chunksize=4)


def add_prepared(writer: IndexWriter, prepared: Prepared, report: BuildReport) -> None:
    """Add the article's documents to ``writer`` and count it in ``report``."""
    for doc in prepared.documents:
        # The bulk writer derives stem and key from text; Whoosh's own wants every field's terms.
        writer.add_document(**(doc if isinstance(writer, CompactSegmentWriter) else plain_fields(doc)))
    report.articles += 1
    report.sentences += prepared.sentences
    report.bytes_indexed += prepared.size
    report.warnings.extend((prepared.id, w) for w in prepared.warnings)
