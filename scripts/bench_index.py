#!/usr/bin/env python3
"""Indexing benchmark: build an index of N generated articles and report speed.

    python scripts/bench_index.py N [--corpus DIR] [--workers W] [--json OUT]

Generates N articles with scripts/make_corpus.py from the real sentences in
../shared/corpus-raw (unless --corpus points at an existing corpus), runs
``setu build`` in a subprocess, samples the resident memory of the whole
process tree (builder and its parsing workers) every 100 ms, then times an
incremental update of 1% of the files.  Prints docs/s, MB/s, peak RSS and
index size; a benchmark, not a test: run it on a quiet machine, compare
within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETU = [str(Path(sys.executable).parent / "setu")]  # the installed console script


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return kids


def _tree_rss_kb(pid: int) -> int:
    """Memory of a process tree: PSS, so pages a forked worker shares with
    its parent count once (summing RSS would count them in every process)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(p))
    return total


def run_measured(cmd: list[str], timeline: list[tuple[float, int]] | None = None) -> tuple[float, int, str]:
    """Run a command; return (seconds, peak memory (PSS) of its process tree in KB, stdout).

    ``timeline`` receives every (seconds since start, KB) sample.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            kb = _tree_rss_kb(proc.pid)
            peak[0] = max(peak[0], kb)
            if timeline is not None:
                timeline.append((time.perf_counter() - started, kb))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peak[0], out


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _workers(workers: int | None) -> list[str]:
    return [] if workers is None else ["--workers", str(workers)]


def build_figures(corpus: Path, index_dir: Path, workers: int | None = None) -> dict[str, Any]:
    """Full build of ``corpus`` into a new index at ``index_dir``: speed, memory, size, linking/alignment."""
    shutil.rmtree(index_dir, ignore_errors=True)
    text_bytes = sum(f.stat().st_size for f in corpus.rglob("*.txt"))
    timeline: list[tuple[float, int]] = []
    seconds, peak_kb, out = run_measured(
        [*SETU, "build", str(corpus), "--index", str(index_dir), "--json", *_workers(workers)], timeline
    )
    summary = json.loads(out)
    index_bytes = dir_bytes(index_dir)
    translations = summary["translations"]
    # The indexing stage: the work Lucene's harness does too (read, analyse,
    # invert, store), without linking translations and aligning sentences.
    indexing = max(seconds - translations["linking_seconds"] - translations["alignment_seconds"], 1e-9)
    # Which stage the memory peak falls in: indexing, or linking and alignment (the last stage).
    indexing_peak = max((kb for t, kb in timeline if t <= indexing), default=0)
    translation_peak = max((kb for t, kb in timeline if t > indexing), default=0)
    return {
        "articles": summary["articles"],
        "sentences": summary["sentences"],
        "text_mb": round(text_bytes / 1e6, 2),
        "build_seconds": round(seconds, 2),
        "docs_per_second": round(summary["articles"] / seconds, 1),
        "mb_per_second": round(text_bytes / 1e6 / seconds, 3),
        "indexing_seconds": round(indexing, 2),
        "indexing_docs_per_second": round(summary["articles"] / indexing, 1),
        "indexing_mb_per_second": round(text_bytes / 1e6 / indexing, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_indexing_mb": round(indexing_peak / 1024, 1),
        "peak_translations_mb": round(translation_peak / 1024, 1),
        "index_mb": round(index_bytes / 1e6, 2),
        "index_to_text": round(index_bytes / text_bytes, 2),
        "translation_groups": summary["translations"]["groups"],
        "links_url": summary["translations"]["links_url"],
        "links_content": summary["translations"]["links_content"],
        "linking_seconds": summary["translations"]["linking_seconds"],
        "alignment_seconds": summary["translations"]["alignment_seconds"],
        # The build's own wall-clock timeline of its phases (start-up to publish).
        "timeline": summary.get("timeline", {}),
    }


def change_files(corpus: Path) -> list[Path]:
    """Append a paragraph to 1% of the files (at least one), spread evenly, and return them.

    Each file is replaced (new file, then rename), not written in place, so a
    hard-linked copy of the corpus elsewhere keeps its bytes.
    """
    files = sorted(corpus.rglob("*.txt"))
    changed = files[:: max(1, len(files) // max(1, len(files) // 100))][: max(1, len(files) // 100)]
    for f in changed:
        tmp = f.with_name(f.name + ".tmp")
        tmp.write_bytes(f.read_bytes() + "\nনতুন অনুচ্ছেদ: হালনাগাদ পরীক্ষা।\n".encode())
        os.replace(tmp, f)
    return changed


def update_figures(corpus: Path, index_dir: Path, workers: int | None = None) -> dict[str, Any]:
    """Incremental update of the index at ``index_dir`` after changing 1% of ``corpus``'s files."""
    changed = change_files(corpus)
    upd_seconds, upd_peak_kb, upd_out = run_measured(
        [*SETU, "build", str(corpus), "--index", str(index_dir), "--json", *_workers(workers)]
    )
    update = json.loads(upd_out)
    return {
        "update_files": len(changed),
        "update_seconds": round(upd_seconds, 2),
        "update_updated": update["updated"],
        "update_realigned_pairs": update["translations"]["aligned_pairs"],
        "update_peak_rss_mb": round(upd_peak_kb / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles to generate")
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--workers", type=int, default=None, help="setu build --workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep corpus and index under this folder")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="setu-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus or work / "corpus"
    index_dir = work / "index"
    try:
        if args.corpus is None and not corpus.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "make_corpus.py"),
                    str(args.n),
                    str(corpus),
                    "--seed",
                    str(args.seed),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        report = {
            **build_figures(corpus, index_dir, args.workers),
            **update_figures(corpus, index_dir, args.workers),
            "cpus": os.cpu_count(),
        }
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
