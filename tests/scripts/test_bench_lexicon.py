"""scripts/bench_lexicon.py: the lexicon's build step and load time, read from a built index."""

from __future__ import annotations

from pathlib import Path

from conftest import load_script

B = load_script("bench_lexicon")


def test_figures_read_the_build_summary_and_load_the_lexicon(sample_index: Path) -> None:
    got = B.figures(sample_index, 2)
    assert (got["build_mode"], got["lexicon"]["pairs_used"], got["learned_entries"]) == (
        "full",
        19,
        got["lexicon"]["entries"],
    )
    assert set(got["read_lexicon_ms"]) == {"median", "max"}
