"""The bilingual lexicon: its table, the merge of its sources, cognates, and learning from aligned pairs."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from conftest import SAMPLE

from index import build, open_index
from index.analysis.analyzers import analyze, stem_term
from index.analysis.breaks import sentence_ranges
from index.analysis.textnorm import normalize_term
from index.interface import Equivalent, Lexicon, cognate_candidates, read_lexicon
from index.storage.lexicons import stored_table
from index.translation import cognates
from index.translation.lexicon import EMPTY_TABLE, LexiconTable, association
from index.translation.lexicon_learning import Bitext, learn, sentence_stems, side_stems


def stem(word: str) -> str:
    return stem_term(normalize_term(word))


def table(*rows: tuple[str, str, float, int]) -> LexiconTable:
    """Bengali-Hindi rows, entered in both directions."""
    return LexiconTable.from_entries(
        [("bn", bn, hi, score, pairs) for bn, hi, score, pairs in rows]
        + [("hi", hi, bn, score, pairs) for bn, hi, score, pairs in rows]
    )


def test_association_ranks_counts_not_just_agreement() -> None:
    once, three, hundred = association([1, 3, 100], [1, 3, 100], [1, 3, 100]).round(2).tolist()
    assert (once, three, hundred) == (0.25, 0.56, 0.98)
    # A pair linked 100 times among 400 and 100 sentences outranks two words seen once together.
    assert float(association(100, 400, 100)) > once


def test_a_table_survives_its_stored_bytes() -> None:
    t = table(("বিজ্ঞান", "विज्ञान", 0.9, 12), ("বিজ্ঞান", "साइंस", 0.3, 2))
    back = LexiconTable.from_bytes(t.to_bytes())
    assert list(back.entries()) == list(t.entries())
    assert back.lookup("विज्ञान", "hi", "lexicon") == [Equivalent("বিজ্ঞান", "bn", "lexicon", 0.9, 12)]
    assert (len(back), back.stems("bn"), back.stems("hi")) == (4, 1, 2)


def test_sources_merge_best_first_and_the_most_trusted_keeps_a_term() -> None:
    learned = table(("সরকার", "सरकार", 0.4, 5), ("সরকার", "शासन", 0.2, 1))
    seed = table(("সরকার", "सरकार", 0.9, 40), ("সরকার", "हुकूमत", 0.3, 3))
    lexicon = Lexicon(learned, seed, lambda s, lang: [("सरकार", 0.5), ("सरकर", 0.4)])
    got = lexicon.equivalents("সরকার", "bn", known=lambda t: t != "सरकर")
    assert [e.to_dict() for e in got] == [
        {"term": "सरकार", "lang": "hi", "kind": "lexicon", "score": 0.4, "pairs": 5},
        {"term": "हुकूमत", "lang": "hi", "kind": "seed", "score": 0.3, "pairs": 3},
        {"term": "शासन", "lang": "hi", "kind": "lexicon", "score": 0.2, "pairs": 1},
    ]
    assert [e.term for e in lexicon.equivalents("সরকার", "bn", limit=1, known=lambda t: True)] == ["सरकार"]


def test_cognates_need_the_other_vocabulary_to_confirm_them() -> None:
    lexicon = Lexicon(EMPTY_TABLE, EMPTY_TABLE, cognate_candidates)
    assert lexicon.equivalents("বিজ্ঞান", "bn") == []
    got = lexicon.equivalents("বিজ্ঞান", "bn", known=lambda t: t == "विज्ञान")
    assert got == [Equivalent("विज्ञान", "hi", "cognate", 0.4, 0)]


def test_the_empty_lexicon_has_nothing_and_unknown_languages_are_named() -> None:
    assert Lexicon.empty().equivalents("বিজ্ঞান", "bn", known=lambda t: True) == []
    with pytest.raises(ValueError, match="knows bn, hi"):
        Lexicon.empty().equivalents("science", "en")


@pytest.mark.parametrize(
    ("stem_", "lang", "expected"),
    [
        ("বিজ্ঞান", "bn", "विज्ञान"),  # Bengali ব is Hindi ब or व
        ("উন্নয়ন", "bn", "उन्नयन"),  # Bengali য় is Hindi य
        ("सरकार", "hi", "সরকার"),
        ("वियतनाम", "hi", "বিয়তনাম"),
    ],
)
def test_cognate_candidates_include_the_other_spelling(stem_: str, lang: str, expected: str) -> None:
    assert expected in [term for term, _ in cognate_candidates(stem_, lang)]


def test_transliterators_are_per_thread(tiny_switch_interval: None) -> None:
    words = ["বিজ্ঞান", "উন্নয়ন", "সংস্কৃতি", "প্রযুক্তি", "অর্থনীতি", "বিনিয়োগ"] * 20
    expected = [cognates._transliterate(w, "bn") for w in words]
    results: list[list[str]] = [[] for _ in range(8)]
    barrier = threading.Barrier(8)

    def work(i: int) -> None:
        barrier.wait()
        results[i] = [cognates._transliterate(w, "bn") for w in words]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_side_stems_keep_the_language_letters_once() -> None:
    assert side_stems(["সরকার", "৫৭", "NQ", "सरकार", "সরকার", "মেকং"], "bn") == ["সরকার", "মেকং"]


def test_sentence_stems_are_the_side_stems_of_the_analysis() -> None:
    # Digits glued to letters (১৬৭টি), a Latin word, the other script, a word
    # repeated across the two sentences: learnable stems once each, in order.
    texts = ["সরকারের ১৬৭টি প্রকল্প NQ सरकार।", "প্রকল্প মেকং নদীর ৫৭ কিমি"]
    assert sentence_stems(texts, "bn") == side_stems((st for t in texts for _, st, _, _ in analyze(t)), "bn")
    assert sentence_stems(texts, "bn") == [
        stem_term(normalize_term(w)) for w in ("সরকারের", "টি", "প্রকল্প", "মেকং", "নদীর", "কিমি")
    ]
    assert sentence_stems(["", "NQ 57"], "hi") == []


@pytest.mark.parametrize("folder", ["sample", "edge", "hostile"])
def test_sentence_stems_agree_with_analyze_on_the_test_corpora(folder: str) -> None:
    root = SAMPLE if folder == "sample" else Path(__file__).parents[1] / "data" / folder
    checked = 0
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        sentences = [text[a:b] for a, b in sentence_ranges(text)]
        for k in range(len(sentences)):
            pair = sentences[k : k + 2]
            for lang in ("bn", "hi"):
                expected = side_stems((st for t in pair for _, st, _, _ in analyze(t)), lang)
                assert sentence_stems(pair, lang) == expected, (path.name, pair)
                checked += bool(expected)
    assert checked > 0


def test_learning_links_the_word_that_follows_its_partner_across_pairs() -> None:
    bitext = Bitext()
    for _ in range(3):
        bitext.add(["সরকার", "নীতি"], ["सरकार", "नीति"])
    bitext.add(["সরকার", "বাজেট"], ["सरकार", "बजट"])
    bitext.add(["নীতি", "বাজেট"], ["नीति", "बजट"])
    learned = learn(bitext)
    assert learned.pairs_used == 5
    assert [(e.term, e.pairs) for e in learned.lookup("সরকার", "bn", "lexicon")] == [("सरकार", 4)]
    assert [(e.term, e.pairs) for e in learned.lookup("बजट", "hi", "lexicon")] == [("বাজেট", 2)]


def test_nothing_to_learn_from_gives_an_empty_table() -> None:
    assert len(learn(Bitext())) == 0


def test_the_sample_pair_teaches_resolution(sample_index: Path) -> None:
    """রেজোলিউশন is translated संकल्प in the 000/001 pair: learned, not looked up."""
    with open_index(sample_index).searcher() as s:
        reader = s.reader()
        lexicon = read_lexicon(reader)
        got = lexicon.equivalents(stem("রেজোলিউশন"), "bn", known=lambda t: ("stem", t) in reader)
    assert ("संकल्प", "lexicon") in [(e.term, e.kind) for e in got[:2]]
    assert lexicon.learned.pairs_used == 19  # the 19 1-1 beads of 000/001


def test_the_build_summary_counts_the_lexicon(tmp_path: Path) -> None:
    report = build(SAMPLE, tmp_path / "ix", workers=0).to_dict()["translations"]["lexicon"]
    assert (report["entries"] > 100, report["pairs_used"], report["relearned"]) == (True, 19, True)


def test_each_generation_keeps_its_own_lexicon(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    index_dir = tmp_path / "ix"
    build(corpus, index_dir, workers=0)
    old = open_index(index_dir).searcher()
    try:
        before = stored_table(old.reader())
        assert before is not None and before.pairs_used == 19
        # A change outside any pair keeps the lexicon as it is.
        (corpus / "002_9232af5498dd2ad5.txt").write_text(
            (SAMPLE / "002_9232af5498dd2ad5.txt").read_text(encoding="utf-8") + "\nনতুন অনুচ্ছেদ।\n", encoding="utf-8"
        )
        kept = build(corpus, index_dir, workers=0).translations.lexicon
        assert (kept.relearned, kept.pairs_used) == (False, 19)
        # Removing the Hindi half of the only pair relearns: nothing left to learn from.
        (corpus / "001_23384727df69c4b0.txt").unlink()
        relearned = build(corpus, index_dir, workers=0).translations.lexicon
        assert (relearned.relearned, relearned.pairs_used, relearned.entries) == (True, 0, 0)
        with open_index(index_dir).searcher() as new:
            now = stored_table(new.reader())
            assert now is not None and len(now) == 0
        # Back again: the pair is aligned anew and the lexicon learned from it as before.
        shutil.copy(SAMPLE / "001_23384727df69c4b0.txt", corpus)
        again = build(corpus, index_dir, workers=0).translations.lexicon
        assert (again.relearned, again.pairs_used, again.entries) == (True, 19, before and len(before))
        # The searcher opened before the updates still reads its own generation's lexicon.
        still = stored_table(old.reader())
        assert still is not None and list(still.entries()) == list(before.entries())
    finally:
        old.close()


def bitext_rows(bitext: Bitext) -> list[tuple[str, list[str], list[str]]]:
    """(source, bn stems, hi stems) of every sentence pair, through the vocabulary."""
    words = {lang: list(v) for lang, v in bitext.vocab.items()}
    bn_ids, bn_ends = bitext.arrays("bn")
    hi_ids, hi_ends = bitext.arrays("hi")
    sources = [bitext.sources[i] for i in bitext.pair_sources]
    return [
        (
            sources[k],
            [words["bn"][i] for i in bn_ids[bn_ends[row] : bn_ends[row + 1]]],
            [words["hi"][i] for i in hi_ids[hi_ends[row] : hi_ends[row + 1]]],
        )
        for k, row in enumerate(bitext.pair_rows)
    ]


def test_a_bitext_keeps_its_document_pairs_and_survives_its_bytes() -> None:
    bitext = Bitext()
    bitext.add(["সরকার", "নীতি"], ["सरकार", "नीति"], "a\tb")
    bitext.source("c\td")  # a pair with no usable sentence pair is still known
    bitext.add(["বাজেট"], ["बजट"], "e\tf")
    back = Bitext.from_bytes(bitext.to_bytes())
    assert (bitext_rows(back), back.sources) == (bitext_rows(bitext), ["a\tb", "c\td", "e\tf"])
    kept = back.keeping(["e\tf", "c\td", "x\ty"])
    assert (bitext_rows(kept), kept.sources) == ([("e\tf", ["বাজেট"], ["बजट"])], ["e\tf", "c\td"])
    other = Bitext()
    other.add(["নীতি", "নতুন"], ["नीति"], "g\th")
    kept.extend(other)
    assert bitext_rows(kept) == [("e\tf", ["বাজেট"], ["बजट"]), ("g\th", ["নীতি", "নতুন"], ["नीति"])]


def test_identical_sentence_pairs_are_learned_from_once_with_their_count() -> None:
    one, repeated = Bitext(), Bitext()
    one.add(["সরকার"], ["सरकार"])
    for _ in range(3):
        repeated.add(["সরকার"], ["सरकार"])
    assert learn(repeated).lookup("সরকার", "bn", "lexicon") == [Equivalent("सरकार", "hi", "lexicon", 0.5625, 3)]
    assert learn(one).lookup("সরকার", "bn", "lexicon")[0].pairs == 1


def test_keeping_few_document_pairs_compacts_the_rows() -> None:
    bitext = Bitext()
    for n, (bn, hi) in enumerate([("ক", "क"), ("খ", "ख"), ("গ", "ग")]):
        bitext.add([bn], [hi], f"p{n}")
    few = bitext.keeping(["p2"])
    assert (bitext_rows(few), len(few.ends["bn"]) - 1) == ([("p2", ["গ"], ["ग"])], 1)
    many = bitext.keeping(["p2", "p0"])  # most rows still used: copied whole
    assert (bitext_rows(many), len(many.ends["bn"]) - 1) == ([("p0", ["ক"], ["क"]), ("p2", ["গ"], ["ग"])], 3)


def test_dropping_a_rejected_document_pair_forgets_its_sentence_pairs_in_place() -> None:
    bitext = Bitext()
    bitext.add(["সরকার", "নীতি"], ["सरकार", "नीति"], "a\tb")
    bitext.add(["বাজেট"], ["बजट"], "e\tf")
    bitext.add(["সরকার", "নীতি"], ["सरकार", "नीति"], "e\tf")  # the same row as a\tb's
    bitext.drop_sources(["e\tf", "x\ty"])
    assert bitext_rows(bitext) == [("a\tb", ["সরকার", "নীতি"], ["सरकार", "नीति"])]
    assert learn(bitext).lookup("বাজেট", "bn", "lexicon") == []
    assert learn(bitext).lookup("সরকার", "bn", "lexicon")[0].pairs == 1
