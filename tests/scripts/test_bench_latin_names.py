"""scripts/bench_latin_names.py: names typed alone, timed under each setting, the bridge restored after."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_RAW, load_script, needs_corpus_raw

import search.bridge as bridge

B = load_script("bench_latin_names")


@needs_corpus_raw("the names come from NTREX-128's even documents")
def test_every_setting_is_timed_and_the_bridge_is_restored(sample_index: Path, capsys: pytest.CaptureFixture) -> None:
    shipped = (bridge.common_words, bridge.spelling_variants, bridge.key_variants, bridge.MIN_WORD_KEY)
    assert B.main([str(sample_index), "--rounds", "2", "--queries", "3", "--data-dir", str(CORPUS_RAW)]) == 0
    labels = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert labels == ["key", "key+variants", "+english", "all"]
    assert (bridge.common_words, bridge.spelling_variants, bridge.key_variants, bridge.MIN_WORD_KEY) == shipped
