"""The house rules that keep the code base in shape."""

from __future__ import annotations

import ast
from pathlib import Path

import index
import search
import webui

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"index": 0, "search": 1, "webui": 2}


def test_packages_resolve_to_this_project() -> None:
    # PyPI has distributions called `index` and `webui`: make sure we import ours.
    for package in (index, search, webui):
        assert package.__file__ is not None, package  # a namespace package has no file
        assert Path(package.__file__).resolve().parent.parent == ROOT


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join(parent + ([base] if base else []))
            # "from index.storage import codec" imports index.storage.codec.
            names.update(f"{base}.{alias.name}" for alias in node.names)
            names.add(base)
    return names


def imported_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


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


def test_test_modules_are_named_by_their_file_names_alone() -> None:
    # No package anywhere under tests/: pytest (prepend mode) and mypy both name
    # a test module by its file name, so two files of one name would collide.
    tests = ROOT / "tests"
    assert sorted(p.relative_to(ROOT).as_posix() for p in tests.rglob("__init__.py")) == []
    names = [p.stem for p in tests.rglob("*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []


# The rooms of index/, in the only order their imports may point: a room
# imports from the rooms before it, never from those after it.  ``compat``
# (private names of dependencies) sits below them all; ``interface`` (what
# search/ may use) and the package's own __init__ above them all.
ROOMS = ["compat", "analysis", "extraction", "corpus", "translation", "storage", "pipeline", "interface"]


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "index" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ROOMS else None


def test_rooms_of_index_import_only_the_rooms_below_them() -> None:
    offenders = []
    for path in sorted((ROOT / "index").rglob("*.py")):
        here = room_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if here is None:
            continue  # index/__init__.py re-exports from every room
        for name in imported_modules(path):
            there = room_of(name)
            if there is not None and ROOMS.index(there) > ROOMS.index(here):
                offenders.append(f"{path.relative_to(ROOT)} ({here}) imports {name} ({there})")
    assert offenders == []


def test_every_module_of_index_is_in_a_room() -> None:
    loose = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "index").glob("*.py")
        if p.stem not in ROOMS and p.name != "__init__.py"
    ]
    assert loose == []


def test_search_uses_index_only_through_its_interface() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "search").rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] == "index"
        and name not in ("index", "index.interface")
        and not name.startswith("index.interface.")
    ]
    assert offenders == []


def test_interface_names_exist() -> None:
    import index.interface

    assert [n for n in index.interface.__all__ if not hasattr(index.interface, n)] == []


MAX_MODULE_LINES = 500


def test_no_module_of_the_packages_or_scripts_is_over_500_lines() -> None:
    # A module that grows past this is doing several jobs: split it by job (scripts/benchkit/ is bench.py's split).
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for folder in ("index", "search", "webui", "scripts")
        for path in (ROOT / folder).rglob("*.py")
    }
    found = ("search/engine.py", "index/storage/codec/reading.py", "webui/app.py", "scripts/benchkit/cli.py")
    assert [name for name in found if name not in sizes] == []  # the folders were found, subfolders too
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
