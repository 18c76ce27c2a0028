"""Vietnamese province gazetteer: which provinces an article is about.

Stage: article text -> province slugs (at index time, once per article), and
query tokens -> province slugs / spellings (at query time, for expansion).

The gazetteer's parts, each in its module of this room: the province table
read from provinces.tsv (:mod:`index.extraction.provinces`), the cutting of
text into normalised words and clause breaks
(:mod:`index.extraction.province_words`) and the matching of names in them
(:mod:`index.extraction.province_names`).  This module reads whole texts,
articles' analysed terms and URLs with them, and is what the rest of Setu
calls: it re-exports the table's lookups and :func:`tokenize`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from urllib.parse import unquote, urlsplit

import numpy as np

from index.analysis.arrays import sorted_unique

from .province_names import Match, last_word_forms, text_matcher, url_matcher
from .province_words import ASTRAL_RE, BREAK, break_re, clause_tokens, not_word_re, pieces_of, tokenize
from .provinces import COLUMNS, Province, all_provinces, get, label, variants

__all__ = [
    "COLUMNS",
    "Province",
    "all_provinces",
    "find_in_tokens",
    "find_whole_name",
    "find_provinces",
    "find_provinces_in_terms",
    "get",
    "label",
    "last_word_forms",
    "slugs_from_url",
    "tokenize",
    "variants",
]

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
# Every URL _URL_RE finds has one of these; most articles have none.
_URL_HINT_RE = re.compile("://|[wW][wW][wW]\\.")


def find_in_tokens(tokens: Sequence[str]) -> list[Match]:
    """(first token, end token exclusive, slug) for each name in ``tokens``.

    ``tokens`` are normalised (:func:`tokenize`); an empty string marks a
    clause break that no name crosses.  Left to right, longest match first,
    matches do not overlap.
    """
    return text_matcher().find(tokens)


def find_whole_name(tokens: Sequence[str]) -> str | None:
    """The slug of the province that ``tokens`` name, all of them and nothing else.

    Spellings that are also ordinary words (হিউ, Hue) count here without
    the context they need inside a text: see ``Matcher.whole``.
    """
    return text_matcher().whole(tokens)


def _unique(slugs: Iterable[str], into: list[str]) -> None:
    for slug in slugs:
        if slug not in into:
            into.append(slug)


def find_provinces(text: str) -> list[str]:
    """Slugs of the provinces ``text`` names, in order of first mention.

    URLs inside the text are read as URLs (:func:`slugs_from_url`), not as
    words: their ASCII Vietnamese turns ordinary words into province names
    (hoa-binh "peace", dien-bien "developments").
    """
    tokens: list[str] = []
    at_urls: list[tuple[int, list[str]]] = []
    pos = 0
    for m in _URL_RE.finditer(text):
        tokens += clause_tokens(text[pos : m.start()])
        at_urls.append((len(tokens), slugs_from_url(m.group())))
        tokens.append(BREAK)
        pos = m.end()
    tokens += clause_tokens(text[pos:])
    return _in_order(tokens, at_urls)


def _in_order(tokens: Sequence[str], at_urls: list[tuple[int, list[str]]]) -> list[str]:
    """Slugs named in ``tokens`` and by the URLs that stood at token indexes, in order of first mention."""
    # One pass over the whole text, so that a mention anywhere can vouch for
    # a context variant; URL findings slot in where the URL stood.
    mentions = [(start, [slug]) for start, _, slug in find_in_tokens(tokens)]
    found: list[str] = []
    for _, slugs in sorted(mentions + at_urls, key=lambda m: m[0]):
        _unique(slugs, found)
    return found


def find_provinces_in_terms(
    body: str, terms: Sequence[str], starts: Sequence[int], paragraph_starts: Iterable[int]
) -> list[str]:
    """:func:`find_provinces` of an article from its analysis, without cutting the text again.

    ``terms`` are the exact terms of ``body`` (index.analysis.analyzers: ICU words,
    cut as queries are) and ``starts`` their offsets; clause breaks come
    from the characters between them and from ``paragraph_starts``.  URLs
    in ``body`` are read as URLs and their words skipped.
    """
    cuts = [m.start() for m in break_re().finditer(body)]
    cuts += paragraph_starts
    urls = (
        [(m.start(), m.end(), slugs_from_url(m.group())) for m in _URL_RE.finditer(body)]
        if _URL_HINT_RE.search(body)
        else []
    )
    tokens, at_urls = (
        _clause_terms(terms, starts, cuts) if not urls else _clause_terms_around_urls(terms, starts, cuts, urls)
    )
    return _in_order(tokens, at_urls)


def _clause_terms(
    terms: Sequence[str], starts: Sequence[int], cuts: list[int]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The tokens ``clause_tokens`` gives, from terms: every term's pieces, BREAK at each cut.

    Vectorised: a break goes before the first term starting at or after
    its cut, at most once per gap and never first.
    """
    # The terms that are several words (TP.HCM, मुखसे.उनकी), found in one
    # scan of the terms joined by \x00; usually none or a few.
    joined = "\x00".join(terms)
    not_word = not_word_re(0x10000 if ASTRAL_RE.search(joined) is None else sys.maxunicode + 1)
    tokens = list(terms)
    at = np.searchsorted(np.asarray(starts, dtype=np.int64), np.asarray(cuts, dtype=np.int64))
    hits = [m.start() for m in not_word.finditer(joined)]
    # A number's "." or "," (3.5, 1,00,000) cuts it into numbers, which no
    # name and no cue is: a number stays one word.  "_" is in \w but cuts.
    hits = [
        h for h in hits if not (joined[h] in ".," and joined[h - 1 : h].isdigit() and joined[h + 1 : h + 2].isdigit())
    ]
    if "_" in joined:
        hits += (m.start() for m in re.finditer("_", joined))
    if hits:
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms)) + 1
        offsets = np.cumsum(lengths) - lengths  # where each term starts in joined
        split = sorted_unique(np.searchsorted(offsets, hits, side="right") - 1)
        pieces = [pieces_of(terms[k]) for k in split.tolist()]
        extra = np.zeros(len(split) + 1, dtype=np.int64)
        np.cumsum([len(p) - 1 for p in pieces], out=extra[1:])
        at = at + extra[np.searchsorted(split, at)]  # term index -> token index
        for k, words in zip(reversed(split.tolist()), reversed(pieces), strict=True):
            tokens[k : k + 1] = words
    for index in reversed(sorted_unique(at[(at > 0) & (at < len(tokens))]).tolist()):
        tokens.insert(index, BREAK)
    if cuts and max(cuts) > (starts[-1] if len(starts) else -1) and tokens:
        tokens.append(BREAK)  # a clause end after the last word, as the text scan has it
    return tokens, []


