"""Translation groups at build time: link, align, store.

Stage: articles in the writer -> group documents, in the same commit.
Every build re-links the fingerprints of all live articles (stored in the
``fp`` column, so old articles are not re-read) with :func:`index.translation.linking.link`,
aligns the sentences of every linked pair that is new or changed (a pair
whose articles did not change keeps its stored beads) and writes one
``group`` document per translation group: its members, its links with
method and confidence, and the beads of each pair.  Serving a parallel view
then costs one stored-field read and no realignment.
"""

from __future__ import annotations

import collections
import functools
import gc
import itertools
import json
import multiprocessing
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from index.analysis.phonetic import phonetic_key, remember_keys
from index.compat import blas_threads, limit_blas_threads
from index.storage.columns import column_values, iter_column_values, live_documents
from index.storage.documents import fingerprint_data, from_stored
from index.storage.repeats import write_repeats
from index.storage.schema import KIND_GROUP
from index.storage.terms import live_docnums, term_text
from index.translation.fingerprint import fingerprint
from index.translation.fingerprint_table import FingerprintTable, TableBuilder, TablePart
from index.translation.lexicon_learning import Bitext
from index.translation.linking import Duplicate, Link, PairAlignment, link
from index.translation.pair_alignment import align_pair
from index.translation.repeats import repeat_groups
from index.translation.seed import seed_table

from .forked import Forked
from .lexicon_step import LexiconReport, PackedStems, StemPairs, add_pair, pack_stems, pair_name, update_lexicon

__all__ = ["TranslationReport", "group_uid", "update_groups"]

# Pairs per worker task when aligning in parallel.
_ALIGN_CHUNK = 16
# Stored fingerprints per worker task when decoding them in parallel (see _stored_fingerprints).
_FINGERPRINT_CHUNK = 1024


def group_uid(group_id: str) -> str:
    return f"g:{group_id}"


@dataclass
class TranslationReport:
    groups: int = 0
    links_url: int = 0
    links_content: int = 0
    # Content candidates whose alignment did not support them, and URL links whose sentences hardly align.
    rejected: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)
    aligned_pairs: int = 0
    reused_pairs: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    linking_seconds: float = 0.0
    alignment_seconds: float = 0.0
    lexicon: LexiconReport = field(default_factory=LexiconReport)
    # Repeated texts (index.translation.repeats): groups, the articles in them, the time taken.
    repeat_groups: int = 0
    repeated_articles: int = 0
    repeats_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": self.groups,
            "links_url": self.links_url,
            "links_content": self.links_content,
            "rejected": self.rejected,
            "aligned_pairs": self.aligned_pairs,
            "reused_pairs": self.reused_pairs,
            "duplicates": [d.to_dict() for d in self.duplicates],
            "linking_seconds": round(self.linking_seconds, 3),
            "alignment_seconds": round(self.alignment_seconds, 3),
            "lexicon": self.lexicon.to_dict(),
            "repeat_groups": self.repeat_groups,
            "repeated_articles": self.repeated_articles,
            "repeats_seconds": round(self.repeats_seconds, 3),
        }


def _stored_fingerprints(reader: IndexReader, skip: set[str], pool: _AlignPool | None = None) -> TableBuilder:
    """The live articles' stored fingerprints but ``skip``'s, added to a table (index.translation.fingerprint_table).

    With a ``pool``, its workers decode them (zlib, JSON, each feature made
    an id: most of this step's time, which the alignment workers spent
    waiting) a chunk of articles at a time, and this process merges their
    parts as they come; the table is the same (see TableBuilder.merge).
    """
    docnums = live_documents(reader)
    ids = column_values(reader, "doc", docnums)
    fps = iter_column_values(reader, "fp", docnums)  # ~1.4 KB each: read as they are added
    wanted = ((docnum, raw_fp) for docnum, raw_id, raw_fp in zip(docnums.tolist(), ids, fps, strict=True)
              if term_text(raw_id) not in skip)  # fmt: skip
    out = TableBuilder()
    stale: list[int] = []

    def chunks() -> Iterator[tuple[list[int], list[bytes]]]:
        while chunk := list(itertools.islice(wanted, _FINGERPRINT_CHUNK)):
            yield [docnum for docnum, _ in chunk], [raw for _, raw in chunk]

    if pool is not None and pool.pool is not None and len(docnums) > _FINGERPRINT_CHUNK:
        docs_of: collections.deque[list[int]] = collections.deque()

        def tasks() -> Iterator[list[bytes]]:
            # Read in the pool's feeding thread; the documents are kept for the stale ones.
            for docs, raws in chunks():
                docs_of.append(docs)
                yield raws

        for part, failed in pool.pool.imap(_table_part, tasks()):
            out.merge(part)
            docs = docs_of.popleft()
            stale += [docs[k] for k in failed]
    else:
        for docs, raws in chunks():
            stale += [docs[k] for k in _add_stored(out, raws)]
    # Stored by an older fingerprint version: recomputed from the stored
    # article rather than re-reading the corpus file (added last: the table
    # is sorted by id whatever the order they come in).
    for docnum in stale:
        out.add(fingerprint(from_stored(reader.stored_fields(docnum))))
    return out


