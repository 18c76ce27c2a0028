#!/usr/bin/env python3
"""What issue 16's recall changes cost and find: linking with the former partner ranking and rule, and with today's.

Stage: tooling around index time.  Reads a corpus once (``--workers``
processes), fingerprints it, then alternates, for ``--rounds`` rounds,
``link()`` with the aligner (as the build links) the former way
(``before``: each article's 3 partners ranked by the shared block weight,
no extra block features for short articles; a content candidate kept only
with half its sentences in confident beads, a mean bead score of 0.5 and a
confidence of 0.55; no last rounds among the articles left open) and
today's (``after``: a Dice over block weights, extra block features for
short articles; a candidate whose lexical share reaches 0.2 kept whatever
its beads' scores, a confidence of 0.5; the last rounds).  The lexical share
is today's in both.  Prints median CPU seconds of each (this
process only: alignment included, the reading and fingerprints not), links,
content links, rejected candidates, candidate pairs per article (pairs
sharing a block) and pairs scored per article; with ``--truth FILE``
(``scripts/make_corpus.py --truth``), the links whose two articles are not
one of its pairs.

Usage:
    bench_link_recall.py CORPUS_DIR [--rounds N] [--workers N] [--truth FILE] [--json OUT]
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from unittest import mock

import numpy as np

from index.translation import link_blocks, link_support, linking
from index.translation.fingerprint import fingerprint
from index.translation.fingerprint_table import ArticleFacts
from index.translation.link_scores import Array, FeatureMatrix
from index.translation.linking import Linking, link
from index.translation.pair_alignment import article_aligner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_link_verification import corpus_arguments, print_figures, read_corpus  # noqa: E402


def former_candidate_pairs(
    fps: Sequence[ArticleFacts], m: FeatureMatrix, max_block: int, top: int
) -> tuple[Array, Array, int]:
    """The pairs to score, each article's partners ranked by the shared block weight alone."""
    blocks = link_blocks._block_entries(m, max_block, link_blocks._SIGNATURE, np.zeros(len(fps), dtype=bool))
    a, b, shared = link_blocks._block_pairs(m, *blocks, max_block, link_blocks._size_key(fps, m))
    candidates = len(a)
    a, b = link_blocks._top_partners(m, a, b, shared, top) if candidates else (a, b)
    return a, b, candidates


def former_keeps(self: link_support.Support, confidence: float) -> bool:
    """The rule before the confirmation by words."""
    return (
        self.confident >= link_support._MIN_CONFIDENT
        and self.posterior >= link_support._MIN_POSTERIOR
        and self.one_sided <= link_support._MAX_ONE_SIDED
        and abs(self.length) <= link_support._MAX_LOG_LENGTH
        and (self.lexical is None or self.lexical >= link_support._MIN_LEXICAL)
        and confidence >= _FORMER_MIN_CONFIDENCE
    )


_FORMER_MIN_CONFIDENCE = 0.55


def no_last_links(
    self: linking._Linker,
    scores: dict[tuple[int, int], float],
    threshold: float,
    passage_only: Callable[[int, int], bool],
) -> None:
    """Before the last rounds among open articles: nothing."""


@contextlib.contextmanager
def former() -> Iterator[None]:
    with (
        mock.patch.object(linking, "candidate_pairs", former_candidate_pairs),
        mock.patch.object(link_support.Support, "keeps", former_keeps),
        mock.patch.object(linking._Linker, "last_links", no_last_links),
    ):
        yield


def false_links(found: Linking, truth: Path | None) -> int | None:
    if truth is None:
        return None
    pair_of = {}
    for line in truth.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pair_of[row["id"]] = row.get("pair_id")
    return sum(pair_of.get(x.a) is None or pair_of.get(x.a) != pair_of.get(x.b) for x in found.links)


def figures(corpus: Path, rounds: int, workers: int, truth: Path | None) -> dict[str, object]:
    articles = read_corpus(corpus, workers)
    fps = [fingerprint(a) for a in articles.values()]
    ways: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
        "before": former,
        "after": contextlib.nullcontext,
    }
    runs: dict[str, list[float]] = {name: [] for name in ways}
    found: dict[str, Linking] = {}
    for _ in range(rounds):
        for name, way in ways.items():  # alternating, so that drift hits both
            with way():
                started = time.process_time()
                found[name] = link(fps, aligner=article_aligner(articles))
                runs[name].append(time.process_time() - started)
    n = max(len(fps), 1)
    return {
        "articles": len(fps),
        "rounds": rounds,
        "cpu_seconds": {name: round(statistics.median(v), 2) for name, v in runs.items()},
        "links": {name: len(x.links) for name, x in found.items()},
        "links_content": {name: sum(k.method == "content" for k in x.links) for name, x in found.items()},
        "false_links": {name: false_links(x, truth) for name, x in found.items()},
        "rejected": {name: len(x.rejected) for name, x in found.items()},
        "candidate_pairs_per_article": {name: round(x.stats.candidate_pairs / n, 2) for name, x in found.items()},
        "scored_per_article": {name: round(x.stats.scored / n, 2) for name, x in found.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = corpus_arguments(argv, __doc__ or "", truth=True)
    print_figures(figures(args.corpus, args.rounds, args.workers, args.truth), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
