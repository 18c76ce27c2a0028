"""Repeats: one text published again (another site's copy, a lightly edited copy) folds under the first hit.

The corpus: the sample's 004 (r1_original, baotintuc.vn, 2025-09-17), the
same text from another site (r2_copy, 2025-09-18), the same text with one
word changed (r3_edited, 2025-10-02), and the sample's 000 and 001.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SEED_IDS
from flask import Flask
from flask.testing import FlaskClient

from index import build
from index.translation.fingerprint import word_shingles
from index.translation.repeats import REPEAT_JACCARD, estimated_jaccard
from search import Engine, SearchRequest
from webui import create_app
from webui.cli import main

ORIGINAL_URL = "https://baotintuc.vn/dia-phuong/ca-mau-hop-tac-chien-luoc-chuyen-doi-so-toan-dien-20250917230101015.htm"
Q = "ডিজিটাল রূপান্তর"


@pytest.fixture(scope="module")
def repeats_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("repeats-corpus")
    original = (SAMPLE / f"{SEED_IDS['004']}.txt").read_text(encoding="utf-8")
    assert ORIGINAL_URL in original
    copy = original.replace(ORIGINAL_URL, "https://camau.gov.vn/tin-tuc/hop-tac-chien-luoc-20250918101010.htm")
    edited = original.replace(ORIGINAL_URL, "https://baocamau.vn/hop-tac-20251002090909.htm")
    edited = edited.replace("বিনিয়োগের ক্ষেত্রে তাদের বিস্তৃত", "বিনিয়োগের ক্ষেত্রে তাদের ব্যাপক")
    assert edited != original.replace(ORIGINAL_URL, "https://baocamau.vn/hop-tac-20251002090909.htm")
    for name, text in (("r1_original", original), ("r2_copy", copy), ("r3_edited", edited)):
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    for key in ("000", "001"):
        (corpus / f"{SEED_IDS[key]}.txt").write_text(
            (SAMPLE / f"{SEED_IDS[key]}.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
    index_dir = tmp_path_factory.mktemp("repeats-index")
    build(corpus, index_dir, workers=0)
    return index_dir


@pytest.fixture(scope="module")
def rep(repeats_index: Path) -> Engine:
    return Engine(repeats_index)


@pytest.fixture(scope="module")
def rep_client(repeats_index: Path) -> FlaskClient:
    app: Flask = create_app({"INDEX_DIR": str(repeats_index), "TESTING": True})
    return app.test_client()


def test_a_copy_and_an_edited_copy_fold_under_the_original(rep: Engine) -> None:
    result = rep.search(SearchRequest.create(Q))
    assert [(h.article.id, [a.id for a in h.similar]) for h in result.hits] == [
        (SEED_IDS["000"], []),
        ("r1_original", ["r2_copy", "r3_edited"]),
    ]
    assert (result.total, result.folded) == (2, 2)


def test_collapse_false_lists_every_copy(rep: Engine, rep_client: FlaskClient) -> None:
    result = rep.search(SearchRequest.create(Q, collapse=False))
    assert sorted(h.article.id for h in result.hits) == [SEED_IDS["000"], "r1_original", "r2_copy", "r3_edited"]
    assert (result.total, result.folded) == (4, 0)
    data = rep_client.get("/api/search", query_string={"q": Q, "collapse": "false"}).get_json()
    assert (data["total"], data["folded"]) == (4, 0)


def test_the_first_hit_in_the_result_order_keeps_the_group(rep: Engine) -> None:
    # Newest first: the edited copy (2025-10-02) leads and the others fold under it.
    result = rep.search(SearchRequest.create(Q, sort="date"))
    assert [(h.article.id, [a.id for a in h.similar]) for h in result.hits] == [
        (SEED_IDS["000"], []),
        ("r3_edited", ["r2_copy", "r1_original"]),
    ]


def test_facets_and_json_count_a_group_once(rep_client: FlaskClient) -> None:
    data = rep_client.get("/api/search", query_string={"q": Q}).get_json()
    assert {v["value"]: v["count"] for v in data["facets"]["lang"]} == {"bn": 2}
    hit = data["hits"][1]
    assert [(s["id"], s["source"], s["date"]) for s in hit["similar"]] == [
        ("r2_copy", "camau.gov.vn", "2025-09-18"),
        ("r3_edited", "baocamau.vn", "2025-10-02"),
    ]


def test_the_trend_counts_a_group_once_per_period_as_the_search_does(rep_client: FlaskClient) -> None:
    for collapse in ("true", "false"):
        trend = rep_client.get("/api/trend", query_string={"q": Q, "collapse": collapse}).get_json()
        for series in trend["series"]:
            for p in series["points"]:
                args = {"q": Q, "collapse": collapse, "lang": series["lang"], "from": p["from"], "to": p["to"]}
                assert rep_client.get("/api/search", query_string=args).get_json()["total"] == p["count"]


def test_setu_check_reports_the_repeat_groups(repeats_index: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--index", str(repeats_index)])
    assert result.exit_code == 0, result.output
    assert "  repeats: 1 groups of one text (3 articles)" in result.output.splitlines()
    assert "    r1_original: also r2_copy, r3_edited" in result.output.splitlines()
    data = json.loads(runner.invoke(main, ["check", "--index", str(repeats_index), "--json"]).output)
    assert data["repeat_groups"] == [["r1_original", "r2_copy", "r3_edited"]]


def test_the_build_reports_the_repeats(repeats_index: Path) -> None:
    report = json.loads((repeats_index / "last-build.json").read_text(encoding="utf-8"))["translations"]
    assert (report["repeat_groups"], report["repeated_articles"]) == (1, 3)


def test_the_sample_corpus_has_no_repeats(engine: Engine) -> None:
    assert engine.search(SearchRequest.create("")).folded == 0


def _terms(n: int, offset: int = 0) -> list[str]:
    return [f"w{i}" for i in range(offset, offset + n)]


@pytest.mark.parametrize(
    ("changed", "repeat"),
    [(0, True), (1, True), (2, True), (8, False), (40, False)],
)
def test_near_identical_means_90_percent_shared_shingles(changed: int, repeat: bool) -> None:
    # 200 words; ``changed`` of them replaced, spread out: each change alters four 4-word shingles.
    a = _terms(200)
    b = list(a)
    for k in range(changed):
        b[10 + k * (180 // max(changed, 1))] = f"x{k}"
    similarity = estimated_jaccard(word_shingles(a, k=10_000), word_shingles(b, k=10_000))
    assert (similarity >= REPEAT_JACCARD) is repeat, similarity
