"""eval_alignment.py's scoring: links, sentence links and beads against the NTREX truth, and the timings."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alignment_flag import (
    BeadRow,
    flag_figures,
    flagged_before,
    flagged_now,
)
from reference_links import LinkCounts, gold_links, served_links

from alignkit.corpus import Written
from index import build, open_index
from index.corpus.article import Article
from index.corpus.files import CorpusFile, list_corpus, read_article
from index.interface import KIND_GROUP, live_docnums
from index.translation.align import Bead, align_articles
from index.translation.fingerprint import Fingerprint, fingerprint
from index.translation.linking import Linking, link
from index.translation.pair_alignment import article_aligner
from search.parallel import LOW_SCORES


def overlaps(article: Article, spans: Sequence[tuple[int, int, int]]) -> list[frozenset[int]]:
    """For each ICU sentence of the article, the labels of the spans it holds a word of.

    A stray quote that ICU hands to the next sentence does not count; a
    sentence of nothing but such a quote belongs with the one before.
    """
    out: list[frozenset[int]] = []
    for s in article.sentences():
        labels: set[int] = set()
        for start, end, label in spans:
            lo, hi = max(start, s.start), min(end, s.end)
            if lo < hi and any(ch.isalnum() for ch in article.text[lo:hi]):
                labels.add(label)
        if out and not any(ch.isalnum() for ch in article.text[s.start : s.end]):
            labels = set(out[-1])
        out.append(frozenset(labels))
    return out


def sentence_lines(article: Article, w: Written) -> list[frozenset[int]]:
    """For each ICU sentence of the article, the NTREX lines it holds a word of."""
    return overlaps(article, w.spans)


def sentence_refs(article: Article, w: Written) -> list[frozenset[int]]:
    """For each ICU sentence of the article, the reference sentences (indexes into ``w.refs``) it overlaps."""
    return overlaps(article, [(start, end, k) for k, (start, end, _) in enumerate(w.refs)])


def gold_pairs(a: list[frozenset[int]], b: list[frozenset[int]]) -> set[tuple[int, int]]:
    return {(i, j) for i, x in enumerate(a) for j, y in enumerate(b) if x & y}


def found_lines(pairs: set[tuple[int, int]], a: list[frozenset[int]], b: list[frozenset[int]]) -> set[int]:
    """NTREX lines that some aligned pair holds on both sides."""
    return {line for i, j in pairs for line in a[i] & b[j]}


def bead_pairs(beads: Sequence[Bead]) -> set[tuple[int, int]]:
    return {(i, j) for bead in beads for i in bead.src for j in bead.tgt}


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass
class Counts:
    """Sentence alignment counts over a set of article pairs.

    precision: aligned pairs (i, j) whose sentences share an NTREX line;
    recall: NTREX lines present on both sides that some aligned pair holds
    on both sides (a line ICU cut in two is found once, by either piece);
    strict recall: gold pairs (every piece x every piece) aligned.
    """

    correct: int = 0
    predicted: int = 0
    lines_found: int = 0
    lines_gold: int = 0
    strict_gold: int = 0

    def add(self, pred: set[tuple[int, int]], a: list[frozenset[int]], b: list[frozenset[int]], gold: bool) -> None:
        pairs = gold_pairs(a, b) if gold else set()
        hits = pred & pairs
        self.correct += len(hits)
        self.predicted += len(pred)
        self.strict_gold += len(pairs)
        if gold:
            self.lines_found += len(found_lines(hits, a, b))
            self.lines_gold += len(frozenset().union(*a) & frozenset().union(*b))

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(ratio(self.correct, self.predicted), 4),
            "recall": round(ratio(self.lines_found, self.lines_gold), 4),
            "strict_recall": round(ratio(self.correct, self.strict_gold), 4),
            "aligned_pairs": self.predicted,
            "correct_pairs": self.correct,
            "lines_found": self.lines_found,
            "lines_gold": self.lines_gold,
        }


def gold_documents(written: list[Written]) -> dict[tuple[str, str], str]:
    """The (a, b) ids of each translated pair written, with its URL situation."""
    by_id = {w.id: w for w in written}
    by_doc: dict[str, dict[str, str]] = {}
    for w in written:
        if w.doc is not None:
            by_doc.setdefault(w.doc, {})[w.lang] = w.id
    gold: dict[tuple[str, str], str] = {}
    for sides in by_doc.values():
        if len(sides) == 2:  # else written in one language only: nothing to link
            a, b = sorted(sides.values())
            gold[(a, b)] = by_id[a].url_mode
    return gold


def judge_beads(beads: Sequence[Bead], la: list[frozenset[int]], lb: list[frozenset[int]]) -> list[BeadRow]:
    """Each bead of a gold pair, right or wrong (see BeadRow)."""
    gold = gold_pairs(la, lb)
    rows = []
    for bead in beads:
        if bead.src and bead.tgt:
            right = bead_pairs([bead]) <= gold
        else:
            other, mine = (lb, (la[i] for i in bead.src)) if bead.src else (la, (lb[j] for j in bead.tgt))
            right = not frozenset().union(*mine) & frozenset().union(*other)
        rows.append(BeadRow(len(bead.src), len(bead.tgt), bead.score, right))
    return rows


@dataclass
class Served:
    """What the builder served: its links ((a, b) -> (method, confidence)) and their stored beads."""

    links: dict[tuple[str, str], tuple[str, float]]
    beads: dict[tuple[str, str], list[Bead]]
    summary: dict[str, object]  # the build summary's "translations", without the duplicates list
    seconds: float


def built(root: Path, index_dir: Path) -> Served:
    """Build ``root`` with ``setu build``'s own code (one process) and read the groups it stored."""
    started = time.perf_counter()
    report = build(root, index_dir, workers=0)
    seconds = time.perf_counter() - started
    links: dict[tuple[str, str], tuple[str, float]] = {}
    beads: dict[tuple[str, str], list[Bead]] = {}
    with open_index(index_dir).searcher() as searcher:
        reader = searcher.reader()
        for docnum in live_docnums(reader, "kind", KIND_GROUP):
            for x in json.loads(reader.stored_fields(docnum)["parallel"])["links"]:
                key = (x["a"], x["b"])
                links[key] = (x["method"], x["confidence"])
                beads[key] = [Bead(tuple(b[0]), tuple(b[1]), float(b[2])) for b in x["beads"]]
    summary = report.to_dict()["translations"]
    assert isinstance(summary, dict)
    return Served(links, beads, {k: v for k, v in summary.items() if k != "duplicates"}, seconds)


