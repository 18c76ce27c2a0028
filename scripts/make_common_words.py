#!/usr/bin/env python3
"""Mine the bundled common Bengali and Hindi words: the words a name typed in Latin letters is not.

Stage: tooling before build time -- writes ``index/data/common_words.tsv``,
which ``index.translation.common`` reads.  A short phonetic key is shared by
a name and a common word of the language (Zaev and जब "when", Karen and
করেন "does"), and the common word, in nearly every article, outranks the
name.  The query side (search.bridge) matches a lone Latin word's key only
where the word written there is none of these.

The words come from the native sides of the parallel data open for training
(the sources of the English table, ``scripts/make_english_lexicon.py``:
NTREX-128's training documents, debian-gettext, tatoeba, udhr; FLORES-200,
SIB-200 and TICO-19 are never read), as the index's exact field holds them
(``index.analysis.analyze``).  An occurrence is "spelled out" where the
aligned English sentence holds a name or a long word with the same key
(:data:`SPELLED_KEY`): there the word is a name or a loanword (টম for Tom),
which a Latin query must keep reaching.  A word is kept when it occurs at least ``--min-count``
times, at most ``--max-spelled`` of them spelled out that way; the
``--top`` commonest per language are shipped, with their key (a test
checks the key column against :func:`index.analysis.phonetic.phonetic_key`).

Usage:
    make_common_words.py [--data-dir DIR] [--out FILE] [--top N] [--min-count N] [--max-spelled SHARE]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from index.analysis.analyzers import analyze
from index.analysis.phonetic import key_variants, phonetic_key, spelling_variants
from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, normalize_term, script_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexicon_sources as sources  # noqa: E402
from make_english_lexicon import LANGS, training_pairs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "corpus-raw"
DEFAULT_OUT = ROOT / "index" / "data" / "common_words.tsv"
SCRIPT = {"bn": SCRIPT_BENGALI, "hi": SCRIPT_DEVANAGARI}
# An English word spells a name or a loanword out when it is capitalised
# inside its sentence (Tom, Nguyen) or its key is this long (digital): a short
# lower-case word's key is any short native word's too ("he" and হয় "is").
SPELLED_KEY = 4
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")

Row = tuple[str, str, str, int]  # word, lang, key, count


def native_words(text: str, lang: str) -> Iterator[str]:
    """The exact terms of ``text`` written in ``lang``'s script that have a key."""
    for term, _, _, _ in analyze(text):
        if term and script_of(term[-1]) == SCRIPT[lang] and phonetic_key(term):
            yield term


def spelled_keys(english: str) -> set[str]:
    """The keys of the English words that may be spelled out in the translation (see SPELLED_KEY)."""
    keys: set[str] = set()
    for n, word in enumerate(_LATIN_RE.findall(english)):
        key = phonetic_key(normalize_term(word))
        if len(key) >= SPELLED_KEY or (n and word[0].isupper() and not word.isupper()):
            # The keys a Latin query for the word also reaches (search.bridge).
            for spelt in (key, *spelling_variants(word)):
                keys.update((spelt, *key_variants(spelt)))
    keys.discard("")
    return keys


def counted(pairs: Iterator[tuple[str, str]], lang: str) -> tuple[Counter[str], Counter[str]]:
    """(occurrences, occurrences spelled out: the English side holds a word with the same key) per word."""
    seen: Counter[str] = Counter()
    spelled: Counter[str] = Counter()
    for english, native in pairs:
        keys = spelled_keys(english)
        for word in native_words(native, lang):
            seen[word] += 1
            spelled[word] += phonetic_key(word) in keys
    return seen, spelled


def common_rows(
    seen: Counter[str], spelled: Counter[str], lang: str, top: int, min_count: int, max_spelled: float
) -> list[Row]:
    kept = [w for w, n in seen.items() if n >= min_count and spelled[w] <= max_spelled * n]
    kept.sort(key=lambda w: (-seen[w], w))
    return [(w, lang, phonetic_key(w), seen[w]) for w in kept[:top]]


def write_table(rows: Sequence[Row], out: Path) -> None:
    sources.write_tsv(
        out,
        "Common Bengali and Hindi words: word, lang, phonetic key, occurrences."
        " Made by scripts/make_common_words.py; sources and licences in ENGLISH-LEXICON-SOURCES.md.",
        (f"{w}\t{lang}\t{key}\t{n}" for w, lang, key, n in rows),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--top", type=int, default=5000, help="words per language at most (5000)")
    parser.add_argument("--min-count", type=int, default=2, help="occurrences at least (2)")
    parser.add_argument("--max-spelled", type=float, default=0.1, help="share spelled out at most (0.1)")
    args = parser.parse_args(argv)
    if args.top < 1 or args.min_count < 1 or not 0 <= args.max_spelled <= 1:
        parser.error("--top and --min-count take 1 or more, --max-spelled a share between 0 and 1")
    if not (args.data_dir / "ntrex128").is_dir():
        parser.error(f"{args.data_dir} holds no ntrex128 folder: give --data-dir the corpus-raw folder")
    rows: list[Row] = []
    for lang in LANGS:
        seen, spelled = counted(training_pairs(args.data_dir, lang, with_held_out=True), lang)
        mine = common_rows(seen, spelled, lang, args.top, args.min_count, args.max_spelled)
        print(f"{lang}: {len(seen)} words, {len(mine)} kept (at most {args.top}, each seen {args.min_count}+ times)")
        rows += mine
    write_table(rows, args.out)
    print(f"{len(rows)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
