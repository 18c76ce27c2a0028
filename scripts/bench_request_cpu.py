#!/usr/bin/env python3
"""The CPU one request of the search benchmark's mix costs, in-process, per query and in all.

    python scripts/bench_request_cpu.py INDEX_DIR [--rounds N] [--split] [--json OUT]

Stage: tooling, query time.  Sends the query mix of scripts/bench_search.py
(``QUERIES``: the kinds ``make bench`` times through a server) to the Flask
app through its test client, in one thread, with no server and no socket:
each query twice to warm, then ``--rounds`` times, timing this thread's CPU
(``time.thread_time``), which other work on a shared machine disturbs
little.  Prints the median per query and their sum, i.e. what one core
would answer per second if it did nothing else.  To compare two checkouts,
run it from each in turn on the same index (``PYTHONPATH=CHECKOUT python
CHECKOUT/scripts/bench_request_cpu.py IX``), alternating, and take the medians
of the sums.  ``--split`` also times, in the same rounds, the parts of a
request: the Engine's call alone, the result's ``to_dict`` and its JSON
encoding (what the app's ``jsonify`` does); the rest of a request is
Flask's and the test client's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from werkzeug.datastructures import MultiDict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES  # noqa: E402

from webui.app import create_app  # noqa: E402
from webui.extensions import engine  # noqa: E402
from webui.params import request_from_args, ui_lang  # noqa: E402

# The parts --split times, besides the whole request.
PARTS = ("engine", "to_dict", "json")


def _parts(app: Flask, path: str, params: dict[str, str]) -> dict[str, float]:
    """CPU milliseconds of one request's parts, called as the API's views call them."""
    with app.app_context():
        search = engine(app)
        args = MultiDict(params)
        # The view's Engine call; another path is a KeyError naming it, not a silent passage search.
        calls: dict[str, Callable[[Any], Any]] = {"/api/search": search.search, "/api/passages": search.passages}
        call = calls[path]
        request = request_from_args(args)
        started = time.thread_time()
        result = call(request)
        searched = time.thread_time()
        data = result.to_dict(ui_lang(args, None))
        made = time.thread_time()
        app.json.dumps(data)
        done = time.thread_time()
    return {"engine": (searched - started) * 1000, "to_dict": (made - searched) * 1000, "json": (done - made) * 1000}


def _split_medians(rows: list[dict[str, object]], parts: list[dict[str, list[float]]]) -> dict[str, float]:
    """Each part's median per query (into its row) and the sums of those medians."""
    sums = dict.fromkeys(PARTS, 0.0)
    for row, timed in zip(rows, parts, strict=True):
        for part in PARTS:
            ms = round(statistics.median(timed[part]), 2)
            row[f"{part}_ms"] = ms
            sums[part] += ms
    return {f"{part}_sum_ms": round(total, 1) for part, total in sums.items()}


def request_cpu(index_dir: Path, rounds: int, split: bool = False) -> dict[str, object]:
    """Median CPU milliseconds per query of the mix, and their sum (with ``split``, per part too)."""
    app = create_app({"INDEX_DIR": str(index_dir)})
    client = app.test_client()
    paths = [f"{path}?{urlencode(params)}" for _kind, path, params in QUERIES]
    for path in paths * 2:
        answer = client.get(path)
        if answer.status_code != 200:
            raise SystemExit(f"{path} answered {answer.status_code}: is {index_dir} an index of the generated corpus?")
    times: list[list[float]] = [[] for _ in paths]
    parts: list[dict[str, list[float]]] = [{part: [] for part in PARTS} for _ in paths]
    for _ in range(rounds):
        for n, path in enumerate(paths):
            started = time.thread_time()
            client.get(path)
            times[n].append((time.thread_time() - started) * 1000)
            if split:
                _kind, api_path, params = QUERIES[n]
                for part, ms in _parts(app, api_path, params).items():
                    parts[n][part].append(ms)
    medians = [round(statistics.median(t), 2) for t in times]
    rows: list[dict[str, object]] = [
        {"kind": kind, "params": params, "median_ms": ms}
        for (kind, _path, params), ms in zip(QUERIES, medians, strict=True)
    ]
    total = sum(medians)
    per_core = round(1000 * len(rows) / total, 1) if total else None
    figures: dict[str, object] = {
        "rounds": rounds,
        "queries": rows,
        "sum_ms": round(total, 1),
        "per_core_rps": per_core,
    }
    if split:
        figures.update(_split_medians(rows, parts))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path, help="an index built by setu build")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--split", action="store_true", help="also time the Engine call, to_dict and the JSON encoding")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 1000:
        parser.error("--rounds: between 1 and 1000")
    if not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build one with `setu build CORPUS --index {args.index}`")
    figures = request_cpu(args.index, args.rounds, args.split)
    for row in figures["queries"]:  # type: ignore[attr-defined]
        line = f"{row['kind']:<28} {json.dumps(row['params'], ensure_ascii=False)[:48]:<50} {row['median_ms']:>8} ms"
        if args.split:
            line += "".join(f"  {part} {row[f'{part}_ms']}" for part in PARTS)
        print(line)
    print(f"sum of medians {figures['sum_ms']} ms: {figures['per_core_rps']} requests/s on one core")
    if args.split:
        print("of which " + ", ".join(f"{part} {figures[f'{part}_sum_ms']} ms" for part in PARTS))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
