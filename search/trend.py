"""A search's hits over time: counts per period and language.

Stage: search (a selection mask -> a Trend).  The Engine selects articles
exactly as a search does (query, filters, from/to, repeats folded), and
this counts the selection by period of its ``date_key`` column and by
language.  A period's count is therefore the total of the same search
restricted to that period with ``from``/``to`` (tests/search/test_trend.py
holds that).  Every period between the first and the last is listed, empty
ones with 0, so a gap shows as a gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dates import next_period, period_bounds, period_keys, period_label
from .query import ParsedQuery
from .request import SearchRequest

__all__ = ["MAX_PERIODS", "Trend", "TrendPoint", "count_periods", "lang_codes"]

# A chart of more bars than this is unreadable; the request is refused with
# a sentence instead (a coarser interval, or a from/to range).
MAX_PERIODS = 1000


@dataclass(frozen=True)
class TrendPoint:
    period: str
    count: int
    start: str  # the from/to that select this period
    end: str

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "count": self.count, "from": self.start, "to": self.end}


@dataclass(frozen=True)
class Trend:
    request: SearchRequest
    query: ParsedQuery
    interval: str
    # (language, its points): every language lists the same periods.
    series: tuple[tuple[str, tuple[TrendPoint, ...]], ...]
    undated: int
    took_ms: float = 0.0

    @property
    def total(self) -> int:
        return sum(p.count for _, points in self.series for p in points)

    def periods(self) -> list[TrendPoint]:
        """Each period once, its count summed over the languages."""
        if not self.series:
            return []
        firsts = self.series[0][1]
        sums = [sum(points[i].count for _, points in self.series) for i in range(len(firsts))]
        return [TrendPoint(p.period, n, p.start, p.end) for p, n in zip(firsts, sums, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "query": {**self.request.to_dict(), **self.query.to_dict()},
            "interval": self.interval,
            "series": [{"lang": lang, "points": [p.to_dict() for p in points]} for lang, points in self.series],
            "total": self.total,
            "undated": self.undated,
            "took_ms": round(self.took_ms, 1),
        }


def lang_codes(by_lang: Mapping[str, np.ndarray], doc_count: int) -> tuple[np.ndarray, list[str]]:
    """Each docnum's language as an index into the list of language codes (the last one: "und")."""
    names = sorted(by_lang)
    codes = np.full(doc_count, len(names), dtype=np.int64)
    for n, name in enumerate(names):
        codes[by_lang[name]] = n
    return codes, [*names, "und"]


def count_periods(
    docnums: np.ndarray,
    date_keys: np.ndarray,
    langs: np.ndarray,
    lang_names: list[str],
    interval: str,
    fold_keys: np.ndarray | None = None,
) -> tuple[tuple[str, tuple[TrendPoint, ...]], ...] | str:
    """The series of the selected articles ``docnums`` (a sentence if there are too many periods).

    ``date_keys``, ``langs`` and ``fold_keys`` are indexed by docnum:
    yyyymmdd (0 = no date), an index into ``lang_names``, and (repeats
    folded) a key shared by the members of a repeat group, which a period
    then counts once, as the search restricted to it would.
    """
    keys = date_keys[docnums]
    dated = docnums[keys > 0]
    if not dated.size:
        return ()
    periods = period_keys(keys[keys > 0], interval)
    first, last = int(periods.min()), int(periods.max())
    every = [first]
    while every[-1] < last:
        every.append(next_period(every[-1], interval))
        if len(every) > MAX_PERIODS:
            return (
                f"This search spans more than {MAX_PERIODS} {interval}s: "
                "choose a longer interval or narrow it with from and to."
            )
    where = np.searchsorted(np.asarray(every, dtype=np.int64), periods)
    if fold_keys is not None:
        folded = fold_keys[dated]
        _, first_of = np.unique(where * (int(fold_keys.max()) + 1) + folded, return_index=True)
        dated, where = dated[first_of], where[first_of]
    lang_of = langs[dated]
    counts = np.zeros((len(lang_names), len(every)), dtype=np.int64)
    np.add.at(counts, (lang_of, where), 1)
    bounds = [period_bounds(k, interval) for k in every]
    labels = [period_label(k, interval) for k in every]
    series = []
    for li in np.flatnonzero(counts.sum(axis=1)).tolist():
        points = tuple(TrendPoint(labels[i], int(counts[li, i]), bounds[i][0], bounds[i][1]) for i in range(len(every)))
        series.append((lang_names[li], points))
    series.sort(key=lambda s: (-sum(p.count for p in s[1]), s[0]))
    return tuple(series)
