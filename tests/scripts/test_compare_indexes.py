"""scripts/compare_indexes.py: two builds of one corpus are the same; a changed article is found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, load_script

from index.pipeline.builder import build

C = load_script("compare_indexes")


def test_a_second_build_of_the_corpus_is_the_same(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "again"
    build(SAMPLE, again, workers=0)
    assert C.main([str(sample_index), str(again)]) == 0
    out = capsys.readouterr().out
    digest = C.index_digest(sample_index)
    assert out == f"same: {len(digest.docs)} documents, {len(digest.fields)} indexed fields\n"
    assert {"text", "stem", "key", "uid"} <= digest.fields.keys()
    assert all(count > 0 for count, _ in digest.fields.values())


def test_one_changed_word_shows_in_its_document_and_fields(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nএকটি নতুন বাক্য।\n", encoding="utf-8")
    other = tmp_path / "other"
    build(corpus, other, workers=0)
    assert C.main([str(sample_index), str(other)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"document a:{changed.stem} differs" in lines
    assert {"field text differs", "field stem differs"} <= set(lines)
    assert lines[-1] == f"different: {len(lines) - 1} differences"


def test_a_folder_without_an_index_is_refused_with_a_sentence(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        C.main([str(sample_index), str(tmp_path)])
    assert stop.value.code == 2
    assert f"{tmp_path} holds no Setu index" in capsys.readouterr().err
