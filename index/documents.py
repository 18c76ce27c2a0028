"""Articles to Whoosh documents, and stored fields back to records.

Stage: Article -> field dicts (build time); stored fields -> StoredArticle
(read time).  The two directions sit together so that what is written and
what is read back cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .article import Article, FileInfo, Paragraph, Sentence
from .schema import KIND_ARTICLE, KIND_SENTENCE

__all__ = ["StoredArticle", "article_uid", "sentence_uid", "to_documents", "from_stored"]


def article_uid(doc_id: str) -> str:
    return f"a:{doc_id}"


def sentence_uid(doc_id: str, n: int) -> str:
    return f"s:{doc_id}#{n}"


def fileinfo(file: FileInfo) -> str:
    """The change-detection fingerprint stored in the ``fileinfo`` column."""
    return f"{file.sha256} {file.size} {file.mtime_ns}"


def _date_key(date: dt.date | None) -> int:
    return date.year * 10000 + date.month * 100 + date.day if date else 0


def to_documents(article: Article) -> Iterator[dict[str, Any]]:
    """The article document followed by one document per sentence."""
    facets = {
        "doc": article.id,
        "lang": article.lang,
        "province": ",".join(article.provinces),
        "resolution": ",".join(article.resolutions),
        "documents": ",".join(article.documents),
        "date_key": _date_key(article.date),
    }
    if article.source:
        facets["source"] = article.source
    if article.date:
        facets["year"] = str(article.date.year)
    body = article.body()
    meta = {
        "paragraphs": [[p.start, p.end, p.kind, [[s.start, s.end] for s in p.sentences]] for p in article.paragraphs],
        "file": {
            "path": article.file.path,
            "size": article.file.size,
            "mtime_ns": article.file.mtime_ns,
            "sha256": article.file.sha256,
        },
        "encoding": article.encoding,
        "warnings": list(article.warnings),
    }
    article_doc: dict[str, Any] = {
        "uid": article_uid(article.id),
        "kind": KIND_ARTICLE,
        "fileinfo": fileinfo(article.file).encode("ascii"),
        **facets,
        "text": body,
        "stem": body,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "content": article.text,
        "meta": json.dumps(meta, ensure_ascii=False, separators=(",", ":")),
    }
    if article.url:
        article_doc["url"] = article.url
    yield article_doc
    for n, sentence in enumerate(article.sentences()):
        piece = article.text[sentence.start : sentence.end]
        yield {
            "uid": sentence_uid(article.id, n),
            "kind": KIND_SENTENCE,
            **facets,
            "sent": piece,
            "sent_stem": piece,
            "n": n,
            "start": sentence.start,
            "end": sentence.end,
        }


@dataclass(frozen=True)
class StoredArticle:
    """An article as read back from the index (what the UI and API serve)."""

    id: str
    lang: str
    title: str
    text: str
    url: str | None
    source: str | None
    date: dt.date | None
    provinces: tuple[str, ...]
    resolutions: tuple[str, ...]
    documents: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    file: FileInfo
    encoding: str
    warnings: tuple[str, ...]
    group: str | None = None

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def from_stored(fields: Mapping[str, Any]) -> StoredArticle:
    """Rebuild an article record from an article document's stored fields."""
    meta = json.loads(fields["meta"])
    paragraphs = tuple(
        Paragraph(start, end, kind, tuple(Sentence(s, e) for s, e in sentences))
        for start, end, kind, sentences in meta["paragraphs"]
    )
    f = meta["file"]
    date = fields.get("date")
    return StoredArticle(
        id=fields["doc"],
        lang=fields["lang"],
        title=fields.get("title") or "",
        text=fields.get("content") or "",
        url=fields.get("url"),
        source=fields.get("source"),
        date=dt.date.fromisoformat(date) if date else None,
        provinces=_split(fields.get("province")),
        resolutions=_split(fields.get("resolution")),
        documents=_split(fields.get("documents")),
        paragraphs=paragraphs,
        file=FileInfo(id=fields["doc"], path=f["path"], size=f["size"], mtime_ns=f["mtime_ns"], sha256=f["sha256"]),
        encoding=meta.get("encoding", "UTF-8"),
        warnings=tuple(meta.get("warnings", ())),
        group=fields.get("group"),
    )
