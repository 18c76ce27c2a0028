"""scripts/profile_stages.py: every stage of a build worker timed, and the wrapping undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE, load_script

from index.corpus.files import CorpusFile, list_corpus
from index.pipeline import prepare
from index.storage import segments
from index.translation import fingerprint

profile_stages = load_script("profile_stages")


def test_every_stage_is_timed_and_unwrapped_after(capsys: pytest.CaptureFixture[str]) -> None:
    before = {(owner, name): owner.__dict__[name] for owner, name, _ in profile_stages.STAGES}
    assert profile_stages.main([str(SAMPLE), "--warm", "1", "--articles", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 articles after 1 untimed: ")
    rows = out.splitlines()[1:]
    assert [row.split("ms  ", 1)[1] for row in rows] == [label for _, _, label in profile_stages.STAGES]
    # Each stage ran: an article is read, analysed, added and written.
    files = [f for f in list_corpus(SAMPLE) if isinstance(f, CorpusFile)]
    fingerprint._TERMS.clear()  # terms new to the fingerprint's table: its "new terms" row runs too
    count, seconds, stages = profile_stages.profile(files, 0, 2)
    assert count == 2 and seconds > 0
    assert set(stages) == {label for _, _, label in profile_stages.STAGES}
    assert all(t > 0 for t in stages.values())
    assert {(owner, name): owner.__dict__[name] for owner, name, _ in profile_stages.STAGES} == before
    assert prepare.read_article is before[(prepare, "read_article")]
    assert segments.CompactSegmentWriter.add_document is before[(segments.CompactSegmentWriter, "add_document")]


def test_a_corpus_smaller_than_the_warm_up_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        profile_stages.main([str(SAMPLE), "--warm", "5"])
    assert "fewer than --warm 5" in capsys.readouterr().err


def test_a_missing_corpus_folder_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        profile_stages.main([str(tmp_path / "nowhere")])
    assert "nowhere is not a folder" in capsys.readouterr().err
