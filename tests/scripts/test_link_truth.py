"""scripts/link_truth.py on an index of the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script


def _truth(path: Path, pairs: dict[str, str | None]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "pair_id": p}) + "\n" for i, p in pairs.items()), encoding="utf-8")
    return path


def _linked(sample_index: Path) -> list[str]:
    result = load_script("link_truth").check(sample_index, _truth(sample_index.parent / "none.jsonl", {}))
    assert result["links"] == len(result["groups"]) >= 1  # with no truth, every link is unpaired
    return result["groups"][0]["members"]


def test_a_link_the_truth_pairs_passes_and_one_it_does_not_is_listed(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = _linked(sample_index)
    script = load_script("link_truth")
    right = script.check(sample_index, _truth(tmp_path / "right.jsonl", {a: "p1", b: "p1"}))
    assert right["not_paired_by_truth"] == len(right["groups"]) == right["links"] - 1
    wrong = script.check(sample_index, _truth(tmp_path / "wrong.jsonl", {a: "p1", b: "p2"}))
    assert wrong["not_paired_by_truth"] == right["not_paired_by_truth"] + 1
    assert {"members": [a, b], "pair_ids": ["p1", "p2"]} in wrong["groups"]
    assert script.main([str(sample_index), str(tmp_path / "wrong.jsonl")]) == 0
    assert json.loads(capsys.readouterr().out) == wrong


def test_no_index_no_truth_or_a_bad_truth_is_a_usage_error(sample_index: Path, tmp_path: Path) -> None:
    (tmp_path / "bad").write_text("not json\n", encoding="utf-8")
    for args in (
        [str(tmp_path / "nothing"), str(tmp_path / "t")],
        [str(sample_index), str(tmp_path / "t")],
        [str(sample_index), str(tmp_path / "bad")],
    ):
        with pytest.raises(SystemExit) as stop:
            load_script("link_truth").main(args)
        assert stop.value.code == 2
