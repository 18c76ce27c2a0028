#!/usr/bin/env python3
"""Time names typed alone in Latin letters, with and without the bridges they cross beside the key.

Stage: tooling, at query time.  The queries are the names of
``scripts/eval_bridge.py`` in the even NTREX-128 documents (the first
``--queries`` in sorted order), each searched alone on a built index
(``setu build`` of a ``scripts/make_corpus.py`` corpus).  Settings, alternated
round by round so that the shared machine's load falls on all of them alike:

* ``key``: the phonetic key only (the key variants, the spelling variants,
  the English table and the common words off; a lone key of 3 letters);
* ``key+variants``: the key variants on;
* ``+english``: the English table on too: what shipped before the common words;
* ``all``: as shipped (the spelling variants on, a lone word's key not matched
  at the common words that share it, a lone key of 2 letters).

Prints per setting the median over rounds of the median and p95 latency (ms)
of one ``Engine.search``.  Hold the machine-wide lock for figures you report:

    flock /tmp/setu-bench.lock python scripts/bench_latin_names.py IX [--rounds 4] [--queries 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import search.bridge as bridge
from search import Engine, SearchRequest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_bridge import DEFAULT_DATA_DIR, load_ntrex, names_of  # noqa: E402
from ntrex_split import seed_documents  # noqa: E402


def _no_variants(key: str) -> list[str]:
    return []


def _no_english(word: str) -> tuple[object, ...]:
    return ()


def _no_common(key: str) -> tuple[str, ...]:
    return ()


# What each setting replaces in search.bridge (module attributes).
_OFF: dict[str, Any] = {
    "key_variants": _no_variants,
    "spelling_variants": _no_variants,
    "english_equivalents": _no_english,
    "common_words": _no_common,
    "MIN_WORD_KEY": 3,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.queries < 2:
        parser.error("--rounds must be 1 or more and --queries 2 or more (a percentile needs two names)")
    docs = load_ntrex(args.data_dir / "ntrex128" / "docs.jsonl")
    names = sorted({n for i, d in enumerate(docs) if seed_documents(i) for n in names_of(d)})[: args.queries]
    engine = Engine(args.index)
    shipped = {name: getattr(bridge, name) for name in _OFF}
    settings: dict[str, dict[str, Any]] = {
        "key": dict(_OFF),
        "key+variants": {**_OFF, "key_variants": shipped["key_variants"]},
        "+english": {
            **_OFF,
            "key_variants": shipped["key_variants"],
            "english_equivalents": shipped["english_equivalents"],
        },
        "all": shipped,
    }
    for q in names[:20]:  # warm the caches
        engine.search(SearchRequest.create(q))
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label in settings}
    for r in range(args.rounds):
        order = list(settings) if r % 2 == 0 else list(reversed(settings))
        for label in order:
            for name, value in settings[label].items():
                setattr(bridge, name, value)
            took = []
            for q in names:
                t0 = time.perf_counter()
                engine.search(SearchRequest.create(q))
                took.append((time.perf_counter() - t0) * 1e3)
            figures[label].append((statistics.median(took), statistics.quantiles(took, n=20)[-1]))
    for name, value in shipped.items():
        setattr(bridge, name, value)
    print(f"{len(names)} names, {args.rounds} rounds, {args.index}")
    for label, runs in figures.items():
        median = statistics.median(m for m, _ in runs)
        p95 = statistics.median(p for _, p in runs)
        print(f"{label:13} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
