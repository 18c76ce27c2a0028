#!/usr/bin/env python3
"""What verifying translation links costs: linking and alignment with and without it.

Stage: tooling around index time.  Reads a corpus once (every article,
parsed in ``--workers`` processes), fingerprints it, then alternates, for
``--rounds`` rounds, the two ways of linking in one process:

* ``before``: ``link()`` on content alone, then every link aligned (beads,
  the stems the lexicon learns from, their lexical share), as the build did
  before verification;
* ``after``: ``link()`` with the aligner, which aligns every URL pair and
  content candidate (rejected ones too) before deciding, as the build does.

Prints the median CPU seconds of each (this process only: the build runs
alignment in worker processes, so its wall time is about this over the
cores), the links, and the candidates rejected.

Usage:
    bench_link_verification.py CORPUS_DIR [--rounds N] [--workers N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from index.corpus.article import Article
from index.corpus.files import CorpusFile, list_corpus, read_article
from index.translation.align import article_sentences, caption_flags
from index.translation.fingerprint import fingerprint
from index.translation.linking import link
from index.translation.pair_alignment import align_pair, article_aligner


def _read(file: CorpusFile) -> Article | None:
    article = read_article(file)
    return article if isinstance(article, Article) else None


def read_corpus(root: Path, workers: int) -> dict[str, Article]:
    files = [f for f in list_corpus(root) if isinstance(f, CorpusFile)]
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            read = pool.map(_read, files, chunksize=64)
    else:
        read = [_read(f) for f in files]
    return {a.id: a for a in read if a is not None}


def figures(articles: dict[str, Article], rounds: int) -> dict[str, object]:
    fps = [fingerprint(a) for a in articles.values()]

    def before() -> tuple[int, int]:
        linking = link(fps)
        for x in linking.links:
            a, b = articles[x.a], articles[x.b]
            align_pair(article_sentences(a), article_sentences(b), caption_flags(a), caption_flags(b), a.lang, b.lang)
        return len(linking.links), 0

    def after() -> tuple[int, int]:
        linking = link(fps, aligner=article_aligner(articles))
        return len(linking.links), len(linking.rejected)

    runs: dict[str, list[float]] = {"before": [], "after": []}
    counts: dict[str, tuple[int, int]] = {}
    ways: dict[str, Callable[[], tuple[int, int]]] = {"before": before, "after": after}
    for _ in range(rounds):
        for name, way in ways.items():  # alternating, so that drift hits both
            started = time.process_time()
            counts[name] = way()
            runs[name].append(time.process_time() - started)
    medians = {name: statistics.median(v) for name, v in runs.items()}
    return {
        "articles": len(articles),
        "rounds": rounds,
        "cpu_seconds": {name: round(v, 2) for name, v in medians.items()},
        "ratio": round(medians["after"] / medians["before"], 3) if medians["before"] else None,
        "links": {name: c[0] for name, c in counts.items()},
        "rejected": counts["after"][1],
    }


def corpus_arguments(argv: Sequence[str] | None, doc: str, truth: bool = False) -> argparse.Namespace:
    """CORPUS_DIR [--rounds N] [--workers N] [--json OUT] (and ``truth``: [--truth FILE]), checked.

    This script's, bench_lexical_linking's and bench_link_recall's.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="processes that read the corpus")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    if truth:
        parser.add_argument("--truth", type=Path, help="the corpus's pairs, from make_corpus.py --truth")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder: give a corpus (e.g. made by scripts/make_corpus.py)")
    if truth and args.truth is not None and not args.truth.is_file():
        parser.error(f"--truth {args.truth} is not a file: give the one make_corpus.py --truth wrote")
    return args


def print_figures(result: dict[str, object], out: Path | None) -> None:
    print(json.dumps(result, indent=2))
    if out:
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = corpus_arguments(argv, __doc__ or "")
    print_figures(figures(read_corpus(args.corpus, args.workers), args.rounds), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
