#!/usr/bin/env python3
"""What the lexical keys cost and find: linking with and without them, on one corpus.

Stage: tooling around index time.  Reads a corpus once (``--workers``
processes), fingerprints it (timing the lexical keys apart: the stems of
every article mapped through the seed lexicon), then alternates, for
``--rounds`` rounds, ``link()`` with the aligner (as the build links: every
candidate verified by aligning it) over the fingerprints without their
lexical keys (``without``, linking before issue 16's item 2) and with them
(``with``).  Prints median CPU seconds of each (this process only), the
links and rejected candidates of each, and the candidate pairs per article
(pairs sharing a block; and pairs given a full score).

Usage:
    bench_lexical_linking.py CORPUS_DIR [--rounds N] [--workers N] [--json OUT]
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from index.analysis.analyzers import analyze_columns, stem_term
from index.translation.fingerprint import fingerprint
from index.translation.link_lexical import lexical_keys
from index.translation.linking import Linking, link
from index.translation.pair_alignment import article_aligner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_link_verification import corpus_arguments, print_figures, read_corpus  # noqa: E402


def figures(corpus: Path, rounds: int, workers: int) -> dict[str, object]:
    articles = read_corpus(corpus, workers)
    # The keys' share of fingerprinting, timed first (cold caches, as in a build's worker).
    terms = {i: analyze_columns(a.body()).terms for i, a in articles.items()}
    started = time.process_time()
    for i, a in articles.items():
        lexical_keys(map(stem_term, dict.fromkeys(terms[i])), a.lang)
    keys_seconds = time.process_time() - started
    fps = [fingerprint(a) for a in articles.values()]
    ways = {"without": [dataclasses.replace(fp, lexical=()) for fp in fps], "with": fps}
    runs: dict[str, list[float]] = {name: [] for name in ways}
    found: dict[str, Linking] = {}
    for _ in range(rounds):
        for name, prints in ways.items():  # alternating, so that drift hits both
            started = time.process_time()
            found[name] = link(prints, aligner=article_aligner(articles))
            runs[name].append(time.process_time() - started)
    n = max(len(fps), 1)
    return {
        "articles": len(fps),
        "rounds": rounds,
        "lexical_keys_cpu_seconds": round(keys_seconds, 2),
        "cpu_seconds": {name: round(statistics.median(v), 2) for name, v in runs.items()},
        "links": {name: len(x.links) for name, x in found.items()},
        "links_content": {name: sum(k.method == "content" for k in x.links) for name, x in found.items()},
        "rejected": {name: len(x.rejected) for name, x in found.items()},
        "candidate_pairs_per_article": {name: round(x.stats.candidate_pairs / n, 2) for name, x in found.items()},
        "scored_per_article": {name: round(x.stats.scored / n, 2) for name, x in found.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = corpus_arguments(argv, __doc__ or "")
    print_figures(figures(args.corpus, args.rounds, args.workers), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
