"""Repeat groups in the index: written with each build, read by search.

Stage: repeat groups (index.translation.repeats) -> one ``repeat`` document
per group, in the build's commit.  A group's document is named after its
first member (``r:<id>``) and holds the members' ids as JSON; a group that
did not change keeps its stored document, as translation groups do
(index.pipeline.groups).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from whoosh.reading import IndexReader
from whoosh.writing import IndexWriter

from .documents import article_uid
from .schema import KIND_REPEAT
from .terms import live_docnums

__all__ = ["repeat_docnums", "stored_repeats", "write_repeats"]


def _uid(first_id: str) -> str:
    return f"r:{first_id}"


def stored_repeats(reader: IndexReader) -> list[list[str]]:
    """Every stored repeat group (member ids, the first first)."""
    if "kind" not in reader.indexed_field_names():
        return []
    return [
        json.loads(reader.stored_fields(d)["repeats"])["members"] for d in live_docnums(reader, "kind", KIND_REPEAT)
    ]


def repeat_docnums(reader: IndexReader) -> list[list[int]]:
    """Every stored repeat group as the docnums of its live members (groups of one left out)."""
    out = []
    for members in stored_repeats(reader):
        docnums = []
        for doc_id in members:
            uid = article_uid(doc_id)
            if ("uid", uid) in reader:
                # An updated article's old version is still in the postings, deleted.
                live = [d for d in reader.postings("uid", uid).all_ids() if not reader.is_deleted(d)]
                docnums += live[:1]
        if len(docnums) > 1:
            out.append(docnums)
    return out


def write_repeats(writer: IndexWriter, reader: IndexReader, groups: Sequence[Sequence[str]]) -> None:
    """Make the stored repeat documents those of ``groups``."""
    old = {members[0]: members for members in stored_repeats(reader)}
    new = {members[0]: list(members) for members in groups}
    for first, members in old.items():
        if new.get(first) != members:
            writer.delete_by_term("uid", _uid(first))
    for first, members in new.items():
        if old.get(first) != members:
            writer.add_document(
                uid=_uid(first),
                kind=KIND_REPEAT,
                repeats=json.dumps({"members": members}, ensure_ascii=False, separators=(",", ":")),
            )
