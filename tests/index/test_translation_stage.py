"""The translation stage's plumbing: sentences read from stored paragraphs, stems packed by the
alignment workers, serial steps forked beside the builder's work (index.pipeline.forked)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import WatchedBuild, sample_article, watch_forks

from index import open_index
from index.pipeline import forked, groups, lexicon_step
from index.pipeline.builder import build
from index.storage.documents import from_stored, to_documents
from index.storage.lexicons import BITEXT_UID, LEXICON_UID
from index.storage.schema import KIND_GROUP
from index.storage.terms import live_docnums
from index.translation.align import article_sentences, caption_flags

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sentences_from_stored_paragraphs_are_the_articles_sentences_and_caption_flags(prefix: str) -> None:
    fields = to_documents(sample_article(prefix))[0]
    article = from_stored(fields)
    assert groups._sentences(fields) == (article_sentences(article), caption_flags(article))


def test_a_caption_is_flagged_in_the_sentences_read_from_stored_paragraphs() -> None:
    fields = dict(to_documents(sample_article("000"))[0])
    meta = json.loads(fields["meta"])
    meta["paragraphs"][0][2] = "caption"
    fields["meta"] = json.dumps(meta)
    _, captions = groups._sentences(fields)
    first = len(meta["paragraphs"][0][3])
    assert first and captions[:first] == [True] * first
    assert captions == caption_flags(from_stored(fields))


@pytest.mark.parametrize(
    "stems",
    [
        [],
        [([], [])],
        [(["আমি"], [])],
        [([], ["मैं"]), (["সরকার", "নীতি"], ["सरकार", "नीति", "नई"])],
    ],
)
def test_packed_stems_come_back_as_they_were(stems: lexicon_step.StemPairs) -> None:
    packed = lexicon_step.pack_stems(stems)
    assert isinstance(packed, str)
    assert lexicon_step.unpack_stems(packed) == stems


def test_stems_holding_a_separator_are_sent_as_a_list() -> None:
    stems = [(["সর\x1fকার"], ["सरकार"]), (["নীতি"], ["नी\x1eति", "x\x1dy"])]
    for pair in stems:
        packed = lexicon_step.pack_stems([pair])
        assert packed == [pair] and lexicon_step.unpack_stems(packed) == [pair]


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


def test_a_forked_computation_runs_in_a_child_and_answers_the_builder() -> None:
    child = forked.Forked(lambda: _pid_and(41 + 1))
    pid, value = child.result()
    assert value == 42 and pid != os.getpid()
    here = forked.Forked(lambda: _pid_and(7), fork=False)
    assert here.process is None and here.result() == (os.getpid(), 7)


def test_a_child_that_dies_is_replaced_by_the_builder_computing_it() -> None:
    parent = os.getpid()

    def dies_in_the_child() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 5

    assert forked.Forked(dies_in_the_child).result() == 5


def test_an_exception_in_the_child_is_raised_by_the_builder() -> None:
    def fails() -> int:
        raise ValueError("no table")

    with pytest.raises(ValueError, match="no table"):
        forked.Forked(fails).result()


def _translation_documents(index_dir: Path) -> tuple[list[str], bytes, bytes]:
    with open_index(index_dir).reader() as reader:
        records = sorted(reader.stored_fields(d)["parallel"] for d in live_docnums(reader, "kind", KIND_GROUP))
        lexicon = [reader.stored_fields(d)["lexicon"] for d in live_docnums(reader, "uid", LEXICON_UID)]
        bitext = [reader.stored_fields(d)["lexicon"] for d in live_docnums(reader, "uid", BITEXT_UID)]
    return records, lexicon[0], bitext[0]


def test_a_build_with_workers_forks_the_repeats_and_stores_what_a_serial_build_does(
    corpus40_serial: WatchedBuild, corpus40_workers: WatchedBuild
) -> None:
    serial, parallel = corpus40_serial.report, corpus40_workers.report
    assert corpus40_serial.forks == [False]  # the repeats, grouped by the builder
    assert corpus40_workers.forks == [True]  # the repeats; the lexicon is learned by the builder
    assert serial.translations.groups == parallel.translations.groups > 0
    assert serial.translations.repeat_groups == parallel.translations.repeat_groups > 0
    assert serial.translations.lexicon.entries == parallel.translations.lexicon.entries > 0
    assert _translation_documents(corpus40_serial.index) == _translation_documents(corpus40_workers.index)


def test_an_update_with_few_changes_forks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    build(corpus, tmp_path / "ix", workers=1)
    forks = watch_forks(monkeypatch)
    (path,) = corpus.glob("000_*.txt")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(corpus, tmp_path / "ix", workers=1)
    assert forks and not any(forks)
