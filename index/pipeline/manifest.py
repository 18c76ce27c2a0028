"""Change detection: what the index holds, and what changed in the corpus since.

Stage: corpus listing + live index -> the work of a build.  The manifest
is a fingerprint per indexed file (SHA-256, size, mtime), read from the
index's columns.  A file whose size and mtime are the indexed ones is
unchanged and not read again; any other is read, and its hash decides.
A generation's ``setu.json`` records the schema version it was written
with: another version, or none, calls for a full build.
"""

from __future__ import annotations

import json
from pathlib import Path

from whoosh.index import Index

from index.corpus.files import CorpusFile
from index.storage.columns import column_values, live_documents
from index.storage.generations import META, current_generation, write_json_atomic
from index.storage.schema import SCHEMA_VERSION
from index.storage.terms import term_text

__all__ = ["needs_full_build", "plan_update", "read_manifest", "write_meta"]


def read_manifest(ix: Index) -> dict[str, tuple[str, int, int]]:
    """doc id -> (sha256, size, mtime_ns) for every live article, from columns."""
    manifest: dict[str, tuple[str, int, int]] = {}
    with ix.reader() as reader:
        docnums = live_documents(reader)
        infos = column_values(reader, "fileinfo", docnums)
        for doc, info in zip(column_values(reader, "doc", docnums), infos, strict=True):
            sha, size, mtime = info.decode("ascii").split(" ")
            manifest[term_text(doc)] = (sha, int(size), int(mtime))
    return manifest


def plan_update(
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


def needs_full_build(index_dir: Path, rebuild: bool) -> str | None:
    """Why the next build must write a new generation, or None when an update will do."""
    if rebuild:
        return "--rebuild"
    gen = current_generation(index_dir)
    if gen is None or not gen.is_dir():
        return "no index yet"
    try:
        meta = json.loads((gen / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "index metadata missing"
    if meta.get("schema_version") != SCHEMA_VERSION:
        return f"schema version {meta.get('schema_version')} -> {SCHEMA_VERSION}"
    return None


def write_meta(gen: Path) -> None:
    """Record in a new generation the schema version it was written with."""
    write_json_atomic(gen / META, {"schema_version": SCHEMA_VERSION})