def _add_stored(builder: TableBuilder, raws: list[bytes]) -> list[int]:
    """Add each stored fingerprint to ``builder``; the indexes of those it could not decode."""
    failed = []
    for k, raw in enumerate(raws):
        try:
            builder.add_stored(fingerprint_data(raw))
        except (ValueError, zlib.error):
            failed.append(k)
    return failed


def _table_part(raws: list[bytes]) -> tuple[TablePart, list[int]]:
    """A pool worker's share of :func:`_stored_fingerprints`: the chunk's table part, and which it could not decode."""
    builder = TableBuilder()
    failed = _add_stored(builder, raws)
    return builder.part(), failed


def _has_groups(reader: IndexReader) -> bool:
    return "kind" in reader.indexed_field_names() and len(live_docnums(reader, "kind", KIND_GROUP)) > 0


def _stored_groups(reader: IndexReader) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if "kind" not in reader.indexed_field_names():
        return out
    for docnum in live_docnums(reader, "kind", KIND_GROUP):
        record = json.loads(reader.stored_fields(docnum)["parallel"])
        out[record["group"]] = record
    return out


def _sentences(fields: Mapping[str, Any]) -> tuple[list[str], list[bool]]:
    """An article document's sentence texts and caption flags: what
    :func:`~index.translation.align.article_sentences` and ``caption_flags``
    give for :func:`~index.storage.documents.from_stored` of it, read from its
    paragraphs alone (building the whole article cost the builder a third
    of its time per aligned pair)."""
    text = fields["content"].decode("utf-8")
    texts: list[str] = []
    captions: list[bool] = []
    for _, _, kind, sentences in json.loads(fields["meta"])["paragraphs"]:
        texts.extend(text[start:end] for start, end in sentences)
        captions.extend([kind == "caption"] * len(sentences))
    return texts, captions


# A pair's sentences, caption flags and languages, as the alignment workers take it.
AlignTask = tuple[list[str], list[str], list[bool], list[bool], str, str]
# What they answer: the beads as stored, the stems packed, the lexical share,
# and (stem, phonetic key) for the stems this worker had not answered before.
PackedPair = tuple[list[list[Any]], PackedStems, float | None, list[tuple[str, str]]]


def _align_task(task: AlignTask) -> PackedPair:
    """The pair's beads, the stems of its beads the lexicon learns from, their lexical share, new stems' keys.

    The stems are computed here, in the worker, from the sentences it already
    holds, and sent back packed in one string (:func:`pack_stems`).  The
    lexical share keyed each stem (:func:`~index.analysis.phonetic.phonetic_key`);
    so does the builder's lexicon learning, for its cognates, after the
    alignment, when no worker runs: each worker sends the keys of the stems
    it has not sent yet, and the builder remembers them instead of
    transliterating the whole vocabulary again on its serial tail.
    """
    beads, stems, share = align_pair(*task)
    return beads, pack_stems(stems), share, _new_keys(stems)


# The stems whose keys this process has answered (bounded: emptied when full,
# after which a stem's key may be sent again, the same value).
_KEYS_SENT: set[str] = set()
_KEYS_SENT_LIMIT = 1 << 18


def _new_keys(stems: StemPairs) -> list[tuple[str, str]]:
    fresh = set(itertools.chain.from_iterable(itertools.chain.from_iterable(stems))).difference(_KEYS_SENT)
    if len(_KEYS_SENT) + len(fresh) > _KEYS_SENT_LIMIT:
        _KEYS_SENT.clear()
    _KEYS_SENT.update(fresh)
    return [(stem, phonetic_key(stem)) for stem in fresh]


