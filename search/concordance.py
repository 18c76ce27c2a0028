"""A parallel concordance: one line per match, its context, and the aligned sentence.

Stage: search (sentence level).  The sentences a request selects (the same
selection as passage search, aligned-side filters included) are read for
the positions of what the query marks (search.occurrences): one line per
occurrence, a phrase counted once at its first word.  Sorting by document
or by score needs only these positions; sorting by the words around the
match reads each line's sentence, and orders the words by the ICU collator
of the line's language (Bengali for ``bn``, Hindi for ``hi``): ``right``
compares the words after the match in reading order, ``left`` the words
before it read outwards from the match.  A costly order is kept in the
generation's result cache, so the next page and the exports reuse it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import icu
import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.interface import StoredArticle, analyze, article_uid, from_stored

from .alternatives import marked_alternatives
from .errors import BadRequest, NotFound
from .facets import FacetIndex
from .highlight import find_matches, segments
from .levels import Level
from .notes import Note
from .occurrences import Occurrences
from .parallel import Group, load_group
from .query import ParsedQuery, parse_query
from .request import MAX_PAGE, SearchRequest, int_param
from .sentence_scores import SentenceScores
from .sentences import SentenceMap
from .tree import Highlights

__all__ = [
    "CONCORDANCE_SORTS",
    "ConcordanceLine",
    "ConcordanceRequest",
    "ConcordanceResult",
    "Concordancer",
    "LineText",
    "collation_key",
]

CONCORDANCE_SORTS = ("doc", "left", "right", "score")
DEFAULT_CONTEXT = 8
MAX_CONTEXT = 40
# Sorting by context and the frequency tables read the sentence of every line
# (about 0.1-0.3 ms a line: the stored article, its word breaks); past this many
# lines the request is refused with what to change rather than left running.
MAX_READ_LINES = 10_000

_collators = threading.local()


def collation_key(lang: str, words: list[str]) -> tuple[bytes, ...]:
    """The words' ICU sort keys for ``lang``, word by word (compared as a tuple: fewer words first)."""
    # ICU collators keep state while they work: one per thread and language.
    cache: dict[str, icu.Collator] = _collators.__dict__.setdefault("by_lang", {})
    collator = cache.get(lang)
    if collator is None:
        collator = cache[lang] = icu.Collator.createInstance(icu.Locale(lang or "root"))
    return tuple(bytes(collator.getSortKey(w)) for w in words)


@dataclass(frozen=True)
class ConcordanceRequest:
    """A sentence-level search, the context width in words and the order of its lines."""

    search: SearchRequest
    context: int = DEFAULT_CONTEXT
    sort: str = "doc"

    @classmethod
    def create(cls, search: SearchRequest, context: Any = None, sort: str | None = None) -> ConcordanceRequest:
        order = (sort or "doc").strip().lower()
        if order not in CONCORDANCE_SORTS:
            known = ", ".join(CONCORDANCE_SORTS)
            raise BadRequest(f"sort must be one of {known} for a concordance, not {order[:40]!r}.")
        width = int_param("context", context, DEFAULT_CONTEXT, 0, MAX_CONTEXT, "words each side of the match")
        return cls(search, width, order)

    def to_dict(self) -> dict[str, Any]:
        return {**self.search.to_dict(), "sort": self.sort, "context": self.context}

    def cache_key(self) -> str:
        """What the order of the lines depends on (not the page)."""
        data = {k: v for k, v in self.to_dict().items() if k not in ("page", "per_page", "include")}
        return "concordance:" + json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class LineText:
    """One match in its sentence: offsets into the article text, words around it."""

    docnum: int
    n: int  # the sentence's number in its article
    article: StoredArticle
    start: int
    end: int
    left: str
    right: str
    left_words: tuple[str, ...]
    right_words: tuple[str, ...]
    # The sentence's span in the article text.
    sentence_start: int = 0
    sentence_end: int = 0
    # Exact terms of the words (up to ``window``) each side, nearest first: collocations.
    near: tuple[str, ...] = ()

    @property
    def match(self) -> str:
        return self.article.text[self.start : self.end]


@dataclass(frozen=True)
class ConcordanceLine:
    text: LineText
    parallel: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        t, a = self.text, self.text.article
        return {
            "id": a.id,
            "lang": a.lang,
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "sentence": t.n,
            "text": a.text[t.sentence_start : t.sentence_end],
            "left": t.left,
            "match": t.match,
            "right": t.right,
            "start": t.start,
            "end": t.end,
            "parallel": self.parallel,
        }


@dataclass(frozen=True)
class ConcordanceResult:
    request: ConcordanceRequest
    query: ParsedQuery
    total: int
    sentences: int
    lines: tuple[ConcordanceLine, ...]
    took_ms: float = 0.0
    notes: tuple[Note, ...] = field(default=())

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.search.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "query": {**self.request.to_dict(), **self.query.to_dict()},
            "total": self.total,
            "sentences": self.sentences,
            "page": self.request.search.page,
            "per_page": self.request.search.per_page,
            "pages": self.pages,
            "last_page": min(self.pages, MAX_PAGE),
            "took_ms": round(self.took_ms, 1),
            "lines": [line.to_dict() for line in self.lines],
            "notes": [n.to_dict() for n in self.notes],
        }


