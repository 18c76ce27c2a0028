"""The README and the architecture map name only files and folders that exist.

Both point newcomers at paths (``index/storage/codec/``, ``tests/house/test_layout.py``);
after a module moves, a stale path sends them nowhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATH_RE = re.compile(r"(?<![\w./-])((?:index|search|webui|scripts|tests|docs|corpus)/[\w./-]*[\w/])")
# The map names a room's modules from inside ``index/`` (``corpus/article.py``).
BASES = (ROOT, ROOT / "index")
# "482 docs/s" is a speed; tests/screenshots/ is made by the browser tests (gitignored).
NOT_PATHS = {"docs/s", "tests/screenshots/"}


@pytest.mark.parametrize("doc", ["README.md", "docs/architecture.md"])
def test_every_path_a_document_names_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = sorted(set(PATH_RE.findall(text)))
    assert len(named) > 10  # the pattern finds the paths at all
    assert [p for p in named if p not in NOT_PATHS and not any((base / p).exists() for base in BASES)] == []