class _AlignPool:
    """The alignment worker processes of one build: forked once, as the build starts linking.

    One pool serves every batch linking asks for (URL pairs, candidates,
    next-best candidates), so the workers' caches stay warm between them.
    It is forked before the builder loads the fingerprints, the stored
    groups and the bitext, so the workers share none of those pages: a
    process forked later copies each page it touches (a reference count
    is a write), which cost hundreds of megabytes at 100k articles.
    """

    def __init__(self, workers: int) -> None:
        self.pool: Pool | None = None
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
                # A worker starts having sent the builder no key (_new_keys).
                self.pool = multiprocessing.get_context("fork").Pool(workers + 1, initializer=_KEYS_SENT.clear)
            finally:
                gc.unfreeze()

    def align(self, tasks: Iterator[AlignTask], count: int) -> Iterator[PackedPair]:
        """Beads for each task, in order.  Tasks are made as the workers take them:
        holding every pair's sentences at once cost gigabytes on 100k articles."""
        if self.pool is None or count < 2 * _ALIGN_CHUNK:
            return map(_align_task, tasks)
        return self.pool.imap(_align_task, tasks, chunksize=_ALIGN_CHUNK)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        if self.blas is not None:
            limit_blas_threads(self.blas)


class _PairAligner:
    """What linking asks for: the beads and lexical share of candidate pairs.

    A pair whose articles did not change keeps its stored beads (a rejected
    candidate has none stored and is aligned again: the same answer, so an
    update decides as a full build).  Every pair aligned here adds its
    sentence pairs to ``bitext`` at once, as the workers answer (holding
    every pair's stems as strings cost far more); the rejected ones are
    dropped from it afterwards, in place.
    """

    def __init__(
        self,
        reader: IndexReader,
        new_articles: Mapping[str, Mapping[str, Any]],
        changed: set[str],
        fps: FingerprintTable,
        old_groups: Mapping[str, dict[str, Any]],
        pool: _AlignPool,
    ) -> None:
        self.reader, self.new_articles, self.changed, self.fps, self.pool = (
            reader,
            new_articles,
            changed,
            fps,
            pool,
        )
        stored = [x for g in old_groups.values() for x in g["links"]]
        self.old_beads: dict[tuple[str, str], list[list[Any]]] = {(x["a"], x["b"]): x["beads"] for x in stored}
        self.old_lexical = {(x["a"], x["b"]): _stored_share(x) for x in stored}
        self.beads: dict[tuple[str, str], list[list[Any]]] = {}
        self.lexical: dict[tuple[str, str], float | None] = {}
        self.fresh: set[tuple[str, str]] = set()
        self.bitext = Bitext()
        self.seconds = 0.0
        self._docnums: dict[str, int] | None = None

    def sentences(self, doc_id: str) -> tuple[list[str], list[bool]]:
        if doc_id in self.new_articles:
            return _sentences(self.new_articles[doc_id])
        if self._docnums is None:
            # Every live article's document number, from the column linking read
            # too: one look-up of the ``uid`` term per pair side cost more.
            docnums = live_documents(self.reader)
            ids = column_values(self.reader, "doc", docnums)
            self._docnums = {term_text(raw): docnum for raw, docnum in zip(ids, docnums.tolist(), strict=True)}
        return _sentences(self.reader.stored_fields(self._docnums[doc_id]))

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], PairAlignment]:
        started = time.perf_counter()
        todo = []
        for key in dict.fromkeys(p for p in pairs if p not in self.beads):
            if key in self.old_beads and not {key[0], key[1]} & self.changed:
                self.beads[key], self.lexical[key] = self.old_beads[key], self.old_lexical[key]
            else:
                todo.append(key)
        fps = self.fps

        def tasks() -> Iterator[AlignTask]:
            for a, b in todo:
                (sa, ca), (sb, cb) = self.sentences(a), self.sentences(b)
                yield sa, sb, ca, cb, fps.by_id(a).lang, fps.by_id(b).lang

        for (a, b), (beads, stems, share, keys) in zip(todo, self.pool.align(tasks(), len(todo)), strict=True):
            self.beads[(a, b)], self.lexical[(a, b)] = beads, share
            remember_keys(keys)
            self.fresh.add((a, b))
            add_pair(self.bitext, a, b, fps.by_id(a).lang, fps.by_id(b).lang, stems)
        self.seconds += time.perf_counter() - started
        return {p: (self.beads[p], self.lexical[p]) for p in pairs}


