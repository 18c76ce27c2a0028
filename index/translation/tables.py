"""The bundled tab-separated tables under ``index/data``: one reader for all of them.

Stage: a data file -> typed rows (read once, at first use).  Every table
Setu ships (the seed lexicon, the English table, the common words) is
lines of tab-separated cells, ``#`` starting a comment.  A bad line is a
broken package, so it fails loudly, naming the file, the line and what was
expected there, rather than being skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from typing import Any

__all__ = ["Column", "bundled_text", "one_of", "read_rows"]

# A column: its name (for the error message) and what turns the cell into a value.
Column = tuple[str, Callable[[str], Any]]
# What an error message calls the values a built-in converter accepts; a
# converter of our own says it in its ``kind``.
_KINDS: dict[Callable[[str], Any], str] = {int: "a whole number", float: "a number"}


class one_of:  # noqa: N801 - used as a converter, like int and float
    """A converter that accepts only ``values`` (a language code, say)."""

    def __init__(self, *values: str) -> None:
        self.values = frozenset(values)
        self.kind = f"one of {', '.join(values)}"

    def __call__(self, cell: str) -> str:
        if cell not in self.values:
            raise ValueError(cell)
        return cell


def read_rows(text: str, file_name: str, columns: Sequence[Column]) -> Iterator[list[Any]]:
    """Each line's cells converted by ``columns``; blank lines and ``#`` comments skipped.

    A line with another number of cells, or a cell its converter refuses,
    raises a ValueError naming ``file_name``, the line number and the column.
    """
    names = ", ".join(name for name, _ in columns)
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ValueError(
                f"{file_name} line {number}: expected {len(columns)} tab-separated columns ({names}), got {len(cells)}"
            )
        row = []
        for (name, convert), cell in zip(columns, cells, strict=True):
            try:
                row.append(convert(cell))
            except ValueError:
                kind = getattr(convert, "kind", None) or _KINDS.get(convert, "a value")
                raise ValueError(f"{file_name} line {number}: {name} must be {kind}, not {cell!r}") from None
        yield row


def bundled_text(file_name: str) -> str:
    """The text of ``index/data/<file_name>``, as installed with the package."""
    return resources.files("index").joinpath("data", file_name).read_text(encoding="utf-8")
