"""The trend above the results: a bar chart drawn as SVG on the server.

Stage: presentation.  A :class:`search.trend.Trend` becomes the geometry of
one bar per period, stacked by language; the template
(templates/trend.html) writes it as inline SVG.  No chart library and no
JavaScript: every bar is a link that applies its period as ``from``/``to``,
and carries its counts as text (an accessible name and an SVG ``<title>``),
so a screen reader hears what a sighted reader sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search.trend import Trend

__all__ = ["Bar", "Chart", "Segment", "bar_chart"]

WIDTH = 720
HEIGHT = 120
_GAP = 0.2  # of a bar's slot left empty
_LABEL_EVERY = 8  # period labels under the axis, at most (they must fit a phone)
# The languages' colours, in the order of the series (most hits first).
_COLOURS = ("#1f6f8b", "#e07b39", "#6a994e", "#9d4edd", "#bc4749", "#577590")


@dataclass(frozen=True)
class Segment:
    lang: str
    count: int
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Bar:
    period: str
    count: int
    x: float
    width: float
    url: str  # the search with this period as from/to
    label: str  # "2025-10: 12 (bn 8, hi 4)"
    segments: tuple[Segment, ...]
    show_period: bool


@dataclass(frozen=True)
class Chart:
    interval: str
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str], ...]  # (lang, colour)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def maximum(self) -> int:
        return max((b.count for b in self.bars), default=0)


def bar_chart(trend: Trend, url: Callable[[str, str], str], lang_label: Callable[[str], str]) -> Chart | None:
    """The chart of ``trend``; ``url(from, to)`` links a bar to its period.  None: nothing dated to draw."""
    periods = trend.periods()
    if not periods or not any(p.count for p in periods):
        return None
    top = max(p.count for p in periods)
    slot = WIDTH / len(periods)
    colours = {lang: _COLOURS[i % len(_COLOURS)] for i, (lang, _) in enumerate(trend.series)}
    every = max(1, -(-len(periods) // _LABEL_EVERY))
    bars = []
    for i, p in enumerate(periods):
        y = float(HEIGHT)
        segments = []
        for lang, points in trend.series:
            n = points[i].count
            if n:
                h = HEIGHT * n / top
                y -= h
                segments.append(Segment(lang, n, round(y, 2), round(h, 2), colours[lang]))
        parts = ", ".join(f"{lang_label(s.lang)} {s.count}" for s in segments)
        bars.append(
            Bar(
                period=p.period,
                count=p.count,
                x=round(i * slot + slot * _GAP / 2, 2),
                width=round(slot * (1 - _GAP), 2),
                url=url(p.start, p.end),
                label=f"{p.period}: {p.count}" + (f" ({parts})" if parts else ""),
                segments=tuple(segments),
                show_period=i % every == 0,
            )
        )
    return Chart(trend.interval, tuple(bars), tuple(colours.items()))
