"""index.corpus.files.list_corpus: ids and relative paths of nested, linked and oddly named files."""

from __future__ import annotations

from pathlib import Path

from index.corpus.files import CorpusFile, list_corpus


def test_ids_and_paths_are_relative_to_the_root_at_any_depth(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ("a.txt", "sub/b.txt", "sub/deeper/c.TXT", "sub/deeper/d.md", "other/e f.txt", ".hidden/g.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("লেখা\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "other", target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "h.txt").write_text("लेख\n", encoding="utf-8")
    (root / "sub" / "out").symlink_to(outside, target_is_directory=True)
    found = [(f.id, f.rel, f.path) for f in list_corpus(root) if isinstance(f, CorpusFile)]
    assert found == [
        ("a", "a.txt", root / "a.txt"),
        ("linked/e f", "linked/e f.txt", root / "linked" / "e f.txt"),  # the folder is walked once, first by its link
        ("sub/b", "sub/b.txt", root / "sub" / "b.txt"),
        ("sub/deeper/c", "sub/deeper/c.TXT", root / "sub" / "deeper" / "c.TXT"),
        ("sub/out/h", "sub/out/h.txt", root / "sub" / "out" / "h.txt"),
    ]
