"""Integrity check and statistics of a built index (`setu check`).

Stage: published index -> report.  Counts articles per language and facet,
and verifies what the rest of the system relies on: the live generation is
complete, every article's stored metadata parses, paragraph and sentence
offsets lie inside its text and in order, and every sentence document
matches its article.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import from_stored
from .schema import FACET_FIELDS, KIND_ARTICLE, KIND_SENTENCE, SCHEMA_VERSION
from .store import IndexMissing, current_generation, open_index

__all__ = ["CheckReport", "check_index"]


@dataclass
class CheckReport:
    index_dir: str
    generation: str = ""
    articles: int = 0
    sentences: int = 0
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
            "facets": self.facets,
            "problems": self.problems,
            "last_build": self.last_build,
        }


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


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
    try:
        meta = json.loads((gen / "setu.json").read_text(encoding="utf-8")) if gen else {}
        if meta.get("schema_version") != SCHEMA_VERSION:
            report.problems.append(
                f"schema version {meta.get('schema_version')} but this Setu needs {SCHEMA_VERSION}: run setu build --rebuild"
            )
    except (OSError, ValueError):
        report.problems.append("setu.json is missing or damaged in the live generation")

    def problem(message: str) -> None:
        if len(report.problems) < max_problems:
            report.problems.append(message)

    with ix.searcher() as searcher:
        reader = searcher.reader()
        live = set(reader.all_doc_ids())
        articles = {d for d in reader.postings("kind", KIND_ARTICLE).all_ids() if d in live} if live else set()
        sentences = {d for d in reader.postings("kind", KIND_SENTENCE).all_ids() if d in live} if live else set()
        report.articles, report.sentences = len(articles), len(sentences)
        doc_col = reader.column_reader("doc")
        sentence_counts = Counter(_text(doc_col[d]) for d in sentences)
        for name in FACET_FIELDS:
            counts: dict[str, int] = {}
            if name in reader.indexed_field_names():
                for term in reader.lexicon(name):
                    value = _text(term)
                    n = sum(1 for d in reader.postings(name, term).all_ids() if d in articles)
                    if n:
                        counts[value] = n
            report.facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        seen: set[str] = set()
        for docnum in sorted(articles):
            fields = reader.stored_fields(docnum)
            doc_id = fields.get("doc", f"#{docnum}")
            if doc_id in seen:
                problem(f"{doc_id}: indexed twice")
            seen.add(doc_id)
            try:
                article = from_stored(fields)
            except (KeyError, ValueError, TypeError) as exc:
                problem(f"{doc_id}: stored metadata unreadable ({exc})")
                continue
            length, prev_end = len(article.text), 0
            for p in article.paragraphs:
                if not (prev_end <= p.start < p.end <= length):
                    problem(f"{doc_id}: paragraph {p.start}-{p.end} outside the text or out of order")
                for s in p.sentences:
                    if not (p.start <= s.start < s.end <= p.end):
                        problem(f"{doc_id}: sentence {s.start}-{s.end} outside its paragraph {p.start}-{p.end}")
                prev_end = p.end
            expected = len(article.sentences())
            if sentence_counts.get(doc_id, 0) != expected:
                problem(f"{doc_id}: {sentence_counts.get(doc_id, 0)} sentence documents, expected {expected}")
        orphans = set(sentence_counts) - seen
        for doc_id in sorted(orphans)[:10]:
            problem(f"{doc_id}: sentence documents without their article")
    return report
