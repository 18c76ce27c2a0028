"""Articles to Whoosh documents, and stored fields back to records.

Stage: Article -> field dicts (build time); stored fields -> StoredArticle
(read time).  The two directions sit together so that what is written and
what is read back cannot drift apart.

Each article is analysed once (:func:`index.analysis.analyzers.analyze_columns`, in parse_article); its ``text``
and ``stem`` fields receive that one token list as tuples of terms, which
Whoosh indexes as given, so a token has the same position in both fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import struct
import zlib
from collections.abc import Mapping
from typing import Any

from index.analysis.analyzers import DerivedTerms, analyze_columns, sentence_token_ranges
from index.corpus.article import Article, FileInfo, Paragraph, Sentence
from index.translation.fingerprint import Fingerprint, fingerprint

from .codec.perdoc import deflate
from .schema import KIND_ARTICLE

__all__ = [
    "StoredArticle",
    "article_uid",
    "fileinfo",
    "fingerprint_bytes",
    "fingerprint_data",
    "fingerprint_from_bytes",
    "from_stored",
    "plain_fields",
    "sentence_tokens",
    "to_documents",
]


def article_uid(doc_id: str) -> str:
    return f"a:{doc_id}"


def fileinfo(file: FileInfo) -> str:
    """The change-detection fingerprint stored in the ``fileinfo`` column."""
    return f"{file.sha256} {file.size} {file.mtime_ns}"


def fingerprint_bytes(fp: Fingerprint) -> bytes:
    """A linking fingerprint as stored in the ``fp`` column (zlib JSON)."""
    # The fastest level: every article pays for this once; level 6 saved a few bytes of ~1 KB.
    return deflate(json.dumps(fp.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def fingerprint_data(raw: bytes) -> dict[str, Any]:
    """A stored fingerprint as its dict (``Fingerprint.to_dict``), not made into objects."""
    data: dict[str, Any] = json.loads(zlib.decompress(raw))
    return data


def fingerprint_from_bytes(raw: bytes) -> Fingerprint:
    return Fingerprint.from_dict(fingerprint_data(raw))


def _date_key(date: dt.date | None) -> int:
    return date.year * 10000 + date.month * 100 + date.day if date else 0


def _meta(article: Article) -> str:
    meta = {
        "lang": article.lang,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "date": article.date.isoformat() if article.date else None,
        "provinces": list(article.provinces),
        "resolutions": list(article.resolutions),
        "documents": list(article.documents),
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
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))


def sentence_tokens(raw: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Decode the ``sents`` column: (token count, [(first, end) token position per sentence])."""
    values = struct.unpack(f"<{len(raw) // 4}I", raw)
    return values[0], list(zip(values[1::2], values[2::2], strict=True))


def _sents(token_count: int, ranges: list[tuple[int, int]]) -> bytes:
    # Token positions are indexes into the token list; a sentence covers the
    # tokens that start inside it.  Tokens between sentences (none today)
    # would belong to no sentence.
    return struct.pack(f"<{1 + 2 * len(ranges)}I", token_count, *itertools.chain.from_iterable(ranges))


def to_documents(article: Article) -> list[dict[str, Any]]:
    """The article's Whoosh document (a list, for the writer's sake: one per article)."""
    facets: dict[str, Any] = {
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
        facets["month"] = f"{article.date.year:04d}-{article.date.month:02d}"
    tokens = article.analysis if article.analysis is not None else analyze_columns(article.body())
    ranges = sentence_token_ranges(((s.start, s.end) for s in article.sentences()), tokens.starts)
    article_doc: dict[str, Any] = {
        "uid": article_uid(article.id),
        "kind": KIND_ARTICLE,
        **facets,
        "fileinfo": fileinfo(article.file).encode("ascii"),
        # The fingerprint reuses the analysis: its names and sentence hashes
        # come from these terms, not from another pass over the text.
        "fp": fingerprint_bytes(fingerprint(article, tokens.terms, ranges)),
        "text": tokens.terms,
        # Promises, made into terms only if a writer asks (index.storage.segments derives them).
        "stem": tokens.stems,
        "key": tokens.keys,
        "sents": _sents(len(tokens.starts), ranges),
        # Raw UTF-8: the codec compresses each document's stored fields as one
        # value (index.storage.codec.perdoc), so compressing here too would be
        # a second pass over the text.
        "content": article.text.encode("utf-8"),
        "meta": _meta(article),
    }
    if article.url:
        article_doc["url"] = article.url
    return [article_doc]


def plain_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A document of :func:`to_documents` as Whoosh's own writer takes it: derived terms (stem, key) as tuples."""
    return {name: value.terms() if isinstance(value, DerivedTerms) else value for name, value in doc.items()}


# What the index gives back is an Article like the one that went in (its
# boilerplate-free ``body`` and its offsets included); the name says where it
# came from.
StoredArticle = Article


def from_stored(fields: Mapping[str, Any]) -> Article:
    """Rebuild an article record from an article document's stored fields."""
    meta = json.loads(fields["meta"])
    paragraphs = tuple(
        Paragraph(start, end, kind, tuple(Sentence(s, e) for s, e in sentences))
        for start, end, kind, sentences in meta["paragraphs"]
    )
    f = meta["file"]
    date = meta.get("date")
    return Article(
        id=fields["doc"],
        lang=meta["lang"],
        title=meta.get("title") or "",
        text=fields["content"].decode("utf-8"),
        url=meta.get("url"),
        source=meta.get("source"),
        date=dt.date.fromisoformat(date) if date else None,
        provinces=tuple(meta.get("provinces", ())),
        resolutions=tuple(meta.get("resolutions", ())),
        documents=tuple(meta.get("documents", ())),
        paragraphs=paragraphs,
        file=FileInfo(id=fields["doc"], path=f["path"], size=f["size"], mtime_ns=f["mtime_ns"], sha256=f["sha256"]),
        encoding=meta.get("encoding", "UTF-8"),
        warnings=tuple(meta.get("warnings", ())),
        searchable_end=paragraphs[-1].end if paragraphs else 0,
    )
