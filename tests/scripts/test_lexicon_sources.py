"""scripts/lexicon_sources.py and the two lexicon scripts that read through it: open data only, deterministic."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_RAW, ROOT, load_script, needs_corpus_raw

SOURCES = load_script("lexicon_sources")


@needs_corpus_raw("the bundled lexicons are mined from its open parallel sets")
@pytest.mark.parametrize(
    ("script", "shipped"),
    [
        ("make_seed_lexicon", "seed_lexicon.tsv"),
        ("make_english_lexicon", "english_lexicon.tsv"),
        ("make_common_words", "common_words.tsv"),
    ],
)
def test_each_script_reads_only_the_open_sets_and_writes_what_ships(
    script: str, shipped: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = io.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording_open)
    out = tmp_path / shipped
    assert load_script(script).main(["--data-dir", str(CORPUS_RAW), "--out", str(out)]) == 0
    read = sorted({Path(p).parent.name for p in opened if str(CORPUS_RAW) in p})
    assert read == ["debian-gettext-bn-hi-vi", "ntrex128", "tatoeba-test-v2021-08-07", "udhr"]
    # and what it wrote is what ships (the script is deterministic)
    assert out.read_text(encoding="utf-8") == (ROOT / "index" / "data" / shipped).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["flores200-devtest", "sib200", "tico19", "FLORES200"])
def test_a_reserved_set_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="reserved for evaluation"):
        SOURCES.read_text(tmp_path / name / "x.txt")


def test_gettext_rows_fall_back_to_bn_in_and_survive_short_and_long_rows(tmp_path: Path) -> None:
    folder = tmp_path / "debian-gettext-bn-hi-vi"
    folder.mkdir()
    (folder / "debian_mo_en_bn_hi_vi.tsv").write_text(
        "msgid_en\tbn\tbn_IN\thi\n"
        "Open\\nfile\t\tফাইল খুলুন\tफ़ाइल खोलें\n"  # Bengali only under bn_IN; an escaped newline
        "Close\n"  # short: no other column
        "Save\tসংরক্ষণ\t\tसहेजें\textra\n",  # long: one field too many
        encoding="utf-8",
    )
    rows = list(SOURCES.debian_rows(tmp_path))
    assert [(r["msgid_en"], r["bn"], r.get("hi")) for r in rows] == [
        ("Open file", "ফাইল খুলুন", "फ़ाइल खोलें"),
        ("Close", "", None),
        ("Save", "সংরক্ষণ", "सहेजें"),
    ]


@pytest.mark.parametrize(
    ("args", "says"), [(["--top", "0"], "--top and --min-count"), (["--data-dir", "/nonexistent"], "no ntrex128")]
)
def test_make_common_words_refuses_bad_arguments_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        load_script("make_common_words").main([*args, "--out", str(tmp_path / "out.tsv")])
    assert stop.value.code == 2 and says in capsys.readouterr().err
    assert not (tmp_path / "out.tsv").exists()
