"""Issue 7, item 1: a corpus of hostile files, built in one go.

Whatever a crawler leaves in the corpus folder, the build finishes, every
file is either indexed (and then found and served) or listed in the build
summary with its reason, and the index passes `setu check`.  The files are
generated in a temporary folder at test time (the 50 MB article too).
tests/index/test_build_and_update.py keeps the small, fast cases; this is the whole zoo.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SEED_IDS

from webui import create_app
from webui.cli import main

BN = (SAMPLE / f"{SEED_IDS['000']}.txt").read_text(encoding="utf-8").splitlines()[0]
HI = (SAMPLE / f"{SEED_IDS['001']}.txt").read_text(encoding="utf-8").splitlines()[0]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
BIG_BYTES = 50 * 1024 * 1024
LONG_LINE_BYTES = 1024 * 1024
NOT_UTF8 = "not UTF-8 or has a control character or backslash: rename it"
AS_ROOT = os.geteuid() == 0


@dataclass(frozen=True)
class Expect:
    """What the build summary must say about one file."""

    reason: str = ""  # skipped with this reason; empty means indexed
    warning: str = ""  # an indexed file's warning (substring)
    marker: str = ""  # a word only this article has: searching it must find it


def shown(rel: str) -> str:
    """A path as the build summary shows it: bad bytes as U+FFFD, control characters escaped."""
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 32 else c for c in rel)


def _article(*paragraphs: str, source: str = "") -> str:
    return "\n".join(paragraphs) + (f"\nসূত্র: {source}\n" if source else "\n")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", BN)
    return buf.getvalue()


def _big_article() -> bytes:
    """50 MB: a marker at the start, one past the searchable limit at the end."""
    line = (BN + "\n").encode("utf-8")
    head = "zqbigstart প্রথম অনুচ্ছেদ।\n".encode()
    tail = "zqbeyondlimit শেষ অনুচ্ছেদ।\n".encode()
    body = line * ((BIG_BYTES - len(head) - len(tail)) // len(line))
    return head + body + tail


def _long_line() -> str:
    """1 MB of Bengali words without a line break or a sentence end."""
    words = [w.strip("।.,()") for w in BN.split()]
    rng = random.Random(7)
    out: list[str] = []
    size = 0
    while size < LONG_LINE_BYTES:
        w = "zqlongline" if len(out) == 20_000 else rng.choice(words)
        out.append(w)
        size += len(w.encode("utf-8")) + 1
    return " ".join(out)


def make_hostile_corpus(root: Path) -> dict[str, Expect]:
    """Write the hostile corpus under ``root``; return what each path must become."""
    expect: dict[str, Expect] = {}

    def put(rel: str, data: bytes | str, e: Expect) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[shown(rel)] = e

    put("plain.txt", _article(BN, "zqplain শেষ বাক্য।"), Expect(marker="zqplain"))
    # Encodings.
    bad = _article(BN, "zqinvalid শেষ বাক্য।").encode("utf-8")
    put(
        "invalid-utf8.txt",
        bad[:300] + b"\xff\xfe\xc3(" + bad[300:],
        Expect(warning="invalid UTF-8", marker="zqinvalid"),
    )
    put("utf8-bom.txt", b"\xef\xbb\xbf" + _article(BN, "zqbom শেষ।").encode("utf-8"), Expect(marker="zqbom"))
    put("utf16-bom.txt", _article(HI, "zqutfsixteen अंतिम वाक्य।").encode("utf-16"), Expect(marker="zqutfsixteen"))
    put("utf16le-no-bom.txt", "Hanoi zqnobom digital transformation.\n".encode("utf-16-le"), Expect(marker="zqnobom"))
    put("utf32-bom.txt", _article(BN, "zqutfthirtytwo শেষ।").encode("utf-32"), Expect(marker="zqutfthirtytwo"))
    latin1 = "Résumé zqlatin: café à Hanoï, déjà vu, garçon, naïve élève, über Größe.\n" * 3
    put("latin1.txt", latin1.encode("latin-1"), Expect(warning="Windows-1252", marker="zqlatin"))
    # Not text at all.
    put("image.txt", PNG, Expect(reason="binary file: a PNG image"))
    put("archive.txt", _zip(), Expect(reason="binary file: a ZIP archive (or DOCX/XLSX)"))
    noise = random.Random(3).randbytes(20_000)
    put("random-bytes.txt", noise, Expect(reason="binary file: too many control characters for text"))
    put("mostly-nul.txt", b"\x00" * 4000 + BN.encode("utf-8")[:400], Expect(reason="binary file: 96% NUL characters"))
    # Nothing to index.
    put("empty.txt", b"", Expect(reason="empty file"))
    put("whitespace-only.txt", " \t\n\r\n\u00a0\u3000\n\n", Expect(reason="only whitespace"))
    put(
        "only-url.txt",
        "সূত্র: https://example.vn/tin-tuc/only-20250101000000000.htm\n",
        Expect(reason="no article text (only a source line or comment counter)"),
    )
    # Sizes.
    put("big-50mb.txt", _big_article(), Expect(warning="characters are searchable", marker="zqbigstart"))
    put("long-line.txt", _long_line(), Expect(marker="zqlongline"))
    put("long-word.txt", "ক" * LONG_LINE_BYTES + "\nzqlongword শেষ।\n", Expect(marker="zqlongword"))
    with open(root / "over-limit.txt", "wb") as fh:  # sparse: costs no disk
        fh.truncate(65 * 1024 * 1024)
    expect["over-limit.txt"] = Expect(reason="file too large: 68,157,440 bytes (limit 67,108,864)")
    # Strange characters inside.
    put(
        "nul-bytes.txt",
        _article(BN, "zqnul শেষ বাক্য।").replace("বৈঠকের", "বৈঠ\x00কের").replace("ও ", "\x00ও "),
        Expect(warning="NUL characters removed", marker="zqnul"),
    )
    put(
        "mixed-scripts.txt",
        _article(BN, HI, "Hanoi, Cần Thơ and FPT zqmixed: ডিজিটাল रूपांतरण digital."),
        Expect(marker="zqmixed"),
    )
    put(
        "bidi-zero-width.txt",
        _article(
            "\u202ezqbidi উল্টো\u202c শিরোনাম\u200b\u200c\u200d\ufeff\u2060 এবং \u2066isolate\u2069।",
            "ডিজি\u200bটাল রূপা\u200dন্তর \u200f\u200e চিহ্ন।",
        ),
        Expect(marker="zqbidi"),
    )
    put("zero-width-only.txt", "\u200b\u200c\u200d\u2060\ufeff\u200b\n", Expect())
    put("cr-only.txt", "zqcronly প্রথম লাইন।\rদ্বিতীয় লাইন।\r", Expect(marker="zqcronly"))
    put("UPPER.TXT", _article("zqupper বড় হাতের নাম।"), Expect(marker="zqupper"))
    # Names.
    put("name with spaces.txt", _article("zqspaces নামে ফাঁকা জায়গা।"), Expect(marker="zqspaces"))
    put("নাম हिंदी ñame.txt", _article("zqnonascii নামে বাংলা।"), Expect(marker="zqnonascii"))
    put("sub dir/নতুন/deep.txt", _article("zqdeep গভীর ফোল্ডার।"), Expect(marker="zqdeep"))
    put("folder.txt/inside.txt", _article("zqinside ফোল্ডারের নাম .txt।"), Expect(marker="zqinside"))
    put("back\\slash.txt", _article("ব্যাকস্ল্যাশ।"), Expect(reason=f"file name is {NOT_UTF8}"))
    put("new\nline.txt", _article("নতুন লাইন।"), Expect(reason=f"file name is {NOT_UTF8}"))
    with open(os.path.join(os.fsencode(root), b"latin1-\xe9-name.txt"), "wb") as fh:
        fh.write(_article("অবৈধ নাম।").encode("utf-8"))
    expect["latin1-\ufffd-name.txt"] = Expect(reason=f"file name is {NOT_UTF8}")
    # Symlinks and special files.
    os.symlink("plain.txt", root / "link-to-plain.txt")
    expect["link-to-plain.txt"] = Expect(marker="zqplain")
    os.symlink("missing.txt", root / "dangling.txt")
    expect["dangling.txt"] = Expect(reason="broken symlink")
    os.symlink("self-loop.txt", root / "self-loop.txt")
    expect["self-loop.txt"] = Expect(reason="broken symlink")
    os.symlink(".", root / "loop")  # a folder loop: walked once, adds nothing
    os.symlink("..", root / "sub dir" / "up")  # a loop from below
    os.mkfifo(root / "pipe.txt")
    expect["pipe.txt"] = Expect(reason="not a regular file")
    put("unreadable.txt", _article("zqunreadable পড়া যায় না।"), Expect(reason="cannot read: Permission denied"))
    os.chmod(root / "unreadable.txt", 0)
    if AS_ROOT:
        # chmod 0 does not stop root; test_an_unreadable_file_is_listed skips and says so.
        expect["unreadable.txt"] = Expect(marker="zqunreadable")
    return expect


def _doc_id(rel: str) -> str:
    return rel[: -len(".txt")] if rel.lower().endswith(".txt") else rel


@dataclass(frozen=True)
class Built:
    corpus: Path
    index: Path
    expect: dict[str, Expect]
    summary: dict[str, Any]
    stderr: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    expect = make_hostile_corpus(corpus)
    result = CliRunner().invoke(main, ["build", str(corpus), "--index", str(index_dir), "--workers", "0", "--json"])
    assert result.exit_code == 0, result.output
    yield Built(corpus, index_dir, expect, json.loads(result.stdout), result.stderr)
    os.chmod(corpus / "unreadable.txt", 0o644)  # let pytest clean up


def test_the_expectations_cover_every_file_on_disk(built: Built) -> None:
    on_disk = {
        shown(os.path.relpath(os.path.join(d, n), built.corpus))
        for d, dirs, files in os.walk(built.corpus)
        for n in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]
    }
    assert on_disk == set(built.expect) | {"loop", "sub dir/up"}  # the two folder loops
    assert len(built.expect) == 36
    assert os.path.getsize(built.corpus / "big-50mb.txt") >= BIG_BYTES - 1024


def test_every_file_is_indexed_or_listed_with_its_reason(built: Built) -> None:
    skipped = {s["path"]: s["reason"] for s in built.summary["skipped"]}
    expected_skips = {rel: e.reason for rel, e in built.expect.items() if e.reason}
    assert skipped == expected_skips
    indexed = sorted(_doc_id(rel) for rel, e in built.expect.items() if not e.reason)
    assert built.summary["added"] == len(indexed) == built.summary["articles"]
    for path, reason in skipped.items():
        assert f"skipped {path}: {reason}" in built.stderr
    warnings = {(w["id"], w["warning"]) for w in built.summary["warnings"]}
    for rel, e in built.expect.items():
        if e.warning:
            assert [w for i, w in warnings if i == _doc_id(rel) and e.warning in w], rel
    # What was left after the file name refusals is exactly the indexed set.
    from index import open_index, read_manifest

    assert sorted(read_manifest(open_index(built.index))) == indexed


def test_the_hostile_index_passes_setu_check(built: Built) -> None:
    result = CliRunner().invoke(main, ["check", "--index", str(built.index), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["ok"], report["problems"]) == (True, [])
    assert report["articles"] == built.summary["articles"]


def test_every_indexed_article_is_found_and_served(built: Built) -> None:
    client = create_app({"INDEX_DIR": str(built.index), "TESTING": True}).test_client()
    for rel, e in built.expect.items():
        if not e.marker:
            continue
        doc_id = _doc_id(rel)
        # A link to a file is the same text twice (a repeat): listed one by one here.
        query = {"q": e.marker, "per_page": 100, "collapse": "false"}
        data = client.get("/api/search", query_string=query).get_json()
        assert doc_id in [h["id"] for h in data["hits"]], rel
        hit = next(h for h in data["hits"] if h["id"] == doc_id)
        marked = [s["text"] for snippet in hit["snippets"] for s in snippet if s["match"]]
        assert e.marker in [m.lower() for m in marked], rel
        for snippet in hit["snippets"]:
            assert len("".join(s["text"] for s in snippet)) <= 400, rel  # long lines are cut to a window
        passages = client.get("/api/passages", query_string={"q": e.marker})
        assert passages.status_code == 200, rel
        if rel == "big-50mb.txt":
            continue  # its 50 MB document is served below, once
        response = client.get("/api/documents/" + quote(doc_id))
        assert response.status_code == 200, rel
        doc = response.get_json()["document"]
        for p in doc["paragraphs"]:
            for s in p["sentences"]:
                assert doc["text"][s["start"] : s["end"]] == s["text"]
        assert client.get("/doc/" + quote(doc_id), query_string={"q": e.marker}).status_code == 200, rel


def test_the_50mb_article_is_searchable_up_to_the_limit_and_served(built: Built) -> None:
    client = create_app({"INDEX_DIR": str(built.index), "TESTING": True}).test_client()
    assert client.get("/api/search?q=zqbeyondlimit").get_json()["total"] == 0
    response = client.get("/api/documents/big-50mb")
    assert response.status_code == 200
    doc = response.get_json()["document"]
    assert doc["text"].endswith("zqbeyondlimit শেষ অনুচ্ছেদ।\n")  # stored whole
    assert doc["paragraphs"][-1]["end"] <= 2_000_000


def test_hostile_text_keeps_its_characters_and_ids(built: Built) -> None:
    client = create_app({"INDEX_DIR": str(built.index), "TESTING": True}).test_client()
    doc = client.get("/api/documents/bidi-zero-width").get_json()["document"]
    assert doc["title"].startswith("\u202ezqbidi")  # stored as written; the page shows U+202E
    # Bidi controls and zero-width joiners are not part of the words they touch.
    assert client.get("/api/search?q=উল্টো+শিরোনাম+isolate+zqbidi").get_json()["total"] == 1
    assert client.get("/api/search?q=রূপান্তর+চিহ্ন+zqbidi").get_json()["total"] == 1
    assert "U+202E" in client.get("/doc/bidi-zero-width").get_data(as_text=True)
    doc = client.get("/api/documents/utf16-bom").get_json()["document"]
    assert (doc["lang"], doc["text"].splitlines()[0]) == ("hi", HI)
    doc = client.get("/api/documents/" + quote("sub dir/নতুন/deep")).get_json()["document"]
    assert doc["title"] == "zqdeep গভীর ফোল্ডার।"


def test_an_unreadable_file_is_listed(built: Built) -> None:
    if AS_ROOT:
        pytest.skip("running as root: chmod 0 does not stop root from reading, so unreadable.txt was indexed")
    skipped = {s["path"]: s["reason"] for s in built.summary["skipped"]}
    assert skipped["unreadable.txt"] == "cannot read: Permission denied"


def test_a_second_build_over_the_hostile_corpus_changes_nothing(built: Built) -> None:
    result = CliRunner().invoke(main, ["build", str(built.corpus), "--index", str(built.index), "--json"])
    assert result.exit_code == 0, result.output
    again = json.loads(result.stdout)
    assert (again["mode"], again["added"], again["updated"], again["deleted"]) == ("incremental", 0, 0, 0)
    assert again["unchanged"] == built.summary["articles"]
    assert {s["path"] for s in again["skipped"]} == {rel for rel, e in built.expect.items() if e.reason}


def test_a_runaway_word_costs_no_transliteration() -> None:
    # ICU transliteration is superlinear: a megabyte "word" took 10 s per build before names were capped.
    from index.translation.fingerprint import text_features

    features = text_features("ক" * 100_000 + " " + "7" * 100 + " " + "x" * 100 + " হিউ FPT ৫৭০")
    assert features == text_features("হিউ FPT ৫৭০")  # the runaway tokens add nothing
    assert (features.numbers, features.latin) == (("570",), ("fpt",))


def test_bidi_controls_are_not_part_of_a_word() -> None:
    from index.analysis.analyzers import terms

    assert terms("\u202eউল্টো\u202c \u2066isolate\u2069 word\u200e শব্দ\u200f") == ["উল্টো", "isolate", "word", "শব্দ"]
