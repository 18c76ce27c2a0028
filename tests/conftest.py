"""Shared fixtures: the bundled sample corpus and an index built from it once."""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from index import BuildReport, build
from index.corpus.article import Article
from index.corpus.files import CorpusFile, list_corpus, read_article
from index.pipeline import forked, groups

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

    from search import Engine

# No property test is timed: the machine is shared and noisy, and speed is
# measured by the benchmarks (make bench), never by a test's deadline.
settings.register_profile("setu", deadline=None)
settings.load_profile("setu")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample"
DATA = Path(__file__).resolve().parent / "data"
# Every whitespace-separated word of the sample articles: real Bengali and Hindi
# words (and their numbers and Latin names) for property tests of the analysis.
SAMPLE_WORDS = sorted({w for p in SAMPLE.glob("*.txt") for w in p.read_text(encoding="utf-8").split()})


def text_pieces(specials: list[str]) -> st.SearchStrategy[str]:
    """A sample word, one of ``specials`` (the cases a test cares about) or any character."""
    return st.one_of(st.sampled_from(SAMPLE_WORDS), st.sampled_from(specials), st.characters(codec="utf-8"))


# Real Bengali/Hindi text beside the project (../shared/corpus-raw, or the
# folder SETU_CORPUS_RAW names): the tests that need it skip without it and
# say why.  tests/data/corpus-raw-mini has its layout and a few lines of each
# pool scripts/make_corpus.py reads.
CORPUS_RAW = Path(os.environ.get("SETU_CORPUS_RAW") or ROOT.parent / "shared" / "corpus-raw").absolute()
CORPUS_RAW_MINI = DATA / "corpus-raw-mini"


def needs_corpus_raw(why: str, part: str = "") -> pytest.MarkDecorator:
    """Skip unless corpus-raw (or its folder ``part``) is there; the reason says what is missing, where and ``why``."""
    name = "$SETU_CORPUS_RAW" if os.environ.get("SETU_CORPUS_RAW") else "../shared/corpus-raw"
    where = CORPUS_RAW / part if part else CORPUS_RAW
    # INDEX.txt marks a corpus-raw folder (scripts/make_corpus.py asks for it too).
    present = where.is_dir() if part else (where / "INDEX.txt").is_file()
    missing = f"not found at {where}" if not where.is_dir() else f"no INDEX.txt in {where}"
    return pytest.mark.skipif(not present, reason=f"needs {name}{'/' + part if part else ''} ({why}): {missing}")


def sample_article(prefix: str) -> Article:
    """The bundled sample article whose file name starts with ``prefix`` (e.g. "000"), read as a build reads it."""
    (path,) = SAMPLE.glob(f"{prefix}_*.txt")
    (file,) = (f for f in list_corpus(SAMPLE) if isinstance(f, CorpusFile) and f.path == path)
    article = read_article(file)
    assert isinstance(article, Article)
    return article


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (scripts are not a package) as ``setu_<name>``."""
    spec = importlib.util.spec_from_file_location(f"setu_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def tick_thread_time(monkeypatch: pytest.MonkeyPatch, seconds: int = 3) -> None:
    """Make ``time.thread_time`` advance ``seconds`` on every read: each timed call then costs exactly that."""
    ticks = itertools.count(0, seconds)
    monkeypatch.setattr(time, "thread_time", lambda: next(ticks))


SEED_IDS = {
    "000": "000_45f867eacd813f2e",
    "001": "001_23384727df69c4b0",
    "002": "002_9232af5498dd2ad5",
    "003": "003_72547007595906f6",
    "004": "004_a2bd8f65d88ff69c",
}


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus indexed once per test session (read-only for tests)."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    build(SAMPLE, index_dir, workers=0)
    return index_dir


@pytest.fixture(scope="session")
def engine(sample_index: Path) -> Engine:
    from search import Engine

    return Engine(sample_index)


@pytest.fixture(scope="session")
def app(sample_index: Path) -> Flask:
    from webui import create_app

    return create_app({"INDEX_DIR": str(sample_index), "TESTING": True})


def copy_sample(corpus: Path, copies: int) -> Path:
    """``corpus`` made to hold ``copies`` copies of the sample corpus (``00-000_….txt``, ``01-000_….txt``, …)."""
    corpus.mkdir()
    for i in range(copies):
        for src in SAMPLE.glob("*.txt"):
            (corpus / f"{i:02d}-{src.name}").write_bytes(src.read_bytes())
    return corpus


@pytest.fixture(scope="session")
def corpus40(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles, the sample corpus 8 times: enough for a full build to start its alignment workers (read-only)."""
    return copy_sample(tmp_path_factory.mktemp("corpus40") / "corpus", 8)


def watch_forks(patch: pytest.MonkeyPatch) -> list[bool]:
    """The ``fork`` argument of every ``forked.Forked`` made from now on, in order."""
    forks: list[bool] = []
    real = forked.Forked.__init__

    def record(self: forked.Forked[Any], fn: Any, fork: bool = True) -> None:
        forks.append(fork)
        real(self, fn, fork)

    patch.setattr(forked.Forked, "__init__", record)
    return forks


def watch_align_pool(patch: pytest.MonkeyPatch) -> list[str]:
    """From now on, in order: "pool N" when the translation stage makes its alignment pool
    (``groups._AlignPool``, N workers), "fingerprints" when it loads the stored fingerprints."""
    events: list[str] = []
    real_pool, real_fingerprints = groups._AlignPool.__init__, groups._stored_fingerprints

    def pool(self: groups._AlignPool, workers: int) -> None:
        events.append(f"pool {workers}")
        real_pool(self, workers)

    def fingerprints(*args: Any, **kwargs: Any) -> Any:
        events.append("fingerprints")
        return real_fingerprints(*args, **kwargs)

    patch.setattr(groups._AlignPool, "__init__", pool)
    patch.setattr(groups, "_stored_fingerprints", fingerprints)
    return events


@dataclass(frozen=True)
class WatchedBuild:
    """A build's index (read-only), its report and what its translation stage did
    (:func:`watch_forks`, :func:`watch_align_pool`)."""

    index: Path
    report: BuildReport
    forks: list[bool]
    events: list[str]


def _watched_build(corpus: Path, index_dir: Path, workers: int) -> WatchedBuild:
    with pytest.MonkeyPatch.context() as patch:
        forks, events = watch_forks(patch), watch_align_pool(patch)
        report = build(corpus, index_dir, workers=workers)
    return WatchedBuild(index_dir, report, forks, events)


@pytest.fixture(scope="session")
def corpus40_serial(corpus40: Path, tmp_path_factory: pytest.TempPathFactory) -> WatchedBuild:
    """``corpus40`` built in one process (``workers=0``), once per session."""
    return _watched_build(corpus40, tmp_path_factory.mktemp("corpus40-serial"), workers=0)


@pytest.fixture(scope="session")
def corpus40_workers(corpus40: Path, tmp_path_factory: pytest.TempPathFactory) -> WatchedBuild:
    """``corpus40`` built with one worker (alignment pool, forked repeats), once per session."""
    return _watched_build(corpus40, tmp_path_factory.mktemp("corpus40-workers"), workers=1)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def tiny_switch_interval() -> Iterator[None]:
    """Threads switch as often as CPython allows: a race shows within a few thousand calls."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)
