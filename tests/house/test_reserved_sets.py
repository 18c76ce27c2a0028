"""The product names none of the sets reserved for independent evaluation.

FLORES-200, SIB-200 and TICO-19 may fill benchmark corpora (scripts/) and be
read by evaluations; nothing the product ships (index/, search/, webui/, their
data files) may learn from them or refer to them.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESERVED = re.compile(r"flores|sib-?200|tico-?19", re.IGNORECASE)


def test_no_shipped_file_names_a_reserved_set() -> None:
    named = [
        path.relative_to(ROOT).as_posix()
        for package in ("index", "search", "webui")
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and RESERVED.search(path.read_text(errors="ignore"))
    ]
    assert named == []
