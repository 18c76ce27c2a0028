"""Passage search by the translation side alone (``parallel_q`` without ``q``).

Every sentence of the index is then a candidate.  The answer is the
sentences aligned (by the stored beads) to a sentence that matches
``parallel_q``; it is found from the matching sentences through the
generation's aligned pairs (search.parallel.SentencePairs), so the work
follows the matches and the page, not the number of sentences: checked
here by counting document lookups, not by timing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.searching import Searcher

from index.pipeline.builder import build
from search import Engine, SearchRequest

SOURCE = "\n\nস্রোত: https://example.org/{name}\n"


def _sentences(engine: Engine, q: str = "", parallel_q: str = "") -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    page = 1
    while True:
        result = engine.passages(SearchRequest.create(q, parallel_q=parallel_q, page=page, per_page=100))
        found |= {(h.article.id, h.n) for h in result.hits}
        if page * 100 >= result.total:
            assert len(found) == result.total
            return found
        page += 1


def _aligned_to(engine: Engine, matched: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The sentences whose bead (either direction) holds one of ``matched`` on the other side."""
    out: set[tuple[str, int]] = set()
    for pair in engine.parallel_pairs():
        a, b = pair.source.id, pair.target.id
        for bead in pair.pairs:
            src, tgt = bead.source.sentences, bead.target.sentences
            if any((b, j) in matched for j in tgt):
                out |= {(a, i) for i in src}
            if any((a, i) in matched for i in src):
                out |= {(b, j) for j in tgt}
    return out


@pytest.mark.parametrize("other", ["डिजिटल", "ডিজিটাল রূপান্তর", "57", "कैन थो", "প্রযুক্তি -ডিজিটাল"])
def test_parallel_q_alone_is_the_sentences_aligned_to_its_matches(engine: Engine, other: str) -> None:
    expected = _aligned_to(engine, _sentences(engine, other))
    assert expected  # the sample corpus has aligned pairs for each of them
    assert _sentences(engine, parallel_q=other) == expected


def test_parallel_q_with_q_keeps_both_conditions(engine: Engine) -> None:
    aligned = _aligned_to(engine, _sentences(engine, "डिजिटल"))
    assert _sentences(engine, "ডিজিটাল", parallel_q="डिजिटल") == aligned & _sentences(engine, "ডিজিটাল")


def test_parallel_q_alone_does_not_visit_every_sentence(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # Looking up an article by id once per candidate sentence made this
    # take seconds on 10k articles: the lookups now follow the page.
    lookups = []
    original = Searcher.document_number

    def counted(self: Searcher, **kw: object) -> int | None:
        lookups.append(kw)
        return original(self, **kw)

    total = engine.passages(SearchRequest.create("", parallel_q="57")).total
    monkeypatch.setattr(Searcher, "document_number", counted)
    result = engine.passages(SearchRequest.create("", parallel_q="57", per_page=2))
    assert result.total == total > 2 * len(result.hits)
    # Two hits on the page: their groups and their counterparts' articles.
    assert 0 < len(lookups) <= 6


def test_a_deleted_translation_aligns_nothing(tmp_path: Path, sample_dir: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for f in sample_dir.glob("*.txt"):
        (corpus / f.name).write_bytes(f.read_bytes())
    build(corpus, index, workers=0)
    engine = Engine(index)
    before = _sentences(engine, parallel_q="कैन थो")
    assert {doc[:3] for doc, _ in before} == {"000", "001"}
    # Without the Hindi article, no Bengali sentence has a Hindi counterpart.
    hindi = next(corpus.glob("001_*.txt"))
    hindi.unlink()
    build(corpus, index, workers=0)
    assert _sentences(engine, parallel_q="कैन थो") == set()


def _aligned_sentences(engine: Engine, q: str, aligned: str) -> set[tuple[str, int]]:
    result = engine.passages(SearchRequest.create(q, aligned=aligned, per_page=100))
    assert result.total <= 100
    return {(h.article.id, h.n) for h in result.hits}


@pytest.mark.parametrize("q", ["डिजिटल", "ডিজিটাল"])
def test_the_aligned_filter_is_the_sentences_with_a_counterpart(engine: Engine, q: str) -> None:
    counterpart: set[tuple[str, int]] = set()
    for pair in engine.parallel_pairs():
        for bead in pair.pairs:
            src, tgt = bead.source.sentences, bead.target.sentences
            if src and tgt:
                counterpart |= {(pair.source.id, i) for i in src} | {(pair.target.id, j) for j in tgt}
    matched = _sentences(engine, q)
    only = _aligned_sentences(engine, q, "only")
    assert only == matched & counterpart and only
    assert _aligned_sentences(engine, q, "none") == matched - counterpart
    # The mask is made once per generation and shared by requests: none of them may change it.
    assert _aligned_sentences(engine, q, "only") == only
    with engine._searcher() as (s, fi):
        assert not engine._sentence_pairs(s, fi).with_counterpart.flags.writeable
