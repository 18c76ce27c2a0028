"""Measure the phonetic key: how many native words a Latin query word reaches, and which names meet.

Precision: every Bengali and Hindi word type of a real vocabulary (the hunspell
word lists and the two monolingual sentence pools) is keyed; for each Latin
query word -- English words of NTREX-128's English source (the documents the
seed lexicon may train on: even indexes, scripts/ntrex_split.py) and
Vietnamese place-name syllables of the gazetteer -- the script counts the
distinct native words that share its key.  Recall: transliterated name pairs
of the gazetteer (Vietnamese provinces and places, country names in English)
against their Bengali and Hindi spellings, word by word; a pair meets when
both words get the same non-empty key.  And for the names of
scripts/eval_bridge.py in the even NTREX documents, how many of the
Bengali and Hindi versions hold a word with the name's key.  Both are printed for each minimum key
length, so the minimum can be chosen from the figures; then the key's speed
(microseconds per new word, per memo hit).  Offline; nothing from FLORES-200,
SIB-200 or TICO-19.

    python scripts/measure_phonetic_key.py [--raw ../shared/corpus-raw] [--examples 15]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from index.analysis import phonetic
from index.analysis.textnorm import normalize_term
from index.translation.common import COMMON_FILE, parse_common
from index.translation.tables import bundled_text
from search.bridge import MAX_PER_WORD, MIN_RUN_WORD_KEY, MIN_WORD_KEY

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_bridge import NATIVE_WORD_RE as NTREX_WORD_RE  # noqa: E402
from eval_bridge import names_of  # noqa: E402
from ntrex_split import seed_documents  # noqa: E402

RAW = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"
NATIVE_WORD_RE = re.compile("[\u0900-\u0963\u0971-\u097f\u0980-\u09e5\u09f0-\u09f1\u200c\u200d]+")
LATIN_WORD_RE = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
# Words of a multi-word name that are not the name ("province").
GENERIC = frozenset({"प्रांत", "प्रदेश", "প্রদেশ"})
MIN_KEYS = (2, 3, 4)
# The examples: how far each reaches on its own.
EXAMPLES = ("nguyen", "ho", "hai", "hue", "mekong", "digital", "startup", "vietnam", "resolution", "internet")
MANY = 20
# search.bridge's own bounds: a lone word's key needed MIN_RUN_WORD_KEY
# letters before the common words (the rows "key" and "key+variants", kept
# comparable), and needs MIN_WORD_KEY now that the common words sharing it are
# not matched ("shipped"); its variants fill the word's MAX_PER_WORD bridges
# beside the key (a word the English table translates leaves them less room;
# not measured here).
LONE_WORD_KEY = MIN_RUN_WORD_KEY
VARIANTS_PER_WORD = MAX_PER_WORD - 1


def native_vocabulary(raw: Path) -> list[str]:
    words: set[str] = set()
    for dic in ("bn_BD.dic", "hi_IN.dic"):
        lines = (raw / "hunspell-wordlists" / dic).read_text(encoding="utf-8").split("\n")[1:]
        words.update(normalize_term(line.split("/")[0].strip()) for line in lines if line.strip())
    for pool in ("bn-news-bnlp-punct/dev.sentences.bn.txt", "hiner-hi/validation.sentences.hi.txt"):
        words.update(map(normalize_term, NATIVE_WORD_RE.findall((raw / pool).read_text(encoding="utf-8"))))
    words.discard("")
    return sorted(words)


def english_words(raw: Path) -> list[str]:
    words: set[str] = set()
    with (raw / "ntrex128" / "docs.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if seed_documents(n):
                for sentence in json.loads(line)["eng_src"]:
                    words.update(normalize_term(w) for w in LATIN_WORD_RE.findall(sentence))
    return sorted(words)


def _words(text: str) -> list[str]:
    return [normalize_term(w) for w in text.replace("-", " ").split()]


def name_pairs(raw: Path) -> list[tuple[str, str, str]]:
    """(Latin word, Bengali or Hindi word, source) of names written word for word."""
    gazetteer = raw / "gazetteer-vn"
    pairs: set[tuple[str, str, str]] = set()

    def add(latin: str, native: str, source: str) -> None:
        lat, nat = _words(latin), [w for w in _words(native) if w not in GENERIC]
        if lat and len(lat) == len(nat):
            pairs.update((a, b, source) for a, b in zip(lat, nat, strict=True))

    with (gazetteer / "vn_provinces_63_cldr41.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            add(row["vi_cldr"], row["bn_cldr"], "province bn")
            add(row["vi_cldr"], row["hi_cldr"], "province hi")
    for place in json.loads((gazetteer / "wof_vn_places_bn_hi_vi_en.json").read_text(encoding="utf-8")):
        names = place["names"]
        for vi in names.get("name:vie_x_preferred", [])[:1]:
            for key, source in (("name:ben_x_preferred", "place bn"), ("name:hin_x_preferred", "place hi")):
                for native in names.get(key, [])[:1]:
                    add(vi, native, source)
    with (gazetteer / "countries_iso3166-1_en_bn_hi_vi.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if " " not in row["name_en"]:
                add(row["name_en"], row["bn"] or "", "country bn")
                add(row["name_en"], row["hi"] or "", "country hi")
    return sorted(pairs)


def _at_least(key: str, minimum: int) -> str:
    return key if len(key) >= minimum else ""


def precision_rows(
    queries: Iterable[str], by_key: dict[str, set[str]], key: Callable[[str], str]
) -> dict[int, tuple[int, int, float, float, int]]:
    """Per minimum: (queries keyed, queries, mean native words reached, p90, queries reaching > MANY)."""
    queries = list(queries)
    rows = {}
    for minimum in MIN_KEYS:
        reach = [len(by_key[k]) for k in (_at_least(key(q), minimum) for q in queries) if k]
        p90 = statistics.quantiles(reach, n=10, method="inclusive")[-1] if len(reach) > 1 else 0.0
        mean = statistics.mean(reach) if reach else 0.0
        rows[minimum] = (len(reach), len(queries), mean, p90, sum(r > MANY for r in reach))
    return rows


def timed_keys(vocabulary: list[str], rounds: int = 3) -> tuple[list[str], float, float]:
    """Every word's key; and the median over ``rounds`` of µs per new word and per memo hit.

    A new word goes through ``_compute`` (what the memo calls on a miss); a
    hit through ``phonetic_key`` once the memo holds the word.
    """
    keys = [phonetic._compute(w) for w in vocabulary]
    sample = vocabulary[:: max(1, len(vocabulary) // 20000)]
    new, hit = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for w in sample:
            phonetic._compute(w)
        new.append((time.perf_counter() - t0) / len(sample) * 1e6)
        for w in sample:
            phonetic.phonetic_key(w)
        t0 = time.perf_counter()
        for w in sample:
            phonetic.phonetic_key(w)
        hit.append((time.perf_counter() - t0) / len(sample) * 1e6)
    return keys, statistics.median(new), statistics.median(hit)


def print_precision(english: list[str], vietnamese: list[str], by_key: dict[str, set[str]]) -> None:
    print(f"\nprecision: native words sharing a Latin query word's key (> {MANY}: how many queries reach more)")
    print("min key | query words               | keyed       | mean  | p90   | > 20")
    for label, queries in (
        ("English, NTREX (even docs)", english),
        ("  of them ≤ 4 letters", [w for w in english if len(w) <= 4]),
        ("  of them > 4 letters", [w for w in english if len(w) > 4]),
        ("Vietnamese name syllables", vietnamese),
    ):
        for minimum, (keyed, total, mean, p90, many) in precision_rows(queries, by_key, phonetic.phonetic_key).items():
            share = many / max(keyed, 1)
            print(f"{minimum:7} | {label:25} | {keyed:5}/{total:<5} | {mean:5.1f} | {p90:5.0f} | {share:.1%}")


def variant_reach(
    word: str, by_key: dict[str, set[str]], spelling: bool = False, common: frozenset[str] = frozenset()
) -> int:
    """Native words a lone Latin word reaches through its key and, as search.bridge adds them, its variants.

    ``spelling``: the spelling variants too (before the key variants);
    ``common``: words not reached (the bundled common words).
    """
    key = phonetic.phonetic_key(word)
    minimum = MIN_WORD_KEY if spelling else LONE_WORD_KEY
    reached = set(by_key[key]) if len(key) >= minimum else set()
    candidates = (
        [*phonetic.spelling_variants(word), *phonetic.key_variants(key)] if spelling else phonetic.key_variants(key)
    )
    found = [v for v in dict.fromkeys(candidates) if len(v) >= minimum and v in by_key]
    for variant in found[:VARIANTS_PER_WORD]:
        reached |= by_key[variant]
    return len(reached - common)


def common_vocabulary() -> frozenset[str]:
    return frozenset(word for word, _, _, _ in parse_common(bundled_text(COMMON_FILE)))


def print_variant_precision(english: list[str], by_key: dict[str, set[str]]) -> None:
    """Native words reached by a lone English word: the key alone, then with variants, then as shipped."""
    print(f"\nprecision of a lone word: its key, then with its key variants (at most {VARIANTS_PER_WORD}),")
    print(f"then as shipped: spelling variants too, the common words not reached, keys of {MIN_WORD_KEY}+ letters")
    print("query words               |              | keyed | mean  | p90   | > 20")
    common = common_vocabulary()
    for label, queries in (
        ("English, NTREX (even docs)", english),
        ("  of them ≤ 4 letters", [w for w in english if len(w) <= 4]),
        ("  of them > 4 letters", [w for w in english if len(w) > 4]),
    ):
        keyed = [q for q in queries if len(phonetic.phonetic_key(q)) >= LONE_WORD_KEY]
        keyed_now = [q for q in queries if len(phonetic.phonetic_key(q)) >= MIN_WORD_KEY]
        for name, reach in (
            ("key", [len(by_key[phonetic.phonetic_key(q)]) for q in keyed]),
            ("key+variants", [variant_reach(q, by_key) for q in keyed]),
            ("shipped, 3+", [variant_reach(q, by_key, True, common) for q in keyed]),
            (f"shipped, {MIN_WORD_KEY}+", [variant_reach(q, by_key, True, common) for q in keyed_now]),
        ):
            p90 = statistics.quantiles(reach, n=10, method="inclusive")[-1] if len(reach) > 1 else 0.0
            mean = statistics.mean(reach) if reach else 0.0
            many = sum(r > MANY for r in reach) / max(len(reach), 1)
            print(f"{label:25} | {name:12} | {len(reach):5} | {mean:5.1f} | {p90:5.0f} | {many:.1%}")


def print_recall(pairs: list[tuple[str, str, str]]) -> None:
    key = phonetic.phonetic_key
    print("\nrecall: name pairs whose two words get the same key")
    print("min key | source      | met")
    sources = sorted({source for *_, source in pairs})
    for minimum in MIN_KEYS:
        for source in [*sources, "all"]:
            chosen = [(a, b) for a, b, s in pairs if source in (s, "all")]
            met = sum(_at_least(key(a), minimum) == _at_least(key(b), minimum) != "" for a, b in chosen)
            print(f"{minimum:7} | {source:11} | {met}/{len(chosen)} = {met / len(chosen):.1%}")


def print_ntrex_names(raw: Path) -> None:
    """How many article versions hold a word with a name's key: the most the key can give eval_bridge."""
    key = phonetic.phonetic_key
    met = near = spelt = total = 0
    with (raw / "ntrex128" / "docs.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not seed_documents(n):
                continue
            doc = json.loads(line)
            for lang, side in (("bn", "ben"), ("hi", "hin")):
                keys = {key(w) for s in doc[side] for w in map(normalize_term, NTREX_WORD_RE[lang].findall(s))}
                for name in names_of(doc):
                    total += 1
                    k = key(normalize_term(name))
                    met += k in keys
                    near += k in keys or any(v in keys for v in phonetic.key_variants(k))
                    spelt += k in keys or any(
                        v in keys for v in (*phonetic.spelling_variants(name), *phonetic.key_variants(k))
                    )
    print(f"\nNTREX names (scripts/eval_bridge.py's, even documents): {met}/{total} = {met / total:.1%} of the")
    print("Bengali and Hindi versions hold a word with the name's key")
    print(f"  {near}/{total} = {near / total:.1%} with the key or one of its variants")
    print(f"  {spelt}/{total} = {spelt / total:.1%} with the key, a spelling variant or a key variant")


def print_examples(english: list[str], pairs: list[tuple[str, str, str]], by_key: dict[str, set[str]], n: int) -> None:
    key = phonetic.phonetic_key
    print("\nthe issue's words: key, native words sharing it")
    for q in EXAMPLES:
        print(f"  {q:12} {key(q):10} {len(by_key[key(q)]):5}  {' '.join(sorted(by_key[key(q)])[:8])}")
    print(f"\nEnglish query words reaching most native words (min key {phonetic.MIN_KEY_CHARS}):")
    for q in sorted(english, key=lambda q: -len(by_key[key(q)]) if key(q) else 0)[:n]:
        print(f"  {q:12} {key(q):8} {len(by_key[key(q)]):5}  {' '.join(sorted(by_key[key(q)])[:6])} …")
    missed = [(a, b) for a, b, _ in pairs if key(a) != key(b) or not key(a)]
    print(f"\nname pairs that do not meet (first {n} of {len(missed)}):")
    for a, b in missed[:n]:
        print(f"  {a:14} {key(a):10} {b:16} {key(b)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=RAW, help="the corpus-raw folder")
    parser.add_argument("--examples", type=int, default=15, help="query words reaching most native words, listed")
    args = parser.parse_args()

    vocabulary = native_vocabulary(args.raw)
    keys, per_new_word, per_hit = timed_keys(vocabulary)
    by_key: dict[str, set[str]] = defaultdict(set)
    for word, k in zip(vocabulary, keys, strict=True):
        if k:
            by_key[k].add(word)
    print(f"native vocabulary: {len(vocabulary)} word types, {sum(map(bool, keys))} keyed, {len(by_key)} distinct keys")

    pairs = name_pairs(args.raw)
    english = english_words(args.raw)
    vietnamese = sorted({latin for latin, _, source in pairs if not source.startswith("country")})
    print_precision(english, vietnamese, by_key)
    print_variant_precision(english, by_key)
    print_recall(pairs)
    print_ntrex_names(args.raw)
    print_examples(english, pairs, by_key, args.examples)
    speed = f"{per_new_word:.1f} µs per new word, {per_hit:.2f} µs per memo hit"
    print(f"\nspeed (median of 3 rounds over 20,000 words): {speed}")


if __name__ == "__main__":
    main()
