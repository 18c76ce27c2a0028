#!/usr/bin/env python3
"""Mine the bundled Bengali-Hindi seed lexicon from open parallel data.

Stage: tooling before build time -- writes ``index/data/seed_lexicon.tsv``,
which ``index.translation.seed`` reads.

Sentence pairs come from the parallel data in ``../shared/corpus-raw`` that is
open for training (sources and licences: ``index/data/SEED-LEXICON-SOURCES.md``):

* NTREX-128: Bengali and Hindi translations of the same English news
  sentence, line by line; only the documents ``scripts/ntrex_split.py``
  gives to training (even index), the odd ones are the bridge evaluation's;
* debian-gettext: user-interface strings translated from one English msgid;
* tatoeba: Bengali and Hindi sentences with the same English sentence (pivot);
* udhr: the articles of the Universal Declaration, paragraph by paragraph.

FLORES-200, SIB-200 and TICO-19 are reserved for evaluation and are never
read (``scripts/lexicon_sources.py`` refuses them).  The learning is the build's own
(:func:`index.translation.lexicon_learning.learn`).  Kept: entries linked in at
least ``--min-pairs`` sentence pairs with a score of at least ``--min-score``,
at most ``--max-entries``.

Quality: the script first learns without a held-out fifth of the NTREX
training documents and prints precision@1 on them: of the Bengali content
stems of a held-out sentence that the table knows, the share whose best Hindi
equivalent is in the Hindi sentence.  The shipped table is then learned from
everything.

Usage:
    make_seed_lexicon.py [--data-dir DIR] [--out FILE] [--min-pairs N] [--min-score S] [--max-entries N]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from index.analysis.analyzers import analyze
from index.translation.lexicon import LexiconTable
from index.translation.lexicon_learning import Bitext, learn, side_stems

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexicon_sources as sources  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "corpus-raw"
DEFAULT_OUT = ROOT / "index" / "data" / "seed_lexicon.tsv"
Pair = tuple[str, str]  # (Bengali text, Hindi text)


def ntrex_pairs(data: Path, held_out: bool) -> Iterator[Pair]:
    """Line pairs of the NTREX documents given to training; ``held_out``: only every fifth of those."""
    return sources.ntrex_pairs(data, "ben", "hin", held_out)


def debian_pairs(data: Path) -> Iterator[Pair]:
    for row in sources.debian_rows(data):
        if row["bn"] and row.get("hi"):
            yield row["bn"], row["hi"]


def tatoeba_pairs(data: Path) -> Iterator[Pair]:
    """Bengali and Hindi sentences that translate one English sentence (English as the pivot)."""
    eng_ben = zip(
        sources.tatoeba_lines(data, "ben-eng", "eng"), sources.tatoeba_lines(data, "ben-eng", "ben"), strict=True
    )
    by_english = dict(eng_ben)
    eng_hin = zip(
        sources.tatoeba_lines(data, "eng-hin", "eng"), sources.tatoeba_lines(data, "eng-hin", "hin"), strict=True
    )
    for en, hi in eng_hin:
        if en in by_english:
            yield by_english[en], hi


def udhr_pairs(data: Path) -> Iterator[Pair]:
    return sources.udhr_pairs(data, "ben.html", "hin.html")


def stems(text: str, lang: str) -> list[str]:
    return side_stems((stem for _, stem, _, _ in analyze(text)), lang)


def bitext_of(pairs: Iterator[Pair]) -> Bitext:
    bitext = Bitext()
    for bn, hi in pairs:
        bitext.add(stems(bn, "bn"), stems(hi, "hi"))
    return bitext


def training_pairs(data: Path, with_held_out: bool) -> Iterator[Pair]:
    yield from ntrex_pairs(data, held_out=False)
    if with_held_out:
        yield from ntrex_pairs(data, held_out=True)
    yield from debian_pairs(data)
    yield from tatoeba_pairs(data)
    yield from udhr_pairs(data)


def kept_rows(
    table: LexiconTable, min_pairs: int, min_score: float, max_entries: int
) -> list[tuple[str, str, int, float]]:
    """(bn, hi, pairs, score) of the entries worth shipping, best first."""
    rows = {(bn, hi): (pairs, score) for lang, bn, hi, score, pairs in table.entries() if lang == "bn"}
    kept = [(bn, hi, p, s) for (bn, hi), (p, s) in rows.items() if p >= min_pairs and s >= min_score]
    kept.sort(key=lambda r: (-r[3], -r[2], r[0], r[1]))
    return kept[:max_entries]


def precision_at_1(rows: Sequence[tuple[str, str, int, float]], pairs: Iterator[Pair]) -> tuple[float, int, float]:
    """(precision@1, stems judged, share of content stems the table knows) over held-out sentence pairs."""
    best: dict[str, str] = {}
    for bn, hi, _, _ in rows:  # best first
        best.setdefault(bn, hi)
    hits = judged = seen = 0
    for bn_text, hi_text in pairs:
        hi_stems = set(stems(hi_text, "hi"))
        for s in stems(bn_text, "bn"):
            seen += 1
            if s in best:
                judged += 1
                hits += best[s] in hi_stems
    return hits / max(judged, 1), judged, judged / max(seen, 1)


def write_table(rows: Sequence[tuple[str, str, int, float]], out: Path) -> None:
    sources.write_tsv(
        out,
        "Bengali-Hindi seed lexicon: bn stem, hi stem, pairs, score."
        " Made by scripts/make_seed_lexicon.py; sources and licences in SEED-LEXICON-SOURCES.md.",
        (f"{bn}\t{hi}\t{pairs}\t{score:.4f}" for bn, hi, pairs, score in rows),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-pairs", type=int, default=2)
    parser.add_argument("--min-score", type=float, default=0.2)
    parser.add_argument("--max-entries", type=int, default=5000)
    args = parser.parse_args(argv)
    limits = (args.min_pairs, args.min_score, args.max_entries)

    evaluated = kept_rows(learn(bitext_of(training_pairs(args.data_dir, with_held_out=False))), *limits)
    precision, judged, coverage = precision_at_1(evaluated, ntrex_pairs(args.data_dir, held_out=True))
    print(
        f"held-out NTREX (every fifth training document): precision@1 {precision:.3f} over {judged} Bengali stems;"
        f" the table knows {coverage:.1%} of their content stems"
    )
    bitext = bitext_of(training_pairs(args.data_dir, with_held_out=True))
    rows = kept_rows(learn(bitext), *limits)
    write_table(rows, args.out)
    print(f"{len(rows)} entries from {len(bitext)} sentence pairs -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
