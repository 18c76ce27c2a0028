"""What the reader extracts from each seed article (the issue's exact figures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLE, SEED_IDS
from hypothesis import given
from hypothesis import strategies as st

from index import Article, list_corpus, read_article
from index.analysis.textnorm import nfc
from index.corpus.article import FileInfo, parse_article
from index.corpus.files import CorpusFile

EXPECTED = {
    "000": ("bn", ["can-tho"], ["57-NQ/TW", "13-NQ/TW"], [], dt.date(2025, 10, 29), "doanhnghiepvn.vn"),
    "001": ("hi", ["can-tho"], ["57-NQ/TW", "13-NQ/TW"], [], dt.date(2025, 10, 29), "doanhnghiepvn.vn"),
    "002": ("bn", ["hue"], ["57-NQ/TW"], ["02-KH/BCĐTW"], None, "huengaynay.vn"),
    "003": ("bn", ["ca-mau", "bac-lieu"], ["57-NQ/TW"], ["97-CTr/TU"], None, "daibieunhandan.vn"),
    "004": (
        "bn",
        ["ca-mau"],
        ["57-NQ/TW", "59-NQ/TW", "66-NQ/TW", "68-NQ/TW"],
        [],
        dt.date(2025, 9, 17),
        "baotintuc.vn",
    ),
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    out: dict[str, Article] = {}
    for f in list_corpus(SAMPLE):
        assert isinstance(f, CorpusFile)
        article = read_article(f)
        assert isinstance(article, Article), article
        out[article.id[:3]] = article
    return out


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_metadata(seeds: dict[str, Article], seed: str) -> None:
    a = seeds[seed]
    lang, provinces, resolutions, documents, date, source = EXPECTED[seed]
    assert a.id == SEED_IDS[seed]
    assert (a.lang, list(a.provinces), list(a.resolutions), list(a.documents), a.date, a.source) == (
        lang,
        provinces,
        resolutions,
        documents,
        date,
        source,
    )


def test_translations_share_the_normalised_url(seeds: dict[str, Article]) -> None:
    assert (
        seeds["000"].url
        == seeds["001"].url
        == (
            "https://doanhnghiepvn.vn/cong-nghe/can-tho-tang-toc-chuyen-doi-so-huong-den-do-thi-thong-minh-vung-dbscl/20251029071027975"
        )
    )


def test_titles(seeds: dict[str, Article]) -> None:
    assert seeds["003"].title == 'পার্টি কংগ্রেসগুলিকে "ডিজিটালাইজ করা"'  # a heading line
    assert seeds["003"].paragraphs[0].kind == "heading"
    # No heading: the first sentence, shortened at a word boundary.
    assert seeds["000"].title.startswith("এই বৈঠকের লক্ষ্য ছিল বিজ্ঞান ও প্রযুক্তি উন্নয়ন")
    assert seeds["000"].title.endswith("…") and len(seeds["000"].title) <= 161


def test_boilerplate_is_stored_but_not_searchable(seeds: dict[str, Article]) -> None:
    a = seeds["000"]
    assert a.text.rstrip().endswith("মন্তব্য (0)")
    body = a.body()
    assert "সূত্র" not in body and "মন্তব্য" not in body and "https://" not in body
    assert body.startswith("এই বৈঠকের লক্ষ্য")
    # Offsets of the body are offsets of the stored text.
    for p in a.paragraphs:
        assert body[p.start : p.end] == a.text[p.start : p.end]


def test_captions_are_kept_and_marked(seeds: dict[str, Article]) -> None:
    captions = [seeds["000"].text[p.start : p.end] for p in seeds["000"].paragraphs if p.kind == "caption"]
    assert captions == [
        "বিজ্ঞান ও প্রযুক্তি বিভাগের প্রতিনিধি ২০২৬ - ২০৩০ সময়কালে বাস্তবায়িত বিজ্ঞান ও প্রযুক্তি এবং "
        "ডিজিটাল রূপান্তর প্রকল্পগুলির একটি তালিকা উপস্থাপন করেন। ছবি: ক্যান থো সংবাদপত্র।"
    ]
    hindi = [p.kind for p in seeds["001"].paragraphs]
    assert hindi.count("caption") == 1 and hindi[5] == "caption"


def test_parallel_seeds_have_the_same_shape(seeds: dict[str, Article]) -> None:
    bn, hi = seeds["000"], seeds["001"]
    assert [len(p.sentences) for p in bn.paragraphs] == [len(p.sentences) for p in hi.paragraphs]
    first_bn, first_hi = bn.sentences()[0], hi.sentences()[0]
    assert bn.text[first_bn.start : first_bn.end].endswith("চিহ্নিত করা।")
    assert hi.text[first_hi.start : first_hi.end].endswith("पहचान करना था।")


def test_sentences_lie_in_paragraphs_in_order(seeds: dict[str, Article]) -> None:
    for a in seeds.values():
        prev = 0
        for p in a.paragraphs:
            assert prev <= p.start < p.end <= len(a.text)
            for s in p.sentences:
                assert p.start <= s.start < s.end <= p.end
                assert a.text[s.start : s.end] == a.text[s.start : s.end].strip()
            prev = p.end


def _read(path: Path, root: Path) -> Article:
    files = [f for f in list_corpus(root) if isinstance(f, CorpusFile) and f.path == path]
    result = read_article(files[0])
    assert isinstance(result, Article), result
    return result


def test_crlf_and_bom_files(tmp_path: Path) -> None:
    from conftest import DATA

    crlf = _read(DATA / "edge" / "crlf.txt", DATA)
    assert "\r" not in crlf.text
    assert (crlf.lang, crlf.url, crlf.date) == ("bn", "https://example.vn/can-tho-tin/20240102", dt.date(2024, 1, 2))
    bom = _read(DATA / "edge" / "bom.txt", DATA)
    assert (bom.text[0], bom.lang, bom.resolutions) == ("ब", "hi", ("57-NQ/TW",))


_NFC_PIECES = st.sampled_from(
    list("কোোৌ\u09be\u09d7\u09c7ন\u0928\u093c\u0915िकaáe\u0301\u0308\u1100\u1161\u11a8\u0f71\u0f72\u0f80 .।\n")
    + ["সূত্র: https://x.vn/a-2025-01-02", "মন্তব্য (0)", "ছবি: "]
)


@given(st.lists(_NFC_PIECES, max_size=60).map("".join))
def test_the_text_cut_into_paragraphs_stays_nfc(raw: str) -> None:
    # parse_article hands its paragraphs, joined by newlines, to
    # extract_citations as NFC text (is_nfc=True): cutting NFC text and
    # joining it with newlines must never leave it un-normalised.
    info = FileInfo(id="x", path="x.txt", size=0, mtime_ns=0, sha256="")
    article = parse_article(raw, info)
    body_text = "\n".join(article.text[p.start : p.end] for p in article.paragraphs)
    assert nfc(body_text) == body_text
