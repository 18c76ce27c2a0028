#!/usr/bin/env python3
"""Time "did you mean" on a built index.

    python scripts/bench_suggest.py INDEX_DIR [--words N] [--seed S] [--per-query K]

Stage: tooling.  Takes N indexed words of six letters or more (not Latin),
drops one letter from each (never the first: suggestions keep the first
letter), and times ``Engine.search`` on each misspelling in-process: the
first zero-hit search, which reads the term list into the per-generation
lexicon, and the later ones (median and maximum).  Also counts how many
were answered with hits or a suggestion.  ``--per-query K`` puts K
misspellings in each query instead (the worst case is many typos in one
query: at most three are corrected, the rest cost nothing).  Deterministic
for a seed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import open_index  # noqa: E402
from search import Engine, SearchRequest  # noqa: E402


def misspellings(index_dir: Path, n: int, seed: int) -> list[str]:
    """``n`` indexed exact terms of six letters or more, each with one letter (not the first) dropped."""
    with open_index(index_dir).reader() as reader:
        words = [t.decode("utf-8") for t in reader.lexicon("text")]
    long_words = [w for w in words if len(w) >= 6 and not w.isascii()]
    rng = random.Random(seed)
    out = []
    for word in rng.sample(long_words, min(n, len(long_words))):
        i = rng.randrange(1, len(word))
        out.append(word[:i] + word[i + 1 :])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--words", type=int, default=21, help="misspelt words timed (default 21)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-query", type=int, default=1, help="misspelt words in each query (default 1)")
    args = parser.parse_args(argv)
    words = misspellings(args.index_dir, args.words, args.seed)
    k = max(1, args.per_query)
    typos = [" ".join(words[i : i + k]) for i in range(0, len(words), k)]
    if len(typos) < 2:
        raise SystemExit(f"{args.index_dir}: fewer than two queries of indexed words of six letters or more")
    engine = Engine(args.index_dir)
    engine.warm()
    times: list[float] = []
    answered = 0
    for q in typos:
        started = time.perf_counter()
        result = engine.search(SearchRequest.create(q))
        times.append((time.perf_counter() - started) * 1000)
        answered += bool(result.suggestions) or result.total > 0
    first, later = times[0], times[1:]
    print(
        f"first zero-hit search (reads the term list): {first:.0f} ms; "
        f"later: median {statistics.median(later):.1f} ms, max {max(later):.1f} ms; "
        f"{answered}/{len(typos)} answered (hits or a suggestion)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
