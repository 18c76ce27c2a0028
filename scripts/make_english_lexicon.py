#!/usr/bin/env python3
"""Mine the bundled English -> Bengali/Hindi lexicon from open parallel data.

Stage: tooling before build time -- writes ``index/data/english_lexicon.tsv``,
which ``index.translation.english`` reads: a word typed in Latin letters that
is an English word or an English name (Germany, Judge, Washington) also
matches the Bengali and Hindi stems it is translated or spelled as.

Sentence pairs (English with Bengali, English with Hindi) come from the same
sources as the seed lexicon (``scripts/make_seed_lexicon.py``; sources and
licences in ``index/data/ENGLISH-LEXICON-SOURCES.md``): NTREX-128's documents
given to training (even index, ``scripts/ntrex_split.py``), debian-gettext,
tatoeba (its ben-eng and eng-hin sets directly, no pivot) and udhr.
FLORES-200, SIB-200 and TICO-19 are never read.  The learning is the
build's own (:func:`index.translation.lexicon_learning.learn`, with the
English side in the place of the Bengali one): its phonetic-key prior
favours partners that sound alike, which is what an English name and its
Bengali or Hindi spelling do.

Quality: the script first learns without a held-out fifth of the NTREX
training documents and prints precision@1 on them (of the English words of
a held-out sentence the table knows, the share whose best equivalent is in
the translation), then learns the shipped table from everything.

Usage:
    make_english_lexicon.py [--data-dir DIR] [--out FILE] [--min-pairs N] [--min-score S] [--max-entries N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from index.analysis.textnorm import normalize_term
from index.translation.lexicon_learning import Bitext, learn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexicon_sources as sources  # noqa: E402
from make_seed_lexicon import stems  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "corpus-raw"
DEFAULT_OUT = ROOT / "index" / "data" / "english_lexicon.tsv"
LANGS = ("bn", "hi")
NTREX_SIDE = {"bn": "ben", "hi": "hin"}
TATOEBA = {"bn": ("ben-eng", "ben"), "hi": ("eng-hin", "hin")}
UDHR = {"bn": "ben.html", "hi": "hin.html"}
# Latin words as a query analyses them; a possessive 's is the name's own.
_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+(?:'s\b)?")
MIN_WORD = 2

Pair = tuple[str, str]  # (English text, Bengali or Hindi text)


def english_words(text: str) -> list[str]:
    """The distinct folded Latin words of ``text`` (possessive 's cut), in order."""
    seen: dict[str, None] = {}
    for word in _WORD_RE.findall(text):
        folded = normalize_term(word.removesuffix("'s"))
        if len(folded) >= MIN_WORD and folded.isascii() and folded.isalpha():
            seen.setdefault(folded, None)
    return list(seen)


def ntrex_pairs(data: Path, lang: str, held_out: bool) -> Iterator[Pair]:
    """English and ``lang`` line pairs of the NTREX training documents (``held_out``: every fifth only)."""
    return sources.ntrex_pairs(data, "eng_src", NTREX_SIDE[lang], held_out)


def debian_pairs(data: Path, lang: str) -> Iterator[Pair]:
    for row in sources.debian_rows(data):
        native = row.get(lang) or ""
        if native and row.get("msgid_en"):
            yield row["msgid_en"], native


def tatoeba_pairs(data: Path, lang: str) -> Iterator[Pair]:
    name, side = TATOEBA[lang]
    yield from zip(sources.tatoeba_lines(data, name, "eng"), sources.tatoeba_lines(data, name, side), strict=True)


def udhr_pairs(data: Path, lang: str) -> Iterator[Pair]:
    return sources.udhr_pairs(data, "eng.html", UDHR[lang])


def training_pairs(data: Path, lang: str, with_held_out: bool) -> Iterator[Pair]:
    yield from ntrex_pairs(data, lang, held_out=False)
    if with_held_out:
        yield from ntrex_pairs(data, lang, held_out=True)
    yield from debian_pairs(data, lang)
    yield from tatoeba_pairs(data, lang)
    yield from udhr_pairs(data, lang)


def native_stems(text: str, lang: str) -> list[str]:
    return [s for s in stems(text, lang) if s]


def learned(pairs: Iterator[Pair], lang: str) -> dict[tuple[str, str], tuple[int, float]]:
    """(English word, native stem) -> (pairs, score), English in the learner's first place."""
    bitext = Bitext()
    for en, native in pairs:
        bitext.add(english_words(en), native_stems(native, lang))
    table = learn(bitext)
    return {(en, st): (p, s) for side, en, st, s, p in table.entries() if side == "bn"}


Row = tuple[str, str, str, int, float]  # English word, lang, native stem, pairs, score


def kept_rows(
    by_lang: dict[str, dict[tuple[str, str], tuple[int, float]]], min_pairs: int, min_score: float, max_entries: int
) -> list[Row]:
    """The entries worth shipping, best first."""
    rows = [
        (en, lang, st, p, s)
        for lang, table in by_lang.items()
        for (en, st), (p, s) in table.items()
        if p >= min_pairs and s >= min_score
    ]
    rows.sort(key=lambda r: (-r[4], -r[3], r[0], r[1], r[2]))
    return rows[:max_entries]


def precision_at_1(rows: Sequence[Row], data: Path) -> tuple[float, int]:
    """(precision@1, words judged) over the held-out NTREX sentence pairs, both languages."""
    best: dict[tuple[str, str], str] = {}
    for en, lang, st, _, _ in rows:  # best first
        best.setdefault((en, lang), st)
    hits = judged = 0
    for lang in LANGS:
        for en_text, native in ntrex_pairs(data, lang, held_out=True):
            there = set(native_stems(native, lang))
            for word in english_words(en_text):
                if (word, lang) in best:
                    judged += 1
                    hits += best[word, lang] in there
    return hits / max(judged, 1), judged


def write_table(rows: Sequence[Row], out: Path) -> None:
    sources.write_tsv(
        out,
        "English -> Bengali/Hindi lexicon: English word, lang, stem, pairs, score."
        " Made by scripts/make_english_lexicon.py; sources and licences in ENGLISH-LEXICON-SOURCES.md.",
        (f"{en}\t{lang}\t{st}\t{p}\t{s:.4f}" for en, lang, st, p, s in rows),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-pairs", type=int, default=2)
    parser.add_argument("--min-score", type=float, default=0.2)
    parser.add_argument("--max-entries", type=int, default=8000)
    args = parser.parse_args(argv)
    limits = (args.min_pairs, args.min_score, args.max_entries)

    held = {lang: learned(training_pairs(args.data_dir, lang, with_held_out=False), lang) for lang in LANGS}
    precision, judged = precision_at_1(kept_rows(held, *limits), args.data_dir)
    print(f"held-out NTREX (every fifth training document): precision@1 {precision:.3f} over {judged} English words")
    full = {lang: learned(training_pairs(args.data_dir, lang, with_held_out=True), lang) for lang in LANGS}
    rows = kept_rows(full, *limits)
    write_table(rows, args.out)
    print(f"{len(rows)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