def occurrences(
    h: Highlights,
    reader: IndexReader,
    occ: Occurrences,
    sentences: SentenceMap,
    selected: np.ndarray,
    ids: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every marked occurrence in the ``selected`` sentences: (sentence id, word in the sentence, words long).

    ``ids``: ``np.flatnonzero(selected)`` if the caller has it.
    """
    sids = np.flatnonzero(selected) if ids is None else ids
    docs = np.unique(sentences.article[sids])
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for alt in marked_alternatives(h, reader) if docs.size else []:
        docnums, counts, positions = occ.positions([alt], docs)
        if not positions.size:
            continue
        axis = np.repeat(sentences.token_base[docnums], counts) + positions
        sid = np.maximum(np.searchsorted(sentences.first, axis, side="right") - 1, 0)
        width = len(alt[1])
        keep = (axis >= sentences.first[sid]) & (axis + width <= sentences.end[sid]) & selected[sid]
        sid, axis = sid[keep], axis[keep]
        found.append((sid, axis - sentences.first[sid], np.full(sid.size, width, dtype=np.int64)))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    sid, local, length = (np.concatenate(parts) for parts in zip(*found, strict=True))
    # One line per place: a word marked as its exact form and its stem, or a
    # phrase starting on a marked word, counts once (the longest).
    order = np.lexsort((-length, local, sid))
    sid, local, length = sid[order], local[order], length[order]
    first = np.ones(sid.size, dtype=bool)
    first[1:] = (sid[1:] != sid[:-1]) | (local[1:] != local[:-1])
    return sid[first], local[first], length[first]


class Concordancer:
    """The lines of one concordance request, in order; reads sentences on demand (one request, one thread)."""

    def __init__(
        self,
        request: ConcordanceRequest,
        parsed: ParsedQuery,
        fi: FacetIndex,
        searcher: Searcher,
        selected: np.ndarray,
        scores: SentenceScores | None,
        occ: Occurrences,
        notes: tuple[Note, ...] = (),
        ids: np.ndarray | None = None,
    ) -> None:
        """``ids``: the selected sentences' ids, ascending (``np.flatnonzero(selected)``), if the caller has them."""
        self.request, self.parsed, self.fi, self.searcher, self.notes = request, parsed, fi, searcher, notes
        self.h = parsed.highlights()
        if self.h.empty:
            raise BadRequest("A concordance centres lines on words: give q a word, a phrase or a prefix (word*).")
        self._articles: dict[int, StoredArticle] = {}
        self._groups: dict[str, Group | None] = {}
        # The selection is read once: its ids, given or found here (4 million sentences at 100k).
        ids = np.flatnonzero(selected) if ids is None else ids
        self.sentences_selected = int(ids.size)
        other = request.search.parallel_q
        self.other_h = self.h.merged(parse_query(other).highlights()) if other else self.h
        reader = searcher.reader()
        cache, key = fi.results, request.cache_key()
        cached = cache.get(key)
        if cached is not None:
            self.sid, self.local, self.length = (cached[i].astype(np.int64) for i in range(3))
            return
        sid, local, length = occurrences(self.h, reader, occ, fi.sentences, selected, ids)
        if request.sort in ("left", "right"):
            self.check_readable(sid.size, f"sort={request.sort}")
        order = self._order(sid, local, length, scores)
        self.sid, self.local, self.length = sid[order], local[order], length[order]
        if request.sort in ("left", "right"):
            cache.put(key, np.stack([self.sid, self.local, self.length]))

    @property
    def total(self) -> int:
        return int(self.sid.size)

    @staticmethod
    def check_readable(lines: int, what: str) -> None:
        """A BadRequest when ``what`` would read more than MAX_READ_LINES sentences."""
        if lines > MAX_READ_LINES:
            raise BadRequest(
                f"{what} reads the sentence of every line: this concordance has {lines:,} lines and at most "
                f"{MAX_READ_LINES:,} can be read; add a filter (lang, year, source, province) or a word, "
                f"or use sort=doc or sort=score, which page through any number of lines."
            )

    def result(self, lines: tuple[ConcordanceLine, ...], took_ms: float) -> ConcordanceResult:
        return ConcordanceResult(
            self.request, self.parsed, self.total, self.sentences_selected, lines, took_ms, self.notes
        )

    def article(self, docnum: int) -> StoredArticle:
        found = self._articles.get(docnum)
        if found is None:
            if len(self._articles) > 512:  # lines come article by article: keep memory flat
                self._articles.clear()
            found = self._articles[docnum] = from_stored(self.searcher.stored_fields(docnum))
        return found

    def _group(self, doc_id: str) -> Group | None:
        if doc_id not in self._groups:
            self._groups[doc_id] = load_group(self.searcher, doc_id, self.fi)
        return self._groups[doc_id]

    def _by_id(self, doc_id: str) -> StoredArticle:
        docnum = self.searcher.document_number(uid=article_uid(doc_id))
        if docnum is None:
            raise NotFound(f"No document with id {doc_id[:80]!r}; search for it or check the id.")
        return self.article(docnum)

    def _order(
        self, sid: np.ndarray, local: np.ndarray, length: np.ndarray, scores: SentenceScores | None
    ) -> np.ndarray:
        by_id = self.fi.id_order[Level.SENTENCE][sid]
        sort = self.request.sort
        if sort == "doc" or (sort == "score" and scores is None):
            return np.lexsort((local, by_id))
        if sort == "score":
            assert scores is not None
            return np.lexsort((local, by_id, -scores[sid]))
        keys = []
        for i, t in self._indexed_texts(sid, local, length):
            words = list(t.right_words) if sort == "right" else list(reversed(t.left_words))
            keys.append((collation_key(t.article.lang, words), int(by_id[i]), int(local[i]), i))
        keys.sort()
        # A line the text no longer matches has no context to sort by: last, in document order.
        placed = {k[-1] for k in keys}
        rest = [i for i in np.lexsort((local, by_id)).tolist() if i not in placed]
        return np.asarray([k[-1] for k in keys] + rest, dtype=np.int64)

    def texts(self, sid: np.ndarray, local: np.ndarray, length: np.ndarray, window: int = 0) -> Iterator[LineText]:
        """Each line's match and context, read from its sentence (lines the text no longer matches are skipped)."""
        for _, text in self._indexed_texts(sid, local, length, window):
            yield text

    def _indexed_texts(
        self, sid: np.ndarray, local: np.ndarray, length: np.ndarray, window: int = 0
    ) -> Iterator[tuple[int, LineText]]:
        """:meth:`texts`, each with the index of its line in the arrays given (skipped lines leave gaps)."""
        width = self.request.context
        tokens_of: dict[int, list[tuple[str, str, int, int]]] = {}
        for k, (s, i, n) in enumerate(zip(sid.tolist(), local.tolist(), length.tolist(), strict=True)):
            docnum, number = self.fi.sentences.number(s)
            article = self.article(docnum)
            sentence = article.sentences()[number]
            tokens = tokens_of.get(s)
            if tokens is None:
                base = sentence.start
                tokens = [(t, st, a + base, b + base) for t, st, a, b in analyze(article.text[base : sentence.end])]
                tokens_of = {s: tokens}  # lines come sentence by sentence: keep one
            j = i + n - 1
            if j >= len(tokens):
                continue
            lo, hi = max(0, i - width), min(len(tokens), j + 1 + width)
            left_from = sentence.start if lo == 0 else tokens[lo][2]
            right_to = sentence.end if hi == len(tokens) else tokens[hi - 1][3]
            text = article.text
            near: tuple[str, ...] = ()
            if window:
                before = tokens[max(0, i - window) : i]
                near = tuple(t[0] for t in reversed(before)) + tuple(t[0] for t in tokens[j + 1 : j + 1 + window])
            yield (
                k,
                LineText(
                    docnum,
                    number,
                    article,
                    tokens[i][2],
                    tokens[j][3],
                    text[left_from : tokens[i][2]],
                    text[tokens[j][3] : right_to],
                    tuple(text[a:b] for _, _, a, b in tokens[lo:i]),
                    tuple(text[a:b] for _, _, a, b in tokens[j + 1 : hi]),
                    sentence.start,
                    sentence.end,
                    near,
                ),
            )

    def page(self, page: int, per_page: int) -> tuple[ConcordanceLine, ...]:
        first = (page - 1) * per_page
        if first >= self.total and page > 1:
            pages = max(1, -(-self.total // per_page))
            raise BadRequest(f"page {page} is past the end: this concordance has {pages} page(s) of {per_page}.")
        return self.lines(first, first + per_page)

    def lines(self, start: int, stop: int) -> tuple[ConcordanceLine, ...]:
        cut = slice(start, stop)
        texts = self.texts(self.sid[cut], self.local[cut], self.length[cut])
        return tuple(ConcordanceLine(t, self._parallel(t)) for t in texts)

    def _parallel(self, t: LineText) -> dict[str, Any] | None:
        """The aligned sentence in the first translation (by id); null for an article with none."""
        doc_id = t.article.id
        group = self._group(doc_id)
        if group is None:
            return None
        for tr in group.translations(doc_id):
            for src, tgt, score in group.beads(doc_id, tr.id) or []:
                if t.n not in src:
                    continue
                counts = (len(src), len(tgt)) if doc_id < tr.id else (len(tgt), len(src))
                out: dict[str, Any] = {"id": tr.id, "lang": tr.lang, "text": "", "segments": [], "start": None}
                out.update({"end": None, "sentences": list(tgt), "score": round(float(score), 4)})
                out["bead"] = f"{counts[0]}-{counts[1]}"
                if tgt:
                    other = self._by_id(tr.id)
                    sents = other.sentences()
                    start, end = sents[tgt[0]].start, sents[tgt[-1]].end
                    marks = find_matches(other.text, self.other_h, start, end)
                    out.update(text=other.text[start:end], start=start, end=end)
                    out["segments"] = [r.to_dict() for r in segments(other.text, start, end, marks)]
                return out
        return None
