"""The index folder: generations, the CURRENT pointer and the build lock.

Stage: index folder <-> Whoosh index.  Layout of ``INDEX_DIR``::

    CURRENT            name of the live generation, replaced atomically
    gen-000001/        a complete Whoosh index
    gen-000002/        the next one, invisible until CURRENT names it
    build.lock         held (flock) by the one running build
    last-build.json    the summary of the last finished build

A full build writes a new generation and then flips CURRENT with an atomic
rename, so readers see the old index or the new one, never half of one.  An
incremental build commits into the live generation with one Whoosh commit,
which Whoosh itself publishes atomically (a new TOC file, renamed into place).
A killed build leaves at worst an unreferenced folder, removed by the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from .schema import build_schema

__all__ = [
    "META",
    "BuildLocked",
    "IndexMissing",
    "build_lock",
    "create_generation",
    "current_generation",
    "open_index",
    "publish_generation",
    "remove_stale_generations",
    "write_json_atomic",
]

_GEN_RE = re.compile(r"^gen-(\d{6})$")
CURRENT = "CURRENT"
LOCK = "build.lock"
# In each generation: the schema version it was written with (pipeline.manifest writes it, check reads it).
META = "setu.json"


class IndexMissing(Exception):
    """There is no index (yet) in the folder."""


class BuildLocked(Exception):
    """Another build holds the lock on this index."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new content, whole."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when nothing was published."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not _GEN_RE.match(name):
        raise IndexMissing(f"{index_dir}/{CURRENT} is damaged (it says {name!r}); rebuild with --rebuild")
    return Path(index_dir) / name


def open_index(index_dir: Path, readonly: bool = True) -> Index:
    """Open the live generation (read-only unless a builder asks)."""
    index_dir = Path(index_dir)
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissing(f"no index in {index_dir}: run `setu build CORPUS_DIR --index {index_dir}` first")
    if not gen.is_dir():
        raise IndexMissing(f"{index_dir}/{CURRENT} names {gen.name}, which is missing; rebuild with --rebuild")
    return FileStorage(str(gen), readonly=readonly).open_index()


def create_generation(index_dir: Path) -> tuple[Path, Index]:
    """Create the next generation folder with an empty index (not yet live)."""
    numbers = [int(m.group(1)) for p in Path(index_dir).iterdir() if (m := _GEN_RE.match(p.name))]
    gen = Path(index_dir) / f"gen-{max(numbers, default=0) + 1:06d}"
    gen.mkdir()
    ix = FileStorage(str(gen)).create_index(build_schema())
    return gen, ix


def publish_generation(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` the live generation (atomic for every reader)."""
    _fsync_dir(gen)
    write_text_atomic(Path(index_dir) / CURRENT, gen.name + "\n")


def remove_stale_generations(index_dir: Path, keep: int = 2) -> list[str]:
    """Delete generations older than the newest ``keep`` that are not live.

    The previous generation is kept: a server that opened it just before the
    flip may still be answering from it.
    """
    live = current_generation(index_dir)
    gens = sorted(p for p in Path(index_dir).iterdir() if _GEN_RE.match(p.name) and p.is_dir())
    removed: list[str] = []
    if live is None:
        return removed
    older = [p.name for p in gens if p.name < live.name]
    keepers = {live.name, *older[max(0, len(older) - (keep - 1)) :]}
    for p in gens:
        # Newer than live means an interrupted build: always garbage.
        if p.name not in keepers:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's build lock; raise BuildLocked if another build has it.

    ``flock`` is released by the kernel when the holder dies, so a killed
    build never leaves a stale lock behind.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise BuildLocked(
                f"another build is running on {index_dir} (pid {holder}); wait for it to finish and run again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
