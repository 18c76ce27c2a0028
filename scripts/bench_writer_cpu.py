#!/usr/bin/env python3
"""One build writer's CPU seconds over a run of articles, for comparing two checkouts.

    python scripts/bench_writer_cpu.py CORPUS_DIR [--warm 3000] [--articles 1500] [--src CHECKOUT]

Writes ``--warm`` files untimed (they fill the per-word memos as in the
middle of a build), then times what one writer of a full build does with
the next ``--articles``: read, parse, analyse, add to a segment, write the
segment (index.pipeline.workers.write_chunk and the sink's finish).  Prints
the process's CPU seconds for that part (user + system, ``time.process_time``):
on a shared machine CPU time is steadier than wall clock.  ``--src``: the
checkout whose ``index`` package is timed (default: this one), so that one
copy of this script times old and new code alike; run the two alternately,
each under ``flock /tmp/setu-bench.lock``.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (scripts/make_corpus.py makes one)")
    parser.add_argument("--warm", type=int, default=3000, help="files read first, untimed (default 3000)")
    parser.add_argument("--articles", type=int, default=1500, help="files timed (default 1500)")
    parser.add_argument("--src", type=Path, default=HERE.parent, help="the checkout to time (default: this one)")
    args = parser.parse_args(argv)
    if args.warm < 0 or args.articles < 1:
        parser.error("--warm at least 0, --articles at least 1")
    if not (args.src / "index" / "__init__.py").is_file():
        parser.error(f"{args.src} is not a Setu checkout (no index/__init__.py)")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder: give a corpus folder (scripts/make_corpus.py makes one)")
    sys.path.insert(0, str(args.src.resolve()))
    from index.corpus.files import CorpusFile, list_corpus
    from index.pipeline import prepare, workers
    from index.storage import segments
    from index.storage.generations import create_generation

    files = [f for f in list_corpus(args.corpus) if isinstance(f, CorpusFile)]
    if len(files) <= args.warm:
        parser.error(f"{args.corpus} has {len(files)} files: fewer than --warm {args.warm} plus one to time")
    timed = files[args.warm : args.warm + args.articles]
    with tempfile.TemporaryDirectory(prefix="setu-writer-cpu-") as tmp:
        _, ix = create_generation(Path(tmp))
        # The warm-up writes too (a segment thrown away): whatever a version
        # computes per word, per article or when the segment is written, its
        # memos are then as full as in the middle of a build.
        warm = segments.SegmentSink(ix, limitmb=workers.SEGMENT_LIMIT_MB)
        workers.write_chunk(warm, files[: args.warm])
        warm.finish()
        started = time.process_time()
        sink = segments.SegmentSink(ix, limitmb=workers.SEGMENT_LIMIT_MB)
        workers.write_chunk(sink, timed)
        sink.finish()
        seconds = time.process_time() - started
    print(f"{len(timed)} articles after {args.warm}, {prepare.__file__}: {seconds:.3f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
