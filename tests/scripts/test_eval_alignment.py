"""scripts/eval_alignment.py: issue 16's scoring (scripts/reference_links.py), the short mode, the odd documents only."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from conftest import CORPUS_RAW_MINI, load_script

R = load_script("reference_links")
EVAL = load_script("eval_alignment")  # its sys.path line makes scripts/alignkit importable, as when it runs
from alignkit import corpus  # noqa: E402

SOURCE_LINE = re.compile(r"^(সূত্র|स्रोत): ", re.M)


# --------------------------------------------------------------------------- scoring


def test_a_reference_merge_is_one_bead_of_one_and_two() -> None:
    # Bengali: lines 5 and 6 merged into one sentence; Hindi: 5 and 6 apart, and 7 on both sides.
    bn = [frozenset({5, 6}), frozenset({7})]
    hi = [frozenset({5}), frozenset({6}), frozenset({7})]
    assert R.gold_links("a", "b", bn, hi) == {("a", 0, "b", 0), ("a", 0, "b", 1), ("a", 1, "b", 2)}


def test_a_chain_of_merges_gives_m_times_n_links() -> None:
    # bn {1,2} {3}; hi {1} {2,3}: one reference bead of 2 and 2 sentences.
    got = R.gold_links("a", "b", [frozenset({1, 2}), frozenset({3})], [frozenset({1}), frozenset({2, 3})])
    assert got == {("a", x, "b", y) for x in (0, 1) for y in (0, 1)}


def test_a_line_on_one_side_only_gives_no_link() -> None:
    assert R.gold_links("a", "b", [frozenset({1}), frozenset({2})], [frozenset({2})]) == {("a", 1, "b", 0)}


def test_a_finer_cut_is_not_punished_and_a_wrong_merge_is() -> None:
    bn = [frozenset({0}), frozenset({1})]  # reference sentences per served sentence
    hi_finer = [frozenset({0}), frozenset({0}), frozenset({1})]  # ICU cut reference sentence 0 in two
    gold = {("a", 0, "b", 0), ("a", 1, "b", 1)}
    served = R.served_links("a", "b", [((0,), (0, 1)), ((1,), (2,))], bn, hi_finer)
    assert served == gold
    wrong_merge = R.served_links("a", "b", [((0, 1), (0,))], bn, [frozenset({0})])
    assert wrong_merge == {("a", 0, "b", 0), ("a", 1, "b", 0)}
    counts = R.LinkCounts()
    counts.add(wrong_merge, gold)
    assert counts.to_dict() == {
        "precision": 0.5,
        "recall": 0.5,
        "served_links": 2,
        "correct_links": 1,
        "gold_links": 2,
    }


def test_a_caption_or_distractor_sentence_links_nothing() -> None:
    assert R.served_links("a", "b", [((0,), (0,))], [frozenset()], [frozenset({3})]) == set()


# --------------------------------------------------------------------------- corpus


def ntrex_ids(data_dir: Path) -> list[str]:
    lines = (data_dir / "ntrex128" / "docs.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["doc_id"] for line in lines]


@pytest.mark.parametrize("short", [False, True])
def test_only_the_odd_documents_are_written(tmp_path: Path, short: bool) -> None:
    ids = ntrex_ids(CORPUS_RAW_MINI)
    written = EVAL.write_corpus(tmp_path, CORPUS_RAW_MINI, 13, 0, 0.4, evaluation_only=True, short=short)
    docs = {w.doc.split("#")[0] for w in written if w.doc is not None}
    assert docs == {ids[1]}
    (tmp_path / "all").mkdir()
    everything = EVAL.write_corpus(tmp_path / "all", CORPUS_RAW_MINI, 13, 0, 0.4)  # --all-documents
    assert {w.doc for w in everything} == set(ids)


@pytest.mark.parametrize("short", [False, True])
def test_dev_writes_the_even_documents_and_none_of_the_odd(tmp_path: Path, short: bool) -> None:
    ids = ntrex_ids(CORPUS_RAW_MINI)
    written = EVAL.write_corpus(tmp_path, CORPUS_RAW_MINI, 13, 0, 0.4, evaluation_only=True, short=short, dev=True)
    assert {w.doc.split("#")[0] for w in written if w.doc is not None} == set(ids[0::2])


def test_dev_and_all_documents_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        EVAL.main(["--dev", "--all-documents"])
    assert "give one" in capsys.readouterr().err


def test_short_articles_have_three_to_five_sentences_and_no_source_line(tmp_path: Path) -> None:
    for seed in range(6):
        out = tmp_path / str(seed)
        out.mkdir()
        written = EVAL.write_corpus(out, CORPUS_RAW_MINI, seed, 1, 0.4, evaluation_only=True, short=True)
        for w in written:
            text = (out / f"{w.id}.txt").read_text("utf-8")
            assert not SOURCE_LINE.search(text), text
            if w.doc is not None:
                lines = {n for _, _, n in w.spans}
                # A line dropped on one side leaves 2 on that side; a pair's sides keep 3-5 between them.
                assert 2 <= len(lines) <= corpus.SHORT_MAX, (seed, w)
        distractors = [w for w in written if w.doc is None]
        assert sorted(w.lang for w in distractors) == ["bn", "hi"]


def test_short_chunks_cover_the_lines_in_runs_of_three_to_five() -> None:
    rng = random.Random(1)
    for n in range(0, 30):
        got = corpus.chunks(list(range(n)), rng)
        assert all(corpus.SHORT_MIN <= len(c) <= corpus.SHORT_MAX for c in got)
        flat = [x for c in got for x in c]
        assert flat == list(range(len(flat))) and n - len(flat) < corpus.SHORT_MIN


def test_one_language_articles_are_not_gold(tmp_path: Path) -> None:
    written = EVAL.write_corpus(
        tmp_path, CORPUS_RAW_MINI, 3, 0, 0.4, evaluation_only=True, short=True, one_language=1.0
    )
    assert [w.url_mode for w in written] == ["one-language"] * len(written) and written
    result = EVAL.evaluate(tmp_path, written)
    assert result["ntrex_pairs"] == 0
    assert result["one_language"] == len(written)


def test_short_mode_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figures.json"
    code = EVAL.main(
        ["--data-dir", str(CORPUS_RAW_MINI), "--short", "--seeds", "1-2", "--distractors", "1", "--json", str(out)]
    )
    assert code == 0
    figures = json.loads(out.read_text("utf-8"))
    assert [r["mode"] for r in figures["per_seed"]] == ["short", "short"]
    assert set(figures["pooled"]) == {"links", "sentence_links"}
    assert set(figures["pooled"]["sentence_links"]) == {
        "precision",
        "recall",
        "served_links",
        "correct_links",
        "gold_links",
    }
    printed = capsys.readouterr().out
    assert "pooled" in printed and "sentence links P" in printed


def test_short_mode_refuses_a_shared_url_fraction() -> None:
    with pytest.raises(SystemExit):
        EVAL.main(["--data-dir", str(CORPUS_RAW_MINI), "--short", "--shared-url", "0.5"])


def test_a_line_without_an_end_mark_ends_its_paragraph() -> None:
    units = [corpus.Unit.line("শিরোনাম", 0), corpus.Unit.line("এটি ভাল যায় নি", 1)]
    units += [corpus.Unit.line(f"বাক্য {n}।", n) for n in range(2, 12)]
    for seed in range(20):
        paragraphs = corpus.group(units, random.Random(seed), headings_apart=True)
        assert [u.text for u in paragraphs[1]] == ["এটি ভাল যায় নি"]
    # Without it (the corpus before issue 16) the line runs into the next one now and then.
    firsts = [len(corpus.group(units, random.Random(seed))[1]) for seed in range(20)]
    assert max(firsts) > 1


def test_build_mode_scores_what_the_build_stored(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    argv = ["--data-dir", str(CORPUS_RAW_MINI), "--short", "--seed", "2", "--distractors", "1", "--json", str(out)]
    assert EVAL.main([*argv, "--build"]) == 0
    figures = json.loads(out.read_text("utf-8"))
    assert figures["linker"] == "build"
    build = figures["links"]["build"]
    assert build["links_url"] + build["links_content"] == figures["links"]["predicted"]
    assert figures["links"]["by_method"] == {
        k: v for k, v in (("content", build["links_content"]), ("url", build["links_url"])) if v
    }
    assert "build" in figures["seconds"]
