"""The goals ``make bench`` judges: each target, the figures it reads from a run, and the ratios to Lucene."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FULL_SIZE = 100_000  # the corpus size the issue states its targets for
# Below this, fixed costs (process starts, Lucene's JIT warm-up) dominate every figure.
SMALL_SIZE = 10_000
Json = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """One goal of the scale issue, judged on one figure of a run."""

    figure: str
    text: str
    limit: float
    at_most: bool  # the figure must stay below the limit (else reach it)
    strict: bool  # "<" rather than "<="
    size_bound: bool  # stated for 100k articles: at other sizes the verdict is indicative

    def passed(self, value: float) -> bool:
        if self.at_most:
            return value < self.limit if self.strict else value <= self.limit
        return value > self.limit if self.strict else value >= self.limit


TARGETS = [
    # 100k in under 15 min is a throughput: at another size, the same docs/s.
    Target("docs_per_second", "100k in < 15 min (> 111 docs/s)", FULL_SIZE / 900, False, True, True),
    # Lucene's harness reads, analyses, inverts and stores: our indexing stage.
    Target("indexing_docs_per_second_vs_lucene", "≥ 0.40 of Lucene's docs/s", 0.40, False, False, False),
    # What a user waits for: `setu build` from spawn to exit against Lucene's run from JVM start to exit.
    Target("whole_build_vs_lucene", "≥ 0.30 of Lucene's whole run", 0.30, False, False, False),
    Target("peak_rss_mb", "< 1.5 GiB", 1.5 * 1024, True, True, True),
    Target("index_to_text", "≤ 1.5× the text", 1.5, True, False, False),
    Target("update_seconds", "1,000 files (1% of 100k) < 60 s", 60.0, True, True, True),
    Target("cold_start_seconds", "< 3 s (100k index)", 3.0, True, True, True),
    Target("search_p95_ms", "p95 < 150 ms at 100k", 150.0, True, True, True),
    Target("search_p95_vs_lucene", "p95 ≤ 25× Lucene's", 25.0, True, False, False),
    Target("passages_parallel_only_p95_ms", "p95 < 500 ms at 100k", 500.0, True, True, True),
    Target("serve_speedup", "≥ 1.8× one process (8 clients, 100k)", 1.8, False, False, True),
    Target("serve_p99_vs_one_process", "p99 no worse than one process", 1.0, True, False, True),
    Target("cross_language_p95_vs_search", "p95 ≤ 2× without cross_language", 2.0, True, False, True),
    Target("concordance_rare_p95_ms", "p95 < 300 ms at 100k", 300.0, True, True, True),
    Target("concordance_frequent_p95_ms", "first page < 1 s at 100k (p95)", 1000.0, True, True, True),
    # The journalists' desk (scripts/bench_desk.py).
    Target("trend_p95_ms", "p95 < 150 ms at 100k", 150.0, True, True, True),
    Target("folding_p95_ratio", "folding on ≤ 1.2× off (p95)", 1.2, True, False, True),
    Target("repeats_build_share", "< 10% of the build", 0.10, True, True, True),
    # Issue 16: no translation link where there is no translation, at every size.
    Target("unrelated_false_links", "0 (no translation in the corpus)", 0, True, False, False),
]


def evaluate(figures: dict[str, float | None], size: int) -> list[Json]:
    """Each target's verdict: passed True/False, or None when the figure is missing (no Lucene)."""
    verdicts = []
    for t in TARGETS:
        value = figures.get(t.figure)
        verdicts.append(
            {
                "figure": t.figure,
                "target": t.text,
                "limit": round(t.limit, 3),
                "value": value,
                "passed": None if value is None else t.passed(value),
                "indicative": (t.size_bound and size != FULL_SIZE) or size < SMALL_SIZE,
            }
        )
    return verdicts


def _ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 4) if theirs > 0 else None


