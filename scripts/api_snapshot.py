#!/usr/bin/env python3
"""Write the JSON API's answers to a fixed set of requests, for before/after checks.

    python scripts/api_snapshot.py INDEX_DIR OUT.json

Stage: tooling.  A refactoring that claims "no behaviour change" runs this
on the same index before and after and compares the two files (``cmp``):
every answer's JSON, with the one field that varies from run to run
(``took_ms``) removed.  The requests cover article and passage search,
phrases, booleans, facets, every sort, scripts and transliterations, the
document and parallel views, and errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

QUERIES = [
    "",
    "57",
    "৫৭",
    "५७",
    "ডিজিটাল",
    "ডিজিটাল রূপান্তর",
    '"ডিজিটাল রূপান্তর"',
    "डिजिटल परिवर्तन",
    '"डिजिटल परिवर्तन"',
    "বিজ্ঞান প্রযুক্তি উদ্ভাবন",
    "কৃত্রিম বুদ্ধিমত্তা OR ডেটা",
    "ডিজিটাল AND NOT রূপান্তর",
    "ডিজি*",
    "Can Tho",
    "Cần Thơ",
    "ক্যান থো",
    "province:ca-mau",
    'province:"Cà Mau"',
    "resolution:57-NQ/TW",
    "Thua Thien Hue",
    "Hanoi",
    "Nguyen Ho Hai",
    "সরকার",
    "सरकार",
    '"unterminated',
    "(",
]
VARIANTS: list[dict[str, str]] = [
    {},
    {"sort": "date"},
    {"sort": "date_asc"},
    {"lang": "bn"},
    {"lang": "hi"},
    {"province": "ca-mau"},
    {"per_page": "2", "page": "2"},
]
PASSAGE_QUERIES = ["57", "ডিজিটাল", '"ডিজিটাল রূপান্তর"', "डिजिटल", "Can Tho", "সরকার"]
PASSAGE_VARIANTS: list[dict[str, str]] = [{}, {"parallel_q": "डिजिटल"}, {"lang": "hi"}]


def without_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k != "took_ms"}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def snapshot(index_dir: Path) -> dict[str, Any]:
    from webui import create_app

    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    out: dict[str, Any] = {}

    def get(path: str, params: dict[str, str]) -> Any:
        response = client.get(path, query_string=params)
        key = path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        out[key] = {"status": response.status_code, "json": without_timing(response.get_json(silent=True))}
        return out[key]["json"]

    ids: set[str] = set()
    for q in QUERIES:
        for variant in VARIANTS:
            answer = get("/api/search", {"q": q, **variant})
            if isinstance(answer, dict):
                ids.update(hit["id"] for hit in answer.get("hits", []) if "id" in hit)
    for q in PASSAGE_QUERIES:
        for variant in PASSAGE_VARIANTS:
            get("/api/passages", {"q": q, **variant})
    for doc_id in sorted(ids):
        get(f"/api/documents/{doc_id}", {"q": "ডিজিটাল"})
    get("/api/documents/no-such-id", {})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    answers = snapshot(args.index_dir)
    args.out.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(answers)} answers -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
