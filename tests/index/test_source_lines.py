"""Source lines, URL normalisation and dates carried by URLs."""

from __future__ import annotations

import datetime as dt

import pytest

from index.corpus.source import date_from_url, find_boilerplate, normalize_url, source_domain


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doanhnghiepvn.vn/cong-nghe/can-tho/20251029071027975", dt.date(2025, 10, 29)),
        ("https://baotintuc.vn/dia-phuong/ca-mau-hop-tac-20250917230101015.htm", dt.date(2025, 9, 17)),
        ("https://example.vn/2024/03/05/tin-tuc", dt.date(2024, 3, 5)),
        ("https://huengaynay.vn/chinh-polit-xa-hoi/tao-dong-luc-161016.html", None),
        ("https://daibieunhandan.vn/ca-mau-tao-dot-pha-chuyen-doi-so-10388317.html", None),
        ("https://example.vn/x-20251399.htm", None),  # month 13: not a date
    ],
)
def test_date_from_url(url: str, expected: dt.date | None) -> None:
    assert date_from_url(url) == expected


def test_normalize_url_makes_variants_meet() -> None:
    canonical = "https://baotintuc.vn/dia-phuong/ca-mau-20250917230101015.htm"
    for variant in (
        "http://baotintuc.vn/dia-phuong/ca-mau-20250917230101015.htm",
        "https://www.BaoTinTuc.vn/dia-phuong/ca-mau-20250917230101015.htm/",
        "https://baotintuc.vn:443/dia-phuong/ca-mau-20250917230101015.htm?utm_source=fb&fbclid=x#top",
    ):
        assert normalize_url(variant) == canonical
    assert normalize_url("https://x.vn/a?b=2&a=1&utm_medium=m") == "https://x.vn/a?a=1&b=2"
    assert source_domain(canonical) == "baotintuc.vn"


@pytest.mark.parametrize(
    "line",
    [
        "সূত্র: https://x.vn/a",
        "स्रोत: https://x.vn/a",
        "Source: https://x.vn/a",
        "Nguồn: https://x.vn/a",
        "https://x.vn/a",
    ],
)
def test_source_line_in_any_language(line: str) -> None:
    lines = ["প্রথম অনুচ্ছেদ।", line, "", "", "মন্তব্য (0)"]
    tail = find_boilerplate(lines)
    assert (tail.url, tail.source_line, tail.comment_lines) == ("https://x.vn/a", 1, (4,))


def test_comment_counter_with_native_digits_and_no_source() -> None:
    tail = find_boilerplate(["একটি বাক্য।", "टिप्पणी (१२)"])
    assert (tail.url, tail.source_line, tail.comment_lines) == (None, None, (1,))


def test_url_inside_a_sentence_is_not_a_source_line() -> None:
    tail = find_boilerplate(["https://nq57.vn সিস্টেমে, পুরো প্রদেশ ৬৬/১২৩টি কাজ সম্পন্ন করেছে।"])
    assert tail.url is None
