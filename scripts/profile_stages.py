#!/usr/bin/env python3
"""Where a full build's time goes, stage by stage, in milliseconds per article.

    python scripts/profile_stages.py CORPUS_DIR [--warm 10000] [--articles 3000]

Runs one build worker's loop in this process (read, parse, analyse, make the
Whoosh document, add it to a segment, write the segment) over ``--articles``
files after ``--warm`` others, read and written untimed, which fill the
per-word memo tables (the phonetic keys a segment flush computes too) as they
are in the middle of a big build.  Each stage is timed by wrapping the
function that does it; nested stages are inside their parents (parse_article
holds analyze_columns, to_documents holds fingerprint), so the rows do not
add up.  One process, one core: a real build runs two of these loops at
once, each a little slower.  A benchmark, not a test; ``make bench`` has the
figures the targets judge.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from index.corpus import article  # noqa: E402
from index.corpus import files as corpus_files  # noqa: E402
from index.corpus.files import CorpusFile, list_corpus  # noqa: E402
from index.pipeline import prepare, workers  # noqa: E402
from index.storage import documents, segments  # noqa: E402
from index.storage.generations import create_generation  # noqa: E402
from index.translation import fingerprint, term_columns  # noqa: E402

# (module, function name, row label): the stages a worker goes through.
STAGES: list[tuple[Any, str, str]] = [
    (prepare, "read_article", "read and parse a file"),
    (corpus_files, "decode_bytes", "  decode bytes"),
    (corpus_files, "parse_article", "  parse_article"),
    (article, "nfc", "    NFC"),
    (article, "_paragraphs", "    paragraphs and sentences"),
    (article, "analyze_columns", "    ICU analysis"),
    (article.gazetteer, "find_provinces_in_terms", "    gazetteer"),
    (article.citations, "extract_citations", "    citations"),
    (article, "detect_language", "    language"),
    (article, "find_boilerplate", "    source line and comment counters"),
    (article, "_line_spans", "    line spans"),
    (article, "_blanked", "    text with boilerplate blanked"),
    (article, "_title", "    title"),
    (article, "normalize_url", "    URL: normalise"),
    (article.gazetteer, "slugs_from_url", "    URL: province slugs"),
    (article, "source_domain", "    URL: source domain"),
    (article, "date_from_url", "    URL: date"),
    (prepare, "to_documents", "Whoosh document"),
    (documents, "fingerprint", "  linking fingerprint"),
    (term_columns.TermColumns, "article", "    term columns (ids, hashes, Latin tokens, key values)"),
    (term_columns.TermColumns, "add", "      new terms (transliteration, stems, seed pairs)"),
    (fingerprint, "bottom_k_ids", "    key selections (names, lexical keys)"),
    (fingerprint, "_numbers", "    numbers"),
    (fingerprint, "_term_shingles", "    sentence hashes"),
    (fingerprint, "_word_shingles", "    word shingles"),
    (documents, "fingerprint_bytes", "  fingerprint JSON + zlib"),
    (documents, "_meta", "  metadata JSON"),
    (segments.CompactSegmentWriter, "add_document", "add to the segment"),
    (segments.SegmentWriter, "add_document", "  Whoosh's path (stored and small fields)"),
    (segments.CompactSegmentWriter, "_flush_segment", "write the segment"),
]


def _timed(func: Callable[..., Any], label: str, totals: collections.defaultdict[str, float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - started

    return wrapper


@contextlib.contextmanager
def _wrapped(totals: collections.defaultdict[str, float]) -> Iterator[None]:
    """Every stage timed into ``totals`` while the block runs."""
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _ in STAGES]
    for owner, name, label in STAGES:
        setattr(owner, name, _timed(owner.__dict__[name], label, totals))
    try:
        yield
    finally:
        for owner, name, func in saved:
            setattr(owner, name, func)


def profile(files: list[CorpusFile], warm: int, count: int) -> tuple[int, float, dict[str, float]]:
    """(articles timed, seconds in all, seconds per stage) for ``count`` files after ``warm``."""
    # Warmed through the writer, not only the parser: a segment's flush keys each new term
    # (index.analysis.phonetic), a memo that parsing alone leaves empty.
    _write(files[:warm])
    totals: collections.defaultdict[str, float] = collections.defaultdict(float)
    timed = files[warm : warm + count]
    with _wrapped(totals):
        seconds = _write(timed)
    return len(timed), seconds, dict(totals)


def _write(files: list[CorpusFile]) -> float:
    """Seconds one worker's loop takes to read, parse and write ``files`` into a throwaway index."""
    with tempfile.TemporaryDirectory(prefix="setu-profile-") as tmp:
        _, ix = create_generation(Path(tmp))
        started = time.perf_counter()
        sink = segments.SegmentSink(ix, limitmb=workers.SEGMENT_LIMIT_MB)
        workers.write_chunk(sink, files)
        sink.finish()
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (scripts/make_corpus.py makes one)")
    parser.add_argument(
        "--warm", type=int, default=10_000, help="files read and written first, untimed (default 10000)"
    )
    parser.add_argument("--articles", type=int, default=3_000, help="files timed (default 3000)")
    args = parser.parse_args(argv)
    if args.warm < 0 or args.articles < 1:
        parser.error("--warm at least 0, --articles at least 1")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder: give a corpus folder (scripts/make_corpus.py makes one)")
    files = [f for f in list_corpus(args.corpus) if isinstance(f, CorpusFile)]
    if len(files) <= args.warm:
        parser.error(f"{args.corpus} has {len(files)} files: fewer than --warm {args.warm} plus one to time")
    count, seconds, stages = profile(files, args.warm, args.articles)
    print(f"{count} articles after {args.warm} untimed: {seconds * 1e3 / count:.3f} ms per article in all")
    for _, _, label in STAGES:
        print(f"{stages.get(label, 0.0) * 1e3 / count:8.3f} ms  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