def ratios(run: Json) -> Json:
    """Ours ÷ Lucene's, from this run; empty without Lucene (the same-documents pair without its run)."""
    same = run.get("lucene_same_documents") or {}
    build = run["build"]
    # Informational, judged by no target: against Lucene doing the per-article work Setu does.
    same_ratios = (
        {
            "whole_build_same_documents": _ratio(same["whole_run_seconds"], build["build_seconds"]),
            "indexing_docs_per_second_same_documents": _ratio(
                build.get("indexing_docs_per_second", 0.0), same["indexing"]["report"]["docs_per_s"]
            ),
        }
        if same.get("available")
        else {}
    )
    if not run["lucene"]["available"]:
        return same_ratios
    li, ls = run["lucene"]["indexing"]["report"], run["lucene"]["search"]["report"]
    lat = run["latency"]
    return {
        **same_ratios,
        # Lucene's seconds are inside the JVM (no JVM start), ours include Python's start: strict for us.
        "docs_per_second": _ratio(build["docs_per_second"], li["docs_per_s"]),
        # Both whole runs, process start to exit (the median of Lucene's rounds).
        "whole_build": _ratio(run["lucene"].get("whole_run_median_seconds", 0.0), build["build_seconds"]),
        "indexing_docs_per_second": _ratio(build.get("indexing_docs_per_second", 0.0), li["docs_per_s"]),
        "mb_per_second": _ratio(build["mb_per_second"], li["mb_per_s"]),
        "index_size": _ratio(build["index_mb"] * 1e6, li["index_bytes"]),
        "search_median": _ratio(lat["api_search"]["median_ms"], ls["overall"]["median_ms"]),
        "search_p95": _ratio(lat["api_search"]["p95_ms"], ls["overall"]["p95_ms"]),
        "search_p99": _ratio(lat["api_search"]["p99_ms"], ls["overall"]["p99_ms"]),
        "p95_by_kind": {
            kind: _ratio(row["p95_ms"], ls["by_kind"][kind]["p95_ms"])
            for kind, row in lat["by_kind"].items()
            if kind in ls["by_kind"]
        },
    }


def figures(run: Json) -> dict[str, float | None]:
    """The figures the targets judge."""
    build, ratio, desk = run["build"], run["ratios"], run.get("desk")
    return {
        "build_seconds": build["build_seconds"],
        "docs_per_second": build["docs_per_second"],
        "docs_per_second_vs_lucene": ratio.get("docs_per_second"),
        "indexing_docs_per_second_vs_lucene": ratio.get("indexing_docs_per_second"),
        "peak_rss_mb": build["peak_rss_mb"],
        "index_to_text": build["index_to_text"],
        "update_seconds": run["update"]["update_seconds"],
        "cold_start_seconds": run["cold_start"]["median_seconds"],
        "search_p95_ms": run["latency"]["api_search"]["p95_ms"],
        "search_p95_vs_lucene": ratio.get("search_p95"),
        "passages_parallel_only_p95_ms": run["latency"]["api_passages_parallel_only"]["p95_ms"],
        "whole_build_vs_lucene": ratio.get("whole_build"),
        "whole_build_vs_lucene_same_documents": ratio.get("whole_build_same_documents"),
        "indexing_docs_per_second_vs_lucene_same_documents": ratio.get("indexing_docs_per_second_same_documents"),
        "serve_speedup": run["throughput"].get("speedup"),
        "serve_p99_vs_one_process": run["throughput"].get("p99_vs_one_process"),
        "cross_language_p95_vs_search": (
            _ratio(run["latency"]["api_search_cross_language"]["p95_ms"], run["latency"]["api_search"]["p95_ms"])
            if run["latency"].get("api_search_cross_language")
            else None
        ),
        "concordance_rare_p95_ms": run["latency"].get("api_concordance_rare", {}).get("p95_ms"),
        "concordance_frequent_p95_ms": run["latency"].get("api_concordance_frequent", {}).get("p95_ms"),
        # A run without the desk step (an older report) judges none of its targets.
        "trend_p95_ms": desk["trend"]["p95_ms"] if desk else None,
        "folding_p95_ratio": desk["folding_p95_ratio"] if desk else None,
        "repeats_build_share": desk["repeats"]["share"] if desk else None,
        # A run without the unrelated corpus (--no-unrelated, an older report) judges no false links.
        "unrelated_false_links": run["unrelated"]["false_links"] if run.get("unrelated") else None,
    }
