"""Province names in token lists: the gazetteer's phrase matching.

Stage: tokens (:mod:`index.extraction.province_words`) -> (start, stop,
slug) spans, for article text and for the words of URL slugs.

A name matches only as a whole token sequence; the last token may carry a
Bengali case ending from a closed list (ক্যান থোর, কা মাউতে), never arbitrary
letters (হিউম্যান is "human", not Huế), and never across a clause break
(comma, danda, sentence end).  Spellings that are also ordinary words
(নাম দিন "give a name" for Nam Định, হিউ = Hugh for Huế) are *context
variants*: one counts next to a province/city word (হিউ সিটি, নাম দিন প্রদেশ,
tỉnh ...) or when the same text names that province in another way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, normalize_term, script_of

from .province_words import tokenize
from .provinces import all_provinces, url_variants

__all__ = ["Match", "Matcher", "last_word_forms", "text_matcher", "url_matcher"]

# Bengali writes case endings onto the last word of a name: ক্যান থোর,
# ক্যান থোকে, হ্যানয়ে, কা মাউতে.  A closed list, so that a longer word that
# merely starts with a name (হিউম্যান) never matches.  MT output attaches
# them to Latin names too when not hyphenated (Ca Mauর).
_BN_SUFFIXES = (
    "র", "এর", "ের", "য়ের", "কে", "তে", "য়", "য়ে", "ে", "এ", "রা", "দের", "ও", "ই",
    "রও", "রই", "েরও", "েরই", "কেও", "কেই", "তেও", "তেই", "য়ও", "য়েই", "েও", "েই",
    "বাসী", "বাসীর", "বাসীদের",
)  # fmt: skip

# Words that make a context variant count when they follow it ...
_CUE_AFTER_WORDS = (
    "প্রদেশ", "প্রাদেশিক", "শহর", "সিটি", "নগর", "নগরী",
    "प्रांत", "प्रान्त", "प्रांतीय", "प्रदेश", "शहर", "सिटी", "नगर",
    "province", "provincial", "city",
)  # fmt: skip
# ... or precede it (Vietnamese "tỉnh" = province, "TP"/"thành phố" = city;
# "capital", as in প্রাচীন রাজধানী হিউ, the ancient capital Huế).
_CUE_BEFORE = (("tinh",), ("tp",), ("thanh", "pho"), ("রাজধানী",), ("राजधानी",))

# Longer phrases that contain a province name but mean something else; they
# win by longest match and yield nothing.  Thái Bình Dương is the Pacific
# Ocean; in URLs "hai-phong-ngu" is "two bedrooms".
_TEXT_STOPS = ("thai binh duong",)
_URL_STOPS = ("thai binh duong", "hai phong ngu")

Match = tuple[int, int, str]


@dataclass(frozen=True)
class _Entry:
    head: tuple[str, ...]  # every token but the last, exact
    last: frozenset[str]  # accepted forms of the last token
    slug: str | None  # None: a stop phrase
    gated: bool

    @property
    def size(self) -> int:
        return len(self.head) + 1


Gate = Callable[[Sequence[str], int, int], bool]


class Matcher:
    """Leftmost-longest phrase matching through a dict keyed by first token.

    A gated entry counts where ``gate`` accepts its context.  With ``vouch``,
    one whose context fails still counts if its slug is matched elsewhere in
    the same tokens (a Huế article says হিউ সিটি once and হিউ after that).
    """

    def __init__(self, entries: Iterable[_Entry], gate: Gate, vouch: bool) -> None:
        by_first: dict[str, list[_Entry]] = {}
        for entry in entries:
            for key in entry.head[:1] or entry.last:
                by_first.setdefault(key, []).append(entry)
        for bucket in by_first.values():
            bucket.sort(key=lambda e: -e.size)
        self._by_first = by_first
        self._gate = gate
        self._vouch = vouch

    def find(self, tokens: Sequence[str]) -> list[Match]:
        found: list[Match] = []
        unconfirmed: list[Match] = []
        # Only a token that starts some entry can start a match: the scan
        # visits those (one set lookup per token, in a comprehension) and
        # skips any that fall inside the previous match.
        by_first = self._by_first
        free = 0  # the first token not inside a match
        for i in [i for i, token in enumerate(tokens) if token in by_first]:
            if i < free:
                continue
            hit, maybe = self._at(tokens, i)
            if hit is None:
                if maybe is not None:
                    unconfirmed.append(maybe)
                continue
            stop, slug = hit
            if slug is not None:
                found.append((i, stop, slug))
            free = stop
        if unconfirmed and self._vouch:
            return _vouched(found, unconfirmed)
        return found

    def whole(self, tokens: Sequence[str]) -> str | None:
        """The province whose name is all of ``tokens``, context variants included.

        A query that is only a name (``Hue``, ``হিউ``) leaves no doubt of
        what it means: the context a gated spelling needs in running text
        is the user's choice to type the name alone.
        """
        for entry in self._by_first.get(tokens[0], []) if tokens else []:
            if entry.size == len(tokens) and tokens[-1] in entry.last and tuple(tokens[:-1]) == entry.head:
                return entry.slug
        return None

    def _at(self, tokens: Sequence[str], i: int) -> tuple[tuple[int, str | None] | None, Match | None]:
        """The longest match at ``i``, else a gated one whose context failed."""
        bucket = self._by_first.get(tokens[i])
        if bucket is None:
            return None, None
        maybe: Match | None = None
        for entry in bucket:
            stop = i + entry.size
            if stop > len(tokens) or tokens[stop - 1] not in entry.last:
                continue
            if entry.size > 1 and tuple(tokens[i : stop - 1]) != entry.head:
                continue
            if entry.gated and entry.slug is not None and not self._gate(tokens, i, stop):
                maybe = maybe or (i, stop, entry.slug)
                continue
            return (stop, entry.slug), None
        return None, maybe


def _vouched(found: list[Match], unconfirmed: Sequence[Match]) -> list[Match]:
    slugs = {slug for _, _, slug in found}
    taken = list(found)
    for start, stop, slug in unconfirmed:
        if slug in slugs and all(stop <= a or start >= b for a, b, _ in taken):
            taken.append((start, stop, slug))
    return sorted(taken)


def _cue_before(tokens: Sequence[str], start: int) -> bool:
    return any(start >= len(cue) and tuple(tokens[start - len(cue) : start]) == cue for cue in _CUE_BEFORE)


@functools.cache
def _cue_after() -> frozenset[str]:
    # প্রদেশের, শহরে ...: the cue word takes the case ending, not the name.
    forms: set[str] = set()
    for word in _CUE_AFTER_WORDS:
        forms |= _last_forms(normalize_term(word), inflect=True)
    return frozenset(forms)


def _text_gate(tokens: Sequence[str], start: int, stop: int) -> bool:
    return (stop < len(tokens) and tokens[stop] in _cue_after()) or _cue_before(tokens, start)


def _url_gate(tokens: Sequence[str], start: int, stop: int) -> bool:
    # In a URL slug the name heads the headline ("da-nang-..."); in the middle
    # of one it is more often an ordinary word.
    return start == 0 or _cue_before(tokens, start)


def _last_forms(last: str, inflect: bool) -> frozenset[str]:
    if not inflect or script_of(last[-1]) == SCRIPT_DEVANAGARI:
        # Hindi writes postpositions as separate words (कैन थो के).
        return frozenset((last,))
    return frozenset((last, *(normalize_term(last + s) for s in _BN_SUFFIXES)))


def last_word_forms(word: str) -> frozenset[str]:
    """The forms the last word of a name takes in text: itself, and a Bengali word with a case ending."""
    word = normalize_term(word)
    return _last_forms(word, inflect=bool(word) and script_of(word[-1]) == SCRIPT_BENGALI)


def _entry(tokens: Sequence[str], slug: str | None, gated: bool, inflect: bool) -> _Entry:
    return _Entry(tuple(tokens[:-1]), _last_forms(tokens[-1], inflect), slug, gated)


@functools.cache
def text_matcher() -> Matcher:
    """Every spelling of every province, for article text."""
    entries: list[_Entry] = []
    owner: dict[tuple[str, ...], str] = {}
    for p in all_provinces():
        for spelling, gated in [(v, False) for v in p.variants] + [(v, True) for v in p.context_variants]:
            tokens = tokenize(spelling)
            if owner.setdefault(tuple(tokens), p.slug) != p.slug:
                raise ValueError(f"provinces.tsv: {spelling!r} is a spelling of {owner[tuple(tokens)]} and {p.slug}")
            entries.append(_entry(tokens, p.slug, gated, inflect=True))
    entries += [_entry(s.split(), None, False, inflect=False) for s in _TEXT_STOPS]
    return Matcher(entries, _text_gate, vouch=True)


@functools.cache
def url_matcher() -> Matcher:
    """The URL spellings of every province, for the words of a URL's path."""
    entries = [
        _entry(form.lstrip("^").split("-"), p.slug, form.startswith("^"), inflect=False)
        for p in all_provinces()
        for form in url_variants(p.slug)
    ]
    entries += [_entry(s.split(), None, False, inflect=False) for s in _URL_STOPS]
    # A URL is one headline: a word in it has no article to vouch for it.
    return Matcher(entries, _url_gate, vouch=False)
