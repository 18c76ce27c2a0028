#!/usr/bin/env python3
"""Time names typed alone in Latin letters, with and without the bridges they cross beside the key.

Stage: tooling, at query time.  The queries are the names of
``scripts/eval_bridge.py`` in the even NTREX-128 documents (the first
``--queries`` in sorted order), each searched alone on a built index
(``setu build`` of a ``scripts/make_corpus.py`` corpus).  Settings, alternated
round by round so that the shared machine's load falls on all of them alike:

* ``key``: the phonetic key only (the key variants and the English table off);
* ``key+variants``: the key variants on, the English table off;
* ``all``: as shipped (key, variants, English table).

Prints per setting the median over rounds of the median and p95 latency (ms)
of one ``Engine.search``.  Hold the machine-wide lock for figures you report:

    flock /tmp/setu-bench.lock python scripts/bench_latin_names.py IX [--rounds 4] [--queries 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import search.bridge as bridge
from search import Engine, SearchRequest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_bridge import DEFAULT_DATA_DIR, load_ntrex, names_of  # noqa: E402
from ntrex_split import seed_documents  # noqa: E402

Variants = Callable[[str], list[str]]
English = Callable[[str], tuple[object, ...]]


def _no_variants(key: str) -> list[str]:
    return []


def _no_english(word: str) -> tuple[object, ...]:
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    docs = load_ntrex(args.data_dir / "ntrex128" / "docs.jsonl")
    names = sorted({n for i, d in enumerate(docs) if seed_documents(i) for n in names_of(d)})[: args.queries]
    engine = Engine(args.index)
    shipped = (bridge.key_variants, bridge.english_equivalents)
    settings: dict[str, tuple[Variants, English]] = {
        "key": (_no_variants, _no_english),
        "key+variants": (shipped[0], _no_english),
        "all": shipped,
    }
    for q in names[:20]:  # warm the caches
        engine.search(SearchRequest.create(q))
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label in settings}
    for r in range(args.rounds):
        order = list(settings) if r % 2 == 0 else list(reversed(settings))
        for label in order:
            bridge.key_variants, bridge.english_equivalents = settings[label]  # type: ignore[assignment]
            took = []
            for q in names:
                t0 = time.perf_counter()
                engine.search(SearchRequest.create(q))
                took.append((time.perf_counter() - t0) * 1e3)
            figures[label].append((statistics.median(took), statistics.quantiles(took, n=20)[-1]))
    bridge.key_variants, bridge.english_equivalents = shipped
    print(f"{len(names)} names, {args.rounds} rounds, {args.index}")
    for label, runs in figures.items():
        median = statistics.median(m for m, _ in runs)
        p95 = statistics.median(p for _, p in runs)
        print(f"{label:13} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
