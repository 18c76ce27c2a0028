"""scripts/bench_link_verification.py on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT, load_script


def load() -> ModuleType:
    return load_script("bench_link_verification")


def test_it_times_both_ways_on_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = load()
    out = tmp_path / "figures.json"
    assert bench.main([str(ROOT / "corpus" / "sample"), "--rounds", "1", "--workers", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["articles"], result["rounds"], result["links"], result["rejected"]) == (
        5,
        1,
        {"before": 1, "after": 1},
        0,
    )
    assert set(result["cpu_seconds"]) == {"before", "after"}
    assert json.loads(capsys.readouterr().out) == result


@pytest.mark.parametrize("script", ["bench_link_verification", "bench_lexical_linking"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(ROOT / "corpus" / "sample"), "--rounds", "0"], "--rounds must be 1 or more"),
        (["/nonexistent/corpus"], "is not a folder"),
    ],
)
def test_bad_arguments_say_what_to_change(
    script: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        load_script(script).main(args)
    assert message in capsys.readouterr().err
