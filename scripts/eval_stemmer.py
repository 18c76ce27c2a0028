"""Evaluate the light stemmer on real Bengali and Hindi vocabulary.

Reads the hunspell word lists and the news sentence pools, stems every word
type, and prints for each language: word types, stem classes, the largest
conflation classes and a random sample of conflated pairs (to eyeball
over-stemming), an inflection check (do a bare form and its regular
inflections meet? to find under-stemming), and at the end the stemming speed
on the Bengali sentence pool.  Offline; every path is an argument.

    python scripts/eval_stemmer.py [--bn-dic ...] [--hi-dic ...] [--bn-sentences ...] [--hi-sentences ...]
"""

from __future__ import annotations

import argparse
import random
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.analysis.stemmer import STEMMERS, stem
from index.analysis.textnorm import normalize_term

RAW = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"
DEFAULTS = {
    "bn_dic": RAW / "hunspell-wordlists" / "bn_BD.dic",
    "hi_dic": RAW / "hunspell-wordlists" / "hi_IN.dic",
    "bn_sentences": RAW / "bn-news-bnlp-punct" / "test_news.sentences.bn.txt",
    "hi_sentences": RAW / "hiner-hi" / "validation.sentences.hi.txt",
}

# A word is a run of the script's letters and signs (digits, danda and
# punctuation split).  Cruder than the ICU segmenter the index uses, but it
# needs nothing beyond the standard library and is the same for both sources.
WORD_RE = {
    "bn": re.compile("[\u0980-\u09e5\u09f0-\u09f1]+"),
    "hi": re.compile("[\u0900-\u0963\u0971-\u097f]+"),
}

# Regular inflections whose stems should meet the bare form's stem.
EMPHATIC = ("ই", "ও")
BN_INFLECTIONS = ("ের", "কে", "গুলো", "গুলি", "গুলোর", "গুলির", "দের", "রা", "েরা", "টি", "টির", "সমূহ", "ই", "ও")
BN_AFTER_VOWEL = ("র", "তে", "য়")
BN_VOWEL_END = "ািীুূৃেৈোৌঅআইঈউঊঋএঐওঔ"


def bn_inflections(word: str) -> Iterator[str]:
    for suffix in BN_INFLECTIONS:
        yield word + suffix
    if word[-1] in BN_VOWEL_END:
        for suffix in BN_AFTER_VOWEL:
            yield word + suffix
    else:
        yield word + "ে"


def hi_inflections(word: str) -> Iterator[str]:
    last, body = word[-1], word[:-1]
    if last == "ा":
        yield from (body + "े", body + "ों", body + "ी", body + "ाएं", body + "ाओं")
    elif last in "िी":
        yield from (body + "ियां", body + "ियाँ", body + "ियों")
    elif last == "ु":
        yield from (body + "ुओं", body + "ुएं")
    else:
        yield from (word + "ों", word + "ें", word + "ो")


INFLECTIONS: dict[str, Callable[[str], Iterator[str]]] = {"bn": bn_inflections, "hi": hi_inflections}


def letter_count(word: str) -> int:
    return sum(1 for ch in word if unicodedata.category(ch) == "Lo")


@dataclass(frozen=True)
class Vocabulary:
    lang: str
    dic_words: frozenset[str]
    counts: Counter[str]  # corpus token counts
    tokens: tuple[str, ...]  # corpus tokens in order (for the speed test)

    @property
    def types(self) -> frozenset[str]:
        return self.dic_words | frozenset(self.counts)


def read_dic(path: Path, word_re: re.Pattern[str]) -> frozenset[str]:
    words: set[str] = set()
    with path.open(encoding="utf-8") as f:
        next(f, None)  # the first line is the entry count
        for line in f:
            word = normalize_term(line.strip().split("/", 1)[0])
            if word and word_re.fullmatch(word):
                words.add(word)
    return frozenset(words)


def read_tokens(path: Path, word_re: re.Pattern[str]) -> list[str]:
    tokens: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            tokens.extend(word_re.findall(normalize_term(line)))
    return tokens


def load(lang: str, dic: Path, sentences: Path) -> Vocabulary:
    word_re = WORD_RE[lang]
    tokens = read_tokens(sentences, word_re)
    return Vocabulary(lang, read_dic(dic, word_re), Counter(tokens), tuple(tokens))


def classes(words: Iterable[str], lang: str) -> dict[str, list[str]]:
    by_stem: dict[str, list[str]] = defaultdict(list)
    for word in words:
        by_stem[stem(word, lang)].append(word)
    return by_stem


def show_members(members: list[str], counts: Counter[str], limit: int = 14) -> str:
    ordered = sorted(members, key=lambda w: (-counts[w], w))
    shown = " ".join(f"{w}({counts[w]})" if counts[w] else w for w in ordered[:limit])
    more = len(ordered) - limit
    return shown + (f" ... +{more}" if more > 0 else "")


