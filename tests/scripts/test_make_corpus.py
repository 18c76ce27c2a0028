"""Tests for scripts/make_corpus.py, the benchmark corpus generator (tooling, not a package).

Each test on a generated corpus runs twice: on tests/data/corpus-raw-mini (a
few lines of each pool, always there) and on the real ../shared/corpus-raw
(skipped, saying so, where it is absent).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import CORPUS_RAW, CORPUS_RAW_MINI, load_script, needs_corpus_raw

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_corpus.py"

N = 40
SEED = 7
NAME_RE = re.compile(r"^\d{6}_[0-9a-f]{16}\.txt$")
SOURCE_LABELS = {"bn": ("সূত্র", "Source"), "hi": ("स्रोत", "Source")}
COMMENT_RE = re.compile(r"^(মন্তব্য|टिप्पणी) \(\d+\)$")
SOURCE_LINE_RE = re.compile(r"^\S+: https?://\S+$")
MADE_UP = ("tpl", "head", "cap", "by")  # sentence ids of template text, not source data
# Letters of the article's own script and of the other one (the danda U+0964 is shared).
SCRIPT_RE = {"bn": re.compile("[\u0980-\u09ff]"), "hi": re.compile("[\u0900-\u097f]")}
OTHER_RE = {"bn": re.compile("[\u0900-\u0963\u0966-\u097f]"), "hi": re.compile("[\u0980-\u09ff]")}

Record = dict[str, Any]

needs_real_text = needs_corpus_raw(
    "the real news text make_corpus.py samples from; tests/data/corpus-raw-mini stands in for it"
)


@pytest.fixture(scope="module")
def mc() -> ModuleType:
    return load_script("make_corpus")


@pytest.fixture(scope="module")
def tables(mc: ModuleType) -> ModuleType:
    """corpuskit.tables, the made-up parts (importable once make_corpus.py has put scripts/ on the path)."""
    return importlib.import_module("corpuskit.tables")


@dataclass(frozen=True)
class Source:
    """A corpus-raw folder and the seed a corpus is drawn from it with."""

    data_dir: Path
    seed: int


# Seed 7 on the mini pools leaves 10 articles of 40 without a source line (14
# pairs, 7 of them without a shared URL: a rare draw, and the test allows
# fewer than 10); seed 1 draws typical rates from them, as seed 7 does from
# the real pools.
SOURCES = [
    pytest.param(Source(CORPUS_RAW_MINI, 1), id="mini"),
    pytest.param(Source(CORPUS_RAW, SEED), marks=needs_real_text, id="real"),
]


@pytest.fixture(scope="module", params=SOURCES)
def source(request: pytest.FixtureRequest) -> Source:
    given: Source = request.param
    return given


def _generate(mc: ModuleType, data_dir: Path, out: Path, seed: int, truth: Path | None = None) -> None:
    argv = [str(N), str(out), "--seed", str(seed), "--data-dir", str(data_dir)]
    assert mc.main(argv + (["--truth", str(truth)] if truth else [])) == 0


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))}


@pytest.fixture(scope="module")
def corpus(mc: ModuleType, source: Source, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Record]]:
    base = tmp_path_factory.mktemp("corpus")
    _generate(mc, source.data_dir, base / "out", source.seed, base / "truth.jsonl")
    records = [json.loads(line) for line in (base / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return base / "out", records


@pytest.fixture(scope="module")
def records(corpus: tuple[Path, list[Record]]) -> list[Record]:
    return corpus[1]


@pytest.fixture(scope="module")
def texts(corpus: tuple[Path, list[Record]]) -> dict[str, str]:
    out, records = corpus
    return {r["id"]: (out / r["path"]).read_bytes().decode("utf-8") for r in records}


@pytest.fixture(scope="module")
def sentence_text(mc: ModuleType, source: Source) -> dict[str, dict[str, str]]:
    data = mc.load_data(source.data_dir)
    pools = data.parallel + data.mono["bn"] + data.mono["hi"]
    table = {s.sid: s.text for pool in pools for doc in pool.docs for s in doc}
    table.update({s.sid: s.text for s in data.headlines.values()})
    return table


def test_same_seed_gives_identical_bytes(
    mc: ModuleType, source: Source, corpus: tuple[Path, list[Record]], tmp_path: Path
) -> None:
    out, _ = corpus
    _generate(mc, source.data_dir, tmp_path / "again", source.seed, tmp_path / "truth.jsonl")
    assert _snapshot(tmp_path / "again") == _snapshot(out)
    assert (tmp_path / "truth.jsonl").read_bytes() == (out.parent / "truth.jsonl").read_bytes()


def test_other_seed_gives_other_corpus(
    mc: ModuleType, source: Source, corpus: tuple[Path, list[Record]], tmp_path: Path
) -> None:
    out, _ = corpus
    _generate(mc, source.data_dir, tmp_path / "other", source.seed + 1)
    other = _snapshot(tmp_path / "other")
    assert len(other) == N
    assert set(other.values()).isdisjoint(_snapshot(out).values())


def test_out_dir_holds_only_numbered_articles(corpus: tuple[Path, list[Record]]) -> None:
    out, records = corpus
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if not NAME_RE.match(n)] == []
    assert [int(n[:6]) for n in names] == list(range(N))
    assert [r["path"] for r in records] == names
    assert [r["id"] for r in records] == [n.removesuffix(".txt") for n in names]


def test_files_are_utf8_articles_of_sane_size(corpus: tuple[Path, list[Record]], texts: dict[str, str]) -> None:
    out, records = corpus
    for r in records:
        raw = (out / r["path"]).read_bytes()
        text = texts[r["id"]]
        assert 2_000 <= len(raw) <= 60_000, (r["id"], len(raw))
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        # Real sentences may quote a word in the other script (HiNER has "बंगला: বিভূতিভূষণ").
        own, other = len(SCRIPT_RE[r["lang"]].findall(text)), len(OTHER_RE[r["lang"]].findall(text))
        assert own > 50 * other + 500, r["id"]


def _body_lines(text: str, record: Record) -> list[str]:
    """Paragraph lines: without title, blank lines, byline, source line, comment counter."""
    lines = [line for line in text.split("\n")[1:] if line.strip()]
    if lines and COMMENT_RE.match(lines[-1]):
        lines.pop()
    if record["url"] is not None:
        lines.pop()
    if record["sentences"][-1].startswith("by:"):
        lines.pop()
    return lines


def test_source_line_unless_truth_says_no_url(records: list[Record], texts: dict[str, str]) -> None:
    for r in records:
        lines = texts[r["id"]].split("\n")
        if r["url"] is None:
            # Real sentences may cite a URL, but no line has the shape of a source line.
            assert not any(SOURCE_LINE_RE.match(line) for line in lines), r["id"]
            continue
        tail = [line for line in lines if line.strip() and not COMMENT_RE.match(line)][-1]
        label, _, url = tail.partition(": ")
        assert label in SOURCE_LABELS[r["lang"]] and url == r["url"], (r["id"], tail)
        assert re.match(r"https://[a-z.]+\.vn/[a-z0-9/-]+", url), url
    assert sum(r["url"] is None for r in records) < N // 4


def test_paragraph_count_and_captions(records: list[Record], texts: dict[str, str]) -> None:
    for r in records:
        body = _body_lines(texts[r["id"]], r)
        assert 5 <= len(body) <= 40, (r["id"], len(body))
        for line in body:
            # A caption ends its paragraph: "... উপস্থাপন করেন। ছবি: ভিএনএ।"
            for m in re.finditer(r"(ছবি|फोटो): ", line):
                assert "।" not in line[m.end() : -1] and line.endswith("।"), (r["id"], line[-120:])


def test_truth_mentions_are_in_the_text(tables: ModuleType, records: list[Record], texts: dict[str, str]) -> None:
    provinces = {p.slug: p for p in tables.PROVINCES}
    for r in records:
        text = texts[r["id"]]
        for slug in r["provinces"]:
            p = provinces[slug]
            spellings = (p.bn if r["lang"] == "bn" else p.hi) + p.latin
            assert any(s in text for s in spellings), (r["id"], slug)
        for res in r["resolutions"]:
            n = res.removesuffix("-NQ/TW")
            assert n.isdigit(), res
            forms = (n, n.translate(tables.BN_DIGITS), n.translate(tables.HI_DIGITS))
            assert any(re.search(rf"(?<!\d){f}(?!\d)", text) for f in forms), (r["id"], res)
    assert any(r["provinces"] for r in records) and any(r["resolutions"] for r in records)


def test_pairs_are_two_languages_on_consecutive_numbers(records: list[Record]) -> None:
    pairs: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r["pair_id"] is not None:
            pairs[r["pair_id"]].append(r)
    assert pairs, "no pairs in a 40-article corpus"
    assert sorted({len(v) for v in pairs.values()}) == [2]
    for a, b in pairs.values():
        assert (a["lang"], b["lang"]) == ("bn", "hi")
        assert int(b["id"][:6]) == int(a["id"][:6]) + 1
        assert a["sentences"] == b["sentences"]
        assert (a["provinces"], a["resolutions"]) == (b["provinces"], b["resolutions"])
    assert N // 5 <= 2 * len(pairs) <= 4 * N // 5


def test_real_sentences_appear_in_recorded_order(
    records: list[Record], texts: dict[str, str], sentence_text: dict[str, dict[str, str]]
) -> None:
    # With equal id lists for a pair, this makes the two files sentence-by-sentence translations.
    for r in records:
        text = texts[r["id"]]
        real = [sid for sid in r["sentences"] if sid.split(":")[0] not in MADE_UP]
        assert len(real) >= 5, r["id"]
        pos = 0
        for sid in real:
            found = text.find(sentence_text[sid][r["lang"]], pos)
            assert found >= 0, (r["id"], sid)
            pos = found + 1


def test_cli_subdirs_summary_and_refusal(tmp_path: Path) -> None:
    out = tmp_path / "sub"
    data = ["--data-dir", str(CORPUS_RAW_MINI)]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "3", str(out), "--subdirs", *data], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(r"make_corpus: 3 files, \d+ bytes .* average [\d.]+ KB/file, \d bn/hi pairs .*\n", run.stdout)
    assert [p.parent.name for p in sorted(out.rglob("*.txt"))] == ["000"] * 3
    again = subprocess.run([sys.executable, str(SCRIPT), "3", str(out), *data], capture_output=True, text=True)
    assert again.returncode == 2 and "not an empty directory" in again.stderr
    inside = subprocess.run(
        [sys.executable, str(SCRIPT), "3", str(tmp_path / "new"), "--truth", str(tmp_path / "new" / "t.jsonl"), *data],
        capture_output=True,
        text=True,
    )
    assert inside.returncode == 2 and "inside OUT_DIR" in inside.stderr


def _layout(path: Path) -> list[str]:
    """What make_corpus relies on in a file: a TSV's columns, a JSONL record's keys, or nothing for plain text."""
    with path.open(encoding="utf-8", newline="") as f:
        first = f.readline()
    if path.suffix == ".tsv":
        return first.rstrip("\n").split("\t")
    if path.suffix == ".jsonl":
        return sorted(json.loads(first))
    return []


@needs_real_text
def test_the_mini_corpus_raw_has_the_real_layout() -> None:
    # The same files in the same folders, the same TSV columns; the mini
    # NTREX records keep only the keys make_corpus reads.
    mini = sorted(p.relative_to(CORPUS_RAW_MINI) for p in CORPUS_RAW_MINI.rglob("*") if p.is_file())
    data = [p for p in mini if p.name not in ("INDEX.txt", "SOURCE.txt")]
    assert [str(p) for p in data if not (CORPUS_RAW / p).is_file()] == []
    for p in data:
        real, small = _layout(CORPUS_RAW / p), _layout(CORPUS_RAW_MINI / p)
        assert (small == real) if p.suffix != ".jsonl" else (set(small) <= set(real)), p
    assert sorted(str(p.parent) for p in mini if p.name == "SOURCE.txt") == sorted({str(p.parent) for p in data})


MONO_POOLS = {"bn": {"bnlp-dev", "bnlp-test"}, "hi": {"hiner", "wmt14"}}


@pytest.mark.parametrize("source", SOURCES)
def test_unrelated_corpus_has_no_translation(mc: ModuleType, source: Source, tmp_path: Path) -> None:
    truth = tmp_path / "truth.jsonl"
    argv = [str(N), str(tmp_path / "out"), "--seed", str(source.seed), "--data-dir", str(source.data_dir)]
    assert mc.main([*argv, "--unrelated", "--truth", str(truth)]) == 0
    records = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    assert len(records) == N
    assert [r["pair_id"] for r in records] == [None] * N
    assert {r["lang"] for r in records} == {"bn", "hi"}
    for r in records:
        # Every real sentence from the article's own language's monolingual pools: no parallel text at all.
        pools = {sid.split(":")[0] for sid in r["sentences"]} - set(MADE_UP)
        assert pools and pools <= MONO_POOLS[r["lang"]], (r["id"], pools)
