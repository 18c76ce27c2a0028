#!/usr/bin/env python3
"""Evaluate the lexicon a build learns from its aligned translations, on NTREX-128.

Stage: tooling -- writes an NTREX-128 corpus the way ``scripts/eval_alignment.py``
does (articles with paragraphs, source lines, captions, monolingual
distractors), keeps only the documents ``scripts/ntrex_split.py`` reserves for
evaluation (odd index; the seed lexicon learned from the even ones), builds
it with ``setu build`` and compares the learned lexicon with a reference.

The reference is the bundled seed lexicon's confident entries (score at
least ``--reference-min-score``), which come from other text (the even NTREX
documents, debian-gettext, tatoeba, udhr).  For every Bengali stem that both
know, precision@1 is the share whose learned best Hindi equivalent is one of
the reference's, precision@5 the share with one among the learned first five.
The reference is itself imperfect (see the README's seed figures), so these
figures are lower bounds of agreement with a perfect dictionary.

Usage:
    eval_lexicon.py [--data-dir DIR] [--seed S] [--distractors N] [--reference-min-score X] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from index import build, open_index
from index.storage.lexicons import stored_table
from index.translation.lexicon import LexiconTable
from index.translation.seed import seed_table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alignkit.corpus import write_corpus  # noqa: E402
from eval_alignment import DEFAULT_DATA_DIR  # noqa: E402
from ntrex_split import evaluation_documents  # noqa: E402


def reference(table: LexiconTable, min_score: float) -> dict[str, set[str]]:
    """Bengali stem -> the Hindi stems the table gives it with at least ``min_score``."""
    out: dict[str, set[str]] = {}
    for lang, bn, hi, score, _ in table.entries():
        if lang == "bn" and score >= min_score:
            out.setdefault(bn, set()).add(hi)
    return out


def precision(learned: LexiconTable, ref: dict[str, set[str]]) -> dict[str, float | int]:
    judged = at1 = at5 = 0
    for bn, good in sorted(ref.items()):
        got = [e.term for e in learned.lookup(bn, "bn", "lexicon")]
        if not got:
            continue
        judged += 1
        at1 += got[0] in good
        at5 += any(t in good for t in got[:5])
    return {
        "stems_judged": judged,
        "reference_stems": len(ref),
        "precision_at_1": round(at1 / max(judged, 1), 4),
        "precision_at_5": round(at5 / max(judged, 1), 4),
    }


def run(data_dir: Path, seed: int, distractors: int, min_score: float, root: Path) -> dict[str, object]:
    corpus, index_dir = root / "corpus", root / "index"
    corpus.mkdir(parents=True, exist_ok=True)
    written = write_corpus(corpus, data_dir, seed, distractors, shared_url=0.4)
    order = [
        json.loads(line)["doc_id"] for line in (data_dir / "ntrex128" / "docs.jsonl").read_text("utf-8").splitlines()
    ]
    kept_docs = {doc for i, doc in enumerate(order) if evaluation_documents(i)}
    for w in written:
        if w.doc is not None and w.doc not in kept_docs:
            (corpus / f"{w.id}.txt").unlink()
    started = time.perf_counter()
    report = build(corpus, index_dir, workers=0)
    seconds = time.perf_counter() - started
    with open_index(index_dir).searcher() as searcher:
        learned = stored_table(searcher.reader()) or LexiconTable({})
    result: dict[str, object] = {
        "ntrex_documents": len(kept_docs),
        "articles": report.articles,
        "links": report.translations.links_url + report.translations.links_content,
        "lexicon": report.translations.lexicon.to_dict(),
        "build_seconds": round(seconds, 1),
        **precision(learned, reference(seed_table(), min_score)),
    }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--distractors", type=int, default=100, help="monolingual articles per language")
    parser.add_argument("--reference-min-score", type=float, default=0.4)
    parser.add_argument("--keep", type=Path, help="write the corpus and index here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="setu-eval-lexicon-") as tmp:
        result = run(args.data_dir, args.seed, args.distractors, args.reference_min_score, args.keep or Path(tmp))
    for key, value in result.items():
        print(f"{key:<20} {json.dumps(value)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
