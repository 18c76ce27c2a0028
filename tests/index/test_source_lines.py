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


# Shapes of published article URLs: a 3-digit site prefix, then yymmddHHMMSS
# and the milliseconds without leading zeros (16 to 18 digits in all).
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://baochinhphu.vn/8h-sang-16-7-tra-cuu-diem-thi-tot-nghiep-thpt-nam-2025-102250715114537341.htm",
            dt.date(2025, 7, 15),
        ),
        (
            "https://baochinhphu.vn/nghi-quyet-cua-quoc-hoi-ve-sap-xep-don-vi-hanh-chinh-cap-tinh-102250612191145158.htm",
            dt.date(2025, 6, 12),
        ),
        ("https://baochinhphu.vn/tang-luong-toi-thieu-vung-tu-1-1-2026-102251110175033018.htm", dt.date(2025, 11, 10)),
        ("https://baochinhphu.vn/du-an-bat-dong-san-esg-dau-tien-102241112112543785.htm", dt.date(2024, 11, 12)),
        (
            "https://thanhnien.vn/lua-dao-tang-manh-thiet-hai-hang-ngan-ti-dong-185251022190804651.htm",
            dt.date(2025, 10, 22),
        ),
        (
            "https://thanhnien.vn/quy-mo-giao-duc-dh-tang-hon-300000-sinh-vien-185250522162830238.htm",
            dt.date(2025, 5, 22),
        ),
        ("https://thanhnien.vn/viet-nam-nhan-chuyen-giao-cong-nghe-18525090115084312.htm", dt.date(2025, 9, 1)),
        (
            "https://thanhnien.vn/nhan-dien-noi-dung-do-ai-tao-ra-bang-cach-nao-1852511141436386.htm",
            dt.date(2025, 11, 14),
        ),
        # The shape scripts/make_corpus.py writes (…-102240509115334189.htm).
        ("https://baochinhphu.vn/can-tho-chuyen-doi-so-102240509115334189.htm", dt.date(2024, 5, 9)),
        ("https://thanhnien.vn/hue-chuyen-doi-so-185240509123456789.htm", dt.date(2024, 5, 9)),
    ],
)
def test_date_from_prefixed_timestamp(url: str, expected: dt.date) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        # Article numbers, not dates, though some look like yymmdd or start with 20.
        "https://daibieunhandan.vn/quoc-hoi-thong-qua-luat-tri-tue-nhan-tao-10399959.html",
        "https://daibieunhandan.vn/hon-700-hoc-sinh-tham-du-giai-the-thao-championship-2025-10380425.html",
        "https://daibieunhandan.vn/de-tham-khao-mon-hoa-tot-nghiep-thpt-2025-post393666.html",
        "https://daibieunhandan.vn/print/10339614.html",
        "https://huengaynay.vn/du-lich/so-hoa-ban-do-co-163431.html",
        "https://huengaynay.vn/chinh-tri-xa-hoi/tao-dong-luc-161016.html",
        "https://huengaynay.vn/chinh-tri-xa-hoi/tao-dong-luc-200101.html",
        # The right shape on a site that does not stamp its ids.
        "https://example.vn/tin-tuc-102250715114537341.htm",
        # Another site's prefix, a time that is not a time, a date that is not a date.
        "https://baochinhphu.vn/tin-185250715114537341.htm",
        "https://thanhnien.vn/tin-185250715256037341.htm",
        "https://thanhnien.vn/tin-185251315114537341.htm",
        # Too short to hold a time: a category page, not an article.
        "https://thanhnien.vn/timelinelist/185227/100.htm",
        "https://thanhnien.vn/tin-185250715.htm",
    ],
)
def test_ids_that_look_like_dates_are_not_read(url: str) -> None:
    assert date_from_url(url) is None


def test_a_stamp_from_the_future_is_not_a_date() -> None:
    assert date_from_url("https://baochinhphu.vn/tin-102991231114537341.htm") is None


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
