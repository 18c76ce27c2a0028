"""The house rules that keep the code base in shape."""

from __future__ import annotations

import ast
from pathlib import Path

import index
import search
import webui

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"index": 0, "search": 1, "webui": 2}


def test_packages_resolve_to_this_project() -> None:
    # PyPI has distributions called `index` and `webui`: make sure we import ours.
    for package in (index, search, webui):
        assert Path(package.__file__).resolve().parent.parent == ROOT


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_imports_flow_webui_to_search_to_index() -> None:
    offenders = []
    for package, layer in LAYERS.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in imported_packages(path):
                if name in LAYERS and LAYERS[name] > layer:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
                if name == "flask" and package != "webui":
                    offenders.append(f"{path.relative_to(ROOT)} imports flask")
    assert offenders == []


def test_no_module_is_named_after_a_dependency() -> None:
    shadowing = {"whoosh", "icu", "flask", "click", "langdetect", "waitress"}
    names = {p.stem for pkg in LAYERS for p in (ROOT / pkg).rglob("*.py")}
    assert names & shadowing == set()


def test_tests_and_scripts_are_not_packages() -> None:
    assert not (ROOT / "tests" / "__init__.py").exists()
    assert not (ROOT / "scripts" / "__init__.py").exists()
