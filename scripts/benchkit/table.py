"""The report's table (OUT/report.md, printed at the end): one row per measure, with each target's verdict."""

from __future__ import annotations

from typing import Any

from benchkit.targets import FULL_SIZE, SMALL_SIZE, figures

Json = dict[str, Any]


def num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def ratio_text(x: float | None) -> str:
    if x is None:
        return ""
    return f"{num(x)} (1/{1 / x:,.0f})" if 0 < x < 1 else f"{num(x)}×"


def verdict(run: Json, figure: str) -> tuple[str, str]:
    for v in run["targets"]:
        if v["figure"] == figure:
            if v["passed"] is None:
                return v["target"], "n/a"
            return v["target"], ("pass" if v["passed"] else "FAIL") + ("*" if v["indicative"] else "")
    raise KeyError(figure)


def _pct(stats: Json) -> str:
    return f"{num(stats['median_ms'])} / {num(stats['p95_ms'])} / {num(stats['p99_ms'])} ms"


def size_rows(run: Json) -> list[list[str]]:
    """Table rows for one size: measure, Setu, Lucene, Setu ÷ Lucene, target, verdict."""
    b, u, lat, tp, r = run["build"], run["update"], run["latency"], run["throughput"], run["ratios"]
    lu = run["lucene"]
    li = lu["indexing"] if lu["available"] else None
    ls = lu["search"]["report"] if lu["available"] else None
    no = "" if lu["available"] else "—"
    lucene_build = (
        f"{num(li['report']['seconds'])} s, {num(li['report']['docs_per_s'])} docs/s, "
        f"{num(li['report']['mb_per_s'])} MB/s"
        if li
        else no
    )
    speeds = lu.get("indexing_rounds_docs_per_s", []) if li else []
    if len(speeds) > 1:
        lucene_build += f" (median of {len(speeds)} rounds: {', '.join(num(x) for x in speeds)} docs/s)"
    rows = [
        [
            "indexing (build minus linking and alignment)",
            f"{num(b['indexing_seconds'])} s, {num(b['indexing_docs_per_second'])} docs/s, "
            f"{num(b['indexing_mb_per_second'])} MB/s",
            lucene_build,
            ratio_text(r.get("indexing_docs_per_second")),
            *verdict(run, "indexing_docs_per_second_vs_lucene"),
        ],
        [
            "whole build, process start to exit",
            f"{num(b['build_seconds'])} s, {num(b['docs_per_second'])} docs/s, {num(b['mb_per_second'])} MB/s",
            f"{num(lu['whole_run_median_seconds'])} s, JVM start to exit (median of {len(lu['whole_run_seconds'])})"
            if li and "whole_run_seconds" in lu
            else no,
            ratio_text(r.get("whole_build")),
            *verdict(run, "whole_build_vs_lucene"),
        ],
        *same_documents_rows(run),
        ["build time", f"{num(b['build_seconds'])} s", "", "", *verdict(run, "docs_per_second")],
        ["linking / alignment", f"{num(b['linking_seconds'])} s / {num(b['alignment_seconds'])} s", "", "", "", ""],
        ["build phases (wall clock)", phases_text(b.get("timeline", {})), "", "", "", ""],
        [
            "peak memory",
            f"{num(b['peak_rss_mb'])} MB (PSS, builder + workers; indexing {num(b.get('peak_indexing_mb', 0))}, "
            f"linking and alignment {num(b.get('peak_translations_mb', 0))})",
            f"{num(li['peak_rss_mb'])} MB (JVM RSS)" if li else no,
            "",
            *verdict(run, "peak_rss_mb"),
        ],
        [
            "index size",
            f"{num(b['index_mb'])} MB, {num(b['index_to_text'])}× the text",
            f"{num(li['report']['index_bytes'] / 1e6)} MB, "
            f"{num(li['report']['index_bytes'] / max(1, li['report']['bytes']))}× the text"
            if li
            else no,
            ratio_text(r.get("index_size")),
            *verdict(run, "index_to_text"),
        ],
        [
            f"update of 1% ({u['update_files']:,} file{'s' if u['update_files'] != 1 else ''})",
            f"{num(u['update_seconds'])} s",
            "",
            "",
            *verdict(run, "update_seconds"),
        ],
        [
            "cold start of setu serve",
            f"{num(run['cold_start']['median_seconds'])} s (median of {len(run['cold_start']['runs'])})",
            "",
            "",
            *verdict(run, "cold_start_seconds"),
        ],
        [
            "/api/search p50 / p95 / p99",
            _pct(lat["api_search"]),
            _pct(ls["overall"]) if ls else no,
            "",
            *verdict(run, "search_p95_ms"),
        ],
        [
            "/api/search p95 vs Lucene",
            f"{num(lat['api_search']['p95_ms'])} ms",
            f"{num(ls['overall']['p95_ms'])} ms" if ls else no,
            ratio_text(r.get("search_p95")),
            *verdict(run, "search_p95_vs_lucene"),
        ],
        ["/api/passages p50 / p95 / p99", _pct(lat["api_passages"]), "", "", "", ""],
        [
            "/api/passages parallel_q only p50 / p95 / p99",
            _pct(lat["api_passages_parallel_only"]),
            "",
            "",
            *verdict(run, "passages_parallel_only_p95_ms"),
        ],
        *_unrelated_rows(run),
        *_bridge_rows(run),
        *_concordance_rows(run),
        *desk_rows(run),
        *throughput_rows(tp),
    ]
    for b in run.get("build_scaling", []):
        rows.append(
            [
                f"full build, --workers {b['workers']} ({b['workers'] + 1 if b['workers'] else 1} writing)",
                f"{num(b['build_seconds'])} s (indexing {num(b['indexing_seconds'])} s, alignment "
                f"{num(b['alignment_seconds'])} s), peak {num(b['peak_rss_mb'])} MB",
                "",
                "",
                "",
                "",
            ]
        )
    return [[f"{run['size']:,}", *row] for row in rows]