def report(vocab: Vocabulary, top: int, sample: int, rng: random.Random) -> None:
    lang, counts = vocab.lang, vocab.counts
    types = sorted(vocab.types)
    by_stem = classes(types, lang)
    changed = sum(1 for w in types if stem(w, lang) != w)
    print(f"== {lang} ==")
    print(f"corpus tokens {len(vocab.tokens)}, corpus types {len(counts)}, dictionary words {len(vocab.dic_words)}")
    ratio = len(by_stem) / len(types)
    print(f"word types {len(types)} -> stem classes {len(by_stem)} ({ratio:.3f}); {changed} types changed")
    corpus_classes = classes(counts, lang)
    print(f"corpus types only: {len(counts)} -> {len(corpus_classes)} stem classes")

    print(f"\n-- {top} largest conflation classes (word(corpus count)) --")
    largest = sorted(by_stem.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    for key, members in largest:
        print(f"{len(members):4d}  {key} <- {show_members(members, counts)}")

    print(f"\n-- {top} largest classes by corpus tokens --")
    weight = {k: sum(counts[w] for w in m) for k, m in corpus_classes.items() if len(m) > 1}
    for key in sorted(weight, key=lambda k: (-weight[k], k))[:top]:
        print(f"{weight[key]:6d}  {key} <- {show_members(corpus_classes[key], counts)}")

    # Sampled from the news vocabulary: the dictionaries are heavy with verb
    # paradigms, which would crowd out the nouns this stemmer is for.
    print(f"\n-- {sample} random conflated pairs (at least one word from the news pool) --")
    conflated = [w for w in sorted(counts) if len(by_stem[stem(w, lang)]) > 1]
    for word in rng.sample(conflated, min(sample, len(conflated))):
        key = stem(word, lang)
        other = rng.choice([w for w in by_stem[key] if w != word])
        print(f"  {word} + {other} -> {key}")

    inflection_check(vocab, top)
    print()


def inflection_check(vocab: Vocabulary, top: int) -> None:
    lang, counts, types = vocab.lang, vocab.counts, vocab.types
    pairs: list[tuple[int, str, str]] = []
    for base in counts:
        # By design a stem keeps two letters, three under an emphatic particle.
        letters = letter_count(base)
        if letters < 2:
            continue
        for form in INFLECTIONS[lang](base):
            if form in types and (letters >= 3 or form[len(base) :] not in EMPHATIC):
                pairs.append((counts[base] + counts[form], base, form))
    misses = [p for p in pairs if stem(p[1], lang) != stem(p[2], lang)]
    met = len(pairs) - len(misses)
    share = met / len(pairs) if pairs else 1.0
    print(f"\n-- inflection check: {met}/{len(pairs)} (bare word, regular inflection) pairs meet ({share:.1%}) --")
    print("   the misses, by corpus count (known ambiguities and protected words included):")
    for n, base, form in sorted(misses, key=lambda p: (-p[0], p[1]))[:top]:
        print(f"  {n:5d}  {base} -> {stem(base, lang)}   {form} -> {stem(form, lang)}")


def bench(tokens: tuple[str, ...], rounds: int) -> None:
    stemmer = STEMMERS["bn"]
    clear = getattr(stemmer, "cache_clear", None)
    raw = getattr(stemmer, "__wrapped__", stemmer)
    print(f"== speed: Bengali pool, {len(tokens)} tokens, {len(set(tokens))} types ==")
    for label, fn, reset in (
        ("stem(t, 'bn'), cold cache", lambda t: stem(t, "bn"), True),
        ("stem(t, 'bn'), warm cache", lambda t: stem(t, "bn"), False),
        ("rules only, no cache", raw, False),
    ):
        best = float("inf")
        for _ in range(rounds):
            if reset and clear is not None:
                clear()
            start = time.perf_counter()
            for token in tokens:
                fn(token)
            best = min(best, time.perf_counter() - start)
        print(f"  {label:28s} {len(tokens) / best / 1e6:6.2f} M tokens/s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the light stemmer on Bengali and Hindi vocabulary.")
    for name, default in DEFAULTS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=Path, default=default)
    parser.add_argument("--top", type=int, default=20, help="classes / misses to list")
    parser.add_argument("--sample", type=int, default=30, help="random conflated pairs to list")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is reported)")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    bengali = load("bn", args.bn_dic, args.bn_sentences)
    report(bengali, args.top, args.sample, rng)
    report(load("hi", args.hi_dic, args.hi_sentences), args.top, args.sample, rng)
    bench(bengali.tokens, args.rounds)


if __name__ == "__main__":
    main()
