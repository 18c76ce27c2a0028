#!/usr/bin/env python3
"""Lucene baseline: the same indexing and queries done by Apache Lucene 8, measured here.

    python scripts/bench_lucene.py CORPUS_DIR [--rounds R] [--warmup W] [--store-body]
                                   [--total-hits-threshold N] [--keep DIR] [--json OUT]
                                   [--same-documents]

Compiles the Java harness in scripts/lucene/ if a source changed (Debian's
liblucene8-java and libicu4j-java, Java 17), indexes CORPUS_DIR with it
(single-threaded IndexWriter, ICU word breaks + NFKC case-fold + digit
folding), then times the query mix of scripts/bench_search.py against that
index: top 10 by BM25 with an exact hit count, no facets, no highlights.
Prints docs/s, MB/s, index size, and query median/p95/p99 per kind, so our
figures can be read as ratios of Lucene's measured on the same machine.
With ``--same-documents`` it also indexes the corpus a second time as the
documents Setu writes (exact, stemmed and transliteration-key fields with
positions, the text and sentence ranges stored; scripts/lucene/README.md)
and reports that run too: the equal-work yardstick.
A benchmark, not a test: compare within one run, note the machine's load.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "lucene"
BUILD_SH = HARNESS / "build.sh"
BUILD_DIR = HARNESS / "build"
JAVA_OPTS = ("-Xmx1g",)
# Java decodes file names and writes text by the locale; CI may have none set.
JAVA_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}
MISSING_JARS = 3  # build.sh's exit status when a jar is not installed


@dataclass(frozen=True)
class HarnessRun:
    """One run of the harness: its JSON report and what it cost as a process."""

    report: dict[str, Any]
    wall_seconds: float  # including the JVM's start
    cpu_seconds: float  # user + system, all of the JVM's threads (JIT and GC included)
    peak_rss_mb: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def missing_prerequisites() -> str | None:
    """Why the harness cannot run here (java, javac or a jar missing), or None."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            return f"{tool} not found (Java 17: apt-get install openjdk-17-jdk-headless)"
    probe = subprocess.run(["sh", str(BUILD_SH), "--classpath"], capture_output=True, text=True, check=False)
    if probe.returncode == MISSING_JARS:
        return f"Lucene jars missing: {probe.stderr.strip()}"
    if probe.returncode != 0:
        raise RuntimeError(f"{BUILD_SH} --classpath failed: {probe.stderr.strip()}")
    return None


def build(out_dir: Path = BUILD_DIR) -> str:
    """Compile the harness unless the last build is newer than every source; return the class path."""
    stamp = out_dir / "classpath"
    sources = [BUILD_SH, *HARNESS.glob("*.java")]
    if not stamp.exists() or stamp.stat().st_mtime < max(s.stat().st_mtime for s in sources):
        done = subprocess.run(["sh", str(BUILD_SH), str(out_dir)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"compiling the Lucene harness failed:\n{done.stdout}{done.stderr}")
    return stamp.read_text(encoding="utf-8").strip()


def run_harness(classpath: str, *args: str, stdin: str | None = None) -> HarnessRun:
    """Run ``SetuLucene ARGS`` and parse the JSON it prints."""
    cmd = ["java", *JAVA_OPTS, "-cp", classpath, "SetuLucene", *args]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=out,
            stderr=err,
            env=JAVA_ENV,
        )
        if proc.stdin is not None:
            proc.stdin.write((stdin or "").encode("utf-8"))
            proc.stdin.close()
        # wait4, not wait: it also gives this child's own CPU time and peak RSS.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return HarnessRun(
        report=json.loads(stdout),
        wall_seconds=round(wall, 3),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
    )


def analyze(classpath: str, text: str) -> list[str]:
    """The terms the harness's analyzer makes of a text."""
    return [term for term, _start, _end in run_harness(classpath, "analyze", stdin=text).report["tokens"]]


def analyze_fields(classpath: str, text: str) -> dict[str, Any]:
    """What ``--same-documents`` makes of a text: [term, position] per field (text, stem, key), sentence offsets."""
    report = run_harness(classpath, "analyze", "--same-documents", stdin=text).report
    return {name: report[name] for name in ("text", "stem", "key", "sentences")}


def index_corpus(
    classpath: str, corpus: Path, index_dir: Path, store_body: bool = False, same_documents: bool = False
) -> HarnessRun:
    """Index every ``*.txt`` under ``corpus`` into a new Lucene index at ``index_dir``.

    With ``same_documents``, each article becomes the document Setu's build
    writes (scripts/lucene/SameDocuments.java) instead of one analysed body.
    """
    flags = [*(["--store-body"] if store_body else []), *(["--same-documents"] if same_documents else [])]
    return run_harness(classpath, "index", str(corpus), str(index_dir), *flags)


