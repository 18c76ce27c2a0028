"""What a build did, and the error it raises when it cannot.

Stage: the build's outcome.  :class:`BuildReport` is filled by the builder
(index.pipeline.builder) and, a chunk of files each, by its writers
(index.pipeline.workers); the CLI prints it and ``last-build.json`` keeps
its ``to_dict()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.corpus.files import Skipped

from .groups import TranslationReport
from .timeline import Timeline

__all__ = ["BuildError", "BuildReport"]


class BuildError(Exception):
    """The build could not produce an index; the message says why."""


@dataclass
class BuildReport:
    corpus_dir: str
    index_dir: str
    mode: str = "incremental"  # "full" or "incremental"
    generation: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    sentences: int = 0
    bytes_indexed: int = 0
    seconds: float = 0.0
    translations: TranslationReport = field(default_factory=TranslationReport)
    timeline: Timeline = field(default_factory=Timeline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus_dir": self.corpus_dir,
            "index_dir": self.index_dir,
            "mode": self.mode,
            "generation": self.generation,
            "added": len(self.added),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "skipped": [{"id": s.id, "path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": [{"id": i, "warning": w} for i, w in self.warnings],
            "articles": self.articles,
            "sentences": self.sentences,
            "bytes_indexed": self.bytes_indexed,
            "translations": self.translations.to_dict(),
            "seconds": round(self.seconds, 3),
            "timeline": self.timeline.to_dict(),
        }