def update_groups(
    writer: IndexWriter,
    reader: IndexReader,
    new_articles: Mapping[str, Mapping[str, Any]],
    removed: set[str],
    workers: int = 0,
) -> TranslationReport:
    """Re-link everything and rewrite the group documents that changed.

    ``reader`` shows the index before this build's changes; ``new_articles``
    are the article documents (field dicts) added in ``writer``; ``removed``
    are ids whose old version is gone (deleted or replaced).
    """
    report = TranslationReport()
    started = time.perf_counter()
    changed = set(new_articles) | removed
    # Workers only where there is much to align: a full build, or an update that changed many articles.
    many = len(changed) >= 2 * _ALIGN_CHUNK or not _has_groups(reader)
    pool = _AlignPool(workers if many and reader.doc_count() >= 2 * _ALIGN_CHUNK else 0)
    # With workers, the repeats are grouped in a child while the builder links
    # (index.pipeline.forked): the two cores share serial steps that do not
    # wait for each other.  The lexicon is learned here, after the groups are
    # written, not in a child beside that writing: the pages such a child
    # touches are copied, which took the 100k build's peak PSS over the
    # 1.5 GiB budget for about 5 s saved (CHANGES, session 12).
    fork = pool.pool is not None
    repeats: Forked[tuple[list[list[str]], float]] | None = None
    try:
        try:
            stored = _stored_fingerprints(reader, skip=changed, pool=pool)
            for doc in new_articles.values():
                stored.add_stored(fingerprint_data(doc["fp"]))
            fps = stored.finish()
            del stored
            repeats = Forked(functools.partial(_timed_repeats, fps), fork)
            old_groups = _stored_groups(reader)
            # Linking aligns every URL pair and content candidate before it decides.
            aligner = _PairAligner(reader, new_articles, changed, fps, old_groups, pool)
            linking = link(fps, aligner=aligner)
        finally:
            pool.close()
        report.linking_seconds = time.perf_counter() - started - aligner.seconds
        report.alignment_seconds = aligner.seconds
        report.duplicates = list(linking.duplicates)
        report.rejected = len(linking.rejected)
        report.warnings = list(linking.warnings)

        linked = [(x.a, x.b) for x in linking.links]
        aligned = aligner.fresh.intersection(linked)
        report.aligned_pairs = len(aligner.fresh)
        report.reused_pairs = len(linked) - len(aligned)
        links_changed = bool(aligned) or set(aligner.old_beads) != set(linked)
        bitext = aligner.bitext
        bitext.drop_sources(pair_name(a, b) for a, b in sorted(aligner.fresh - aligned))
        kept = [
            (a, b, fps.by_id(a).lang, fps.by_id(b).lang, aligner.beads[(a, b)])
            for a, b in linked
            if (a, b) not in aligned
        ]
        started = time.perf_counter()
        groups, repeats_seconds = repeats.result()
        write_repeats(writer, reader, groups)
        report.repeat_groups, report.repeated_articles = len(groups), sum(len(g) for g in groups)
        # The grouping's own time (in the child, beside linking, when forked) and its writing.
        report.repeats_seconds = repeats_seconds + time.perf_counter() - started
        _write_groups(writer, linking.members(), linking.links, fps, aligner.beads, old_groups, report)
        report.lexicon = update_lexicon(
            writer, reader, bitext, kept, lambda doc_id: aligner.sentences(doc_id)[0], links_changed
        )
    finally:
        if repeats is not None:
            repeats.close()
    return report


def _timed_repeats(fps: FingerprintTable) -> tuple[list[list[str]], float]:
    started = time.perf_counter()
    return repeat_groups(fps), time.perf_counter() - started


def _stored_share(link: Mapping[str, Any]) -> float | None:
    """The lexical share a stored link was judged with (None if unknown)."""
    found = (link.get("evidence") or {}).get("lexicon")
    return None if found is None else float(found["share"])


def _write_groups(
    writer: IndexWriter,
    members: Mapping[str, list[str]],
    links: list[Link],
    fps: FingerprintTable,
    beads: Mapping[tuple[str, str], list[list[Any]]],
    old_groups: Mapping[str, dict[str, Any]],
    report: TranslationReport,
) -> None:
    by_group: dict[str, list[Link]] = {}
    groups_of = {doc: g for g, ids in members.items() for doc in ids}
    for x in links:
        by_group.setdefault(groups_of[x.a], []).append(x)
        if x.method == "url":
            report.links_url += 1
        else:
            report.links_content += 1
    written: set[str] = set()
    for group_id, group_links in by_group.items():
        record = {
            "group": group_id,
            "members": [{"id": doc, "lang": fps.by_id(doc).lang} for doc in members[group_id]],
            "links": [
                {**x.to_dict(), "beads": beads[(x.a, x.b)]} for x in sorted(group_links, key=lambda x: (x.a, x.b))
            ],
        }
        written.add(group_id)
        old = old_groups.get(group_id)
        if old is not None:
            if old == json.loads(json.dumps(record)):
                continue  # unchanged: keep the stored document
            writer.delete_by_term("uid", group_uid(group_id))
        # else no stored document has this uid (old_groups holds every live
        # one): a full build's 25k new groups skip the round trip and delete.
        writer.add_document(
            uid=group_uid(group_id),
            kind=KIND_GROUP,
            member=tuple(members[group_id]),
            parallel=json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        )
    for group_id in set(old_groups) - written:
        writer.delete_by_term("uid", group_uid(group_id))
    report.groups = len(by_group)
