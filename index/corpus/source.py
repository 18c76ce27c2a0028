"""Trailing boilerplate of an article: source line, comment counter, URL date.

Stage: article lines -> url, source domain, date, boilerplate line numbers.
The articles end with a source line in the article's own language
(``সূত্র: URL``, ``स्रोत: URL``, ``Source: URL``) and often a comment counter
(``মন্তব্য (0)``, ``टिप्पणी (0)``).  Both stay in the stored text but are
kept out of the searchable body.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from index.analysis.textnorm import fold_digits

__all__ = ["Boilerplate", "date_from_url", "find_boilerplate", "normalize_url", "source_domain"]

# A label of one or two words in any script, a colon, a URL.  The label is
# not matched against a list: the corpus arrives in languages we have not
# seen yet, and the shape "word: URL" at the end of an article is the signal.
_SOURCE_RE = re.compile(
    r"^\s*(?:[^\W\d_][^\s:：]{0,24}(?:\s[^\s:：]{1,24})?\s*[:：]\s*)?<?(https?://[^\s<>\"]+?)>?[\s.।]*$",
    re.IGNORECASE,
)
# "মন্তব্য (0)", "टिप्पणी (12)", "Comments (3)", "Bình luận (0)".
_COMMENTS_RE = re.compile(r"^\s*[^\W\d_][^()\n]{0,30}\(\s*\d+\s*\)\s*$")
# How far from the end the source line may stand (non-empty lines).
_TAIL_LINES = 6

# Query parameters that identify a visit, not a page.
_TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_[a-z]+|igshid|yclid|_ga|ref|ref_src|cmpid|zarsrc|zoneid)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """What the tail of an article holds, by line number (0-based)."""

    url: str | None
    source_line: int | None
    comment_lines: tuple[int, ...]


def _is_letter_start(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and unicodedata.category(stripped[0]).startswith("L")


def find_boilerplate(lines: list[str]) -> Boilerplate:
    """Find the source line and comment counters among the last lines."""
    comment_lines: list[int] = []
    url: str | None = None
    source_line: int | None = None
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        if _COMMENTS_RE.match(fold_digits(line)) and _is_letter_start(line):
            comment_lines.append(i)
            continue
        seen += 1
        m = _SOURCE_RE.match(line)
        if m:
            url = m.group(1).rstrip(".,;)")
            source_line = i
            break
        if seen >= _TAIL_LINES:
            break
    return Boilerplate(url=url, source_line=source_line, comment_lines=tuple(sorted(comment_lines)))


def normalize_url(url: str) -> str:
    """Normalise a URL so that translations of one article share it.

    Scheme to https, host lower-cased without ``www.`` and default port, no
    fragment, no tracking parameters, the rest of the query sorted, no
    trailing slash.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = host if port is None else f"{host}:{port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k))
    )
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit(("https", netloc, path, query, ""))


def source_domain(url: str) -> str:
    """The publisher's domain (``baotintuc.vn``) of a normalised URL."""
    return urlsplit(url).hostname or ""


# A timestamp in the path: YYYYMMDD followed by up to 9 more digits
# (…/20251029071027975, …-20250917230101015.htm), or /YYYY/MM/DD/, or YYYY-MM-DD.
_DIGITS_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,9})(?!\d)")
_PATH_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?!\d)")


# Sites whose article ids are a fixed 3-digit prefix, then the publication
# time as yymmddHHMMSS and 1-3 digits of milliseconds (written without
# leading zeros, so the id is 16 to 18 digits long):
#   baochinhphu.vn/…-102250715114537341.htm  -> 2025-07-15 11:45:37.341
#   thanhnien.vn/…-18525090115084312.htm     -> 2025-09-01 15:08:43.12
# Read only for these hosts: elsewhere an 18-digit id with a date-shaped
# middle is just a number.  daibieunhandan.vn (…-10399959.html,
# …-post393666.html) and huengaynay.vn (…-163431.html) number their articles
# without a date, though some numbers look like one (161016): those URLs
# carry no date and none is read from them.
_PREFIXED_STAMP_SITES = {"baochinhphu.vn": "102", "thanhnien.vn": "185"}
_PREFIXED_STAMP_RE = re.compile(r"-(\d{3})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{1,3}\.html?$")


def _prefixed_stamp_date(host: str, path: str) -> dt.date | None:
    prefix = next((p for site, p in _PREFIXED_STAMP_SITES.items() if host == site or host.endswith("." + site)), None)
    m = _PREFIXED_STAMP_RE.search(path) if prefix else None
    if m is None or m.group(1) != prefix:
        return None
    yy, month, day, hour, minute, second = (int(g) for g in m.groups()[1:])
    # The time must be a time too: a stray id rarely is both.
    if hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return dt.date(2000 + yy, month, day)
    except ValueError:
        return None


def date_from_url(url: str) -> dt.date | None:
    """The publication date a news URL carries, if it carries one."""
    parts = urlsplit(url)
    path = parts.path
    latest = dt.date.today() + dt.timedelta(days=2)  # a date after this is a number, not a date
    stamped = _prefixed_stamp_date((parts.hostname or "").lower(), path)
    if stamped is not None:
        return stamped if stamped <= latest else None
    for regex in (_PATH_DATE_RE, _DIGITS_DATE_RE):
        for m in regex.finditer(path):
            try:
                date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if date <= latest:
                return date
    return None
