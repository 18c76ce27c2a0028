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
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import build, open_index
from index.analysis.textnorm import nfc
from index.corpus.article import Article
from index.corpus.files import CorpusFile, list_corpus, read_article
from index.interface import KIND_GROUP, live_docnums
from index.translation.align import Bead, align_articles
from index.translation.fingerprint import Fingerprint, fingerprint
from index.translation.linking import Linking, link
from index.translation.pair_alignment import article_aligner
from search.parallel import LOW_SCORES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alignment_flag import (  # noqa: E402
    BeadRow,
    flag_figures,
    flagged_before,
    flagged_now,
    format_flag_table,
    threshold_table,
    tune,
)
from ntrex_split import evaluation_documents, seed_documents  # noqa: E402
from reference_links import LinkCounts, gold_links, served_links  # noqa: E402

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw"
LANGS = ("bn", "hi")
NTREX_SIDE = {"bn": "ben", "hi": "hin"}
SOURCE_LABEL = {"bn": "সূত্র", "hi": "स्रोत"}
COMMENT_LABEL = {"bn": "মন্তব্য", "hi": "टिप्पणी"}
CAPTION = {
    "bn": ("ছবি: রয়টার্স।", "ছবি: এএফপি।", "ছবি: গেটি ইমেজেস।", "ছবি: সংগৃহীত।"),
    "hi": ("फोटो: रॉयटर्स।", "फोटो: एएफपी।", "फोटो: गेटी इमेजेस।", "फोटो: साभार।"),
}
SITES = ("baotintuc.vn/the-gioi", "vnexpress.net/the-gioi", "thanhnien.vn/the-gioi", "tuoitre.vn/the-gioi")

MIN_RUN, MAX_RUN = 6, 30  # distractor sentences
P_MERGE = 0.04  # per adjacent pair of body sentences, per side
P_DROP = 0.02  # per body sentence, per side
P_CAPTION = 0.35  # per pair: a caption on one side only
SHORT_MIN, SHORT_MAX = 3, 5  # sentences per article (and per distractor) in --short mode
P_ONE_LANGUAGE = 0.1  # --short: articles written in one language only (no translation to find)
URL_MODES = ("one-side", "different", "none")  # for the pairs without a shared URL
END_RE = re.compile(r"[\s।॥.!?]+$")
ENDS_SENTENCE = re.compile(r"[।॥.!?\"'”’)]\s*$")


@dataclass
class Unit:
    """A piece of an article's text and where NTREX lines sit in it (none: a caption)."""

    text: str
    parts: tuple[tuple[int, int, int], ...]  # (start, end, NTREX line), offsets into text

    @classmethod
    def line(cls, text: str, line: int | None) -> Unit:
        return cls(text, () if line is None else ((0, len(text), line),))


@dataclass
class Written:
    """An article file as written, with where each NTREX line sits in its text."""

    id: str
    lang: str
    doc: str | None  # NTREX doc id, None for a distractor
    url_mode: str
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, NTREX line)
    # The reference sentences as written (a merge is one, over two lines): (start, end, its NTREX lines).
    refs: list[tuple[int, int, frozenset[int]]] = field(default_factory=list)


# --------------------------------------------------------------------------- corpus


