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

import gc
import json
import multiprocessing
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from index.storage.columns import column_values, live_documents
from index.storage.documents import fingerprint_from_bytes, from_stored
from index.storage.repeats import write_repeats
from index.storage.schema import KIND_GROUP
from index.storage.terms import live_docnums, term_text
from index.translation.align import align
from index.translation.fingerprint import Fingerprint, fingerprint
from index.translation.lexicon_learning import Bitext
from index.translation.linking import Duplicate, Link, link
from index.translation.repeats import repeat_groups

from .lexicon_step import LexiconReport, StemPairs, add_pair, oriented_stems, update_lexicon

__all__ = ["TranslationReport", "group_uid", "update_groups"]

# Pairs per worker task when aligning in parallel.
_ALIGN_CHUNK = 16


def group_uid(group_id: str) -> str:
    return f"g:{group_id}"


@dataclass
class TranslationReport:
    groups: int = 0
    links_url: int = 0
    links_content: int = 0
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


def _stored_fingerprints(reader: IndexReader, skip: set[str]) -> dict[str, Fingerprint]:
    docnums = live_documents(reader)
    ids = column_values(reader, "doc", docnums)
    fps = column_values(reader, "fp", docnums)
    out: dict[str, Fingerprint] = {}
    for docnum, raw_id, raw_fp in zip(docnums.tolist(), ids, fps, strict=True):
        doc_id = term_text(raw_id)
        if doc_id in skip:
            continue
        try:
            out[doc_id] = fingerprint_from_bytes(raw_fp)
        except (ValueError, zlib.error):
            # Stored by an older fingerprint version: recompute it from the
            # stored article rather than re-reading the corpus file.
            out[doc_id] = fingerprint(from_stored(reader.stored_fields(docnum)))
    return out


def _stored_groups(reader: IndexReader) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if "kind" not in reader.indexed_field_names():
        return out
    for docnum in live_docnums(reader, "kind", KIND_GROUP):
        record = json.loads(reader.stored_fields(docnum)["parallel"])
        out[record["group"]] = record
    return out


def _sentences(fields: Mapping[str, Any]) -> tuple[list[str], list[bool]]:
    article = from_stored(fields)
    texts = [article.text[s.start : s.end] for s in article.sentences()]
    captions = [p.kind == "caption" for p in article.paragraphs for _ in p.sentences]
    return texts, captions


# A pair's sentences, caption flags and languages, as the alignment workers take it.
AlignTask = tuple[list[str], list[str], list[bool], list[bool], str, str]


def _align_task(task: AlignTask) -> tuple[list[list[Any]], StemPairs]:
    """The pair's beads, and the (Bengali, Hindi) stems of its beads the lexicon learns from.

    The stems are computed here, in the worker, from the sentences it already holds.
    """
    src, tgt, src_caps, tgt_caps, src_lang, tgt_lang = task
    beads = [
        [list(b.src), list(b.tgt), round(b.score, 4)]
        for b in align(src, tgt, src_captions=src_caps, tgt_captions=tgt_caps)
    ]
    return beads, oriented_stems(src, tgt, beads, src_lang, tgt_lang)


def _align_all(tasks: Iterator[AlignTask], count: int, workers: int) -> Iterator[tuple[list[list[Any]], StemPairs]]:
    """Beads for each task, in order.  Tasks are made as the workers take them:
    holding every pair's sentences at once cost gigabytes on 100k articles."""
    if workers < 1 or count < 2 * _ALIGN_CHUNK:
        yield from map(_align_task, tasks)
        return
    # The forked workers never use the parent's objects (100k fingerprints
    # at 100k articles); frozen, the workers' garbage collector leaves them
    # alone instead of copying every page it visits.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers + 1) as pool:
            yield from pool.imap(_align_task, tasks, chunksize=_ALIGN_CHUNK)
    finally:
        gc.unfreeze()


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
    fps = _stored_fingerprints(reader, skip=changed)
    for doc_id, doc in new_articles.items():
        fps[doc_id] = fingerprint_from_bytes(doc["fp"])
    linking = link(fps.values())
    report.linking_seconds = time.perf_counter() - started
    report.duplicates = list(linking.duplicates)
    started = time.perf_counter()
    repeats = repeat_groups(list(fps.values()))
    write_repeats(writer, reader, repeats)
    report.repeat_groups, report.repeated_articles = len(repeats), sum(len(g) for g in repeats)
    report.repeats_seconds = time.perf_counter() - started

    old_groups = _stored_groups(reader)
    old_beads: dict[tuple[str, str], list[list[Any]]] = {
        (x["a"], x["b"]): x["beads"] for g in old_groups.values() for x in g["links"]
    }
    started = time.perf_counter()
    todo: list[Link] = []
    beads: dict[tuple[str, str], list[list[Any]]] = {}
    for x in linking.links:
        key = (x.a, x.b)
        if key in old_beads and x.a not in changed and x.b not in changed:
            beads[key] = old_beads[key]
            report.reused_pairs += 1
        else:
            todo.append(x)

    def sentences(doc_id: str) -> tuple[list[str], list[bool]]:
        if doc_id in new_articles:
            return _sentences(new_articles[doc_id])
        return _sentences(reader.stored_fields(reader.first_id("uid", f"a:{doc_id}")))

    def tasks() -> Iterator[AlignTask]:
        for x in todo:
            (sa, ca), (sb, cb) = sentences(x.a), sentences(x.b)
            yield sa, sb, ca, cb, fps[x.a].lang, fps[x.b].lang

    # Filled as the workers answer: holding every pair's stems as strings cost far more.
    bitext = Bitext()
    for x, (result, stems) in zip(todo, _align_all(tasks(), len(todo), workers), strict=True):
        beads[(x.a, x.b)] = result
        add_pair(bitext, x.a, x.b, fps[x.a].lang, fps[x.b].lang, stems)
    report.aligned_pairs = len(todo)
    report.alignment_seconds = time.perf_counter() - started

    _write_groups(writer, linking.members(), linking.links, fps, beads, old_groups, report)
    links_changed = bool(todo) or set(old_beads) != set(beads)
    aligned = set(todo)
    kept = [(x.a, x.b, fps[x.a].lang, fps[x.b].lang, beads[(x.a, x.b)]) for x in linking.links if x not in aligned]
    report.lexicon = update_lexicon(writer, reader, bitext, kept, lambda doc_id: sentences(doc_id)[0], links_changed)
    return report


def _write_groups(
    writer: IndexWriter,
    members: Mapping[str, list[str]],
    links: list[Link],
    fps: Mapping[str, Fingerprint],
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
            "members": [{"id": doc, "lang": fps[doc].lang} for doc in members[group_id]],
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
