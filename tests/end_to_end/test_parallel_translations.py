"""Parallel translations end to end: linking, stored alignment, API, exports, CLI."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SEED_IDS
from flask.testing import FlaskClient

from index import build, check_index
from search import Engine, NotFound, SearchRequest
from webui.cli import main

BN, HI = SEED_IDS["000"], SEED_IDS["001"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_only_the_two_translations_are_linked_by_url(engine: Engine) -> None:
    for seed, doc_id in SEED_IDS.items():
        translations = [t.to_dict() for t in engine.document(doc_id).translations]
        if seed == "000":
            assert translations == [{"id": HI, "lang": "hi", "method": "url", "confidence": 1.0}]
        elif seed == "001":
            assert translations == [{"id": BN, "lang": "bn", "method": "url", "confidence": 1.0}]
        else:
            assert translations == []


def test_every_sentence_is_paired_with_its_translation(engine: Engine) -> None:
    parallel = engine.parallel(BN, HI)
    assert [(p.source.sentences, p.target.sentences) for p in parallel.pairs] == [((n,), (n,)) for n in range(19)]
    pair = next(p for p in parallel.pairs if "৫৪০" in p.source.text)
    assert "540" in pair.target.text and pair.score > 0.9
    bn = engine.document(BN).article
    assert bn.text[pair.source.start : pair.source.end] == pair.source.text
    # The other direction swaps the sides.
    back = engine.parallel(HI, BN)
    assert [(p.source.text, p.target.text) for p in back.pairs] == [
        (p.target.text, p.source.text) for p in parallel.pairs
    ]


def test_unlinked_pairs_are_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound, match="not linked as translations"):
        engine.parallel(BN, SEED_IDS["002"])
    with pytest.raises(NotFound):
        engine.parallel(BN, "../etc/passwd")


def test_hits_carry_translations_and_can_include_them(engine: Engine) -> None:
    result = engine.search(SearchRequest.create("Can Tho", include=["translations"])).to_dict()
    by_id = {h["id"]: h for h in result["hits"]}
    assert [t["id"] for t in by_id[BN]["translations"]] == [HI]
    assert [h["id"] for h in by_id[BN]["linked"]] == [HI]
    plain = engine.search(SearchRequest.create("Can Tho")).to_dict()
    assert "linked" not in plain["hits"][0]


def test_passage_hits_carry_the_aligned_sentence(engine: Engine) -> None:
    hit = next(h for h in engine.passages(SearchRequest.create("৫৪০")).hits if h.article.id == BN)
    assert [(p["id"], p["lang"], p["sentences"]) for p in hit.parallel] == [(HI, "hi", [10])]
    assert [s["text"] for s in hit.parallel[0]["segments"] if s["match"]] == ["540"]


def test_both_sides_filter(engine: Engine) -> None:
    both = engine.passages(SearchRequest.create("শহরটি", parallel_q="540"))
    assert [(h.article.id, h.n) for h in both.hits] == [(BN, 10)]
    assert engine.passages(SearchRequest.create("শহরটি", parallel_q="हिन्दी")).total == 0


def segments(tu: ET.Element) -> list[str]:
    """The texts of a TMX unit's segments, in order."""
    return [seg.text or "" for seg in tu.findall("tuv/seg")]


def test_api_parallel_json_tmx_and_tsv(client: FlaskClient) -> None:
    data = client.get(f"/api/documents/{BN}/parallel/{HI}").get_json()
    assert (data["ok"], data["source"]["id"], data["target"]["id"], len(data["pairs"])) == (True, BN, HI, 19)
    assert list(data["pairs"][0]) == ["source", "target", "score", "low"]
    assert list(data["pairs"][0]["source"]) == ["text", "start", "end", "sentences"]

    response = client.get(f"/api/documents/{BN}/parallel/{HI}.tmx")
    assert response.headers["Content-Type"].startswith("application/x-tmx+xml")
    assert "attachment" in response.headers["Content-Disposition"]
    root = ET.fromstring(response.get_data())
    units = root.findall("./body/tu")
    assert (root.get("version"), len(units)) == ("1.4", 19)
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    assert langs == [["bn", "hi"]] * 19
    seg = next(tu for tu in units if "৫৪০" in segments(tu)[0])
    assert "540" in segments(seg)[1]

    rows = client.get(f"/api/documents/{BN}/parallel/{HI}.tsv").get_data(as_text=True).splitlines()
    assert rows[0] == "source_id\ttarget_id\tsource_lang\ttarget_lang\tscore\tsource\ttarget"
    assert len(rows) == 20 and all(len(r.split("\t")) == 7 for r in rows)

    missing = client.get(f"/api/documents/{BN}/parallel/{SEED_IDS['002']}.tmx")
    assert (missing.status_code, missing.get_json()["code"]) == (404, "not_found")


def test_cli_export_parallel(sample_index: Path) -> None:
    result = CliRunner().invoke(main, ["export-parallel", "--index", str(sample_index), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 20
    tmx = CliRunner().invoke(main, ["export-parallel", "--index", str(sample_index), "--query", "হিউ"])
    assert len(ET.fromstring(tmx.stdout).findall("./body/tu")) == 0  # Hue's article has no translation


def test_a_translation_added_later_links_and_a_deleted_one_unlinks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE / f"{BN}.txt", corpus)
    shutil.copy(SAMPLE / f"{SEED_IDS['002']}.txt", corpus)
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir, workers=0)
    assert first.translations.groups == 0
    shutil.copy(SAMPLE / f"{HI}.txt", corpus)
    update = build(corpus, index_dir, workers=0)
    assert (update.added, update.translations.groups, update.translations.aligned_pairs) == ([HI], 1, 1)
    assert [t.id for t in Engine(index_dir).document(BN).translations] == [HI]
    # An unrelated change keeps the stored alignment.
    (corpus / "other.txt").write_text("হিউ শহরে নতুন প্রকল্প শুরু হয়েছে।\n", encoding="utf-8")
    again = build(corpus, index_dir, workers=0)
    assert (again.translations.aligned_pairs, again.translations.reused_pairs) == (0, 1)
    (corpus / f"{HI}.txt").unlink()
    gone = build(corpus, index_dir, workers=0)
    assert (gone.deleted, gone.translations.groups) == ([HI], 0)
    assert Engine(index_dir).document(BN).translations == ()
    assert check_index(index_dir).problems == []


def test_build_summary_reports_linking(sample_index: Path) -> None:
    summary = json.loads((sample_index / "last-build.json").read_text(encoding="utf-8"))
    translations = summary["translations"]
    assert (translations["groups"], translations["links_url"], translations["links_content"]) == (1, 1, 0)
    assert translations["duplicates"] == []
