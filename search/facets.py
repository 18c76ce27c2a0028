"""Facet counting over docnum masks.

Stage: search.  For every index generation, the docnums of each facet value
(and of each level, article or sentence) are read once from the postings
into numpy arrays.  A search then turns its matches into a boolean mask (or
a count per article) and counts every value of a facet with one gather and
one ``np.add.reduceat``, so counting never walks the hits' stored fields.
Each facet's counts apply the other facets' filters but not its own, so a
user can widen a selection as well as narrow it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from whoosh.reading import IndexReader

from index.interface import (
    FACET_FIELDS,
    KIND_ARTICLE,
    SolePostings,
    citations,
    column_values,
    field_lengths,
    gazetteer,
    live_docnums,
    sole_postings,
    term_text,
)

from .levels import Level
from .occurrences import ResultCache
from .postings import term_postings
from .sentences import SentenceMap

__all__ = ["DATE_FILTERS", "FacetCounts", "FacetIndex", "FacetValue", "facet_labels"]

T = TypeVar("T")

_LANG_LABELS: Mapping[str, Mapping[str, str]] = {
    "bn": {"en": "Bengali", "bn": "বাংলা", "hi": "बांग्ला"},
    "hi": {"en": "Hindi", "bn": "হিন্দি", "hi": "हिन्दी"},
    "en": {"en": "English", "bn": "ইংরেজি", "hi": "अंग्रेज़ी"},
    "vi": {"en": "Vietnamese", "bn": "ভিয়েতনামি", "hi": "वियतनामी"},
    "mr": {"en": "Marathi", "bn": "মারাঠি", "hi": "मराठी"},
    "ne": {"en": "Nepali", "bn": "নেপালি", "hi": "नेपाली"},
    "und": {"en": "Undetermined", "bn": "অনির্ধারিত", "hi": "अनिर्धारित"},
}
_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
# Facets of the date, listed newest first.
_DATED = ("year", "month")
# Filters that leave undated articles out: the year and month facets and
# the request's date range (search.engine names it "date").
DATE_FILTERS = ("year", "month", "date")


def facet_labels(facet: str, value: str) -> dict[str, str]:
    """The label of a facet value in English, Bengali and Hindi."""
    if facet == "lang":
        return dict(_LANG_LABELS.get(value, {"en": value, "bn": value, "hi": value}))
    if facet == "province":
        return {lang: gazetteer.label(value, lang) for lang in ("en", "bn", "hi")}
    if facet == "resolution":
        return {lang: citations.label(value, lang) for lang in ("en", "bn", "hi")}
    if facet in _DATED:
        return {"en": value, "bn": value.translate(_BN_DIGITS), "hi": value}
    return {"en": value, "bn": value, "hi": value}


@dataclass(frozen=True)
class FacetValue:
    value: str
    labels: Mapping[str, str]
    count: int
    selected: bool

    def to_dict(self, ui_lang: str = "en") -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.labels.get(ui_lang, self.value),
            "labels": dict(self.labels),
            "count": self.count,
            "selected": self.selected,
        }


FacetCounts = Mapping[str, tuple[FacetValue, ...]]


class FacetIndex:
    """Docnum arrays per level and per facet value, for one reader.

    Facet terms live on article documents.  The article level is indexed by
    docnum; the sentence level by sentence id (search.sentences), and
    ``parents[level]`` maps either to the article's docnum, so sentence
    masks and counts are derived from the article level.
    """

    def __init__(self, reader: IndexReader) -> None:
        self.doc_count = reader.doc_count_all()
        live = np.zeros(self.doc_count, dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        articles = self._postings(reader, "kind", KIND_ARTICLE)
        articles = np.sort(articles[live[articles]]) if articles.size else articles
        is_article = np.zeros(self.doc_count, dtype=bool)
        is_article[articles] = True
        self.sentences = SentenceMap(reader, articles, self.doc_count)
        # Per-generation state built from this reader on first use (BM25's
        # field lengths; search.engine: the suggestion lexicon, the aligned
        # sentence pairs): held here, it goes when the generation goes.
        self._derived: dict[str, Any] = {}
        self._derived_locks: dict[str, threading.Lock] = {}
        self._derived_guard = threading.Lock()  # held only to find a name's lock
        # Passage sentences of repeated queries (search.occurrences.ResultCache).
        self.results = ResultCache()
        # A lone Latin word's key less the common words (search.occurrences):
        # ids and frequencies, two items per document, and the common short
        # keys (the ones worth keeping) are in most documents.  At most 32 x
        # 4 MB per process.
        self.key_counts = ResultCache(entries=32, max_items=1_000_000)
        self.levels: dict[Level, np.ndarray] = {
            Level.ARTICLE: articles,
            Level.SENTENCE: np.arange(self.sentences.size, dtype=np.int64),
        }
        self.parents: dict[Level, np.ndarray] = {
            Level.ARTICLE: np.arange(self.doc_count, dtype=np.int64),
            Level.SENTENCE: self.sentences.article,
        }
        self.values: dict[str, dict[str, np.ndarray]] = {}
        fields = set(reader.indexed_field_names())
        for facet in FACET_FIELDS:
            per_value: dict[str, np.ndarray] = {}
            if facet in fields:
                for term in reader.lexicon(facet):
                    ids = self._postings(reader, facet, term)
                    ids = ids[is_article[ids]] if ids.size else ids
                    if ids.size:
                        per_value[term_text(term)] = ids
            self.values[facet] = per_value
        # Each facet's values as one array of article docnums (value after
        # value) and where each value starts, so a search counts a facet with
        # one gather and one np.add.reduceat instead of a numpy call per value;
        # and the values' labels, made once per generation, not per search.
        self._tallies = {facet: _Tally(facet, per_value) for facet, per_value in self.values.items()}
        # yyyymmdd per unit (0 = no date), for "newest first" without
        # touching stored fields; sentences take their article's date.
        # (Read per article: a segment holding only group documents has no
        # date column, so iterating the column whole would come up short.)
        own = np.zeros(self.doc_count, dtype=np.int64)
        own[articles] = [int(v or 0) for v in column_values(reader, "date_key", articles)]
        self.date_keys: dict[Level, np.ndarray] = {
            Level.ARTICLE: own,
            Level.SENTENCE: own[self.sentences.article],
        }
        # Units with no date, once per generation: every search that filters
        # by year or sorts by date counts them (a sentence mask is 1.7M long at 100k).
        self.undated_units: dict[Level, np.ndarray] = {level: keys == 0 for level, keys in self.date_keys.items()}
        # Where each unit comes in document-id order (sentences: their
        # article's place, then their own order).  Equal scores and equal
        # dates are broken by it, not by docnum: a parallel build writes
        # articles in whatever order its workers finish, and the same corpus
        # must list its hits in the same order whichever build made the index.
        doc_ids = column_values(reader, "doc", articles)
        article_place = np.zeros(self.doc_count, dtype=np.int64)
        article_place[articles[np.argsort(np.asarray(doc_ids, dtype=object), kind="stable")]] = np.arange(articles.size)
        sentence_place = np.zeros(self.sentences.size, dtype=np.int64)
        by_article = np.lexsort((self.levels[Level.SENTENCE], article_place[self.sentences.article]))
        sentence_place[by_article] = np.arange(self.sentences.size)
        self.id_order: dict[Level, np.ndarray] = {Level.ARTICLE: article_place, Level.SENTENCE: sentence_place}

    def field_lengths(self, reader: IndexReader, field: str) -> np.ndarray:
        """Every docnum's length of ``field`` as Whoosh's BM25 sees it (byte-coded), read once."""
        return self.derived(f"lengths:{field}", lambda: field_lengths(reader, field, default=1.0))

    def group_docnum(self, reader: IndexReader, doc_id: str) -> int | None:
        """The docnum of the translation group ``doc_id`` belongs to, or None.

        Every hit of a results page asks it; a lookup by term would search
        each segment's term table (~0.4 ms at 100k).  The groups' members
        are read from the term tables once per generation instead.
        """
        members: SolePostings = self.derived("group members", lambda: sole_postings(reader, "member"))
        found = members.docnums.get(doc_id)
        if found is not None or doc_id not in members.ambiguous:
            return found
        live = live_docnums(reader, "member", doc_id)  # rare: several postings
        return live[0] if live else None

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, called once for this generation by the first request that needs ``name``."""
        value: T | None = self._derived.get(name)
        if value is None:
            with self._derived_guard:
                lock = self._derived_locks.setdefault(name, threading.Lock())
            # One lock per name: a slow build (the term list) does not hold
            # up requests that need another one.
            with lock:
                value = self._derived.get(name)
                if value is None:
                    value = self._derived[name] = build()
        return value

    def size(self, level: Level) -> int:
        """The length of a mask at ``level``."""
        return self.doc_count if level is Level.ARTICLE else self.sentences.size

    @staticmethod
    def _postings(reader: IndexReader, field: str, term: Any) -> np.ndarray:
        # Deleted documents included: callers keep live articles only.
        return term_postings(reader, field, term_text(term)).ids

    def level_mask(self, level: Level) -> np.ndarray:
        """Every live unit of ``level``, read-only: made once per generation (1.7M sentences at 100k)."""

        def build() -> np.ndarray:
            m = np.zeros(self.size(level), dtype=bool)
            m[self.levels[level]] = True
            m.flags.writeable = False  # shared by every request: callers copy before changing it
            return m

        return self.derived(f"level_mask:{level.value}", build)

    def filter_mask(self, facet: str, values: Iterable[str], level: Level = Level.ARTICLE) -> np.ndarray:
        """Units of ``level`` whose article has any of ``values``."""
        m = np.zeros(self.doc_count, dtype=bool)
        for v in values:
            ids = self.values[facet].get(v)
            if ids is not None:
                m[ids] = True
        return self.at_level(m, level)

    def at_level(self, article_mask: np.ndarray, level: Level) -> np.ndarray:
        """An article mask as a mask of ``level`` (a sentence takes its article's value)."""
        return article_mask[self.sentences.article] if level is Level.SENTENCE else article_mask

    def counts(
        self,
        base: np.ndarray,
        filters: Mapping[str, np.ndarray],
        selected: Mapping[str, tuple[str, ...]],
        level: Level = Level.ARTICLE,
        matches: np.ndarray | None = None,
    ) -> dict[str, tuple[FacetValue, ...]]:
        """Count matches per facet value, each facet under the other facets' filters.

        ``filters`` are article masks (a sentence takes its article's value).
        ``matches``: ``np.flatnonzero(base)`` at the sentence level, if the
        caller has it; the filters are read at the matches' articles only,
        never spread over every sentence (4 million at 100k).
        """
        out: dict[str, tuple[FacetValue, ...]] = {}
        cache: dict[tuple[str, ...], np.ndarray] = {}
        parents = self._parents_of_matches(base, level, matches)
        for facet in FACET_FIELDS:
            others = tuple(sorted(f for f in filters if f != facet))
            per_article = cache.get(others)
            if per_article is None:
                # How many matches (the article itself, or its sentences) each
                # article has: at the article level the mask itself (True counts 1).
                if parents is not None:
                    kept = parents
                    for other in others:
                        kept = kept[filters[other][kept]]
                    per_article = np.bincount(kept, minlength=self.doc_count)
                else:
                    per_article = base
                    for other in others:
                        per_article = per_article & filters[other]
                cache[others] = per_article
            out[facet] = self._facet_values(facet, per_article, set(selected.get(facet, ())))
        return out

    def undated(
        self,
        base: np.ndarray,
        filters: Mapping[str, np.ndarray],
        level: Level = Level.ARTICLE,
        matches: np.ndarray | None = None,
    ) -> int:
        """Articles with matches under every filter but the dates' (year, month, from/to) that have no date.

        A date filter leaves exactly these out and "newest first" lists them
        last, so the count is what a reader needs to know to trust either.
        ``filters`` and ``matches`` as for :meth:`counts`.
        """
        parents = self._parents_of_matches(base, level, matches)
        if parents is None:
            # Undated units first: they are the fewer.
            m = base & self.undated_units[level]
            for name, mask in filters.items():
                if name not in DATE_FILTERS:
                    m &= mask
            return int(np.count_nonzero(m))
        kept = parents[self.undated_units[Level.ARTICLE][parents]]
        for name, mask in filters.items():
            if name not in DATE_FILTERS:
                kept = kept[mask[kept]]
        undated = np.zeros(self.doc_count, dtype=bool)
        undated[kept] = True
        return int(np.count_nonzero(undated))

    def _parents_of_matches(self, base: np.ndarray, level: Level, matches: np.ndarray | None) -> np.ndarray | None:
        """At the sentence level, the article of each match (``matches``, or found in ``base``); None for articles."""
        if level is Level.ARTICLE:
            return None
        return self.parents[level][np.flatnonzero(base) if matches is None else matches]

    def _facet_values(self, facet: str, per_article: np.ndarray, chosen: set[str]) -> tuple[FacetValue, ...]:
        tally = self._tallies[facet]
        counts = tally.counts(per_article).tolist()
        values = [
            FacetValue(value, tally.labels[i], n, value in chosen)
            for i, (value, n) in enumerate(zip(tally.names, counts, strict=True))
            if n or value in chosen
        ]
        for value in chosen.difference(self.values[facet]):
            values.append(FacetValue(value, facet_labels(facet, value), 0, True))
        if facet in _DATED:
            values.sort(key=lambda fv: fv.value, reverse=True)  # newest first
        else:
            values.sort(key=lambda fv: (-fv.count, fv.value))
        return tuple(values)


class _Tally:
    """One facet's values for counting: their article docnums end to end, and their labels."""

    def __init__(self, facet: str, per_value: Mapping[str, np.ndarray]) -> None:
        self.names = list(per_value)
        arrays = list(per_value.values())
        self.docnums = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        self.starts = np.cumsum([0] + [a.size for a in arrays[:-1]], dtype=np.int64)
        # Shared by every request thread of the generation: read-only, made once here
        # (tens to hundreds of values), never filled in lazily.
        self.docnums.flags.writeable = self.starts.flags.writeable = False
        self.labels = tuple(MappingProxyType(facet_labels(facet, name)) for name in self.names)

    def counts(self, per_article: np.ndarray) -> np.ndarray:
        """Each value's sum of ``per_article`` (counts, or a mask: True counts 1) over its articles."""
        if not self.names:
            return np.zeros(0, dtype=np.int64)
        # reduceat sums between consecutive starts: right because no value is empty (FacetIndex keeps none).
        return np.add.reduceat(per_article[self.docnums], self.starts, dtype=np.int64)