def load_ntrex(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load_pool(path: Path) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            # HiNER is full of Wikipedia village stubs; they are not news.
            if len(line) >= 20 and "गाँव है" not in line and "तहसील में" not in line:
                out.append(line)
    return out


def perturb(units: list[Unit], lang: str, caption: bool, rng: random.Random) -> list[Unit]:
    """Drop and merge a few body sentences; add a caption if asked (not before the title)."""
    title, body = units[0], [u for u in units[1:] if rng.random() >= P_DROP]
    merged: list[Unit] = []
    for u in body:
        if merged and merged[-1].parts and rng.random() < P_MERGE:
            prev = merged.pop()
            head = END_RE.sub("", prev.text) + ", "
            parts = tuple((a, min(b, len(head) - 2), n) for a, b, n in prev.parts)
            parts += tuple((a + len(head), b + len(head), n) for a, b, n in u.parts)
            merged.append(Unit(head + u.text, parts))
        else:
            merged.append(u)
    if merged and caption:
        merged.insert(rng.randint(1, len(merged)), Unit.line(rng.choice(CAPTION[lang]), None))
    return [title, *merged]


def group(units: list[Unit], rng: random.Random, headings_apart: bool = False) -> list[list[Unit]]:
    """Paragraphs of 1-4 units after the title; a caption is a paragraph of its own.

    ``headings_apart``: a line without an end mark (a subheading, NTREX has
    some) also ends its paragraph; run into the next line it would make one
    ICU sentence of two reference sentences.
    """
    paragraphs = [[units[0]]]
    rest = units[1:]
    while rest:
        size = rng.choice((1, 2, 2, 3, 4))
        take = 1
        while (
            take < min(size, len(rest))
            and rest[0].parts
            and rest[take].parts
            and not (headings_apart and not ENDS_SENTENCE.search(rest[take - 1].text))
        ):
            take += 1
        paragraphs.append(rest[:take])
        rest = rest[take:]
    return paragraphs


Rendered = tuple[str, list[tuple[int, int, int]], list[tuple[int, int, frozenset[int]]]]


def render(units: list[Unit], lang: str, url: str | None, rng: random.Random, headings_apart: bool = False) -> Rendered:
    """Article text (paragraphs, tail), where each NTREX line sits in it, and its reference sentences."""
    separator = "\n\n" if rng.random() < 0.5 else "\n"
    text = ""
    spans: list[tuple[int, int, int]] = []
    refs: list[tuple[int, int, frozenset[int]]] = []
    for n, para in enumerate(group(units, rng, headings_apart)):
        text += separator if n else ""
        for m, u in enumerate(para):
            text += " " if m else ""
            spans += [(len(text) + a, len(text) + b, line) for a, b, line in u.parts]
            if u.parts:
                refs.append((len(text), len(text) + len(u.text), frozenset(n for _, _, n in u.parts)))
            text += u.text
    if url is not None:
        text += f"\n\n{SOURCE_LABEL[lang]}: {url}"
    if rng.random() < 0.7:
        text += f"\n\n{COMMENT_LABEL[lang]} (0)"
    return text, spans, refs


def fake_url(rng: random.Random, n: int) -> str:
    return f"https://{rng.choice(SITES)}/tin-{n}-{rng.randrange(10**9):09d}.htm"


def chunks(lines: list[int], rng: random.Random) -> list[list[int]]:
    """A document's lines cut into articles of SHORT_MIN..SHORT_MAX sentences; a tail too short for one is left out."""
    out = []
    rest = lines
    while len(rest) >= SHORT_MIN:
        size = min(rng.randint(SHORT_MIN, SHORT_MAX), len(rest))
        out.append(rest[:size])
        rest = rest[size:]
    return out


def pair_urls(mode: str, rng: random.Random, url_no: int) -> dict[str, str | None]:
    """The source lines of a document's two articles in a URL situation (URL_MODES, or "shared")."""
    urls: dict[str, str | None] = {"bn": fake_url(rng, url_no), "hi": fake_url(rng, url_no + 1)}
    if mode == "shared":
        urls["hi"] = urls["bn"]
    elif mode == "one-side":
        urls[rng.choice(LANGS)] = None
    elif mode == "none":
        urls = {"bn": None, "hi": None}
    return urls


def ntrex_articles(
    docs: list[dict[str, object]],
    rng: random.Random,
    shared_url: float,
    short: bool,
    one_language: float,
    headings_apart: bool = False,
) -> list[tuple[Written, str]]:
    articles: list[tuple[Written, str]] = []
    n_shared = round(shared_url * len(docs))
    modes = ["shared"] * n_shared + [URL_MODES[k % len(URL_MODES)] for k in range(len(docs) - n_shared)]
    if short:
        modes = ["none"] * len(docs)
    rng.shuffle(modes)
    for number, (doc, mode) in enumerate(zip(docs, modes, strict=True)):
        urls = pair_urls(mode, rng, 2 * number + 2)
        sides: dict[str, list[Unit]] = {}
        for lang in LANGS:
            texts = doc[NTREX_SIDE[lang]]
            assert isinstance(texts, list)
            # NFC first, as the reader does, so that offsets stay true.
            sides[lang] = [Unit.line(nfc(t.strip()), n) for n, t in enumerate(texts) if t.strip()]
        # Line n is the same sentence on both sides: cut both at the same lines.
        both = sorted({u.parts[0][2] for u in sides["bn"]} & {u.parts[0][2] for u in sides["hi"]})
        for k, lines in enumerate(chunks(both, rng) if short else [both]):
            langs: tuple[str, ...] = LANGS
            if short and rng.random() < one_language:
                langs = (rng.choice(LANGS),)
            captioned = rng.choice(LANGS) if rng.random() < P_CAPTION else None
            for lang in langs:
                units = [u for u in sides[lang] if u.parts[0][2] in lines] if short else sides[lang]
                units = perturb(units, lang, lang == captioned, rng)
                text, spans, refs = render(units, lang, urls[lang], rng, headings_apart)
                name = f"{doc['doc_id']}#{k}" if short else str(doc["doc_id"])
                kind = mode if len(langs) == 2 else "one-language"
                articles.append((Written("", lang, name, kind, spans, refs), text))
    return articles


def distractor_articles(
    data_dir: Path, rng: random.Random, distractors: int, short: bool, url_no: int
) -> list[tuple[Written, str]]:
    """Runs of real monolingual news sentences as long as the mode's articles; half with a source line unless short."""
    pools = {
        "bn": load_pool(data_dir / "bn-news-bnlp-punct" / "test_news.sentences.bn.txt")
        + load_pool(data_dir / "bn-news-bnlp-punct" / "dev.sentences.bn.txt"),
        "hi": load_pool(data_dir / "hiner-hi" / "validation.sentences.hi.txt"),
    }
    min_run, max_run = (SHORT_MIN, SHORT_MAX) if short else (MIN_RUN, MAX_RUN)
    articles: list[tuple[Written, str]] = []
    for lang in LANGS:
        pool = pools[lang]
        slots = range(0, len(pool) - max_run, max_run)
        if distractors > len(slots):
            raise SystemExit(f"{lang}: at most {len(slots)} distractors from a pool of {len(pool)} sentences")
        for start in sorted(rng.sample(slots, distractors)):  # max_run apart: runs never overlap
            units = [Unit.line(nfc(t), None) for t in pool[start : start + rng.randint(min_run, max_run)]]
            url_no += 1
            url = fake_url(rng, url_no) if not short and rng.random() < 0.5 else None
            text, spans, _ = render(units, lang, url, rng)
            articles.append((Written("", lang, None, "distractor", spans), text))
    return articles


def write_corpus(
    out: Path,
    data_dir: Path,
    seed: int,
    distractors: int,
    shared_url: float,
    evaluation_only: bool = False,
    short: bool = False,
    one_language: float = P_ONE_LANGUAGE,
    dev: bool = False,
) -> list[Written]:
    """Write the corpus; ``evaluation_only`` keeps the odd NTREX documents (the seed lexicon saw the even ones).

    ``evaluation_only`` also puts a line without an end mark in a paragraph
    of its own (see :func:`group`); without it the corpus is the one of the
    figures before issue 16, byte for byte.

    ``dev`` (with ``evaluation_only``): the even documents instead, to tune on
    without touching the odd ones the figures are reported on; the seed
    lexicon learned from these, so lexical evidence is optimistic on them.

    ``short``: every document cut into articles of 3-5 sentences, none with a
    source line; a share ``one_language`` of them written in one language
    only; distractors of the same length.
    """
    rng = random.Random(seed)
    docs = load_ntrex(data_dir / "ntrex128" / "docs.jsonl")
    if evaluation_only:
        keep = seed_documents if dev else evaluation_documents
        docs = [d for n, d in enumerate(docs) if keep(n)]
    articles = ntrex_articles(docs, rng, 0.0 if short else shared_url, short, one_language, evaluation_only)
    articles += distractor_articles(data_dir, rng, distractors, short, 2 * len(docs))
    order = list(range(len(articles)))
    rng.shuffle(order)
    written = []
    for number, k in enumerate(order):
        w, text = articles[k]
        w.id = f"{number:05d}_{w.lang}"
        (out / f"{w.id}.txt").write_text(text, encoding="utf-8")
        written.append(w)
    return sorted(written, key=lambda w: w.id)


# --------------------------------------------------------------------------- scoring


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
