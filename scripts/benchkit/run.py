"""One size of ``make bench``: every step in order on the same files, each timed as a phase."""

from __future__ import annotations

import argparse
import contextlib
import shutil
from collections.abc import Callable
from typing import Any

import bench_desk
import bench_index

from benchkit.corpus import cached_corpus, corpus_figures, working_copy
from benchkit.lucene_steps import lucene, lucene_index_round, lucene_prerequisites, lucene_same_documents
from benchkit.machine import phase
from benchkit.setu_steps import builds, cold_start, latency, throughput, unrelated_links
from benchkit.targets import evaluate, figures, ratios

Json = dict[str, Any]


def bench_size(size: int, args: argparse.Namespace) -> Json:
    phases: list[Json] = []
    run: Json = {"size": size, "phases": phases}
    with phase(phases, f"{size}: corpus"):
        cache, cached = cached_corpus(args.out, size, args.seed)
        run["corpus"] = {**corpus_figures(cache), "seed": args.seed, "cached": cached}
    work = args.out / "work" / f"n{size}"
    corpus, index_dir = work / "corpus", work / "index"
    harness = lucene_prerequisites(args)
    lucene_dir = work / "lucene-index"
    steps: list[tuple[str, str, Callable[[], Json]]] = [
        ("build", "full build", lambda: builds(corpus, index_dir, args.workers, run)),
        ("cold_start", "cold start", lambda: cold_start(index_dir, args.cold_starts)),
        ("latency", "query latency", lambda: latency(index_dir, args.rounds)),
        ("desk", "trend, folding, repeats", lambda: bench_desk.figures(index_dir, args.rounds)),
        (
            "throughput",
            f"{args.clients}-client load",
            lambda: throughput(index_dir, args.clients, args.seconds, args.serve_workers, args.load_rounds),
        ),
        (
            "update",
            "incremental update of 1%",
            lambda: bench_index.update_figures(corpus, index_dir, args.workers[-1]),
        ),
        # The cached files, as the full build saw them (the update changed the working copy).
        ("lucene", "Lucene 8", lambda: lucene(harness, cache, lucene_dir, args, run.pop("lucene_before", None))),
    ]
    if args.unrelated:
        unrelated = (
            "unrelated",
            "unrelated corpus: false links",
            lambda: unrelated_links(args.out, size, args.seed, work / "unrelated-index", args.workers[-1]),
        )
        steps.insert(len(steps) - 1, unrelated)
    same = (
        "lucene_same_documents",
        "Lucene 8 indexing Setu's documents",
        lambda: lucene_same_documents(harness, cache, work / "lucene-same-documents", args),
    )
    steps.append(same)
    classpath = harness[0]
    if classpath is not None and args.lucene_index_rounds > 1:
        # One of Lucene's indexing rounds before the build, the others after it (its step pops this one).
        before = (
            "lucene_before",
            "Lucene 8 indexing, round 1",
            lambda: lucene_index_round(classpath, cache, lucene_dir, args),
        )
        steps.insert(0, before)
    try:
        working_copy(cache, corpus)
        for key, name, step in steps:
            with phase(phases, f"{size}: {name}"):
                run[key] = step()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            with contextlib.suppress(OSError):  # the last size leaves no empty OUT/work behind
                work.parent.rmdir()
    run["ratios"] = ratios(run)
    run["figures"] = figures(run)
    run["targets"] = evaluate(run["figures"], size)
    return run
