#!/usr/bin/env python3
"""Evaluate translation linking and sentence alignment on NTREX-128.

    python scripts/eval_alignment.py [--data-dir DIR] [--seed S | --seeds A-B [--tune]] [--short]
                                     [--build] [--distractors N] [--shared-url F] [--all-documents]
                                     [--keep DIR] [--json OUT]

Stage: tooling, around index time.  Builds a test corpus in the Setu article
format from ``ntrex128/docs.jsonl`` (123 English news documents translated
independently into Bengali and Hindi, sentence-parallel).  Only the 61
documents ``scripts/ntrex_split.py`` keeps for evaluation (odd index) are
used: the bundled seed lexicon was mined from the even ones
(``--all-documents`` writes all 123, the corpus of the figures before issue
16).  Long mode (the default): each document becomes a Bengali and a Hindi
article, their paragraphs grouped differently, a few sentences merged
(joined with a comma) or dropped on one side, a photo caption on one side
only now and then.  A fraction ``--shared-url`` of the pairs share a source
line; the others have one on one side only, different ones, or none.
``--short``: each document is cut into articles of 3-5 sentences, none with
a source line, perturbed the same way; one in ten is written in one
language only (its translation is not in the corpus).  Monolingual
distractor articles (``--distractors`` per language, runs of real sentences
from ``bn-news-bnlp-punct`` and ``hiner-hi``, 6-30 sentences long, 3-5 with
``--short``) are added, and all files get shuffled numeric names.

The corpus is then read with :mod:`index.corpus.files`, fingerprinted, linked and
every linked pair aligned, with the functions the builder calls (``link``,
``align_articles``).  ``--build`` instead builds an index of it with
:func:`index.build` (one process) and scores the links and beads the build
stored, with the build summary's translation figures: what a user is
served, whatever step of the build decides it.  Printed:

* link precision/recall over document pairs (gold: the NTREX pairs written
  in both languages), and how many pairs were found per URL situation;
* sentence links, issue 16's scoring (scripts/reference_links.py): a
  reference bead of m and n reference sentences gives m x n links; a served
  bead links every reference sentence its sentences overlap on each side, by
  character offsets.  Precision: served links that are gold; recall: gold
  links served.  For the gold document pairs (alignment alone) and end to
  end (over predicted links: a wrong document pair's links are all wrong);
* the former scoring, printed as ``former:``: a bead of 1-2 sentences yields
  every (src, tgt) sentence pair and a 1-0 or 0-1 bead none.  Precision:
  aligned pairs whose two ICU sentences hold words of one NTREX line.
  Recall: NTREX lines present on both sides that some aligned pair holds on
  both sides (a line ICU cut in two, as it does after "यू.", counts once).
  Strict recall: every (piece, piece) pair of a line aligned;
* bead scores of right and wrong beads, and timings;
* the "uncertain" flag of the parallel view (:func:`search.parallel.is_low`)
  judged as a detector of wrong beads: its precision (flagged beads that are
  wrong) and recall (wrong beads flagged), and a table of both for a range of
  thresholds, for 1-1 beads and for merges (1-2, 2-1) apart.  A bead with a
  sentence on one side only is never flagged (it is shown as untranslated).

``--seeds A-B`` prints one line per seed (links, sentence links end to end,
flag) and the links and sentence links pooled over the seeds (counts summed),
and pools the beads of all seeds for the flag; ``--tune`` adds the pair of
thresholds with the best F1 on them (tune on some seeds, report on others).

Offline, standard library plus the project; deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alignkit.corpus import write_corpus  # noqa: E402
from alignkit.scoring import built, evaluate, ratio  # noqa: E402
from alignment_flag import (  # noqa: E402
    BeadRow,
    flag_figures,
    flagged_before,
    flagged_now,
    format_flag_table,
    threshold_table,
    tune,
)
from reference_links import LinkCounts  # noqa: E402

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"


def seed_range(text: str) -> list[int]:
    """``"100-119"`` -> [100, ..., 119]; ``"13"`` -> [13]."""
    low, _, high = text.partition("-")
    try:
        first, last = int(low), int(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seeds takes A-B or one number, not {text!r}") from None
    if last < first:
        raise argparse.ArgumentTypeError(f"--seeds {text}: the range is empty (write the smaller seed first)")
    return list(range(first, last + 1))


def run_seed(args: argparse.Namespace, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="setu-eval-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        written = write_corpus(
            root,
            args.data_dir,
            seed,
            args.distractors,
            args.shared_url,
            evaluation_only=not args.all_documents,
            short=args.short,
            dev=args.dev,
        )
        if args.build:
            with tempfile.TemporaryDirectory(prefix="setu-eval-index-") as index_dir:
                result = evaluate(root, written, built(root, Path(index_dir)))
        else:
            result = evaluate(root, written)
    result["seed"] = seed
    result["mode"] = "short" if args.short else "long"
    result["linker"] = "build" if args.build else "functions"
    result["documents"] = "all" if args.all_documents else "development (even)" if args.dev else "evaluation (odd)"
    result["shared_url_fraction"] = 0.0 if args.short else args.shared_url
    return result


def print_seed(result: dict[str, object]) -> None:
    links = result["links"]
    sentences = result["sentences"]
    refs = result["sentence_links"]
    assert isinstance(links, dict) and isinstance(sentences, dict) and isinstance(refs, dict)
    print(
        f"articles {result['articles']} ({result['mode']} mode, {result['documents']} NTREX documents, "
        f"linked by {result['linker']}): "
        f"{result['ntrex_pairs']} NTREX pairs, {result['one_language']} in one language only, "
        f"{result['distractors']} distractors"
    )
    print(f"links       P {links['precision']:.4f}  R {links['recall']:.4f}", end="  ")
    print(f"({links['correct']} right of {links['predicted']} predicted; by method {links['by_method']})")
    if "build" in links:
        print(f"build       {json.dumps(links['build'])}")
    for mode, row in sorted(links["by_url_mode"].items()):
        print(f"  {mode:<10} {row['found']}/{row['gold']}")
    for name, row in refs.items():
        print(f"sentence links P {row['precision']:.4f}  R {row['recall']:.4f}", end="  ")
        print(f"({row['correct_links']} right of {row['served_links']} served, {row['gold_links']} gold; {name})")
    for name, row in sentences.items():
        print(f"former: sentence pairs P {row['precision']:.4f}  lines R {row['recall']:.4f}", end="  ")
        print(f"strict R {row['strict_recall']:.4f}  ({name})")
    print(f"bead scores {json.dumps(result['bead_scores'])}")
    print(f"flag        {json.dumps(result['flag'])}")
    print(f"timings     {json.dumps(result['seconds'])}")


def pooled(results: list[dict[str, object]]) -> dict[str, object]:
    """Links and sentence links summed over seeds (end to end), then precision and recall."""
    right = predicted = gold = 0
    refs = LinkCounts()
    for r in results:
        links, sentence_links = r["links"], r["sentence_links"]
        assert isinstance(links, dict) and isinstance(sentence_links, dict)
        right += links["correct"]
        predicted += links["predicted"]
        gold += r["ntrex_pairs"]  # type: ignore[operator]
        row = sentence_links["end_to_end"]
        refs.merge(LinkCounts(row["correct_links"], row["served_links"], row["gold_links"]))
    return {
        "links": {
            "precision": round(ratio(right, predicted), 4),
            "recall": round(ratio(right, gold), 4),
            "correct": right,
            "predicted": predicted,
            "gold": gold,
        },
        "sentence_links": refs.to_dict(),
    }


def seed_line(result: dict[str, object]) -> str:
    links, refs, flag = result["links"], result["sentence_links"], result["flag"]
    assert isinstance(links, dict) and isinstance(refs, dict) and isinstance(flag, dict)
    row = refs["end_to_end"]
    return (
        f"seed {result['seed']:<6} links P {links['precision']:.4f}  R {links['recall']:.4f}"
        f"  ({links['correct']}/{links['predicted']} predicted, {result['ntrex_pairs']} gold)"
        f"  sentence links P {row['precision']:.4f}  R {row['recall']:.4f}"
        f"  flag P {flag['precision']:.4f}  R {flag['recall']:.4f}  ({flag['flagged']} flagged)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--seeds", type=seed_range, help="several seeds, A-B: figures per seed and pooled")
    parser.add_argument("--tune", action="store_true", help="with --seeds: the thresholds with the best F1")
    parser.add_argument("--short", action="store_true", help="articles of 3-5 sentences, no source lines")
    parser.add_argument(
        "--build",
        action="store_true",
        help="score the links and beads a real build stores (index.build), not link() and align() called here",
    )
    parser.add_argument("--distractors", type=int, default=200, help="monolingual articles per language")
    parser.add_argument("--shared-url", type=float, default=0.4, help="fraction of pairs with one source URL")
    parser.add_argument(
        "--all-documents",
        action="store_true",
        help="all 123 NTREX documents, also the even ones the seed lexicon learned from (figures before issue 16)",
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="the even NTREX documents instead of the odd ones: tune here, report on the odd ones",
    )
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    if args.dev and args.all_documents:
        parser.error("--dev takes the even documents and --all-documents all of them: give one")
    if args.tune and not args.seeds:
        parser.error("--tune needs --seeds A-B (tune on some seeds, then report with --seed on another)")
    if args.short and args.shared_url != parser.get_default("shared_url"):
        parser.error("--short writes no source lines: leave out --shared-url")
    results = []
    rows: list[BeadRow] = []
    for seed in args.seeds or [args.seed]:
        result = run_seed(args, seed)
        seed_rows = result.pop("bead_rows")
        assert isinstance(seed_rows, list)
        rows += seed_rows
        results.append(result)
        if args.seeds:
            print(seed_line(result))
        else:
            print_seed(result)
    table = threshold_table(rows)
    out: dict[str, object] = results[0] if not args.seeds else {"seeds": args.seeds, "per_seed": results}
    out["flag_table"] = table
    if args.seeds:
        out["pooled"] = pooled(results)
        print(f"pooled      {json.dumps(out['pooled'])}")
        out["flag"] = flag_figures(rows, flagged_now)
        # The rule before the thresholds per shape: every bead below 0.5, one-sided ones too.
        out["flag_before"] = {
            **flag_figures(rows, flagged_before),
            "one_sided_flagged": sum(r.shape == "one_sided" and flagged_before(r) for r in rows),
        }
        print(f"pooled      flag {json.dumps(out['flag'])}")
        print(f"pooled      flag before (every bead below 0.5) {json.dumps(out['flag_before'])}")
    for line in format_flag_table(table):
        print(line)
    if args.tune:
        out["tuned"] = tune(rows)
        print(f"tuned       {json.dumps(out['tuned'])}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
