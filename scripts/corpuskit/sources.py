"""make_corpus.py's real text: the sentence pools read from ../shared/corpus-raw, cleaned, once per run."""

from __future__ import annotations

import bisect
import csv
import json
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIN_SENTENCE_CHARS = 20
MAX_SENTENCE_CHARS = 1200
SENTENCE_END = ("।", ".", "?", "!", '"', "'", "\u201d", "\u2019", "|", ")", "॥")


@dataclass(frozen=True)
class Sentence:
    """One source sentence: an id such as ``ntrex:17`` and its text per language."""

    sid: str
    text: dict[str, str]


@dataclass
class Pool:
    """One source's documents; a draw takes a run from a uniformly chosen sentence."""

    name: str
    docs: list[list[Sentence]] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def add(self, doc: list[Sentence]) -> None:
        if doc:
            self.docs.append(doc)
            self._ends.append(self.size + len(doc))

    @property
    def size(self) -> int:
        return self._ends[-1] if self._ends else 0

    def run(self, rng: random.Random, length: int, from_start: bool = False) -> tuple[int, int, list[Sentence]]:
        """Up to ``length`` consecutive sentences of one document: (doc index, start, run)."""
        k = rng.randrange(self.size)
        d = bisect.bisect_right(self._ends, k)
        start = 0 if from_start else k - (self._ends[d - 1] if d else 0)
        return d, start, self.docs[d][start : start + length]


@dataclass
class Data:
    """The sentence pools, read once per run."""

    parallel: list[Pool]
    headlines: dict[int, Sentence]  # ntrex document index -> its headline
    short_parallel: list[Sentence]
    mono: dict[str, list[Pool]]
    short_mono: dict[str, list[Sentence]]

    def pools(self, langs: Sequence[str]) -> list[Pool]:
        return self.parallel if len(langs) == 2 else self.mono[langs[0]]

    def shorts(self, langs: Sequence[str]) -> list[Sentence]:
        return self.short_parallel if len(langs) == 2 else self.short_mono[langs[0]]


def clean(text: str, end_mark: bool = True) -> str | None:
    """Repair CSV quoting artefacts, give a sentence its end mark, drop misfits."""
    s = " ".join(text.split())
    if s.startswith('"') and s.endswith('"') and '""' in s:
        s = s[1:-1]
    while '""' in s:
        s = s.replace('""', '"')
    s = s.strip()
    if not MIN_SENTENCE_CHARS <= len(s) <= MAX_SENTENCE_CHARS:
        return None
    if end_mark and not s.endswith(SENTENCE_END):
        s += "।"
    return s


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _parallel(sid: str, bn: str, hi: str, end_mark: bool = True) -> Sentence | None:
    b, h = clean(bn, end_mark), clean(hi, end_mark)
    return Sentence(sid, {"bn": b, "hi": h}) if b and h else None


def _grouped(
    rows: list[dict[str, str]], key: str, make: Callable[[dict[str, str]], Sentence | None]
) -> Iterator[list[Sentence]]:
    """Documents as runs of rows with the same ``key``."""
    doc: list[Sentence] = []
    last = None
    for row in rows:
        if row[key] != last and doc:
            yield doc
            doc = []
        last = row[key]
        s = make(row)
        if s is not None:
            doc.append(s)
    if doc:
        yield doc


def _tsv_pool(name: str, path: Path, key: str, keep: Callable[[dict[str, str]], bool], cols: tuple[str, ...]) -> Pool:
    """A parallel pool from a TSV: ``cols`` = (id column, Bengali column, Hindi column)."""
    pool = Pool(name)
    rows = [r for r in _read_tsv(path) if keep(r)]
    sid, bn, hi = cols
    for doc in _grouped(rows, key, lambda r: _parallel(f"{name}:{r[sid]}", r[bn], r[hi])):
        pool.add(doc)
    return pool


def _ntrex(path: Path) -> tuple[Pool, dict[int, Sentence]]:
    """NTREX documents; the first line of each is its headline, kept apart for titles."""
    pool, headlines = Pool("ntrex"), {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            rows = list(zip(rec["lines"], rec["ben"], rec["hin"], strict=True))
            head = _parallel(f"ntrex:{rows[0][0]}", rows[0][1], rows[0][2], end_mark=False)
            body = [s for s in (_parallel(f"ntrex:{n}", b, h) for n, b, h in rows[1:]) if s]
            if head and body:
                headlines[len(pool.docs)] = head
            pool.add(body)
    return pool, headlines


def _mono_pool(name: str, lang: str, path: Path) -> Pool:
    """A monolingual file as one long document (its lines are consecutive news text)."""
    doc = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            # HiNER carries thousands of Wikipedia village stubs; they are not news.
            if name == "hiner" and ("गाँव है" in line or "तहसील में" in line):
                continue
            s = clean(line)
            if s:
                doc.append(Sentence(f"{name}:{n}", {lang: s}))
    pool = Pool(name)
    pool.add(doc)
    return pool


def load_data(root: Path) -> Data:
    """Read the corpus-raw sets the generator uses (well under a second)."""
    csv.field_size_limit(1 << 24)
    ntrex, headlines = _ntrex(root / "ntrex128" / "docs.jsonl")
    parallel = [
        ntrex,
        _tsv_pool(
            "flores",
            root / "flores200-devtest" / "aligned_devtest.tsv",
            "article_idx",
            lambda r: True,
            ("sent_idx", "ben_Beng", "hin_Deva"),
        ),
        # SIB-200 rows from FLORES devtest duplicate flores200-devtest: keep the dev ones.
        _tsv_pool(
            "sib",
            root / "sib200" / "aligned_sib200.tsv",
            "url",
            lambda r: r["flores_split"] == "dev",
            ("index_id", "ben_Beng", "hin_Deva"),
        ),
        # The CMU document is doctor-patient dialogue without punctuation, not news.
        _tsv_pool(
            "tico",
            root / "tico19" / "aligned.tsv",
            "doc_id",
            lambda r: r["doc_id"] != "CMU_1",
            ("tuid", "bn", "hi"),
        ),
    ]
    mono = {
        "bn": [
            _mono_pool("bnlp-dev", "bn", root / "bn-news-bnlp-punct" / "dev.sentences.bn.txt"),
            _mono_pool("bnlp-test", "bn", root / "bn-news-bnlp-punct" / "test_news.sentences.bn.txt"),
        ],
        "hi": [
            _mono_pool("hiner", "hi", root / "hiner-hi" / "validation.sentences.hi.txt"),
            _mono_pool("wmt14", "hi", root / "wmt14-newstest-hi-en" / "newstest2014.hi"),
        ],
    }
    short_par = [s for p in parallel for d in p.docs for s in d if max(len(t) for t in s.text.values()) <= 90]
    short_mono = {
        lang: [s for p in pools for d in p.docs for s in d if len(s.text[lang]) <= 90] for lang, pools in mono.items()
    }
    return Data(parallel, headlines, short_par, mono, short_mono)
