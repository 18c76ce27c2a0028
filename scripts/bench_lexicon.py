#!/usr/bin/env python3
"""What the bilingual lexicon costs in a built index: the build's step and loading it.

Stage: tooling after build time.  Prints the build summary's
``translations.lexicon`` (entries, sentence pairs used, seconds) beside the
whole build's seconds, and times ``index.interface.read_lexicon`` (what the
search side does once per index generation) over ``--rounds`` rounds.

Usage:
    bench_lexicon.py INDEX_DIR [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from index.interface import open_index, read_lexicon


def figures(index_dir: Path, rounds: int) -> dict[str, object]:
    summary = json.loads((index_dir / "last-build.json").read_text(encoding="utf-8"))
    times = []
    with open_index(index_dir).searcher() as searcher:
        for _ in range(rounds):
            started = time.perf_counter()
            lexicon = read_lexicon(searcher.reader())
            times.append(time.perf_counter() - started)
    return {
        "build_mode": summary["mode"],
        "build_seconds": summary["seconds"],
        "lexicon": summary["translations"].get("lexicon"),
        "learned_entries": len(lexicon.learned),
        "read_lexicon_ms": {"median": round(statistics.median(times) * 1000, 1), "max": round(max(times) * 1000, 1)},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(figures(args.index_dir, max(1, args.rounds)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
