"""Walk a corpus folder and read its article files.

Stage: folder -> (FileInfo, Article | Skipped).  A document id is the file's
path relative to the corpus root, with ``/`` separators and without
``.txt``.  Nothing a crawler leaves behind stops the walk: unreadable files,
broken or looping symlinks, binaries and oversized files each come back as a
:class:`Skipped` with the reason, for the build summary.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Article, FileInfo, parse_article
from .decode import NotText, decode_bytes, normalize_newlines

__all__ = ["MAX_FILE_BYTES", "CorpusFile", "Skipped", "list_corpus", "read_article"]

# Files above this size are skipped: 64 MiB is six thousand times the
# average article, and reading it would only ever be a crawler accident.
MAX_FILE_BYTES = 64 * 1024 * 1024

# A name with bytes that are not UTF-8 (seen as surrogates), a control
# character or a backslash cannot become an id the index stores or the API
# serves (search/engine.py refuses such ids).
_BAD_NAME_RE = re.compile(r"[\x00-\x1f\x7f\\\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A candidate article file found by the walk."""

    id: str
    rel: str  # path relative to the corpus root, as the summary shows it
    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not indexed, and why."""

    id: str
    path: str
    reason: str


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _doc_id(root: Path, path: Path) -> str:
    rel = _rel(root, path)
    return rel[: -len(".txt")] if rel.lower().endswith(".txt") else rel


def list_corpus(root: Path) -> Iterator[CorpusFile | Skipped]:
    """Yield every ``*.txt`` file under ``root`` (recursively, sorted).

    Symlinks are followed, each real directory visited once (a link loop
    cannot trap the walk); a link that points nowhere is reported.
    """
    root = Path(root)
    yield from _walk(root, root, set())


def _walk(root: Path, directory: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[CorpusFile | Skipped]:
    try:
        st = directory.stat()
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(_doc_id(root, directory), _rel(root, directory) or ".", f"cannot list folder: {exc.strerror}")
        return
    if (st.st_dev, st.st_ino) in seen_dirs:
        return
    seen_dirs.add((st.st_dev, st.st_ino))
    # Every entry's path relative to the root, by joining names: pathlib's
    # relative_to was most of listing a large corpus.
    prefix = "" if directory == root else _rel(root, directory) + "/"
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders: editors' and tools' scratch
        yield from _entry(root, Path(entry.path), entry, seen_dirs, prefix + entry.name)


def _shown(text: str) -> str:
    """A name fit for the summary: undecodable bytes as U+FFFD, controls escaped."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def _entry(
    root: Path, path: Path, entry: os.DirEntry[str], seen_dirs: set[tuple[int, int]], rel: str
) -> Iterator[CorpusFile | Skipped]:
    """What the walk finds at ``path`` (``rel`` from the root: ``_rel(root, path)``)."""
    is_txt = entry.name.lower().endswith(".txt")
    if _BAD_NAME_RE.search(entry.name):
        if is_txt or entry.is_dir():
            what = "folder" if entry.is_dir() else "file"
            reason = f"{what} name is not UTF-8 or has a control character or backslash: rename it"
            yield Skipped(_shown(_doc_id(root, path)), _shown(_rel(root, path)), reason)
        return
    try:
        st = path.stat()  # follows symlinks
    except OSError as exc:
        if is_txt or entry.is_symlink():
            reason = "broken symlink" if entry.is_symlink() else f"cannot stat: {exc.strerror}"
            yield Skipped(_doc_id(root, path), _rel(root, path), reason)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk(root, path, seen_dirs)
    elif is_txt and not stat.S_ISREG(st.st_mode):
        yield Skipped(_doc_id(root, path), _rel(root, path), "not a regular file")
    elif is_txt:
        yield CorpusFile(rel[: -len(".txt")], rel, path, st.st_size, st.st_mtime_ns)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_article(file: CorpusFile) -> Article | Skipped:
    """Read, decode and parse one file; never raises for bad content."""
    if file.size > MAX_FILE_BYTES:
        return Skipped(file.id, file.rel, f"file too large: {file.size:,} bytes (limit {MAX_FILE_BYTES:,})")
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        return Skipped(file.id, file.rel, f"cannot read: {exc.strerror}")
    info = FileInfo(id=file.id, path=file.rel, size=len(data), mtime_ns=file.mtime_ns, sha256=file_digest(data))
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        return Skipped(file.id, file.rel, str(exc))
    text = normalize_newlines(decoded.text)
    if not text.strip():
        return Skipped(file.id, file.rel, "empty file" if not data else "only whitespace")
    article = parse_article(text, info, decoded.encoding, decoded.warnings)
    if not article.paragraphs:
        return Skipped(file.id, file.rel, "no article text (only a source line or comment counter)")
    return article
