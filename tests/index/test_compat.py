"""index.compat: the one module that uses private names of Whoosh and langdetect, for the versions it was written for."""

from __future__ import annotations

import ast
import configparser
import importlib
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import compat

ROOT = Path(__file__).resolve().parents[2]
COMPAT = ROOT / "index" / "compat.py"
DEPENDENCIES = ("whoosh", "langdetect")

# Private names used outside index/compat.py that are no dependency's, each with its reason.
ALLOWED = {
    "os._exit": "the standard library's exit without clean-up, documented, for a forked build worker",
}


# -- the version check ----------------------------------------------------------


def test_a_wrong_version_is_refused_with_what_to_do() -> None:
    with pytest.raises(compat.DependencyVersionError) as refused:
        compat.check_versions({"Whoosh-Reloaded": "2.7.6", "langdetect": "1.0.9"})
    assert str(refused.value) == (
        "index/compat.py was written for Whoosh-Reloaded 2.7.5, but Whoosh-Reloaded 2.7.6 is installed. "
        "Setu uses private parts of Whoosh-Reloaded (every one of them in index/compat.py) that another "
        "version may have changed. Install the pinned version: pip install 'Whoosh-Reloaded==2.7.5' "
        "(setup.cfg pins it). To move to 2.7.6 instead, check each use in index/compat.py against it, "
        "then update PINNED there and the pin in setup.cfg."
    )
    assert isinstance(refused.value, ImportError)


def test_a_missing_dependency_is_refused_too() -> None:
    with pytest.raises(compat.DependencyVersionError) as refused:
        compat.check_versions({"Whoosh-Reloaded": "2.7.5"})
    assert str(refused.value).startswith(
        "index/compat.py was written for langdetect 1.0.9, but langdetect is not installed. "
    )
    assert compat.installed_versions(["no-such-distribution-for-setu"]) == {"no-such-distribution-for-setu": None}


def test_the_pinned_and_the_installed_versions_are_accepted() -> None:
    compat.check_versions({"Whoosh-Reloaded": "2.7.5", "langdetect": "1.0.9"})
    compat.check_versions(compat.installed_versions())
    assert compat.installed_versions() == dict(compat.PINNED)


def test_compat_pins_what_setup_cfg_pins() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    requirements = dict(line.split("==") for line in config["options"]["install_requires"].split() if "==" in line)
    assert {name: requirements[name] for name in compat.PINNED} == dict(compat.PINNED)


def test_importing_compat_under_another_version_fails_with_the_message() -> None:
    code = (
        "import importlib.metadata as m\n"
        "real = m.version\n"
        "m.version = lambda name: '1.0.8' if name == 'langdetect' else real(name)\n"
        "import index.compat\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "index.compat.DependencyVersionError: index/compat.py was written for langdetect 1.0.9, but "
        "langdetect 1.0.8 is installed. Setu uses private parts of langdetect (every one of them in "
        "index/compat.py) that another version may have changed. Install the pinned version: pip install "
        "'langdetect==1.0.9' (setup.cfg pins it). To move to 1.0.8 instead, check each use in "
        "index/compat.py against it, then update PINNED there and the pin in setup.cfg."
    )


# -- private names are used in index/compat.py only -------------------------------


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(tree: ast.AST) -> list[str]:
    """Private names reached outside ``self``/``cls`` and this module's own classes, as source text.

    ``x._name``, ``super()._name``, ``getattr(x, "_name")``, a keyword
    argument ``_name=``, and ``from whoosh... import _name``.
    """
    own_classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ({"self", "cls"} | own_classes):
                continue
            found.append(ast.unparse(node))
        elif isinstance(node, ast.Call):
            if (
                isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr", "delattr")
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and _is_private(str(node.args[1].value))
            ):
                found.append(ast.unparse(node))
            found += [
                f"{ast.unparse(node.func)}({kw.arg}=...)" for kw in node.keywords if kw.arg and _is_private(kw.arg)
            ]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DEPENDENCIES:
            found += [f"from {node.module} import {a.name}" for a in node.names if _is_private(a.name)]
    return found


def _our_modules() -> list[tuple[str, Path]]:
    paths = sorted((ROOT / "index").rglob("*.py")) + sorted((ROOT / "search").rglob("*.py"))
    return [
        (".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"), p) for p in paths if p != COMPAT
    ]


