"""The Article model and how plain text becomes one.

Stage: decoded text -> Article.  An article file is a sequence of lines; each
non-empty line is a paragraph (the corpus writes one paragraph per line, with
or without blank lines between them).  The tail holds boilerplate (source
line, comment counter) that is stored but not searchable.  All offsets are
code points into ``Article.text``, the stored text, so anything that points
into an article (sentences, highlights, aligned passages) can be sliced out
of what the API serves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from index.analysis.analyzers import Analysis, analyze_columns
from index.analysis.breaks import sentence_ranges
from index.analysis.textnorm import nfc
from index.extraction import citations, gazetteer

from .langid import detect_language
from .source import date_from_url, find_boilerplate, normalize_url, source_domain

__all__ = [
    "MAX_SEARCHABLE_CHARS",
    "Article",
    "FileInfo",
    "Paragraph",
    "Sentence",
    "parse_article",
]

# Beyond this many code points an article is stored whole but only its
# beginning is searchable: one runaway 50 MB file must not hold the build's
# memory hostage.  The build summary says so for each such file.
MAX_SEARCHABLE_CHARS = 2_000_000

_TITLE_MAX = 160
_HEADING_MAX = 120
_SENTENCE_END = ("।", "॥", ".", "!", "?", "…", "\u0964")
# A photo credit marks its line as a caption: "ছবি: ক্যান থো সংবাদপত্র।",
# "फोटो: ...", "Ảnh: ...", "Photo: ...".
_CAPTION_RE = re.compile(r"(?:^|\s)(?:ছবি|ফটো|छवि|फोटो|फ़ोटो|फ़ोटो|चित्र|photo|ảnh|anh)\s*[:：]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    kind: str  # "body", "heading" or "caption"
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class FileInfo:
    """Where an article came from; the builder's change detection uses it."""

    id: str
    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Article:
    id: str
    lang: str
    title: str
    text: str
    url: str | None
    source: str | None
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]
    provinces: tuple[str, ...]
    resolutions: tuple[str, ...]
    documents: tuple[str, ...]
    file: FileInfo
    encoding: str = "UTF-8"
    warnings: tuple[str, ...] = field(default=())
    # Code points of ``text`` that are searchable (boilerplate and anything
    # past MAX_SEARCHABLE_CHARS are blanked in ``body``).
    searchable_end: int = 0
    # analyze_columns(body()), as parse_article made it for the gazetteer:
    # the builder indexes these tokens rather than analysing the text
    # again.  Not stored (an article read back from the index has None).
    analysis: Analysis | None = field(default=None, repr=False, compare=False)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def body(self) -> str:
        """The searchable text: ``text`` with boilerplate blanked out.

        Boilerplate between paragraphs is replaced by spaces rather than cut
        out, so every offset a token gets from ``body`` is also an offset into
        ``text``; what follows the last paragraph is simply left off.
        """
        return _blanked(self.text, self.paragraphs)

    def metadata(self) -> dict[str, Any]:
        """The fields every view shows for an article (search hits, documents, exports)."""
        return {
            "id": self.id,
            "lang": self.lang,
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "provinces": list(self.provinces),
            "resolutions": list(self.resolutions),
            "documents": list(self.documents),
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole article: metadata, text, paragraphs and sentences (code-point offsets)."""
        return {
            **self.metadata(),
            "text": self.text,
            "paragraphs": [
                {
                    "start": p.start,
                    "end": p.end,
                    "kind": p.kind,
                    "sentences": [
                        {"start": s.start, "end": s.end, "text": self.text[s.start : s.end]} for s in p.sentences
                    ],
                }
                for p in self.paragraphs
            ],
            "file": {
                "path": self.file.path,
                "size": self.file.size,
                "sha256": self.file.sha256,
                "encoding": self.encoding,
            },
            "warnings": list(self.warnings),
        }


def _blanked(text: str, paragraphs: Sequence[Paragraph]) -> str:
    parts: list[str] = []
    pos = 0
    for p in paragraphs:
        parts.append(" " * (p.start - pos))
        parts.append(text[p.start : p.end])
        pos = p.end
    return "".join(parts)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= _HEADING_MAX and not stripped.endswith(_SENTENCE_END)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-") + "…"


def _paragraphs(text: str, spans: list[tuple[int, int]], boilerplate: set[int], searchable_end: int) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for i, (line_start, line_end) in enumerate(spans):
        if i in boilerplate or line_start >= searchable_end:
            continue
        start, end = _trimmed(text, line_start, min(line_end, searchable_end))
        line = text[start:end]
        sentences = tuple(Sentence(start + s, start + e) for s, e in sentence_ranges(line))
        if not sentences:
            continue
        if (":" in line or "：" in line) and _CAPTION_RE.search(line):  # a credit has a colon
            kind = "caption"
        elif not paragraphs and _is_heading(line) and len(spans) > 1:
            kind = "heading"
        else:
            kind = "body"
        paragraphs.append(Paragraph(start, end, kind, sentences))
    return paragraphs


def _title(text: str, paragraphs: list[Paragraph], fallback: str) -> str:
    if paragraphs and paragraphs[0].kind == "heading":
        first = paragraphs[0]
        return _shorten(text[first.start : first.end], _TITLE_MAX)
    if paragraphs:
        sentence = paragraphs[0].sentences[0]
        return _shorten(text[sentence.start : sentence.end], _TITLE_MAX)
    return _shorten(fallback, _TITLE_MAX)


def parse_article(text: str, file: FileInfo, encoding: str = "UTF-8", warnings: tuple[str, ...] = ()) -> Article:
    """Turn decoded, newline-normalised text into an Article.

    ``text`` is stored NFC-normalised: precomposed and decomposed nukta
    letters then look the same to every later stage, offsets included.
    """
    text = nfc(text)
    lines = text.split("\n")
    spans = _line_spans(text)
    tail = find_boilerplate(lines)
    boilerplate = set(tail.comment_lines)
    if tail.source_line is not None:
        boilerplate.add(tail.source_line)

    searchable_end = min(len(text), MAX_SEARCHABLE_CHARS)
    notes = list(warnings)
    if len(text) > MAX_SEARCHABLE_CHARS:
        notes.append(f"only the first {MAX_SEARCHABLE_CHARS:,} of {len(text):,} characters are searchable")
    paragraphs = _paragraphs(text, spans, boilerplate, searchable_end)
    body_text = "\n".join(text[p.start : p.end] for p in paragraphs)
    url = normalize_url(tail.url) if tail.url else None
    title = _title(text, paragraphs, file.id)

    # The article is analysed here, once: the gazetteer reads its terms, and
    # the builder indexes them (Article.analysis).
    body = _blanked(text, paragraphs)
    tokens = analyze_columns(body)
    provinces = gazetteer.find_provinces_in_terms(body, tokens.terms, tokens.starts, [p.start for p in paragraphs])
    if url:
        provinces += [slug for slug in gazetteer.slugs_from_url(url) if slug not in provinces]
    # body_text is NFC: a piece of NFC text is NFC (a mark that a cut leaves
    # at a piece's start has no base to compose with), and a newline neither
    # composes nor reorders with its neighbours.
    cited = citations.extract_citations(body_text, is_nfc=True)
    return Article(
        id=file.id,
        lang=detect_language(body_text),
        title=title,
        text=text,
        url=url,
        source=source_domain(url) if url else None,
        date=date_from_url(url) if url else None,
        paragraphs=tuple(paragraphs),
        provinces=tuple(provinces),
        resolutions=cited.resolutions,
        documents=cited.documents,
        file=file,
        encoding=encoding,
        warnings=tuple(notes),
        searchable_end=searchable_end,
        analysis=tokens,
    )
