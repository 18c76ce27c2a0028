#!/usr/bin/env python3
"""Generate a deterministic benchmark/test corpus in the Setu article format.

Stage: tooling before build time -- writes the text files that ``index`` reads.

Every body sentence is real text from ``../shared/corpus-raw`` (parallel bn/hi
sets for translated pairs, monolingual pools for single articles); only short
template sentences that mention provinces and Politburo resolutions, some titles,
photo captions, bylines and the trailing boilerplate are made up here.  About half
of the articles come as Bengali/Hindi pairs on consecutive file numbers: the two
files hold the same sentences in the same order (paragraphs may be grouped
differently) and share a source URL most of the time.

Usage:
    make_corpus.py N OUT_DIR [--seed S] [--truth FILE] [--subdirs] [--data-dir DIR] [--unrelated]

OUT_DIR receives nothing but ``*.txt`` articles.  ``--truth FILE`` writes one JSON
line per article: id, path, lang, pair_id, provinces (slugs), resolutions
("57-NQ/TW"), url, sentences (source ids in order; both files of a pair have the
same list).  Standard library only, no network; the same N, seed and source data
give byte-identical output, and the first K files do not depend on N.

``--unrelated`` writes no pair at all: every article is a single one, its
body from its own language's monolingual pools (BNLP for Bengali, HiNER and
WMT14 for Hindi), so no Bengali article translates any Hindi one and every
translation link a build makes on it is false.  Singles carry the made-up
province and resolution sentences, titles and captions as they do in the
default corpus: unrelated articles that share names and numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# scripts/ is not a package: its folder on the path makes corpuskit (this generator's parts) importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuskit.sources import load_data  # noqa: E402
from corpuskit.writing import Generator, Writer  # noqa: E402

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"  # ../shared


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="make_corpus.py", description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2]
    )
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("n", metavar="N", type=int, help="number of article files")
    p.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="new or empty directory for the *.txt files")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--truth", type=Path, metavar="FILE", help="write the ground truth here as JSON lines")
    p.add_argument("--subdirs", action="store_true", help="spread the files into NNN/ folders of 1000")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help=f"corpus-raw folder ({DEFAULT_DATA_DIR})")
    p.add_argument(
        "--unrelated",
        action="store_true",
        help="no translated pairs: Bengali and Hindi articles from different pools (any link on it is false)",
    )
    args = p.parse_args(argv)
    if args.n < 1:
        p.error("N must be at least 1")
    if args.out_dir.exists() and (not args.out_dir.is_dir() or any(args.out_dir.iterdir())):
        p.error(f"OUT_DIR {args.out_dir} exists and is not an empty directory")
    if args.truth is not None and args.truth.resolve().is_relative_to(args.out_dir.resolve()):
        p.error("--truth must not be inside OUT_DIR (the indexer reads everything there)")
    if not (args.data_dir / "INDEX.txt").is_file():
        p.error(f"no corpus-raw data at {args.data_dir} (see --data-dir)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()
    data = load_data(args.data_dir)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    truth = args.truth.open("w", encoding="utf-8", newline="\n") if args.truth else None
    try:
        writer = Writer(args.out_dir, args.subdirs, truth)
        Generator(data, writer, args.seed, args.unrelated).run(args.n)
    finally:
        if truth is not None:
            truth.close()
    st = writer.stats
    print(
        f"make_corpus: {st.files} files, {st.bytes} bytes ({st.bytes / 1e6:.1f} MB), "
        f"average {st.bytes / st.files / 1000:.2f} KB/file, {st.pairs} bn/hi pairs ({2 * st.pairs} files), "
        f"seed {args.seed}, {time.perf_counter() - t0:.1f} s -> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
