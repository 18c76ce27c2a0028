"""scripts/eval_lexicon.py: the learned lexicon against the seed's confident entries."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS_RAW, load_script, needs_corpus_raw

from index.translation.lexicon import LexiconTable

E = load_script("eval_lexicon")


def table(*rows: tuple[str, str, float]) -> LexiconTable:
    return LexiconTable.from_entries([("bn", bn, hi, score, 1) for bn, hi, score in rows])


def test_reference_keeps_confident_entries_only() -> None:
    seed = table(("ক", "क", 0.9), ("ক", "ख", 0.3), ("গ", "ग", 0.5))
    assert E.reference(seed, 0.4) == {"ক": {"क"}, "গ": {"ग"}}


def test_precision_judges_stems_both_know() -> None:
    learned = table(("ক", "ख", 0.9), ("ক", "क", 0.5), ("গ", "ग", 0.7), ("ঘ", "घ", 0.7))
    ref = {"ক": {"क"}, "গ": {"ग"}, "চ": {"च"}}
    assert E.precision(learned, ref) == {
        "stems_judged": 2,
        "reference_stems": 3,
        "precision_at_1": 0.5,
        "precision_at_5": 1.0,
    }


@needs_corpus_raw("the evaluation corpus is made of NTREX-128", "ntrex128")
def test_the_evaluation_runs_on_the_odd_ntrex_documents(tmp_path: Path) -> None:
    result = E.run(CORPUS_RAW, 13, 10, 0.4, tmp_path)
    assert (result["ntrex_documents"], result["links"]) == (61, 61)
    assert result["precision_at_1"] >= 0.6
