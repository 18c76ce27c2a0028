#!/usr/bin/env python3
"""CPU seconds of a build's repeat grouping over an index's fingerprints, this checkout against another.

    python scripts/bench_repeats.py INDEX_DIR --old CHECKOUT [--rounds 3]

Reads what the grouping uses of every article's stored fingerprint (id,
language, length, word sketch; any fingerprint version) once, untimed, then times
``index.translation.repeats.repeat_groups`` of this checkout and of the
``--old`` checkout's ``index/translation/repeats.py`` alternately in this
process, ``--rounds`` times each; prints each run's CPU seconds (user +
system) and whether both found the same groups.  Run it under ``flock
/tmp/setu-bench.lock``.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import types
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from index.storage.columns import column_values, live_documents  # noqa: E402
from index.storage.generations import open_index  # noqa: E402
from index.translation import repeats  # noqa: E402
from index.translation.fingerprint import Fingerprint  # noqa: E402


def _sketches(index: Path) -> list[Fingerprint]:
    """Each article's fingerprint as far as the grouping reads it: id, language, length, words."""
    out = []
    with open_index(index).reader() as reader:
        for raw in column_values(reader, "fp", live_documents(reader)):
            if not raw:
                continue  # a translation group, a repeat or the lexicon: no fingerprint
            data = json.loads(zlib.decompress(raw))
            out.append(
                Fingerprint(
                    id=data["id"],
                    lang=data["lang"],
                    url=None,
                    paragraphs=0,
                    sentences=0,
                    chars=data["chars"],
                    numbers=(),
                    latin=(),
                    provinces=(),
                    resolutions=(),
                    names=(),
                    shingles=(),
                    words=tuple(data["words"]),
                )  # fmt: skip
            )
    return out


def _old_module(checkout: Path) -> types.ModuleType:
    """The other checkout's repeats.py, run against this checkout's fingerprints."""
    source = (checkout / "index" / "translation" / "repeats.py").read_text(encoding="utf-8")
    module = types.ModuleType("old_repeats")
    module.__dict__["__package__"] = "index.translation"  # its relative imports resolve here
    exec(compile(source, str(checkout / "index" / "translation" / "repeats.py"), "exec"), module.__dict__)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path, help="an index folder (setu build makes one)")
    parser.add_argument("--old", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds at least 1")
    if not (args.old / "index" / "translation" / "repeats.py").is_file():
        parser.error(f"{args.old} is not a Setu checkout (no index/translation/repeats.py)")
    fps = _sketches(args.index)
    versions = {"old": _old_module(args.old), "new": repeats}
    seconds: dict[str, list[float]] = {name: [] for name in versions}
    found = {}
    for _ in range(args.rounds):
        for name, module in versions.items():
            started = time.process_time()
            found[name] = module.repeat_groups(fps)
            seconds[name].append(time.process_time() - started)
            print(f"{name}: {seconds[name][-1]:.3f} CPU s, {len(found[name])} groups", flush=True)
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"{len(fps)} fingerprints; medians old {medians['old']:.3f} s, new {medians['new']:.3f} s")
    print("same groups" if found["old"] == found["new"] else "DIFFERENT GROUPS")
    return 0 if found["old"] == found["new"] else 1


if __name__ == "__main__":
    sys.exit(main())