def same_documents_rows(run: Json) -> list[list[str]]:
    """The two ratios against Lucene indexing Setu's documents, with what each side indexed; none if skipped."""
    same = run.get("lucene_same_documents")
    if not same or not same["available"]:
        return []
    b, r, sr = run["build"], run["ratios"], same["indexing"]["report"]
    counts = f"{same['docs']:,} documents, {same['sentences']:,} sentences"
    setu_counts = f"{b['articles']:,} articles, {b['sentences']:,} sentences"
    return [
        [
            "indexing vs Lucene doing Setu's documents (stems, keys, sentences)",
            f"{num(b['indexing_docs_per_second'])} docs/s; {setu_counts}",
            f"{num(sr['seconds'])} s, {num(sr['docs_per_s'])} docs/s in the JVM; {counts}",
            ratio_text(r.get("indexing_docs_per_second_same_documents")),
            "informational",
            "",
        ],
        [
            "whole build vs Lucene doing Setu's documents",
            f"{num(b['build_seconds'])} s",
            f"{num(same['whole_run_seconds'])} s, JVM start to exit (1 run), "
            f"peak {num(same['indexing']['peak_rss_mb'])} MB (JVM RSS)",
            ratio_text(r.get("whole_build_same_documents")),
            "informational",
            "",
        ],
    ]


def phases_text(timeline: Json) -> str:
    """The build's timeline in one cell: each phase's seconds and share of the whole."""
    phases = timeline.get("phases", [])
    total = sum(p["seconds"] for p in phases) or 1.0
    return ", ".join(f"{p['phase']} {num(p['seconds'])} s ({100 * p['seconds'] / total:.0f}%)" for p in phases)


def throughput_rows(tp: Json) -> list[list[str]]:
    """One process, then the workers; an older report has the one figure."""
    if "one_process" not in tp:
        text = f"{num(tp['throughput_rps'])} req/s, p99 {num(tp['p99_ms'])} ms, {tp['errors']} errors"
        return [[f"throughput, {tp['clients']} clients", text, "", "", "", ""]]
    one, many = tp["one_process"], tp["workers_figures"]
    medians = f"median of {tp['rounds']}"

    def busy(figures: Json) -> str:
        if "server_cores" not in figures:  # a report from before the CPU was counted
            return ""
        cores, cpu_ms = num(figures["server_cores"]), num(figures["server_cpu_ms_per_request"])
        return f", {cores} cores busy, {cpu_ms} CPU ms/request"

    return [
        [
            f"throughput, {tp['clients']} clients, 1 process",
            f"{num(one['throughput_rps'])} req/s, p99 {num(one['p99_ms'])} ms, {num(one['pss_mb'])} MB PSS"
            f"{busy(one)} ({medians})",
            "",
            "",
            "",
            "",
        ],
        [
            f"throughput, {tp['clients']} clients, {tp['workers']} workers",
            f"{num(many['throughput_rps'])} req/s ({num(tp['speedup'] or 0)}× one process), p99 "
            f"{num(many['p99_ms'])} ms, {num(many['pss_mb'])} MB PSS, "
            f"{num(tp['per_extra_worker_pss_mb'] or 0)} MB per extra worker{busy(many)}; "
            f"{tp['errors']} errors ({medians})",
            "",
            "",
            "",
            "",
        ],
    ]


def _unrelated_rows(run: Json) -> list[list[str]]:
    u = run.get("unrelated")
    if not u:
        return []
    return [
        [
            "false links on an unrelated corpus (no translation in it)",
            f"{u['false_links']:,} ({u['links_url']:,} by URL, {u['links_content']:,} by content) "
            f"among {u['articles']:,} articles",
            "",
            "",
            *verdict(run, "unrelated_false_links"),
        ]
    ]


