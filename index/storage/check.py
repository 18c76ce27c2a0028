"""Integrity check and statistics of a built index (`setu check`).

Stage: published index -> report.  Counts articles per language and facet,
and verifies what the rest of the system relies on: the live generation is
complete, every article's stored metadata parses, paragraph and sentence
offsets lie inside its text and in order, and every article's sentence
token map (the ``sents`` column passage search uses) covers its sentences
in order within its tokens.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.reading import IndexReader

from index.compat import segment_terms

from .codec import SetuTermsReader
from .documents import StoredArticle, article_uid, from_stored, sentence_tokens
from .generations import META, IndexMissing, current_generation, open_index
from .repeats import stored_repeats
from .schema import FACET_FIELDS, KIND_ARTICLE, KIND_GROUP, SCHEMA_VERSION
from .terms import live_docnums, term_text

__all__ = ["CheckReport", "check_index"]


@dataclass
class CheckReport:
    index_dir: str
    generation: str = ""
    articles: int = 0
    sentences: int = 0
    groups: int = 0
    # Articles that repeat one text (index.translation.repeats): member ids, the first first.
    repeats: list[list[str]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    last_build: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "index_dir": self.index_dir,
            "generation": self.generation,
            "articles": self.articles,
            "sentences": self.sentences,
            "translation_groups": self.groups,
            "repeat_groups": self.repeats,
            "facets": self.facets,
            "problems": self.problems,
            "last_build": self.last_build,
        }


class _Problems:
    """Collects problems up to a cap (a broken index must not flood the report)."""

    def __init__(self, report: CheckReport, cap: int) -> None:
        self.report, self.cap = report, cap

    def __call__(self, message: str) -> None:
        if len(self.report.problems) < self.cap:
            self.report.problems.append(message)


def _schema_problem(gen: Path | None) -> str | None:
    try:
        meta = json.loads((gen / META).read_text(encoding="utf-8")) if gen else {}
    except (OSError, ValueError):
        return "setu.json is missing or damaged in the live generation"
    if meta.get("schema_version") != SCHEMA_VERSION:
        found = meta.get("schema_version")
        return f"schema version {found} but this Setu needs {SCHEMA_VERSION}: run setu build --rebuild"
    return None


def _facet_counts(reader: IndexReader, articles: set[int]) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        counts: dict[str, int] = {}
        if name in reader.indexed_field_names():
            for term in reader.lexicon(name):
                n = sum(1 for d in reader.postings(name, term).all_ids() if d in articles)
                if n:
                    counts[term_text(term)] = n
        facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return facets


def _check_article(article: StoredArticle, sents: bytes | None, problem: _Problems) -> None:
    doc_id, length, prev_end = article.id, len(article.text), 0
    for p in article.paragraphs:
        if not (prev_end <= p.start < p.end <= length):
            problem(f"{doc_id}: paragraph {p.start}-{p.end} outside the text or out of order")
        for s in p.sentences:
            if not (p.start <= s.start < s.end <= p.end):
                problem(f"{doc_id}: sentence {s.start}-{s.end} outside its paragraph {p.start}-{p.end}")
        prev_end = p.end
    expected = len(article.sentences())
    try:
        tokens, spans = sentence_tokens(sents or b"")
    except Exception as exc:  # struct.error, IndexError: a damaged column value
        problem(f"{doc_id}: sentence token map unreadable ({exc})")
        return
    if len(spans) != expected:
        problem(f"{doc_id}: sentence token map has {len(spans)} sentences, expected {expected}")
    prev = 0
    for first, end in spans:
        if not (prev <= first <= end <= tokens):
            problem(f"{doc_id}: sentence tokens {first}-{end} out of order or past the {tokens} tokens")
            break
        prev = end


def _check_documents(reader: IndexReader, report: CheckReport, problem: _Problems) -> None:
    live = sorted(reader.all_doc_ids())
    articles = set(reader.postings("kind", KIND_ARTICLE).all_ids()) & set(live) if live else set()
    groups = set(live_docnums(reader, "kind", KIND_GROUP)) & set(live)
    report.groups = len(groups)
    report.repeats = sorted(stored_repeats(reader))
    for members in report.repeats:
        missing = [m for m in members if ("uid", article_uid(m)) not in reader]
        if missing:
            problem(f"repeat group {members[0]}: member(s) not in the index: {', '.join(missing[:5])}")
    sents_col = reader.column_reader("sents")
    report.articles = len(articles)
    report.facets = _facet_counts(reader, articles)
    seen: set[str] = set()
    for docnum in sorted(articles):
        fields = reader.stored_fields(docnum)
        doc_id = fields.get("doc", f"#{docnum}")
        if doc_id in seen:
            problem(f"{doc_id}: indexed twice")
        seen.add(doc_id)
        try:
            article = from_stored(fields)
        except (KeyError, ValueError, TypeError, zlib.error) as exc:
            problem(f"{doc_id}: stored metadata unreadable ({exc})")
            continue
        report.sentences += len(article.sentences())
        _check_article(article, sents_col[docnum], problem)


def check_index(index_dir: Path, max_problems: int = 100) -> CheckReport:
    """Check the live generation of ``index_dir``; never raises for damage."""
    index_dir = Path(index_dir)
    report = CheckReport(index_dir=str(index_dir))
    try:
        report.last_build = json.loads((index_dir / "last-build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report.last_build = None
    try:
        gen = current_generation(index_dir)
        ix = open_index(index_dir)
    except (IndexMissing, OSError) as exc:
        report.problems.append(str(exc))
        return report
    except Exception as exc:  # a damaged Whoosh TOC raises many types
        report.problems.append(f"the index cannot be opened: {type(exc).__name__}: {exc}")
        return report
    report.generation = gen.name if gen else ""
    schema_problem = _schema_problem(gen)
    if schema_problem:
        report.problems.append(schema_problem)
    with ix.searcher() as searcher:
        problem = _Problems(report, max_problems)
        _check_postings(searcher.reader(), problem)
        _check_documents(searcher.reader(), report, problem)
    return report


def _check_postings(reader: IndexReader, problem: _Problems) -> None:
    """The compact term tables of every segment (index.storage.codec) are in order and point inside their files."""
    for leaf, _ in reader.leaf_readers():
        terms = segment_terms(leaf)
        if not isinstance(terms, SetuTermsReader):
            problem(f"segment {leaf.segment().segment_id()} was not written by Setu's codec")
            continue
        for message in terms.problems():
            problem(f"segment {leaf.segment().segment_id()}: {message}")
