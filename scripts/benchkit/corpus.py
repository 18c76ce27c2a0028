"""Step 1 of ``make bench``: the generated corpus of each size, cached, and the working copy a run changes."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import make_corpus

Json = dict[str, Any]


def cached_corpus(out: Path, size: int, seed: int, unrelated: bool = False) -> tuple[Path, bool]:
    """The generated corpus of ``size`` articles (generated now unless cached); True when it was cached.

    ``unrelated``: make_corpus.py --unrelated, no translation in it.
    """
    cache = out / "corpus" / (f"n{size}-seed{seed}" + ("-unrelated" if unrelated else ""))
    if cache.is_dir():
        return cache, True
    # Generate beside it and rename, so an interrupted generation is never reused.
    partial = cache.with_name(cache.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with contextlib.redirect_stdout(sys.stderr):
        code = make_corpus.main([str(size), str(partial), "--seed", str(seed), *(["--unrelated"] if unrelated else [])])
    if code != 0:
        raise SystemExit(f"make_corpus.py {size} failed ({code})")
    partial.rename(cache)
    return cache, False


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or links not allowed: a real copy
        shutil.copy2(src, dst)


def working_copy(cache: Path, dst: Path) -> None:
    """A hard-linked copy of the cached corpus (cheap; bench_index replaces files it changes, never edits them)."""
    shutil.rmtree(dst, ignore_errors=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(cache, dst, copy_function=_link_or_copy)


def corpus_figures(corpus: Path) -> Json:
    files = list(corpus.rglob("*.txt"))
    return {"path": str(corpus), "files": len(files), "bytes": sum(f.stat().st_size for f in files)}