def _bridge_rows(run: Json) -> list[list[str]]:
    """The bridge's rows: /api/search with cross_language=true (against without) and Latin-letter queries."""
    lat = run["latency"]
    rows = []
    if lat.get("api_search_cross_language"):
        rows.append(
            [
                "/api/search cross_language=true p50 / p95 / p99",
                _pct(lat["api_search_cross_language"]),
                "",
                ratio_text(figures(run).get("cross_language_p95_vs_search")),
                *verdict(run, "cross_language_p95_vs_search"),
            ]
        )
    if lat.get("api_search_latin"):
        rows.append(["/api/search Latin letters p50 / p95 / p99", _pct(lat["api_search_latin"]), "", "", "", ""])
    return rows


def _concordance_rows(run: Json) -> list[list[str]]:
    """The workbench's rows: the frequent and the rare term (their line counts in the first column)."""
    lat = run["latency"]
    lines = lat.get("concordance_lines", {})
    rows = []
    for key, label, figure in (
        ("api_concordance_frequent", "frequent term (সরকার, सरकार)", "concordance_frequent_p95_ms"),
        ("api_concordance_rare", "rare term (ইলিশ, তিস্তা)", "concordance_rare_p95_ms"),
        ("api_concordance_rare_sorted", "rare term sorted by context", None),
    ):
        if key in lat:
            judged = verdict(run, figure) if figure else ("", "")
            rows.append([f"/api/concordance p50 / p95 / p99, {label}", _pct(lat[key]), "", "", *judged])
    if lines:
        counted = ", ".join(f"{q}: {n:,}" for q, n in lines.items())
        rows.append(["/api/concordance lines", counted, "", "", "", ""])
    return rows


def desk_rows(run: Json) -> list[list[str]]:
    """The journalists' desk (scripts/bench_desk.py): trend, folding, repeat detection."""
    desk = run.get("desk")
    if not desk:
        return []
    on, off, rep = desk["search_folding_on"], desk["search_folding_off"], desk["repeats"]
    return [
        [
            "/api/trend p50 / p95",
            f"{num(desk['trend']['median_ms'])} / {num(desk['trend']['p95_ms'])} ms",
            "",
            "",
            *verdict(run, "trend_p95_ms"),
        ],
        [
            "/api/search p95, folding on / off",
            f"{num(on['p95_ms'])} / {num(off['p95_ms'])} ms (×{num(desk['folding_p95_ratio'] or 0)})",
            "",
            "",
            *verdict(run, "folding_p95_ratio"),
        ],
        [
            "repeat detection, share of the build",
            f"{num(100 * (rep['share'] or 0))}% ({num(rep['repeats_seconds'])} s grouping + "
            f"{num(rep['word_minhash']['seconds'])} s MinHash; {rep['repeat_groups']} groups)",
            "",
            "",
            *verdict(run, "repeats_build_share"),
        ],
    ]


def noise(phases: list[Json], cpus: int) -> str:
    """How much of the machine other processes took while this size was measured."""
    timed = [p for p in phases if p["other_cpu_seconds"] is not None]
    if not timed:
        return "CPU use of other processes unknown (no /proc/stat)"
    share = sum(p["other_cpu_seconds"] for p in timed) / max(1e-9, cpus * sum(p["seconds"] for p in timed))
    worst = max(timed, key=lambda p: p["other_cpu_share"])
    return (
        f"other processes took {num(100 * share)}% of the CPUs "
        f"(up to {num(100 * worst['other_cpu_share'])}% during {worst['phase'].split(': ', 1)[1]})"
    )


def table(report: Json) -> str:
    head = ["articles", "measure", "Setu", "Lucene 8", "Setu ÷ Lucene", "target", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for run in report["runs"]:
        lines += ["| " + " | ".join(row) + " |" for row in size_rows(run)]
    m = report["machine"]
    lines.append("")
    lines.append(
        f"{m['cpus']} cpus, Python {m['python']}, Whoosh {m['whoosh']}, commit {(m['git_commit'] or '?')[:10]}"
        f"{' (dirty)' if m['git_dirty'] else ''}; load average {m['loadavg_before']} before, "
        f"{report.get('loadavg_after', '?')} after."
    )
    for run in report["runs"]:
        lu = run["lucene"]
        lines.append(
            f"{run['size']:,}: {noise(run['phases'], m['cpus'] or 1)}"
            + ("" if lu["available"] else f"; Lucene skipped: {lu['reason']}")
            + _same_documents_skipped(run)
        )
    lines.append(
        f"* indicative: the issue states this target for {FULL_SIZE:,} articles, or the corpus is under "
        f"{SMALL_SIZE:,} (process starts and Lucene's JIT warm-up dominate). "
        "Lucene: in-process top 10 without facets or highlights; Setu: HTTP with both."
    )
    return "\n".join(lines)


def _same_documents_skipped(run: Json) -> str:
    same = run.get("lucene_same_documents")
    if same is None or same["available"] or same["reason"] == run["lucene"].get("reason"):
        return ""  # ran, an older report, or skipped for the reason already given
    return f"; Lucene on Setu's documents skipped: {same['reason']}"
