"""The one search function behind the HTML page, the JSON API and the CLI.

Stage: SearchRequest -> SearchResult.  A request's query is parsed and
analysed once (search.query); its tree is matched over posting lists
(search.matching), ranked (search.ranking), counted per facet
(search.facets) and its page of hits highlighted (search.highlight), all
from that one analysis.  An Engine opens the index once, notices when a
build publishes a new generation or commits an update (and then reopens
without a restart), lends each call a searcher from a small pool and keeps
per-generation arrays (search.facets.FacetIndex, built once per
generation) that are safe to share because a Whoosh generation never
changes once written.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from whoosh.index import Index
from whoosh.searching import Searcher

from index.interface import (
    KIND_GROUP,
    IndexMissing,
    StoredArticle,
    article_uid,
    current_generation,
    from_stored,
    live_docnums,
    open_index,
    read_lexicon,
    repeat_docnums,
    term_text,
)

from .aligned import Restriction, aligned_restriction, refuse_for_articles
from .alternatives import EXACT_FIELD, KEY_FIELD, STEM_FIELD
from .bridge import bridge, crossed
from .collocations import Collocate, Form, collocates, forms
from .concordance import ConcordanceLine, Concordancer, ConcordanceRequest, ConcordanceResult
from .dates import INTERVALS
from .equivalents import BilingualLexicon, Equivalents, equivalents_of
from .errors import BadRequest, NotFound, Unavailable
from .facets import FacetIndex
from .highlight import find_matches, marked_sentences, segments, snippets
from .levels import Level
from .matching import match_mask
from .notes import Note, check_typed_values, filter_notes, query_notes
from .occurrences import Occurrences
from .parallel import Group, Parallel, SentencePairs, aligned_sentences, build_parallel, load_group, stored_group
from .query import ParsedQuery, parse_query
from .ranking import article_partners
from .repeats import Repeats
from .request import SearchRequest
from .results import Document, Hit, PassageHit, PassageResult, SearchResult, Translation
from .selection import Selected, matched, select
from .suggest import Lexicon, Suggestion, suggestions
from .tree import Highlights
from .trend import Trend, count_periods, lang_codes

__all__ = ["Engine"]


# Open searchers kept for reuse: one per concurrent request is enough
# (`setu serve --threads`, 2 by default, up to 64).
_POOL_SIZE = 16


_DOC_ID_BAD = re.compile(r"(^|/)\.\.?(/|$)|^/|\\|[\x00-\x1f]")


def _check_ids(*doc_ids: str) -> None:
    for value in doc_ids:
        if not value or len(value) > 1024 or _DOC_ID_BAD.search(value):
            raise NotFound(f"No document with id {value[:80]!r}: ids are corpus paths like 000_45f867eacd813f2e.")


class Engine:
    """Search an index folder; safe to share between threads."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._facets_building = threading.Lock()
        self._ix: Index | None = None
        self._gen: Path | None = None
        self._facets: dict[tuple[str, int], FacetIndex] = {}
        self._pool: list[tuple[tuple[str, int], Searcher]] = []
        # Pooled searchers hold open files: close them when the Engine goes.
        weakref.finalize(self, Engine._close_pool, self._pool)

    @staticmethod
    def _close_pool(pool: list[tuple[tuple[str, int], Searcher]]) -> None:
        for _, s in pool:
            s.close()
        pool.clear()

    # -- index lifecycle --------------------------------------------------

    def _index(self) -> tuple[Index, str]:
        try:
            gen = current_generation(self.index_dir)
        except IndexMissing as exc:
            raise Unavailable(str(exc)) from exc
        with self._lock:
            if self._ix is None or gen != self._gen:
                try:
                    self._ix = open_index(self.index_dir, readonly=True)
                except IndexMissing as exc:
                    raise Unavailable(str(exc)) from exc
                self._gen = gen
                self._facets.clear()  # docnums of the old generation mean nothing now
            return self._ix, gen.name if gen else ""

    @contextmanager
    def _searcher(self) -> Iterator[tuple[Searcher, FacetIndex]]:
        ix, gen = self._index()
        # Opening a searcher opens every segment file, so open ones are kept
        # in a small pool for as long as the index does not change (same
        # generation folder, same Whoosh commit).  A searcher serves one
        # request at a time: Whoosh searchers are not shared between threads.
        state = (gen, ix.latest_generation())
        s = self._checkout(ix, state)
        try:
            yield s, self._facet_index(gen, s)
        finally:
            self._checkin(state, s)

    def _checkout(self, ix: Index, state: tuple[str, int]) -> Searcher:
        stale = []
        found = None
        with self._lock:
            while self._pool and found is None:
                pooled_state, pooled = self._pool.pop()
                if pooled_state == state:
                    found = pooled
                else:
                    stale.append(pooled)
        for old in stale:
            old.close()
        return found if found is not None else ix.searcher()

    def _checkin(self, state: tuple[str, int], s: Searcher) -> None:
        with self._lock:
            if len(self._pool) < _POOL_SIZE and (not self._pool or self._pool[-1][0] == state):
                self._pool.append((state, s))
                return
        s.close()

    def close(self) -> None:
        """Close the pooled searchers (the Engine reopens on the next call)."""
        with self._lock:
            pool = list(self._pool)
            self._pool.clear()
        self._close_pool(pool)

    def _facet_index(self, gen: str, s: Searcher) -> FacetIndex:
        key = (gen, s.reader().generation())
        with self._lock:
            fi = self._facets.get(key)
        if fi is not None:
            return fi
        # The first requests on a new generation all arrive here at once:
        # one builds the arrays, the others wait for them.  The lock is not
        # the pool's, which every checkout takes, so a build (seconds on a
        # large index) holds up only the requests that need its arrays.
        with self._facets_building:
            with self._lock:
                fi = self._facets.get(key)
            if fi is None:
                fi = FacetIndex(s.reader())
                with self._lock:
                    # Keep the newest generation's arrays only.
                    self._facets = {key: fi}
        return fi

    def warm(self) -> None:
        """Open the index and build the per-generation arrays now rather than on the first request."""
        with self._searcher() as (s, fi):
            for field in EXACT_FIELD, STEM_FIELD, KEY_FIELD:
                fi.field_lengths(s.reader(), field)  # BM25's lengths, read once per generation
            fi.group_docnum(s.reader(), "")  # the groups' members, which every results page reads
            article_partners(fi, s.reader())  # which articles translate which (Latin words rank by it)

    def built_at(self) -> dt.datetime:
        """When the index being served was last written (its newest commit), in UTC."""
        ix, _ = self._index()
        return dt.datetime.fromtimestamp(ix.last_modified(), tz=dt.UTC)

    def article_count(self) -> int:
        with self._searcher() as (_, fi):
            return int(fi.levels[Level.ARTICLE].size)

    # -- search -------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        refuse_for_articles(request)
        parsed = parse_query(request.q)
        with self._searcher() as (s, fi):
            check_typed_values(fi.values, parsed)
            parsed = self._bridged(s, fi, parsed, request)
            occ = Occurrences(s.reader(), fi.key_counts)
            chosen = self._select(s, fi, request, parsed, Level.ARTICLE, occ=occ)
            request, total, page, facets, undated = (
                chosen.request,
                chosen.total,
                chosen.page,
                chosen.facets,
                chosen.undated,
            )
            h = parsed.highlights()
            marked = marked_sentences(s.reader(), fi, occ, h, [d for d, _ in page])
            reached = crossed(parsed, occ, [d for d, _ in page])
            hits = []
            for docnum, score in page:
                article = from_stored(s.stored_fields(docnum))
                group = load_group(s, article.id, fi)
                translations = group.translations(article.id) if group else ()
                linked = None
                if "translations" in request.include:
                    linked = tuple(self._hit(self._article(s, t.id), None, h, ()) for t in translations)
                hit = self._hit(article, score, h, translations, linked, marked.get(docnum, ()))
                similar = tuple(from_stored(s.stored_fields(d)) for d in chosen.similar.get(docnum, ()))
                hits.append(replace(hit, bridges=tuple(reached.get(docnum, ())), similar=similar))
            notes = self._notes(fi, request, parsed)
            close = self._suggestions(s, fi, parsed) if total == 0 and not parsed.is_empty else ()
        took = (time.perf_counter() - started) * 1000
        return SearchResult(
            request,
            parsed,
            total,
            tuple(hits),
            facets,
            took,
            undated,
            notes=notes,
            suggestions=close,
            folded=chosen.folded,
        )

    @staticmethod
    def _hit(
        article: StoredArticle,
        score: float | None,
        h: Highlights,
        translations: tuple[Translation, ...],
        linked: tuple[Hit, ...] | None = None,
        marked: list[int] | tuple[int, ...] | None = None,
    ) -> Hit:
        # ``marked``: sentences with matches, known from the index; without
        # it (linked translations) the whole article is analysed.
        cut = snippets(article.text, article.sentences(), h, only=marked)
        return Hit(article, score, tuple(tuple(x) for x in cut), translations, linked)

    def passages(self, request: SearchRequest) -> PassageResult:
        started = time.perf_counter()
        parsed = parse_query(request.q)
        with self._searcher() as (s, fi):
            groups: dict[str, Group | None] = {}
            articles: dict[str, StoredArticle] = {}

            def group(doc_id: str) -> Group | None:
                if doc_id not in groups:
                    groups[doc_id] = load_group(s, doc_id, fi)
                return groups[doc_id]

            def article(doc_id: str) -> StoredArticle:
                if doc_id not in articles:
                    articles[doc_id] = self._article(s, doc_id)
                return articles[doc_id]

            other = parse_query(request.parallel_q) if request.parallel_q else None
            parsed = self._bridged(s, fi, parsed, request)
            restrict = self._aligned_restriction(s, fi, request, parsed, other)
            occ = Occurrences(s.reader(), fi.key_counts)
            chosen = self._select(s, fi, request, parsed, Level.SENTENCE, restrict, occ)
            request, total, page, facets, undated = (
                chosen.request,
                chosen.total,
                chosen.page,
                chosen.facets,
                chosen.undated,
            )
            h = parsed.highlights()
            if other is not None:
                h = h.merged(other.highlights())
            hits = []
            for sid, score in page:
                docnum, n = fi.sentences.number(sid)
                stored = from_stored(s.stored_fields(docnum))
                doc_id = stored.id
                articles.setdefault(doc_id, stored)
                sentence = stored.sentences()[n]
                start, end = sentence.start, sentence.end
                text = stored.text
                marks = find_matches(text, h, start, end)
                g = group(doc_id)
                parallel = aligned_sentences(g, doc_id, n, article) if g else []
                for p in parallel:
                    other_text = article(p["id"]).text
                    p["segments"] = [
                        x.to_dict()
                        for x in segments(
                            other_text, p["start"], p["end"], find_matches(other_text, h, p["start"], p["end"])
                        )
                    ]
                hits.append(
                    PassageHit(
                        stored,
                        n,
                        start,
                        end,
                        score,
                        tuple(segments(text, start, end, marks)),
                        tuple(parallel),
                        g.translations(doc_id) if g else (),
                    )
                )
            notes = self._notes(fi, request, parsed, other)
            close = self._suggestions(s, fi, parsed) if total == 0 and not parsed.is_empty else ()
        took = (time.perf_counter() - started) * 1000
        return PassageResult(request, parsed, total, tuple(hits), facets, took, undated, notes=notes, suggestions=close)

    @contextmanager
    def _concordancer(self, request: ConcordanceRequest) -> Iterator[Concordancer]:
        """The ordered lines of a concordance, over a searcher held until the caller is done."""
        parsed = parse_query(request.search.q)
        with self._searcher() as (s, fi):
            parsed = self._bridged(s, fi, parsed, request.search)
            other = parse_query(request.search.parallel_q) if request.search.parallel_q else None
            restrict = self._aligned_restriction(s, fi, request.search, parsed, other)
            occ = Occurrences(s.reader(), fi.key_counts)
            m = matched(s, fi, request.search, parsed, Level.SENTENCE, restrict, occ)
            search, found, selected = m.request, m.found, m.selected
            notes = self._notes(fi, search, parsed, other)
            scores = found.scores if found is not None else None
            yield Concordancer(replace(request, search=search), parsed, fi, s, selected, scores, occ, notes, m.ids)

    def concordance(self, request: ConcordanceRequest) -> ConcordanceResult:
        """One page of a concordance: a line per match, with its aligned sentence."""
        started = time.perf_counter()
        with self._concordancer(request) as c:
            lines = c.page(request.search.page, request.search.per_page)
        return c.result(lines, (time.perf_counter() - started) * 1000)

    def concordance_lines(self, request: ConcordanceRequest, batch: int = 200) -> Iterator[ConcordanceLine]:
        """Every line of a concordance in order, for the exports."""
        with self._concordancer(request) as c:
            for start in range(0, c.total, batch):
                yield from c.lines(start, start + batch)

    def collocations(self, request: ConcordanceRequest, window: int) -> list[Collocate]:
        """Words within ``window`` words of the concordance's matches, with counts and logDice."""
        with self._concordancer(request) as c:
            return collocates(c, window)

    def frequencies(self, request: ConcordanceRequest) -> list[Form]:
        """The forms the concordance's matches take in the text, with counts."""
        with self._concordancer(request) as c:
            return forms(c)

    def document(self, doc_id: str) -> Document:
        _check_ids(doc_id)
        with self._searcher() as (s, fi):
            article = self._article(s, doc_id)
            group = load_group(s, doc_id, fi)
            return Document(article, group.translations(doc_id) if group else ())

    def parallel(self, doc_id: str, other_id: str) -> Parallel:
        """An article and its translation ``other_id``, aligned (stored beads)."""
        _check_ids(doc_id, other_id)
        with self._searcher() as (s, fi):
            source = self._article(s, doc_id)
            target = self._article(s, other_id)
            group = load_group(s, doc_id, fi)
            result = build_parallel(group, source, target) if group else None
            if result is None:
                raise NotFound(
                    f"{doc_id} and {other_id} are not linked as translations; "
                    f"see the translations of {doc_id} in /api/documents/{doc_id}."
                )
            return result

    def parallel_pairs(self, query: str = "") -> Iterator[Parallel]:
        """Every linked pair (source = the smaller id), or those where either side matches ``query``."""
        with self._searcher() as (s, fi):
            wanted: set[str] | None = None
            if query:
                parsed = parse_query(query)
                matched = match_mask(parsed, s, fi, Level.ARTICLE)
                docs = s.reader().column_reader("doc")
                wanted = set() if matched is None else {term_text(docs[int(d)]) for d in np.flatnonzero(matched)}
            for docnum in self._group_docnums(s):
                group = stored_group(s.stored_fields(docnum)["parallel"])
                for x in group.links:
                    if wanted is not None and x["a"] not in wanted and x["b"] not in wanted:
                        continue
                    built = build_parallel(group, self._article(s, x["a"]), self._article(s, x["b"]))
                    if built is not None:
                        yield built

    @staticmethod
    def _group_docnums(s: Searcher) -> list[int]:
        return live_docnums(s.reader(), "kind", KIND_GROUP)

    def _aligned_restriction(
        self, s: Searcher, fi: FacetIndex, request: SearchRequest, parsed: ParsedQuery, other: ParsedQuery | None
    ) -> Restriction | None:
        return aligned_restriction(s, fi, request, parsed, other, lambda: self._sentence_pairs(s, fi))

    def _sentence_pairs(self, s: Searcher, fi: FacetIndex) -> SentencePairs:
        """The generation's aligned sentence pairs, read from its groups by the first request that needs them."""
        # Held by the FacetIndex, so they go with their generation.
        return fi.derived("sentence_pairs", lambda: SentencePairs(s.reader(), fi.sentences, fi.levels[Level.ARTICLE]))

    def _article(self, s: Searcher, doc_id: str) -> StoredArticle:
        docnum = s.document_number(uid=article_uid(doc_id))
        if docnum is None:
            raise NotFound(f"No document with id {doc_id[:80]!r}; search for it or check the id.")
        return from_stored(s.stored_fields(docnum))

    # -- selection: matches, filters, facet counts, one page ------------------

    def _select(
        self,
        s: Searcher,
        fi: FacetIndex,
        request: SearchRequest,
        parsed: ParsedQuery,
        level: Level,
        restrict: Restriction | None = None,
        occ: Occurrences | None = None,
    ) -> Selected:
        """Match, filter, fold repeats, count facets and undated articles, and cut one page (search.selection)."""
        return select(s, fi, request, parsed, level, restrict, occ, self._repeats(s, fi))

    @staticmethod
    def _repeats(s: Searcher, fi: FacetIndex) -> Repeats:
        """The generation's repeat groups, read by the first request that needs them."""
        return fi.derived("repeats", lambda: Repeats(fi.doc_count, repeat_docnums(s.reader())))

    def trend(self, request: SearchRequest, interval: str) -> Trend:
        """How many articles the search selects per period and language (search.trend)."""
        started = time.perf_counter()
        if interval not in INTERVALS:
            raise BadRequest(f"interval must be one of {', '.join(INTERVALS)}, not {interval[:40]!r}.")
        parsed = parse_query(request.q)
        with self._searcher() as (s, fi):
            check_typed_values(fi.values, parsed)
            m = matched(s, fi, request, parsed, Level.ARTICLE)
            repeats = self._repeats(s, fi)
            keys = repeats.keys() if m.request.collapse and repeats.count else None
            langs, names = fi.derived("langs", lambda: lang_codes(fi.values["lang"], fi.doc_count))
            docnums = np.flatnonzero(m.selected)
            series = count_periods(docnums, fi.date_keys[Level.ARTICLE], langs, names, interval, keys)
            if isinstance(series, str):
                raise BadRequest(series)
            undated = fi.undated(m.base, m.masks)
        took = (time.perf_counter() - started) * 1000
        return Trend(m.request, parsed, interval, series, undated, took)

    def _notes(
        self, fi: FacetIndex, request: SearchRequest, parsed: ParsedQuery, other: ParsedQuery | None = None
    ) -> tuple[Note, ...]:
        cut = query_notes(request, parsed) + (query_notes(request, other, "parallel_q") if other else [])
        return tuple(cut + filter_notes(request.filters, fi.values, parsed, other))

    def equivalents(self, text: str, limit: int = 20) -> Equivalents:
        """A word's equivalents in the other language (the bilingual lexicon, cognates, the seed)."""
        with self._searcher() as (s, fi):
            return equivalents_of(text, s.reader(), self._bilingual(s, fi), limit)

    def _bridged(self, s: Searcher, fi: FacetIndex, parsed: ParsedQuery, request: SearchRequest) -> ParsedQuery:
        """The query with the bridges its words cross (search.bridge) in this generation."""
        lexicon = self._bilingual(s, fi) if request.cross_language else None
        return bridge(parsed, s.reader(), lexicon, request.cross_language, frozenset(request.skip))

    def _bilingual(self, s: Searcher, fi: FacetIndex) -> BilingualLexicon:
        # The generation's bilingual lexicon, read by the first request that needs it.
        return fi.derived("bilingual", lambda: read_lexicon(s.reader()))

    def _suggestions(self, s: Searcher, fi: FacetIndex, parsed: ParsedQuery) -> tuple[Suggestion, ...]:
        """Indexed words close to the query's words, for a search that found nothing."""
        # The term list is read once per generation (held by its FacetIndex),
        # on the first search that needs it; only such searches wait for it.
        lexicon = fi.derived("lexicon", lambda: Lexicon(s.reader()))
        return suggestions(parsed, lexicon, s.reader())
