#!/usr/bin/env python3
"""A built index's translation links checked against a make_corpus truth file.

    python scripts/link_truth.py INDEX TRUTH [--json OUT]

TRUTH is what ``scripts/make_corpus.py N DIR --truth TRUTH`` wrote: one JSON
line per article with its ``id`` and ``pair_id`` (null for an article
generated without a translation).  Every translation group stored in INDEX
is read; a group whose members do not all carry the same non-null
``pair_id`` is counted as not paired by the truth and listed.  make_corpus
reuses sentences across stories, so such a link may still join articles
that share real sentences: the list is where to look, not a verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index import open_index
from index.interface import KIND_GROUP

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_link_verification import print_figures  # noqa: E402


def check(index_dir: Path, truth: Path) -> dict[str, Any]:
    """Links (members - 1 per group), groups the truth does not pair, and those groups' members."""
    pair_of: dict[str, str | None] = {}
    with truth.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pair_of[row["id"]] = row.get("pair_id")
    links, unpaired = 0, []
    with open_index(index_dir).searcher() as s:
        for fields in s.documents(kind=KIND_GROUP):
            ids = sorted(m["id"] for m in json.loads(fields["parallel"])["members"])
            links += len(ids) - 1
            pairs = {pair_of.get(i) for i in ids}
            if len(ids) > 1 and (None in pairs or len(pairs) > 1):
                unpaired.append({"members": ids, "pair_ids": [pair_of.get(i) for i in ids]})
    unpaired.sort(key=lambda g: g["members"])
    return {"links": links, "not_paired_by_truth": len(unpaired), "groups": unpaired}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("truth", type=Path, help="make_corpus.py's --truth file")
    parser.add_argument("--json", type=Path, help="write the result as JSON")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build one with `setu build CORPUS --index {args.index}`")
    if not args.truth.is_file():
        parser.error(f"{args.truth} is not a file: make one with `make_corpus.py N DIR --truth FILE`")
    try:
        result = check(args.index, args.truth)
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        parser.error(f"{args.truth} is not a make_corpus truth file (one JSON object with an id per line): {error!r}")
    print_figures(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
