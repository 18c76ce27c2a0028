"""House rule: no module of ``search/`` over 500 lines (split it by job instead)."""

from __future__ import annotations

from pathlib import Path

SEARCH = Path(__file__).resolve().parent.parent / "search"
MAX_LINES = 500


def test_no_module_of_search_is_over_500_lines() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in SEARCH.glob("*.py")}
    assert "engine.py" in sizes  # the folder was found
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
