"""Building and updating the index: incremental changes, bad input, atomicity."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE, SEED_IDS
from whoosh.writing import IndexWriter

from index import BuildError, BuildLocked, build, check_index, open_index, read_manifest
from index.corpus.files import CorpusFile, Skipped
from index.pipeline.prepare import Prepared
from index.pipeline.report import BuildReport
from index.storage.generations import build_lock, current_generation


def ids_in(index_dir: Path) -> list[str]:
    return sorted(read_manifest(open_index(index_dir)))


def copy_sample(dst: Path) -> Path:
    shutil.copytree(SAMPLE, dst)
    return dst


def test_sample_index_is_complete_and_checks_clean(sample_index: Path) -> None:
    report = check_index(sample_index)
    assert report.problems == []
    assert (report.articles, report.facets["lang"]) == (5, {"bn": 4, "hi": 1})
    assert report.facets["province"] == {"ca-mau": 2, "can-tho": 2, "bac-lieu": 1, "hue": 1}
    assert report.facets["resolution"] == {
        "57-NQ/TW": 5,
        "13-NQ/TW": 2,
        "59-NQ/TW": 1,
        "66-NQ/TW": 1,
        "68-NQ/TW": 1,
    }
    assert report.facets["year"] == {"2025": 3}
    assert report.sentences == 103


def test_incremental_add_update_delete(tmp_path: Path) -> None:
    corpus = copy_sample(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir, workers=0)
    assert (first.mode, len(first.added)) == ("full", 5)
    gen = current_generation(index_dir)

    again = build(corpus, index_dir, workers=0)
    assert (again.mode, again.added, again.updated, again.deleted, again.unchanged) == ("incremental", [], [], [], 5)

    (corpus / f"{SEED_IDS['004']}.txt").unlink()
    changed = corpus / f"{SEED_IDS['002']}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nনতুন অনুচ্ছেদ: দা নাং শহরে নতুন প্রকল্প।\n", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "new.txt").write_text(
        "हनोई में नई परियोजना शुरू हुई।\nस्रोत: https://example.vn/ha-noi-1\n", encoding="utf-8"
    )
    touched = corpus / f"{SEED_IDS['000']}.txt"
    os.utime(touched, ns=(1, 1))  # mtime changes, content does not

    update = build(corpus, index_dir, workers=0)
    assert (update.mode, update.added, update.updated, update.deleted, update.unchanged) == (
        "incremental",
        ["sub/new"],
        [SEED_IDS["002"]],
        [SEED_IDS["004"]],
        3,
    )
    assert current_generation(index_dir) == gen  # updated in place, one commit
    assert ids_in(index_dir) == sorted([SEED_IDS["000"], SEED_IDS["001"], SEED_IDS["002"], SEED_IDS["003"], "sub/new"])
    assert check_index(index_dir).problems == []

    rebuilt = build(corpus, index_dir, rebuild=True, workers=0)
    assert (rebuilt.mode, len(rebuilt.added)) == ("full", 5)
    assert current_generation(index_dir) != gen


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(tmp_path: Path) -> None:
    corpus = copy_sample(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "only-url.txt").write_text("সূত্র: https://example.vn/x\n", encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Nghị quyết 57 tại Cần Thơ, café".encode("cp1258", errors="replace"))
    (corpus / "with space আ.txt").write_text("কা মাউ প্রদেশে নতুন উদ্যোগ।\n", encoding="utf-8")
    os.symlink(corpus / "missing.txt", corpus / "dangling.txt")
    os.symlink(corpus, corpus / "loop")
    report = build(corpus, tmp_path / "index", workers=0)
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons == {
        "blank.txt": "only whitespace",
        "dangling.txt": "broken symlink",
        "empty.txt": "empty file",
        "image.txt": "binary file: a PNG image",
        "only-url.txt": "no article text (only a source line or comment counter)",
    }
    assert sorted(report.added) == sorted([*SEED_IDS.values(), "latin1", "with space আ"])
    assert check_index(tmp_path / "index").problems == []


def test_nothing_indexable_is_an_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="nothing could be indexed"):
        build(corpus, tmp_path / "index", workers=0)
    with pytest.raises(BuildError, match="no \\*.txt files"):
        build(tmp_path / "index", tmp_path / "index2", workers=0)
    with pytest.raises(BuildError, match="does not exist"):
        build(tmp_path / "nope", tmp_path / "index3", workers=0)


def test_a_second_build_is_refused_while_one_runs(tmp_path: Path) -> None:
    with build_lock(tmp_path / "index"):
        with pytest.raises(BuildLocked, match="another build is running"):
            build(SAMPLE, tmp_path / "index", workers=0)


def test_an_interrupted_rebuild_leaves_the_old_index_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index_dir = tmp_path / "index"
    build(SAMPLE, index_dir, workers=0)
    live = current_generation(index_dir)
    assert live is not None

    import index.pipeline.workers as workers_module

    calls = {"n": 0}
    real_add = workers_module.add_prepared

    def add_then_die(writer: IndexWriter, article: Prepared, report: BuildReport) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real_add(writer, article, report)

    monkeypatch.setattr(workers_module, "add_prepared", add_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(SAMPLE, index_dir, rebuild=True, workers=0)
    assert current_generation(index_dir) == live
    assert check_index(index_dir).problems == []
    assert len(ids_in(index_dir)) == 5
    monkeypatch.undo()
    # The next build cleans the abandoned generation up and completes.
    report = build(SAMPLE, index_dir, rebuild=True, workers=0)
    assert len(report.added) == 5
    gens = sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))
    assert gens == [live.name, report.generation]


def test_parallel_parsing_gives_the_same_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):  # enough files for the worker pool to be used
        for src in SAMPLE.glob("*.txt"):
            shutil.copy(src, corpus / f"{i:02d}-{src.name}")
    serial = build(corpus, tmp_path / "a", workers=0)
    parallel = build(corpus, tmp_path / "b", workers=2)
    assert (serial.added, serial.sentences) == (parallel.added, parallel.sentences)
    assert check_index(tmp_path / "a").facets == check_index(tmp_path / "b").facets


def many_copies(corpus: Path, copies: int = 60) -> Path:
    corpus.mkdir()
    for i in range(copies):
        for src in SAMPLE.glob("*.txt"):
            shutil.copy(src, corpus / f"{i:02d}-{src.name}")
    return corpus


def test_workers_write_their_own_segments_committed_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.pipeline.workers as workers_module

    corpus = many_copies(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    # 1 MB is a budget of ~44,000 tokens (text and stem): a segment every few dozen articles.
    monkeypatch.setattr(workers_module, "SEGMENT_LIMIT_MB", 1)  # the workers are forked: they see it
    seen: list[tuple[int, int]] = []
    serial = build(corpus, tmp_path / "a", workers=0)
    parallel = build(corpus, tmp_path / "b", workers=1, progress=lambda done, total: seen.append((done, total)))
    # The report keeps the corpus order whichever worker wrote what.
    assert parallel.added == serial.added == sorted(serial.added)
    assert (parallel.skipped, parallel.warnings) == (serial.skipped, serial.warnings)
    assert (parallel.articles, parallel.sentences, parallel.bytes_indexed) == (
        serial.articles,
        serial.sentences,
        serial.bytes_indexed,
    )
    assert seen == [(n, 301) for n in range(1, 302)]
    # Many article segments (the last one holds the translation groups),
    # each bounded by the memory limit.
    sizes = [s.doc_count_all() for s in open_index(tmp_path / "b")._segments()]
    assert len(sizes) >= 8 and max(sizes[:-1]) <= 40 and sum(sizes[:-1]) == 300, sizes
    assert sorted(read_manifest(open_index(tmp_path / "b"))) == sorted(serial.added)
    a, b = check_index(tmp_path / "a"), check_index(tmp_path / "b")
    assert (a.problems, b.problems) == ([], [])
    assert (a.facets, a.articles, a.sentences) == (b.facets, b.articles, b.sentences)
    # No temporary files or stray segments are left in the generation.
    gen = current_generation(tmp_path / "b")
    assert gen is not None and not [p for p in gen.iterdir() if p.is_dir()]


def _live_state(index_dir: Path) -> tuple[Path | None, list[str]]:
    return current_generation(index_dir), ids_in(index_dir)


def test_a_failing_worker_stops_the_build_and_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import index.pipeline.workers as workers_module

    corpus = many_copies(tmp_path / "corpus", 20)
    index_dir = tmp_path / "index"
    build(corpus, index_dir, workers=0)
    before = _live_state(index_dir)
    real_prepare = workers_module.prepare_file

    def prepare_or_fail(item: tuple[CorpusFile, str | None]) -> Prepared | Skipped | None:
        if item[0].id.startswith("13-"):
            raise ValueError("parser bug")
        return real_prepare(item)

    monkeypatch.setattr(workers_module, "prepare_file", prepare_or_fail)
    with pytest.raises(ValueError, match="parser bug") as raised:
        build(corpus, index_dir, rebuild=True, workers=1)
    assert "prepare_or_fail" in str(raised.value.__cause__)  # the worker's traceback
    assert multiprocessing.active_children() == []
    assert _live_state(index_dir) == before

    def prepare_or_die(item: tuple[CorpusFile, str | None]) -> Prepared | Skipped | None:
        if item[0].id.startswith("13-"):
            os.kill(os.getpid(), signal.SIGKILL)  # as if the OOM killer took the worker
        return real_prepare(item)

    monkeypatch.setattr(workers_module, "prepare_file", prepare_or_die)
    with pytest.raises(BuildError, match="an indexing process stopped \\(killed by SIGKILL\\)"):
        build(corpus, index_dir, rebuild=True, workers=1)
    assert multiprocessing.active_children() == []
    assert _live_state(index_dir) == before

    monkeypatch.undo()
    report = build(corpus, index_dir, rebuild=True, workers=1)
    assert len(report.added) == 100 and check_index(index_dir).problems == []


def test_ctrl_c_during_a_parallel_build_terminates_the_workers(tmp_path: Path) -> None:
    import multiprocessing

    corpus = many_copies(tmp_path / "corpus", 20)
    index_dir = tmp_path / "index"
    build(corpus, index_dir, workers=0)
    before = _live_state(index_dir)

    def interrupt(done: int, total: int) -> None:
        if done == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(corpus, index_dir, rebuild=True, workers=1, progress=interrupt)
    assert multiprocessing.active_children() == []
    assert _live_state(index_dir) == before
    assert check_index(index_dir).problems == []


def test_size_limits_skip_or_truncate_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.corpus.article
    import index.corpus.files

    corpus = copy_sample(tmp_path / "corpus")
    (corpus / "huge.txt").write_text("ক্যান থো শহরে নতুন প্রকল্প শুরু হয়েছে।\n" * 200, encoding="utf-8")
    (corpus / "giant.txt").write_bytes(b"x" * 40_000)
    monkeypatch.setattr(index.corpus.files, "MAX_FILE_BYTES", 30_000)
    monkeypatch.setattr(index.corpus.article, "MAX_SEARCHABLE_CHARS", 1_000)
    report = build(corpus, tmp_path / "index", workers=0)
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("giant.txt", "file too large: 40,000 bytes (limit 30,000)")
    ]
    assert ("huge", "only the first 1,000 of 8,000 characters are searchable") in report.warnings
    assert check_index(tmp_path / "index").problems == []


def test_an_unlistable_folder_keeps_its_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.pipeline.builder as build_module
    from index.corpus.files import list_corpus

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE / f"{SEED_IDS['000']}.txt", corpus / "sub")
    shutil.copy(SAMPLE / f"{SEED_IDS['002']}.txt", corpus)
    build(corpus, tmp_path / "index", workers=0)

    def walk_without_sub(root: Path) -> Iterator[CorpusFile | Skipped]:
        # As if `sub` had lost its read permission (root can read anything, so simulate it).
        for item in list_corpus(root):
            if item.id.startswith("sub/"):
                continue
            yield item
        yield Skipped("sub", "sub", "cannot list folder: Permission denied")

    monkeypatch.setattr(build_module, "list_corpus", walk_without_sub)
    report = build(corpus, tmp_path / "index", workers=0)
    assert (report.deleted, [s.reason for s in report.skipped]) == ([], ["cannot list folder: Permission denied"])
    assert ids_in(tmp_path / "index") == sorted([f"sub/{SEED_IDS['000']}", SEED_IDS["002"]])


def test_updates_merge_small_segments_and_keep_their_number_bounded(sample_dir: Path, tmp_path: Path) -> None:
    from index.storage.segments import _SMALL_SEGMENTS_BEFORE_MERGE

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(sample_dir, corpus)
    build(corpus, index, workers=0)
    victim = sorted(corpus.glob("*.txt"))[0]
    counts = []
    for n in range(2 * _SMALL_SEGMENTS_BEFORE_MERGE):
        victim.write_text(victim.read_text(encoding="utf-8") + f"\n\nঅনুচ্ছেদ{n} যোগ হল।\n", encoding="utf-8")
        assert build(corpus, index, workers=0).updated
        with open_index(index).reader() as reader:
            counts.append(len(reader.leaf_readers()))
    # Each update adds a segment; once enough small ones gather they are merged.
    assert max(counts) <= _SMALL_SEGMENTS_BEFORE_MERGE and min(counts) < max(counts), counts
    assert check_index(index).ok


def test_hit_order_does_not_depend_on_how_the_index_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copies of the same articles score alike; their order comes from document ids, not docnums."""
    import index.pipeline.workers as workers_module
    from search import Engine
    from search.request import SearchRequest

    corpus = many_copies(tmp_path / "corpus", copies=20)
    monkeypatch.setattr(workers_module, "SEGMENT_LIMIT_MB", 1)
    build(corpus, tmp_path / "a", workers=0)
    build(corpus, tmp_path / "b", workers=1)
    order = {}
    for name in ("a", "b"):
        with open_index(tmp_path / name).reader() as reader:
            order[name] = [fields["doc"] for _, fields in reader.iter_docs() if "content" in fields]
    assert order["a"] != order["b"]  # the parallel build wrote the articles in another order
    # The copies are repeats: listed one by one (collapse=False), their order is what is tested.
    requests = [
        SearchRequest.create(q="প্রস্তাব", per_page=50, collapse=False),
        SearchRequest.create(q="प्रस्ताव", per_page=50, collapse=False),
        SearchRequest.create(q="", per_page=50, collapse=False),
        SearchRequest.create(q="", sort="date", per_page=50, page=2, collapse=False),
    ]
    engines = Engine(tmp_path / "a"), Engine(tmp_path / "b")
    for request in requests:
        a, b = (e.search(request) for e in engines)
        assert a.total == b.total > 0
        assert [h.article.id for h in a.hits] == [h.article.id for h in b.hits]
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits])
    passages = SearchRequest.create(q="प्रस्ताव", per_page=50)
    a_p, b_p = (e.passages(passages) for e in engines)
    assert [h.to_dict()["id"] for h in a_p.hits] == [h.to_dict()["id"] for h in b_p.hits]
    assert [h.to_dict()["sentence"] for h in a_p.hits] == [h.to_dict()["sentence"] for h in b_p.hits]
