"""The parallel concordance, its aligned-side filters and its frequency tables, on the sample corpus."""

from __future__ import annotations

import math
import shutil
import sys
import threading

import icu
import pytest
from conftest import DATA, SEED_IDS

from index import build
from search import BadRequest, Engine, SearchRequest
from search.collocations import COLLOCATION_SORTS, FORM_SORTS, sort_rows
from search.concordance import ConcordanceRequest, collation_key

BN, HI = SEED_IDS["000"], SEED_IDS["001"]
GAPS = DATA / "parallel-gaps"  # the seed pair cut by hand: one sentence left out each way


def kwic(engine: Engine, q: str, sort: str = "doc", context: int = 8, **kw: object) -> list[dict]:
    """Every line of a concordance (all pages)."""
    lines: list[dict] = []
    page = 1
    while True:
        search = SearchRequest.create(q, page=page, per_page=100, **kw)  # type: ignore[arg-type]
        data = engine.concordance(ConcordanceRequest.create(search, context, sort)).to_dict()
        lines += data["lines"]
        if page >= data["pages"]:
            return lines
        page += 1


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    corpus = tmp_path_factory.mktemp("gaps-corpus")
    for f in GAPS.glob("*.txt"):
        shutil.copy(f, corpus)
    index_dir = tmp_path_factory.mktemp("gaps-index")
    build(corpus, index_dir, workers=0)
    return Engine(index_dir)


def test_one_line_per_occurrence_with_its_context(engine: Engine) -> None:
    lines = kwic(engine, "রূপান্তর", context=3)
    passages = engine.passages(SearchRequest.create("রূপান্তর", per_page=100))
    assert {(x["id"], x["sentence"]) for x in lines} == {(h.article.id, h.n) for h in passages.hits}
    assert len(lines) == 32 > passages.total == 25
    article = engine.document(BN).article
    for line in lines:
        text = engine.document(line["id"]).article.text if line["id"] != BN else article.text
        assert text[line["start"] : line["end"]] == line["match"]
        assert line["match"].startswith("রূপান্তর")
        assert line["left"] + line["match"] + line["right"] in line["text"]
        assert len(line["left"].split()) <= 3 and len(line["right"].split()) <= 4


def test_sort_right_is_icu_collation_of_the_right_context(engine: Engine) -> None:
    collator = icu.Collator.createInstance(icu.Locale("bn"))
    lines = kwic(engine, "রূপান্তর", sort="right", context=8)
    words = [[w for w in icu_words(x["right"])] for x in lines]
    keys = [tuple(collator.getSortKey(w) for w in ws) for ws in words]
    assert keys == sorted(keys)
    assert words != sorted(words)  # code-point order would differ: the collator decides
    doc = kwic(engine, "রূপান্তর", sort="doc")
    assert sorted((x["id"], x["start"]) for x in lines) == sorted((x["id"], x["start"]) for x in doc)


def icu_words(text: str) -> list[str]:
    """The words of a context as the index cuts them (punctuation dropped)."""
    from index.interface import analyze

    return [text[s:e] for _, _, s, e in analyze(text)]


def test_sort_left_reads_outwards_from_the_match(engine: Engine) -> None:
    collator = icu.Collator.createInstance(icu.Locale("bn"))
    lines = kwic(engine, "রূপান্তর", sort="left", context=4)
    keys = [tuple(collator.getSortKey(w) for w in reversed(icu_words(x["left"]))) for x in lines]
    assert keys == sorted(keys)


def test_sort_doc_and_score(engine: Engine) -> None:
    doc = kwic(engine, "রূপান্তর", sort="doc")
    assert [x["id"] for x in doc] == sorted(x["id"] for x in doc)
    by_score = kwic(engine, "রূপান্তর", sort="score")
    scores = {
        h.article.id + str(h.n): float(h.score or 0)
        for h in engine.passages(SearchRequest.create("রূপান্তর", per_page=100)).hits
    }
    ranked = [scores[x["id"] + str(x["sentence"])] for x in by_score]
    assert ranked == sorted(ranked, reverse=True)


