#!/usr/bin/env python3
"""The whole benchmark in one run: Setu's build, update, start and search, side by side with Lucene 8.

    python scripts/bench.py [--sizes 10000,100000] [--out var/bench] [--seed 1] [--rounds 20]
                            [--clients 8] [--seconds 20] [--cold-starts 3] [--workers W]
                            [--serve-workers cores] [--load-rounds 2]
                            [--lucene-rounds 200] [--lucene-warmup 1000] [--lucene-index-rounds 3]
                            [--no-lucene] [--no-lucene-same-documents] [--no-unrelated] [--keep]

For each size N, in this order, on the same files:

1. corpus: N articles from scripts/make_corpus.py (seed ``--seed``), generated
   once into OUT/corpus/nN-seedS and reused by later runs; the run works on a
   hard-linked copy, so the update below never touches the cached files.
2. full build (scripts/bench_index.py): ``setu build`` in a subprocess, wall
   time, docs/s, MB/s, peak memory of the builder and its workers (PSS,
   sampled every 100 ms), index size, and linking and alignment seconds from
   the build's own JSON summary.
3. cold start: ``setu serve`` on a free loopback port, timed from just before
   the process is spawned until the first ``/api/search?q=57`` answers HTTP
   200 (polled every 10 ms): interpreter start, imports, opening the index
   and the first query, with the index in the OS page cache (it was just
   written; the page cache is not dropped).  ``--cold-starts`` fresh
   processes; the target is judged on the median.
4. latency (scripts/bench_search.py): a fresh server, two untimed rounds of
   the query mix (single word, two words, phrase, facet-filtered, empty query
   with facets, passage search, passage search with only ``parallel_q``),
   then ``--rounds`` timed rounds one request at a time; median/p95/p99 per
   kind, over the /api/search kinds (what Lucene runs too), over the
   /api/passages kinds with a ``q``, for ``parallel_q`` alone, and overall.
   Every request computes facets and highlights.
   Then the journalists' desk (scripts/bench_desk.py) on the same index:
   ``/api/trend`` p95, /api/search p95 with repeats folded and not
   (alternated), and repeat detection's share of the full build.
5. throughput (scripts/bench_load.py): ``--clients`` client threads for
   ``--seconds`` after a short warm-up, on the same 2-core machine as the
   server, against one process (``setu serve --workers 1``) and against
   ``--serve-workers`` processes, alternating ``--load-rounds`` times each;
   medians of throughput, p99 and PSS (master and workers), and what each
   worker past the first adds to the PSS.
6. incremental update (scripts/bench_index.py): 1% of the files get a new
   paragraph (evenly spread, deterministic), then ``setu build`` again.
7. false links (unless ``--no-unrelated``): N articles from
   ``scripts/make_corpus.py --unrelated`` (Bengali and Hindi from different
   monolingual pools, no translation at all; cached in
   OUT/corpus/nN-seedS-unrelated), a full ``setu build`` of them, and its
   translation links from the build's JSON summary: every one is false.
8. Lucene 8 (scripts/bench_lucene.py): the harness indexes the cached files
   (one thread, text stored like Setu's unless ``--no-lucene-store-body``)
   ``--lucene-index-rounds`` times, the first of them before step 2, and the
   median round counts (this machine is shared: a round before and rounds
   after Setu's build keep a slow or fast minute from favouring either
   side); each round's whole run (JVM start to exit) is timed too, and the
   whole ``setu build`` (spawn to exit) is compared with their median;
   then it runs the /api/search part of the mix in-process (no facets, no
   highlights); skipped, with the reason, where Java or the jars
   are missing.  Ratios are ours ÷ Lucene's from this same run.
9. Lucene 8 doing Setu's documents (unless ``--no-lucene-same-documents``):
   one more indexing run, ``bench_lucene.py --same-documents`` (per article
   the exact, stemmed and key fields with positions, the text and sentence
   ranges stored), timed JVM start to exit; the whole build and the
   indexing stage are set against it too (``*_same_documents`` ratios,
   informational: the targets stay those against the plain run), with the
   documents and sentences each side indexed.  Skipped like step 8.

Writes OUT/report.json (every raw figure, the machine, the load average and
the CPU other processes used during each phase, so noisy runs show) after
each size, and OUT/report.md, the table printed at the end with each target
and pass/fail.  Targets the issue states for 100k articles are marked
indicative (``*``) at other sizes, and every target under 10k articles.
Exits 1 if a request failed, not when a target is missed.  A benchmark, not
a test: run it on a quiet machine.

The code is in scripts/benchkit/, one module per job (see its __init__).
"""

from __future__ import annotations

import sys
from pathlib import Path

# scripts/ is not a package: put it on the path, as every script does, for benchkit and the sibling scripts.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
