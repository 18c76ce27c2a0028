"""scripts/bench_link_recall.py on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, load_script


def test_it_links_both_ways_on_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = tmp_path / "truth.jsonl"
    truth.write_text(
        "".join(json.dumps({"id": i, "pair_id": "p"}) + "\n" for i in ("000_45f867eacd813f2e", "001_23384727df69c4b0")),
        encoding="utf-8",
    )
    out = tmp_path / "figures.json"
    args = [
        str(ROOT / "corpus" / "sample"),
        "--rounds",
        "1",
        "--workers",
        "1",
        "--truth",
        str(truth),
        "--json",
        str(out),
    ]
    assert load_script("bench_link_recall").main(args) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["articles"], result["links"], result["false_links"], result["rejected"]) == (
        5,
        {"before": 1, "after": 1},
        {"before": 0, "after": 0},
        {"before": 0, "after": 0},
    )
    assert set(result["cpu_seconds"]) == {"before", "after"}
    assert json.loads(capsys.readouterr().out) == result


def test_the_former_rule_rejects_what_the_words_now_confirm() -> None:
    from index.translation.link_support import Support

    bench = load_script("bench_link_recall")
    short = Support(confident=0.33, posterior=0.71, one_sided=0.33, length=0.07, lexical=0.34)
    assert (bench.former_keeps(short, 0.6), short.keeps(0.6)) == (False, True)


def test_a_truth_file_that_is_not_there_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load_script("bench_link_recall").main([str(ROOT / "corpus" / "sample"), "--truth", "/nonexistent.jsonl"])
    assert "--truth /nonexistent.jsonl is not a file" in capsys.readouterr().err