def test_the_scan_sees_a_private_name() -> None:
    code = textwrap.dedent("""
        class Ours:
            def f(self, reader, writer):
                Ours._helper()
                self._mine = reader._perdoc
                super()._create_column("x", None)
                getattr(reader, "_terms", None)
                SegmentWriter(ix, _lk=False)
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    """)
    assert sorted(private_uses(ast.parse(code))) == [
        "SegmentWriter(_lk=...)",
        "from whoosh.codec.whoosh3 import _lenfield",
        "getattr(reader, '_terms', None)",
        "reader._perdoc",
        "super()._create_column",
    ]


def test_no_private_name_outside_compat() -> None:
    offenders = []
    for _, path in _our_modules():
        where = path.relative_to(ROOT).as_posix()
        for use in private_uses(ast.parse(path.read_text(encoding="utf-8"))):
            if use not in ALLOWED:
                offenders.append(f"{where}: {use}")
    assert offenders == []


def _dependency_private_names(cls: type) -> set[str]:
    """Private names the dependency classes ``cls`` extends define or use on ``self``/``cls``."""
    names: set[str] = set()
    for base in cls.__mro__:
        if base.__module__.split(".")[0] not in DEPENDENCIES:
            continue
        names.update(name for name in vars(base) if _is_private(name))
        tree = ast.parse(textwrap.dedent(inspect.getsource(base)))
        names.update(
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        )
    return names


def dependency_overrides(classdef: ast.ClassDef, cls: type) -> list[str]:
    """What a class of ours defines or touches of a dependency class's private names (it extends one)."""
    private = _dependency_private_names(cls)
    defined = [
        name
        for node in classdef.body
        for name in (
            [node.name]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            else [t.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if isinstance(t, ast.Name)]
        )
    ]
    touched = [
        node.attr
        for node in ast.walk(classdef)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
    ]
    return sorted({name for name in defined + touched if name in private})


def test_the_class_check_sees_an_override() -> None:
    from whoosh.writing import SegmentWriter

    code = textwrap.dedent("""
        class Writer(SegmentWriter):
            def _flush_segment(self):
                self._added = True
                self._ours = 1
    """)
    namespace = {"SegmentWriter": SegmentWriter}
    exec(compile(code, "<test>", "exec"), namespace)
    classdef = ast.parse(code).body[0]
    assert isinstance(classdef, ast.ClassDef)
    assert dependency_overrides(classdef, namespace["Writer"]) == ["_added", "_flush_segment"]


def test_no_class_outside_compat_overrides_or_touches_a_dependency_private() -> None:
    offenders = []
    checked = []
    for module_name, path in _our_modules():
        module = importlib.import_module(module_name)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name)
            if not any(base.__module__.split(".")[0] in DEPENDENCIES for base in cls.__mro__):
                continue
            checked.append(f"{module_name}.{node.name}")
            offenders += [f"{module_name}.{node.name}: {name}" for name in dependency_overrides(node, cls)]
    assert offenders == []
    # The classes that extend Whoosh or langdetect through index.compat's hooks are among those checked.
    assert {
        "index.corpus.langid._FastDetector",
        "index.storage.segments.CompactSegmentWriter",
        "index.storage.codec.perdoc.SetuPerDocWriter",
    } <= set(checked)


def test_hooks_are_the_subclass_methods_under_the_library_names() -> None:
    from index.corpus.langid import _FastDetector
    from index.storage.segments import CompactSegmentWriter

    assert vars(CompactSegmentWriter)["_flush_segment"] is vars(CompactSegmentWriter)["flush_segment"]
    assert vars(_FastDetector)["_detect_block"] is vars(_FastDetector)["detect_block"]
    assert vars(_FastDetector)["_extract_ngrams"] is vars(_FastDetector)["extract_ngrams"]


def test_compat_exports_what_it_lists() -> None:
    assert [name for name in compat.__all__ if not hasattr(compat, name)] == []


def test_numpy_blas_threads_can_be_limited_in_this_process() -> None:
    from index.compat import blas_threads, limit_blas_threads

    before = blas_threads()
    if before is None:
        pytest.skip("numpy's BLAS here is no OpenBLAS found in /proc/self/maps")
    try:
        assert limit_blas_threads(1)
        assert blas_threads() == 1
    finally:
        limit_blas_threads(before)
    assert blas_threads() == before