def test_a_phrase_gives_one_line_per_phrase_match(engine: Engine) -> None:
    lines = kwic(engine, '"ডিজিটাল রূপান্তর"')
    assert lines and all(x["match"].startswith("ডিজিটাল রূপান্তর") for x in lines)
    words = kwic(engine, "ডিজিটাল রূপান্তর")
    assert len(words) > len(lines)  # two words, each a line


def test_lines_carry_the_aligned_sentence_and_its_bead(engine: Engine) -> None:
    line = next(x for x in kwic(engine, "৫৪০") if x["id"] == BN)
    p = line["parallel"]
    assert (p["id"], p["lang"], p["bead"], p["sentences"]) == (HI, "hi", "1-1", [10])
    assert "540" in p["text"] and p["score"] > 0.9
    unlinked = next(x for x in kwic(engine, "হিউ"))
    assert unlinked["parallel"] is None  # Hue's article has no translation


def test_parallel_not_removes_every_line_whose_aligned_sentence_matches(engine: Engine) -> None:
    every = kwic(engine, "রূপান্তর")
    kept = kwic(engine, "রূপান্তর", parallel_not="डिजिटल")
    matching = [x for x in every if x["parallel"] and "डिजिटल" in x["parallel"]["text"]]
    assert matching  # the filter has something to remove
    assert kept == [x for x in every if x not in matching]
    passages = engine.passages(SearchRequest.create("রূপান্তর", parallel_not="डिजिटल", per_page=100))
    assert {(h.article.id, h.n) for h in passages.hits} == {(x["id"], x["sentence"]) for x in kept}


def test_the_seed_pair_leaves_no_sentence_without_a_counterpart(engine: Engine) -> None:
    for shape in ("1-0", "0-1"):
        assert engine.passages(SearchRequest.create("", bead=[shape])).total == 0
    beads = engine.parallel(BN, HI).pairs
    assert all(p.source.sentences and p.target.sentences for p in beads)


def test_bead_1_0_and_0_1_list_exactly_the_sentences_left_without_counterpart(gaps: Engine) -> None:
    pairs = gaps.parallel("010_gaps_bn", "011_gaps_hi").pairs
    left_out = {("010_gaps_bn", n) for p in pairs if not p.target.sentences for n in p.source.sentences}
    added = {("011_gaps_hi", n) for p in pairs if not p.source.sentences for n in p.target.sentences}
    assert left_out and added

    def found(**kw: object) -> set[tuple[str, int]]:
        hits = gaps.passages(SearchRequest.create("", per_page=100, **kw)).hits  # type: ignore[arg-type]
        return {(h.article.id, h.n) for h in hits}

    assert found(bead=["1-0"]) == left_out
    assert found(bead=["0-1"]) == added
    assert found(bead=["1-0", "0-1"]) == found(aligned="none") == left_out | added
    every = found()
    assert found(aligned="only") == every - left_out - added
    one_to_one = found(bead=["1-1"])
    assert one_to_one == every - left_out - added
    # The concordance takes the same filters: a word of the left-out sentence.
    lines = kwic(gaps, "বর্তমানে", bead=["1-0"])
    assert [(x["id"], x["sentence"], x["parallel"]["bead"], x["parallel"]["text"]) for x in lines] == [
        ("010_gaps_bn", 2, "1-0", "")
    ]