def evaluate(root: Path, written: list[Written], served: Served | None = None) -> dict[str, object]:
    """Score linking and alignment: the functions the builder calls, or (``served``) what a build stored."""
    by_id = {w.id: w for w in written}
    t0 = time.perf_counter()
    articles = {}
    for f in list_corpus(root):
        assert isinstance(f, CorpusFile)
        art = read_article(f)
        assert isinstance(art, Article), art
        articles[art.id] = art
    t1 = time.perf_counter()
    fps: list[Fingerprint] = [fingerprint(a) for a in articles.values()]
    t2 = time.perf_counter()
    linking: Linking | None = None
    if served is None:
        # Verified as the build verifies: each candidate aligned before it is kept.
        linking = link(fps, aligner=article_aligner(articles))
        predicted = {(x.a, x.b): (x.method, x.confidence) for x in linking.links}
    else:
        predicted = served.links
    t3 = time.perf_counter()

    gold_docs = gold_documents(written)
    correct = set(predicted) & set(gold_docs)
    by_mode: dict[str, dict[str, int]] = {}
    for pair, mode in gold_docs.items():
        row = by_mode.setdefault(mode, {"gold": 0, "found": 0})
        row["gold"] += 1
        row["found"] += pair in predicted

    lines = {i: sentence_lines(articles[i], by_id[i]) for i in articles}
    refs = {i: sentence_refs(articles[i], by_id[i]) for i in articles}
    ref_lines = {i: [lines_of for _, _, lines_of in by_id[i].refs] for i in articles}
    alone, end_to_end = Counts(), Counts()
    ref_alone, ref_end_to_end = LinkCounts(), LinkCounts()
    bead_rows: list[BeadRow] = []
    aligned = 0
    t4 = time.perf_counter()
    for a, b in sorted(set(gold_docs) | set(predicted)):
        if served is not None and (a, b) in served.beads:
            beads = served.beads[(a, b)]
        else:  # not linked: how the alignment alone would do
            beads = align_articles(articles[a], articles[b])
            aligned += 1
        pred = bead_pairs(beads)
        is_gold = (a, b) in gold_docs
        made = served_links(a, b, [(bead.src, bead.tgt) for bead in beads], refs[a], refs[b])
        gold_refs = gold_links(a, b, ref_lines[a], ref_lines[b]) if is_gold else set()
        ref_end_to_end.add(made if (a, b) in predicted else set(), gold_refs)
        if is_gold:
            ref_alone.add(made, gold_refs)
            alone.add(pred, lines[a], lines[b], True)
            bead_rows += judge_beads(beads, lines[a], lines[b])
        end_to_end.add(pred if (a, b) in predicted else set(), lines[a], lines[b], is_gold)
    t5 = time.perf_counter()
    good = sorted(r.score for r in bead_rows if r.right and r.shape != "one_sided")
    bad = sorted(r.score for r in bead_rows if not r.right and r.shape != "one_sided")
    one_sided = [r for r in bead_rows if r.shape == "one_sided"]
    content = [confidence for method, confidence in predicted.values() if method == "content"]
    return {
        "articles": len(articles),
        "ntrex_pairs": len(gold_docs),
        "one_language": len({w.doc for w in written if w.url_mode == "one-language"}),
        "distractors": sum(1 for w in written if w.doc is None),
        "links": {
            "precision": round(ratio(len(correct), len(predicted)), 4),
            "recall": round(ratio(len(correct), len(gold_docs)), 4),
            "predicted": len(predicted),
            "correct": len(correct),
            "by_url_mode": by_mode,
            "wrong": sorted(f"{a}~{b}" for a, b in set(predicted) - correct),
            "missed": sorted(f"{a}~{b}" for a, b in set(gold_docs) - set(predicted)),
            "content_confidence_min": round(min(content), 4) if content else None,
            "by_method": dict(sorted(Counter(method for method, _ in predicted.values()).items())),
            **(
                {"duplicates": len(linking.duplicates), "stats": linking.stats.to_dict()}
                if linking is not None
                else {"build": served.summary if served else {}}
            ),
        },
        # Issue 16's scoring: links between reference sentences (scripts/reference_links.py).
        "sentence_links": {"gold_document_pairs": ref_alone.to_dict(), "end_to_end": ref_end_to_end.to_dict()},
        # The former scoring: ICU sentence pairs sharing an NTREX line, NTREX lines found.
        "sentences": {"gold_document_pairs": alone.to_dict(), "end_to_end": end_to_end.to_dict()},
        "bead_scores": {
            "correct_beads": len(good),
            "wrong_beads": len(bad),
            "correct_below_0.5": sum(1 for s in good if s < 0.5),
            "wrong_below_0.5": sum(1 for s in bad if s < 0.5),
        },
        "flag": {
            "thresholds": dict(LOW_SCORES),
            **flag_figures(bead_rows, flagged_now),
            "one_sided_beads": len(one_sided),
            "one_sided_flagged": sum(map(flagged_now, one_sided)),
            # The rule before the thresholds per shape: every bead below 0.5, one-sided ones too.
            "before_all_below_0.5": flag_figures(bead_rows, flagged_before),
            "before_one_sided_flagged": sum(map(flagged_before, one_sided)),
        },
        "bead_rows": bead_rows,
        "seconds": {
            "read": round(t1 - t0, 2),
            "fingerprint_per_article_ms": round((t2 - t1) / max(len(fps), 1) * 1000, 2),
            "link": round(t3 - t2, 3),
            **({"build": round(served.seconds, 1)} if served else {}),
            "align_per_pair_ms": round((t5 - t4) / max(aligned, 1) * 1000, 2),
        },
    }
