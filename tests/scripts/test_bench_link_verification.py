"""scripts/bench_link_verification.py on the sample corpus."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_link_verification", ROOT / "scripts" / "bench_link_verification.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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


def test_rounds_must_be_positive() -> None:
    with pytest.raises(SystemExit):
        load().main([str(ROOT / "corpus" / "sample"), "--rounds", "0"])
