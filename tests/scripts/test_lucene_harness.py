"""Tests for the Lucene baseline harness (scripts/lucene/, driven by scripts/bench_lucene.py).

Skipped, with the reason, where java, javac or Debian's Lucene/ICU4J jars are
not installed: the harness is a benchmark yardstick, not part of Setu.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import load_script, sample_article

from index.analysis.analyzers import analyze_columns

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample"
ALL_SAMPLE_IDS = sorted(p.stem for p in SAMPLE.glob("*.txt"))


bench_lucene = load_script("bench_lucene")
_MISSING = bench_lucene.missing_prerequisites()
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"Lucene harness cannot run: {_MISSING}")


@pytest.fixture(scope="module")
def classpath(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The harness compiled afresh into a temporary folder (the sources as they are now)."""
    return str(bench_lucene.build(tmp_path_factory.mktemp("lucene-build")))


@pytest.fixture(scope="module")
def sample_index(classpath: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    index_dir = tmp_path_factory.mktemp("lucene-sample") / "index"
    run = bench_lucene.index_corpus(classpath, SAMPLE, index_dir)
    return index_dir, run.report


@pytest.fixture(scope="module")
def same_documents(classpath: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample indexed with --same-documents: the harness's report."""
    index_dir = tmp_path_factory.mktemp("lucene-same") / "index"
    return dict(bench_lucene.index_corpus(classpath, SAMPLE, index_dir, same_documents=True).report)


def _search(classpath: str, index_dir: Path, *queries: str) -> dict[str, dict[str, Any]]:
    run = bench_lucene.run_queries(classpath, index_dir, [("q", q) for q in queries], rounds=1, warmup=0)
    return {row["query"]: row for row in run.report["queries"]}


def test_index_reports_the_sample_corpus(sample_index: tuple[Path, dict[str, Any]]) -> None:
    _index_dir, report = sample_index
    text_bytes = sum(p.stat().st_size for p in SAMPLE.glob("*.txt"))
    assert (report["docs"], report["skipped"], report["bytes"]) == (5, [], text_bytes)
    assert report["index_bytes"] > 0 and report["seconds"] > 0


def test_digits_are_folded_across_scripts(classpath: str, sample_index: tuple[Path, dict[str, Any]]) -> None:
    # The sample holds 57 in ASCII, Bengali (৫৭) and Devanagari (५७) digits.
    row = _search(classpath, sample_index[0], "57")["57"]
    assert (row["hits"], row["hits_exact"], sorted(row["top"])) == (5, True, ALL_SAMPLE_IDS)


def test_phrase_hits_exactly_the_files_that_contain_it(
    classpath: str, sample_index: tuple[Path, dict[str, Any]]
) -> None:
    phrase = '"ডিজিটাল রূপান্তর"'
    row = _search(classpath, sample_index[0], phrase)[phrase]
    containing = sorted(p.stem for p in SAMPLE.glob("*.txt") if "ডিজিটাল রূপান্তর" in p.read_text(encoding="utf-8"))
    assert containing == [
        "000_45f867eacd813f2e",
        "002_9232af5498dd2ad5",
        "003_72547007595906f6",
        "004_a2bd8f65d88ff69c",
    ]
    assert (row["hits"], sorted(row["top"])) == (4, containing)


def test_query_syntax(classpath: str, sample_index: tuple[Path, dict[str, Any]]) -> None:
    rows = _search(classpath, sample_index[0], "", "lang:hi", "ডিজিটাল FPT", "57 province:ca-mau", "সূত্র", "মন্তব্য")
    summary = {q: (row["lucene_query"], row["ignored"], row["hits"]) for q, row in rows.items()}
    assert summary == {
        "": ("*:*", [], 5),
        "lang:hi": ("#lang:hi +*:*", [], 1),
        "ডিজিটাল FPT": ("+(+body:ডিজিটাল +body:fpt)", [], 1),
        "57 province:ca-mau": ("+body:57", ["province:ca-mau"], 5),
        # The trailing source line and comment counter are not searchable, as in Setu.
        "সূত্র": ("+body:সূত্র", [], 0),
        "মন্তব্য": ("+body:মন্তব্য", [], 0),
    }


def test_analyzer_keeps_indic_words_whole_and_folds(classpath: str) -> None:
    text = "हिन्दी प्रस्ताव; ৫৭ ५७ 57 ১৬৭টি রূপান্তরের Cần THƠ ক\u200cখ"
    assert bench_lucene.analyze(classpath, text) == [
        "हिन्दी",
        "प्रस्ताव",
        "57",
        "57",
        "57",
        "167",
        "টি",
        "রূপান্তরের",
        "cần",
        "thơ",
        "কখ",
    ]


def test_mix_follows_the_search_benchmark() -> None:
    mix = bench_lucene.bench_search_mix()
    assert ("facet-filtered", "सरकार lang:hi resolution:57-NQ/TW") in mix
    assert ("empty + facets", "") in mix
    assert "passages" not in {kind for kind, _query in mix}


def test_the_plain_index_is_one_body_field_as_before(sample_index: tuple[Path, dict[str, Any]]) -> None:
    _index_dir, report = sample_index
    assert "mode" not in report and "fields" not in report and report["store_body"] is False


def test_same_documents_indexes_what_setu_indexes_per_article(same_documents: dict[str, Any]) -> None:
    articles = [sample_article(p.name[:3]) for p in sorted(SAMPLE.glob("*.txt"))]
    # One document per article, as Setu writes (its sentences are positions, not documents),
    # counted from the committed index; the same sentences and tokens as Setu's own analysis.
    assert (same_documents["docs"], same_documents["index_docs"]) == (len(articles), len(articles))
    assert same_documents["sentences"] == sum(len(a.sentences()) for a in articles)
    tokens = sum(len(analyze_columns(a.body()).terms) for a in articles)
    assert same_documents["tokens"] == tokens
    fields = same_documents["fields"]
    for name in ("text", "stem", "key"):
        assert fields[name]["index_options"] == "DOCS_AND_FREQS_AND_POSITIONS", name
        assert (fields[name]["norms"], fields[name]["docs"]) == (True, len(articles)), name
    # Every token has an exact and a stemmed term; numbers and short words have no key.
    assert fields["text"]["occurrences"] == fields["stem"]["occurrences"] == tokens
    assert 0.5 * tokens < fields["key"]["occurrences"] < tokens
    assert fields["sents"]["doc_values"] == "BINARY"
    assert "body" not in fields
    assert 0 <= same_documents["read_back_seconds"] < same_documents["seconds"]
    first = articles[0]
    stored = same_documents["stored_in_first_doc"]
    assert stored == {"content": len(first.text), "id": len(first.id), "sentences": 8 * len(first.sentences())}


def test_same_documents_fields_share_positions(classpath: str) -> None:
    analysed = bench_lucene.analyze_fields(classpath, "প্রস্তাবের ৫৭ টি Nguyễn।\nदिल्ली में सरकारों ने कहा।")
    text, stem, key = analysed["text"], analysed["stem"], analysed["key"]
    assert [t for t, _ in text] == ["প্রস্তাবের", "57", "টি", "nguyễn", "दिल्ली", "में", "सरकारों", "ने", "कहा"]
    assert [p for _, p in stem] == [p for _, p in text] == list(range(9))
    stems = dict(zip((t for t, _ in text), (s for s, _ in stem), strict=True))
    # Lucene's Bengali and Hindi stemmers, chosen by the token's script; other tokens as they are.
    assert stems["প্রস্তাবের"] == "প্রস্তাব" and stems["सरकारों"] == "सरकार" and stems["nguyễn"] == "nguyễn"
    # The number has no key and its position stays empty; keys are lower-case ASCII.
    assert 1 not in {p for _, p in key} and {0, 3, 4, 6} <= {p for _, p in key}
    assert all(k.isascii() and k.isalpha() and k.islower() for k, _ in key)
    assert len(analysed["sentences"]) == 2