def _clause_terms_around_urls(
    terms: Sequence[str], starts: Sequence[int], cuts: list[int], urls: list[tuple[int, int, list[str]]]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """:func:`_clause_terms` for a body with URLs: their words skipped, their slugs where they stood."""
    events: list[tuple[int, int, list[str] | None]] = [(cut, cut, None) for cut in cuts]
    events += urls
    events.sort(key=lambda e: e[0])
    tokens: list[str] = []
    at_urls: list[tuple[int, list[str]]] = []
    done = 0  # terms[:done] are in tokens, or inside a URL
    for start, end, slugs in events:
        upto = bisect.bisect_left(starts, start)
        if upto > done:
            tokens += itertools.chain.from_iterable(map(pieces_of, terms[done:upto]))
            done = upto
        if slugs is not None:
            at_urls.append((len(tokens), slugs))
            done = max(done, bisect.bisect_left(starts, end))
            # Always a break after the URL, as the text scan has it (even after
            # another break): a name right after it then comes after its slugs.
            tokens.append(BREAK)
        elif tokens and tokens[-1] != BREAK:
            tokens.append(BREAK)
    tokens += itertools.chain.from_iterable(map(pieces_of, terms[done:]))
    return tokens, at_urls


def slugs_from_url(url: str) -> list[str]:
    """Slugs named by whole hyphen-delimited words of a URL's path.

    ``https://x.vn/ca-mau-tao-dot-pha-1.html`` -> ``["ca-mau"]``.  The host is
    ignored (a provincial paper also reports on other provinces).
    """
    if "//" not in url and not url.startswith("/"):
        url = "//" + url
    found: list[str] = []
    for segment in unquote(urlsplit(url).path).split("/"):
        _unique((slug for _, _, slug in url_matcher().find(tokenize(segment))), found)
    return found
