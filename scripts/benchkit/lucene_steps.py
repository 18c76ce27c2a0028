"""Lucene 8's steps of ``make bench`` (scripts/bench_lucene.py): indexing rounds, the query mix, Setu's documents."""

from __future__ import annotations

import argparse
import shutil
import statistics
from pathlib import Path
from typing import Any

import bench_lucene

Json = dict[str, Any]


def lucene_prerequisites(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(class path, None) when the harness can run, else (None, the reason)."""
    if not args.lucene:
        return None, "--no-lucene"
    try:
        reason = bench_lucene.missing_prerequisites()
        if reason is not None:
            return None, reason
        return bench_lucene.build(), None
    except (RuntimeError, OSError, ValueError) as exc:
        return None, f"the harness failed: {exc}"


def lucene_index_round(classpath: str, corpus: Path, index_dir: Path, args: argparse.Namespace) -> Json:
    """One Lucene indexing run, its index removed: the round before Setu's build (see :func:`lucene`)."""
    try:
        run = bench_lucene.index_corpus(classpath, corpus, index_dir, store_body=args.lucene_store_body)
    except (RuntimeError, OSError, ValueError) as exc:
        return {"available": False, "reason": f"the harness failed: {exc}"}
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)
    return {"available": True, "indexing": run.to_dict()}


def lucene(
    harness: tuple[str | None, str | None], corpus: Path, index_dir: Path, args: argparse.Namespace, before: Json | None
) -> Json:
    """Lucene's indexing and query figures on ``corpus``, or why there are none.

    ``harness`` is :func:`lucene_prerequisites`' answer.  Lucene indexes
    ``--lucene-index-rounds`` times in all, ``before`` (the round run before
    Setu's build) included, so that a slow or a fast minute of this shared
    machine moves neither side alone; the figures are those of the median
    round, every round's docs/s is listed.  The last round's index answers
    the queries.
    """
    classpath, reason = harness
    if classpath is None:
        return {"available": False, "reason": reason}
    rounds: list[Json] = [before["indexing"]] if before and before.get("available") else []
    try:
        for i in range(max(1, args.lucene_index_rounds - len(rounds))):
            if i:
                shutil.rmtree(index_dir, ignore_errors=True)
            indexing = bench_lucene.index_corpus(classpath, corpus, index_dir, store_body=args.lucene_store_body)
            rounds.append(indexing.to_dict())
        search = bench_lucene.run_queries(
            classpath, index_dir, bench_lucene.bench_search_mix(), args.lucene_rounds, args.lucene_warmup
        )
    except (RuntimeError, OSError, ValueError) as exc:  # the harness failed: report it, keep Setu's figures
        return {"available": False, "reason": f"the harness failed: {exc}"}
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)
    speeds = [r["report"]["docs_per_s"] for r in rounds]
    median = sorted(rounds, key=lambda r: r["report"]["docs_per_s"])[(len(rounds) - 1) // 2]
    walls = [r["wall_seconds"] for r in rounds]
    return {
        "available": True,
        "indexing": median,
        "indexing_rounds_docs_per_s": speeds,
        # Each round's whole run, JVM start to exit: what `setu build`'s wall clock compares with.
        "whole_run_seconds": walls,
        "whole_run_median_seconds": round(statistics.median(walls), 3),
        "search": search.to_dict(),
    }


def lucene_same_documents(
    harness: tuple[str | None, str | None], corpus: Path, index_dir: Path, args: argparse.Namespace
) -> Json:
    """One Lucene run indexing the documents Setu writes (``--same-documents``), or why there is none.

    One run, not ``--lucene-index-rounds``: at 100k it takes four minutes, and
    its ratios only say how much of the gap to the plain run is Setu doing
    more work (scripts/bench_whole_build.py measures them in rounds).
    """
    classpath, reason = harness
    if classpath is None:
        return {"available": False, "reason": reason}
    if not args.lucene_same_documents:
        return {"available": False, "reason": "--no-lucene-same-documents"}
    try:
        run = bench_lucene.index_corpus(classpath, corpus, index_dir, same_documents=True)
    except (RuntimeError, OSError, ValueError) as exc:
        return {"available": False, "reason": f"the harness failed: {exc}"}
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)
    r = run.report
    return {
        "available": True,
        "indexing": run.to_dict(),
        "whole_run_seconds": run.wall_seconds,  # JVM start to exit
        # What Lucene indexed, read back from its committed index: one document per article.
        "docs": r["index_docs"],
        "sentences": r["sentences"],
    }
