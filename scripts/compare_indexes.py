#!/usr/bin/env python3
"""Whether two Setu indexes hold the same documents, compared document by document.

    python scripts/compare_indexes.py INDEX_A INDEX_B

For proving that a speed or memory change changed no answer: build the same
corpus with the old and the new code, then compare.  Documents are keyed by
their uid (workers may write articles in different orders, so document
numbers differ): each one's stored fields, columns (the fingerprint
decompressed) and field lengths; and for every indexed field, every term's
postings as (uid, positions) or (uid, weight).  Prints ``same`` or what
differs, and exits 1 when anything does.  Both indexes are read by this
checkout's code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from index.storage.generations import open_index  # noqa: E402


@dataclass(frozen=True)
class Digest:
    """A hash per document (by uid) and per indexed field (with its term count)."""

    docs: dict[str, str]
    fields: dict[str, tuple[int, str]]


def _column_value(column: Any, docnum: int, name: str) -> str:
    try:
        value = column[docnum]
    except IndexError:  # Whoosh: a document after the last one its segment gave a value
        return "missing"
    if name == "fp" and isinstance(value, bytes) and value:
        value = zlib.decompress(value)
    return repr(value)


def index_digest(index_dir: Path) -> Digest:
    """The digest of an index's current generation."""
    ix = open_index(index_dir)
    schema = ix.schema
    with ix.reader() as reader:
        uid_of: dict[int, str] = {}
        for term in reader.lexicon("uid"):  # uid is indexed, not stored
            for docnum in reader.postings("uid", term).all_ids():
                uid_of[docnum] = term.decode("utf-8")
        columns = {name: reader.column_reader(name) for name in schema.names() if reader.has_column(name)}
        scorable = [name for name, field in schema.items() if field.scorable]
        docs: dict[str, str] = {}
        for docnum, uid in uid_of.items():
            record: dict[str, Any] = {"stored": {k: repr(v) for k, v in sorted(reader.stored_fields(docnum).items())}}
            record |= {f"column {n}": _column_value(c, docnum, n) for n, c in columns.items()}
            record |= {f"length {n}": reader.doc_field_length(docnum, n) for n in scorable}
            docs[uid] = hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()
        fields: dict[str, tuple[int, str]] = {}
        for name in reader.indexed_field_names():
            positional = schema[name].format.supports("positions")
            digest, count = hashlib.sha256(), 0
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                if positional:
                    rows = sorted((uid_of[d], list(p)) for d, p in matcher.items_as("positions"))
                else:
                    rows = []
                    while matcher.is_active():
                        rows.append((uid_of[matcher.id()], matcher.weight()))
                        matcher.next()
                    rows.sort()
                digest.update(repr((term, rows)).encode("utf-8"))
                count += 1
            fields[name] = (count, digest.hexdigest())
    return Digest(docs, fields)


def differences(a: Digest, b: Digest) -> list[str]:
    """What differs between two digests, one line each (empty: the same)."""
    found = [f"only in the first: {uid}" for uid in sorted(a.docs.keys() - b.docs.keys())]
    found += [f"only in the second: {uid}" for uid in sorted(b.docs.keys() - a.docs.keys())]
    found += [f"document {uid} differs" for uid in sorted(a.docs.keys() & b.docs.keys()) if a.docs[uid] != b.docs[uid]]
    found += [
        f"field {name} differs"
        for name in sorted(a.fields.keys() | b.fields.keys())
        if a.fields.get(name) != b.fields.get(name)
    ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="an index folder")
    parser.add_argument("second", type=Path, help="another index folder")
    args = parser.parse_args(argv)
    for folder in (args.first, args.second):
        if not (folder / "CURRENT").is_file():
            parser.error(f"{folder} holds no Setu index (no CURRENT file): give a folder `setu build --index` wrote")
    a, b = index_digest(args.first), index_digest(args.second)
    found = differences(a, b)
    for line in found[:50]:
        print(line)
    if found:
        print(f"different: {len(found)} differences")
        return 1
    print(f"same: {len(a.docs)} documents, {len(a.fields)} indexed fields")
    return 0


if __name__ == "__main__":
    sys.exit(main())
