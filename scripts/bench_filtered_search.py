#!/usr/bin/env python3
"""Filtered sentence-level searches: the CPU of each call, and its answer for comparing checkouts.

Stage: tooling around query time.  Runs a fixed mix of sentence-level
calls with facet filters (language, province, year, and all three at once)
through :class:`search.Engine`: ``passages`` (page 1, page 3, with a date
range) and ``concordance``, for five queries and two empty ones.  The
provinces and years are the index's two most common, so the mix fits any
index.  ``--mix facet-words`` runs another mix instead: queries that
hold facet words (``lang:``, ``province:``, ``resolution:``, ``year:``, a
negated facet, a facet alone, a cross-language query) with no filter and
with a language filter, through ``passages``, ``passages`` with an
aligned-side filter, ``concordance``, ``collocations`` and
``frequencies``.  Each call is run twice to warm, then ``--rounds`` times on this
thread's clock (``time.thread_time``); the figure is the sum of the
calls' medians.  ``--answers FILE`` writes every call's JSON (without
``took_ms``): two checkouts that give the same file gave the same answers
(compare with ``cmp``).  Run it under ``flock /tmp/setu-bench.lock``,
old and new checkouts alternating (``PYTHONPATH=CHECKOUT``).

Usage:
    bench_filtered_search.py INDEX [--mix filters|facet-words] [--rounds N] [--json OUT] [--answers FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from search import Engine, SearchError, SearchRequest
from search.concordance import ConcordanceRequest

QUERIES = ("প্রকল্প", "सरकार", "57", '"डिजिटल परिवर्तन"', "Can Tho")
WARM = 2


def _filters(engine: Engine) -> list[dict[str, list[str]]]:
    """The filter sets: one facet at a time, two together, and every facet with two values each."""
    facets = engine.search(SearchRequest.create(q="")).facets
    provinces = [v.value for v in facets["province"]][:2]
    years = [v.value for v in facets["year"]][:2]
    return [
        {"lang": ["hi"]},
        {"province": provinces[:1]},
        {"year": years[:1]},
        {"lang": ["bn"], "province": provinces[:1]},
        {"lang": ["bn", "hi"], "province": provinces, "year": years},
    ]


def calls(engine: Engine) -> list[tuple[str, str, dict[str, list[str]], Callable[[], Any]]]:
    """(call name, query, filters, the call) for the whole mix."""
    filters = _filters(engine)
    years = filters[-1]["year"]
    provinces = filters[-1]["province"]
    cases = [(q, f) for q in QUERIES for f in filters]
    cases += [("", {"province": provinces[:1]}), ("", {"lang": ["hi"], "year": years[:1]})]
    out: list[tuple[str, str, dict[str, list[str]], Callable[[], Any]]] = []
    for q, f in cases:
        first = SearchRequest.create(q=q, filters=f)
        third = SearchRequest.create(q=q, filters=f, page=3)
        dated = SearchRequest.create(q=q, filters=f, date_from=years[-1] if years else None)
        out += [
            ("passages", q, f, partial(engine.passages, first)),
            ("passages page 3", q, f, partial(engine.passages, third)),
            ("passages from a date", q, f, partial(engine.passages, dated)),
            ("concordance", q, f, partial(_concordance, engine, first)),
        ]
    return out


def facet_word_calls(engine: Engine) -> list[tuple[str, str, dict[str, list[str]], Callable[[], Any]]]:
    """(call name, query, filters, the call) for the mix of queries holding facet words."""
    facets = engine.search(SearchRequest.create(q="")).facets
    province, resolution, year = (next((v.value for v in facets[f]), "") for f in ("province", "resolution", "year"))
    queries = [
        ("প্রকল্প lang:bn", False),
        (f"सरकार province:{province}", False),
        ('"डिजिटल परिवर्तन" lang:hi', False),
        (f"57 resolution:{resolution}", False),
        ("প্রকল্প -lang:hi", False),
        (f"(সরকার OR सरकार) year:{year}", False),
        (f"province:{province}", False),
        ("ডিজিটাল রূপান্তর প্রকল্প", True),
    ]
    out: list[tuple[str, str, dict[str, list[str]], Callable[[], Any]]] = []
    for q, cross in queries:
        for f in ({}, {"lang": ["bn"]}):
            first = SearchRequest.create(q=q, filters=f, cross_language=cross)
            aligned = SearchRequest.create(q=q, filters=f, cross_language=cross, aligned="only")
            concordance = ConcordanceRequest.create(first)
            out += [
                ("passages", q, f, partial(engine.passages, first)),
                ("passages aligned", q, f, partial(engine.passages, aligned)),
                ("concordance", q, f, partial(engine.concordance, concordance)),
                ("collocations", q, f, partial(_table, engine.collocations, concordance, 5)),
                ("frequencies", q, f, partial(_table, engine.frequencies, concordance)),
            ]
    return out


def _concordance(engine: Engine, request: SearchRequest) -> Any:
    return engine.concordance(ConcordanceRequest.create(request))


class _Rows:
    """A frequency table's rows as an answer (the Engine returns a list)."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [r.to_dict() for r in self.rows]}


def _table(call: Callable[..., list[Any]], *args: Any) -> _Rows:
    return _Rows(call(*args))


def _answer(call: Callable[[], Any]) -> dict[str, Any]:
    try:
        d: dict[str, Any] = call().to_dict()
    except SearchError as exc:  # a page past the end is an answer too
        return {"error": type(exc).__name__, "message": exc.message}
    d.pop("took_ms", None)
    return d


MIXES = {"filters": calls, "facet-words": facet_word_calls}


def filtered_cpu(index_dir: Path, rounds: int, mix: str = "filters") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The figures (per call, per kind, the sum of medians in ms) and every call's answer."""
    engine = Engine(index_dir)
    rows: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for name, q, f, call in MIXES[mix](engine):
        answers.append({"call": name, "q": q, "filters": f, "answer": _answer(call)})
        spent = []
        for i in range(WARM + rounds):
            t = time.thread_time()
            try:
                call()
            except SearchError:
                pass
            if i >= WARM:
                spent.append((time.thread_time() - t) * 1000)
        rows.append({"call": name, "q": q, "filters": f, "median_ms": round(statistics.median(spent), 3)})
    by_call: dict[str, float] = {}
    for r in rows:
        by_call[r["call"]] = by_call.get(r["call"], 0.0) + r["median_ms"]
    figures = {
        "index": str(index_dir),
        "mix": mix,
        "rounds": rounds,
        "calls": rows,
        "by_call_ms": {k: round(v, 1) for k, v in by_call.items()},
        "sum_ms": round(sum(r["median_ms"] for r in rows), 1),
    }
    return figures, answers


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("index", type=Path)
    p.add_argument("--mix", choices=sorted(MIXES), default="filters", help="the calls to run (default filters)")
    p.add_argument("--rounds", type=int, default=5, help="timed runs of each call (default 5)")
    p.add_argument("--json", type=Path, help="write the figures as JSON")
    p.add_argument("--answers", type=Path, help="write every call's answer as JSON, for cmp")
    a = p.parse_args(argv)
    if a.rounds < 1:
        p.error("--rounds must be 1 or more")
    figures, answers = filtered_cpu(a.index, a.rounds, a.mix)
    print(
        f"{len(figures['calls'])} sentence-level calls ({a.mix}), sum of medians {figures['sum_ms']} ms; "
        + ", ".join(f"{k} {v} ms" for k, v in figures["by_call_ms"].items())
    )
    if a.json:
        a.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    if a.answers:
        a.answers.write_text(json.dumps(answers, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