def test_min_score_keeps_sentences_in_beads_scored_at_least_that(gaps: Engine) -> None:
    pairs = gaps.parallel("010_gaps_bn", "011_gaps_hi").pairs
    high = {("010_gaps_bn", n) for p in pairs if p.score >= 0.9 for n in p.source.sentences}
    high |= {("011_gaps_hi", n) for p in pairs if p.score >= 0.9 for n in p.target.sentences}
    hits = gaps.passages(SearchRequest.create("", min_score="0.9", per_page=100)).hits
    assert {(h.article.id, h.n) for h in hits} == high
    assert 0 < len(high) < sum(len(p.source.sentences) + len(p.target.sentences) for p in pairs)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"bead": ["2-2"]}, "not a bead shape"),
        ({"min_score": "1.5"}, "between 0 and 1"),
        ({"min_score": "nan"}, "must be a number"),
        ({"aligned": "sometimes"}, "aligned must be only"),
    ],
)
def test_bad_aligned_filters_are_refused(kw: dict, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        SearchRequest.create("x", **kw)


def test_a_concordance_needs_a_word_and_a_known_sort(engine: Engine) -> None:
    with pytest.raises(BadRequest, match="centres lines on words"):
        engine.concordance(ConcordanceRequest.create(SearchRequest.create("province:can-tho")))
    with pytest.raises(BadRequest, match="sort must be one of doc, left, right, score"):
        ConcordanceRequest.create(SearchRequest.create("x"), sort="alpha")
    with pytest.raises(BadRequest, match="past the end"):
        engine.concordance(ConcordanceRequest.create(SearchRequest.create("রূপান্তর", page=9, per_page=10)))


def test_collocations_count_words_near_the_match_with_logdice(engine: Engine) -> None:
    request = ConcordanceRequest.create(SearchRequest.create("রূপান্তর"))
    rows = {r.word: r for r in engine.collocations(request, 1)}
    lines = kwic(engine, "রূপান্তর", context=1)
    before = sum(1 for x in lines if icu_words(x["left"])[-1:] == ["ডিজিটাল"])
    digital = rows["ডিজিটাল"]
    assert (digital.lang, digital.count, digital.node) == ("bn", before, 32)
    assert digital.frequency == 49  # the word's count in the index
    assert digital.logdice == pytest.approx(14 + math.log2(2 * before / (32 + 49)))
    ranked = sort_rows(list(rows.values()), "logdice", COLLOCATION_SORTS)
    assert ranked[0].word == "ডিজিটাল"
    assert [r.count for r in sort_rows(list(rows.values()), "count", COLLOCATION_SORTS)] == sorted(
        (r.count for r in rows.values()), reverse=True
    )


def test_frequencies_are_the_forms_behind_a_stemmed_query(engine: Engine) -> None:
    forms = sort_rows(engine.frequencies(ConcordanceRequest.create(SearchRequest.create("রূপান্তর"))), "count", FORM_SORTS)
    assert [(f.form, f.count) for f in forms] == [("রূপান্তর", 14), ("রূপান্তরের", 11), ("রূপান্তরকে", 4), ("রূপান্তরে", 3)]
    by_form = sort_rows(forms, "form", FORM_SORTS)
    assert [f.form for f in by_form] == sorted(
        (f.form for f in forms), key=icu.Collator.createInstance(icu.Locale("bn")).getSortKey
    )


def test_collation_keys_are_per_thread_and_agree() -> None:
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    words = ["রূপান্তর", "ডিজিটাল", "উদ্ভাবন", "अनुवाद", "digital"] * 20
    expected = [collation_key("bn", [w]) for w in words]
    answers: list[list[tuple[bytes, ...]]] = []

    def work() -> None:
        answers.append([collation_key("bn", [w]) for w in words])

    threads = [threading.Thread(target=work) for _ in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert answers == [expected] * 8


def test_reading_every_line_is_refused_past_the_limit(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import search.concordance

    monkeypatch.setattr(search.concordance, "MAX_READ_LINES", 31)
    request = SearchRequest.create("রূপান্তর")  # 32 lines
    with pytest.raises(BadRequest, match="sort=right reads the sentence of every line: this concordance has 32 lines"):
        engine.concordance(ConcordanceRequest.create(request, 7, "right"))  # context 7: an order no test cached
    with pytest.raises(BadRequest, match="A collocation table reads"):
        engine.collocations(ConcordanceRequest.create(request), 5)
    with pytest.raises(BadRequest, match="A form table reads"):
        engine.frequencies(ConcordanceRequest.create(request))
    assert engine.concordance(ConcordanceRequest.create(request, sort="doc")).total == 32  # paging reads one page
    assert engine.concordance(ConcordanceRequest.create(request, sort="score")).total == 32