def run_queries(
    classpath: str,
    index_dir: Path,
    queries: list[tuple[str, str]],
    rounds: int = 200,
    warmup: int = 1000,
    total_hits_threshold: int | None = None,
) -> HarnessRun:
    """Time (kind, query) pairs against a harness index; see scripts/lucene/README.md for the syntax."""
    with tempfile.TemporaryDirectory(prefix="setu-lucene-queries-") as tmp:
        tsv = Path(tmp) / "queries.tsv"
        tsv.write_text("".join(f"{kind}\t{query}\n" for kind, query in queries), encoding="utf-8")
        extra = [] if total_hits_threshold is None else ["--total-hits-threshold", str(total_hits_threshold)]
        return run_harness(classpath, "search", str(index_dir), str(tsv), str(rounds), "--warmup", str(warmup), *extra)


def bench_search_mix() -> list[tuple[str, str]]:
    """The query mix of scripts/bench_search.py in the harness's syntax.

    Facet parameters become ``field:value`` terms (the harness applies
    ``lang`` and ignores the others); passage searches are left out, since
    the Lucene index has no sentence documents.
    """
    spec = importlib.util.spec_from_file_location("setu_bench_search", HERE / "bench_search.py")
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {HERE / 'bench_search.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    mix = []
    for kind, path, params in module.QUERIES:
        if path == "/api/search":
            filters = [f"{name}:{value}" for name, value in params.items() if name != "q"]
            mix.append((kind, " ".join([params.get("q", ""), *filters]).strip()))
    return mix


def _print_indexing(label: str, indexing: HarnessRun) -> None:
    r = indexing.report
    print(
        f"{label:<10} {r['docs']} docs, {r['bytes'] / 1e6:.1f} MB in {r['seconds']} s "
        f"({indexing.wall_seconds} s with JVM start, {indexing.cpu_seconds} s CPU, peak RSS {indexing.peak_rss_mb} MB)"
    )
    print(
        f"           {r['docs_per_s']:.1f} docs/s, {r['mb_per_s']:.2f} MB/s; index {r['index_bytes'] / 1e6:.1f} MB "
        f"({r['index_bytes'] / max(1, r['bytes']):.2f}x the text)"
    )


def _print_report(indexing: HarnessRun, search: HarnessRun, load: str, same: HarnessRun | None = None) -> None:
    r = indexing.report
    print(f"Lucene {r['lucene']}, ICU4J {r['icu4j']}, Java {r['java']}; {os.cpu_count()} cpus, load {load}")
    _print_indexing("indexing", indexing)
    if same is not None:
        _print_indexing("same docs", same)
        sr = same.report
        print(f"           {sr['index_docs']} documents, {sr['sentences']} sentences, {sr['tokens']} tokens")
    s = search.report
    print(f"\n{'kind':<16} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, row in [*s["by_kind"].items(), ("overall", s["overall"])]:
        print(f"{kind:<16} {row['median_ms']:>10} {row['p95_ms']:>8} {row['p99_ms']:>8}")
    print(f"{s['overall']['n']} queries timed after {s['warmup']} warm-up rounds\n")
    for q in s["queries"]:
        ignored = f"  (ignored: {' '.join(q['ignored'])})" if q["ignored"] else ""
        print(f"{q['hits']:>7} hits  {q['kind']:<16} {q['query']}{ignored}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of *.txt articles")
    # A Lucene round of the mix takes milliseconds: many rounds cost nothing and
    # steady the p95; the warm-up lets the JIT compile the hot loops first.
    parser.add_argument("--rounds", type=int, default=200, help="timed rounds of the query mix (default 200)")
    parser.add_argument("--warmup", type=int, default=1000, help="untimed rounds first (default 1000)")
    parser.add_argument("--store-body", action="store_true", help="also store the text (Setu stores it)")
    parser.add_argument("--total-hits-threshold", type=int, help="count hits exactly only up to N (default: all)")
    parser.add_argument("--keep", type=Path, help="write the Lucene index here and keep it")
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument(
        "--same-documents", action="store_true", help="also index the documents Setu writes (stems, keys, sentences)"
    )
    args = parser.parse_args()

    reason = missing_prerequisites()
    if reason is not None:
        raise SystemExit(f"cannot run the Lucene harness: {reason}")
    classpath = build()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="setu-lucene-")) if args.keep is None else args.keep
    index_dir = work / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    try:
        indexing = index_corpus(classpath, args.corpus, index_dir, store_body=args.store_body)
        search = run_queries(
            classpath, index_dir, bench_search_mix(), args.rounds, args.warmup, args.total_hits_threshold
        )
        same = None
        if args.same_documents:
            same_dir = work / "index-same-documents"
            shutil.rmtree(same_dir, ignore_errors=True)
            same = index_corpus(classpath, args.corpus, same_dir, same_documents=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        report = {"load": load, "indexing": indexing.to_dict(), "search": search.to_dict()}
        if same is not None:
            report["indexing_same_documents"] = same.to_dict()
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print_report(indexing, search, load, same)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
