"""Dates in a request: ``from``/``to`` ranges, ``date=none``, and the periods of a trend.

Stage: search.  A bound is a year (``2025``), a month (``2025-10``) or a day
(``2025-10-05``); ``from`` takes its first day and ``to`` its last, so
``from=2025-10&to=2025-10`` is the whole of October.  Dates are compared as
``yyyymmdd`` integers, the form the index keeps in its ``date_key`` column
(0 = no date), so a range is two comparisons over one array.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from .errors import BadRequest

__all__ = ["INTERVALS", "DateRange", "next_period", "period_bounds", "period_keys", "period_label"]

INTERVALS = ("month", "week", "year")
_BOUND_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def _key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _bound(name: str, raw: str, last: bool) -> int:
    """The first (or ``last``) day that ``raw`` names, as yyyymmdd."""
    m = _BOUND_RE.match(raw)
    if m is None:
        raise BadRequest(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-10), not {raw[:40]!r}.")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return _key(dt.date(year, 12, 31) if last else dt.date(year, 1, 1))
        if day is None:
            days = calendar.monthrange(year, int(month))[1] if 1 <= int(month) <= 12 else 0
            return _key(dt.date(year, int(month), days if last else 1))
        return _key(dt.date(year, int(month), int(day)))
    except ValueError:
        raise BadRequest(f"{name}={raw[:40]!r} is not a date of the calendar: check the month and the day.") from None


@dataclass(frozen=True)
class DateRange:
    """What a request asks of dates: a range (either end open), articles with no date, or nothing."""

    start: str = ""  # as given: "2025", "2025-10" or "2025-10-05"
    end: str = ""
    none: bool = False  # date=none: only articles without a date

    @classmethod
    def create(cls, start: str | None, end: str | None, date: str | None) -> DateRange:
        start, end, date = (start or "").strip(), (end or "").strip(), (date or "").strip().lower()
        if date not in ("", "none"):
            raise BadRequest(f"date can only be 'none' (articles without a date), not {date[:40]!r}.")
        if date and (start or end):
            raise BadRequest("date=none asks for articles without a date: drop from and to, or drop date=none.")
        made = cls(start, end, date == "none")
        lo, hi = made.keys()
        if lo > hi:
            raise BadRequest(f"from ({start}) is after to ({end}): swap them.")
        return made

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.none)

    def keys(self) -> tuple[int, int]:
        """The first and last day of the range as yyyymmdd (open ends: 1 and 99991231)."""
        lo = _bound("from", self.start, last=False) if self.start else 1
        hi = _bound("to", self.end, last=True) if self.end else 99991231
        return lo, hi

    def mask(self, date_keys: np.ndarray) -> np.ndarray:
        """Which of ``date_keys`` (yyyymmdd, 0 = no date) the range keeps."""
        if self.none:
            return date_keys == 0
        lo, hi = self.keys()
        return (date_keys >= lo) & (date_keys <= hi)


def _unix_days(date_keys: np.ndarray) -> np.ndarray:
    """yyyymmdd as days since 1970-01-01, vectorised (H. Hinnant's days_from_civil)."""
    y, m, d = date_keys // 10000, date_keys // 100 % 100, date_keys % 100
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


_EPOCH = dt.date(1970, 1, 1)  # a Thursday


def period_keys(date_keys: np.ndarray, interval: str) -> np.ndarray:
    """Each date's period as a sortable integer: yyyy, yyyymm, or (week) the day number of its ISO week's Monday."""
    if interval == "year":
        return date_keys // 10000
    if interval == "month":
        return date_keys // 100
    days = _unix_days(date_keys.astype(np.int64))
    return days - (days + 3) % 7


def period_label(key: int, interval: str) -> str:
    """A period's name: ``2025``, ``2025-10`` or the ISO week ``2025-W44``."""
    if interval == "year":
        return f"{key:04d}"
    if interval == "month":
        return f"{key // 100:04d}-{key % 100:02d}"
    year, week, _ = (_EPOCH + dt.timedelta(days=key)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def next_period(key: int, interval: str) -> int:
    """The period after ``key`` (to list every period of a span, empty ones too)."""
    if interval == "year":
        return key + 1
    if interval == "month":
        return key + 1 if key % 100 < 12 else (key // 100 + 1) * 100 + 1
    return key + 7


def period_bounds(key: int, interval: str) -> tuple[str, str]:
    """The ``from`` and ``to`` that select exactly one period."""
    if interval != "week":
        label = period_label(key, interval)
        return label, label
    monday = _EPOCH + dt.timedelta(days=key)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
