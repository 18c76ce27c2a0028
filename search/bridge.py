"""The bridge: what a query's words also match in another script or language.

Stage: AST -> AST, after parsing, with the index generation at hand (the
key field's terms and the generation's bilingual lexicon).  Two bridges:

* **transliteration**, always on: a word typed in Latin letters also
  matches the words whose phonetic key (index.analysis.phonetic) is its
  key, in the ``key`` field, so ``Mekong`` finds মেকং and मेकांग.  A short
  key is shared with common words of the languages (``Zaev`` and जब
  "when"), so a word's key is not matched where the word written there is
  one of the bundled common words with that key (index.translation.common);
  so bounded, a lone word needs a key of :data:`MIN_WORD_KEY` letters.
  Latin words side by side ("Nguyen Ho Hai") also match their keys in a
  row (a :class:`~search.tree.KeyPhrase`), which is precise at any length;
  inside such a run a word's own key needs :data:`MIN_RUN_WORD_KEY` letters.
* **cross-language**, on request (``cross_language``): a Bengali word also
  matches the stems of its Hindi equivalents and the other way round,
  from the generation's bilingual lexicon (learned from the corpus's
  aligned sentences, then cognates, then the bundled seed).

A bridge never replaces what was typed: it is one more alternative of the
leaf (search.alternatives), ranked below an exact match by its weight.
Each query adds at most :data:`MAX_TERMS` terms through bridges, the
strongest ones; the rest are dropped and counted in ``expansions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from whoosh.reading import IndexReader

from index.interface import (
    SCRIPT_BENGALI,
    SCRIPT_DEVANAGARI,
    Lexicon,
    common_words,
    english_equivalents,
    key_variants,
    phonetic_key,
    script_of,
    spelling_variants,
)

from .alternatives import EXACT_FIELD, KEY_FIELD, STEM_FIELD, bridge_alternative
from .coordination import UNTRANSLATED, loosened
from .occurrences import Occurrences
from .query import ParsedQuery
from .tree import And, Bridge, KeyPhrase, Node, Not, Or, Phrase, Word, walk

__all__ = ["MAX_TERMS", "MIN_RUN_WORD_KEY", "MIN_WORD_KEY", "UNTRANSLATED", "bridge", "crossed", "latin"]

MIN_WORD_KEY = 2
# Inside a run of Latin words a word matches alone too (search.matching: the
# words, or the run's keys in a row); a key of two letters alone would let
# "Ho Hai" match any article with two rare words keyed "ha".
MIN_RUN_WORD_KEY = 3
# At most this many common words per key (the commonest): each is one more
# posting list to read.  The shipped table has at most 44 per key, and capping
# at 12 or 6 let the commoner-but-not-commonest words back in (dev names
# 0.860 -> 0.857, 0.848), so this is only a bound for another table.
MAX_COMMON = 100
# A native word with no equivalent crosses through its key only when the key
# is long enough to be a name rather than any short word.
MIN_NATIVE_KEY = 5
# A match through a key or a translation counts less than the word itself
# (exact 2.0, stem 1.0: search.alternatives.scored_terms).
KEY_WEIGHT = 0.5
# A key one inherent vowel away (Jones jans, জোন্স) is a weaker guess still.
VARIANT_WEIGHT = 0.25
KIND_WEIGHT = {"lexicon": 0.8, "cognate": 0.7, "seed": 0.6}
MAX_PER_WORD = 4
MAX_TERMS = 24
# A word the lexicon cannot translate, in a query where other words are
# translated, is not required of articles in the other language (they cannot
# hold it): the query is translated as far as it can be, as query-translation
# CLIR does.  It adds no term, only a facet (search.alternatives), under the
# kind UNTRANSLATED (search.coordination).
_OTHER = {"bn": "hi", "hi": "bn"}
_LANG_OF_SCRIPT = {SCRIPT_BENGALI: "bn", SCRIPT_DEVANAGARI: "hi"}


def latin(term: str) -> bool:
    """A term typed in Latin letters (the index folds Vietnamese diacritics: Nguyễn is nguyen)."""
    return term.isascii() and term.isalpha()


def language_of(term: str) -> str:
    """``bn`` or ``hi`` by the term's script ("" for anything else)."""
    return _LANG_OF_SCRIPT.get(script_of(term[-1]), "") if term else ""


@dataclass
class _Bridging:
    reader: IndexReader
    lexicon: Lexicon | None
    cross_language: bool
    skip: frozenset[str]
    # Every bridge found, by the id of the leaf it belongs to, before the cap.
    found: dict[int, list[Bridge]]
    # Whether the lexicon offered the last word translated any equivalent (before skip).
    offered: bool = False

    def has(self, field: str, term: str) -> bool:
        return (field, term) in self.reader

    def known_stem(self, term: str) -> bool:
        return (STEM_FIELD, term) in self.reader

    def wanted(self, kind: str, text: str) -> bool:
        return f"{kind}:{text}" not in self.skip

    def word(self, node: Word) -> list[Bridge]:
        if len(node.terms.exact) != 1:
            return []
        term, stem = node.terms.exact[0], node.terms.stems[0]
        if latin(term):
            key = phonetic_key(term)
            out = []
            if len(key) >= MIN_WORD_KEY and self.wanted("transliteration", node.text) and self.has(KEY_FIELD, key):
                out.append(Bridge("transliteration", KEY_FIELD, (key,), KEY_WEIGHT, minus=self.common(key)))
            out += self.english(node.text, term, key, MAX_PER_WORD - len(out))
            return out + self.variants(node.text, term, key, MAX_PER_WORD - len(out))
        found = self.translations(node.text, stem)
        if found or not self.cross_language or self.offered:
            return found  # a removed equivalent is not replaced by a guess
        # No equivalent: a name or a loanword is spelled, not translated
        # (ইন্দোনেশিয়া, इंडोनेशिया): its key reaches the other script.
        key = phonetic_key(term)
        if len(key) >= MIN_NATIVE_KEY and self.wanted("cognate", node.text) and self.has(KEY_FIELD, key):
            return [Bridge("cognate", KEY_FIELD, (key,), KEY_WEIGHT)]
        return []

    def common(self, key: str) -> tuple[str, ...]:
        """The common words of the languages with this key that the index holds (index.translation.common).

        A name alone is one term: BM25 would order its articles by how often
        they hold the key, and a common word with the same key (जब for
        Zaev) holds it most.  Its occurrences are not the name's.
        """
        return tuple(w for w in common_words(key) if self.has(EXACT_FIELD, w))[:MAX_COMMON]

    def english(self, text: str, term: str, key: str, room: int) -> list[Bridge]:
        """A Latin word's Bengali and Hindi translations from the bundled English table (always on).

        Names are often translated rather than spelled (Germany, जर्मनी) or
        spelled as the key does not fold (Washington, ওয়াশিংটন).  A spelling
        with the word's own key, too short to bridge alone (Ho, হো), is left
        out as the key is: a lone short word would reach too much.
        """
        if not self.wanted("lexicon", text):
            return []
        out: list[Bridge] = []
        for e in english_equivalents(term):
            if len(out) == room:
                break
            if len(key) < MIN_RUN_WORD_KEY and phonetic_key(e.term) == key:
                continue
            if self.has(STEM_FIELD, e.term):
                weight = round(KIND_WEIGHT["seed"] * max(0.0, min(1.0, e.score)), 4)
                out.append(Bridge("lexicon", STEM_FIELD, (e.term,), weight, e.lang, "english", e.pairs))
        return out

    def variants(self, text: str, term: str, key: str, room: int) -> list[Bridge]:
        """Other keys the index holds, weaker: other English readings of the spelling, then keys one vowel away.

        (index.analysis.phonetic: spelling_variants, key_variants.)
        """
        if room <= 0 or not self.wanted("transliteration", text):
            return []
        candidates = dict.fromkeys([*spelling_variants(term), *key_variants(key)])
        found = [v for v in candidates if len(v) >= MIN_WORD_KEY and self.has(KEY_FIELD, v)][:room]
        return [Bridge("transliteration", KEY_FIELD, (v,), VARIANT_WEIGHT, minus=self.common(v)) for v in found]

    def translations(self, text: str, stem: str) -> list[Bridge]:
        self.offered = False
        lang = language_of(stem)
        if not (self.cross_language and self.lexicon is not None and lang):
            return []
        out = []
        known = self.known_stem
        offered = self.lexicon.equivalents(stem, lang, limit=2 * MAX_PER_WORD, known=known)
        self.offered = any(e.term != stem and self.has(STEM_FIELD, e.term) for e in offered)
        for e in offered:
            kind = "lexicon" if e.kind == "seed" else e.kind
            if e.term == stem or not self.wanted(kind, text) or not self.has(STEM_FIELD, e.term):
                continue
            source = {"lexicon": "corpus", "seed": "seed"}.get(e.kind, "")
            weight = KIND_WEIGHT.get(e.kind, 0.5) * max(0.0, min(1.0, e.score))
            out.append(Bridge(kind, STEM_FIELD, (e.term,), round(weight, 4), e.lang, source, e.pairs))
            if len(out) == MAX_PER_WORD:
                break
        return out

    def phrase(self, node: Phrase) -> list[Bridge]:
        terms = node.terms.exact
        if not terms:
            return []
        if all(map(latin, terms)):
            keys = tuple(map(phonetic_key, terms))
            if all(keys) and self.wanted("transliteration", node.text):
                return [Bridge("transliteration", KEY_FIELD, keys, KEY_WEIGHT)]
            return []
        # Word by word, each word's strongest equivalent: one translated phrase.
        words = [self.translations(node.text, stem)[:1] for stem in node.terms.stems]
        if not all(words):
            return []
        first = words[0][0]
        weight = min(b[0].weight for b in words)
        stems = tuple(b[0].terms[0] for b in words)
        return [Bridge(first.kind, STEM_FIELD, stems, weight, first.lang, first.source, min(b[0].pairs for b in words))]

    def key_run(self, words: Sequence[Word]) -> Bridge | None:
        keys = tuple(phonetic_key(w.terms.exact[0]) for w in words)
        text = " ".join(w.text for w in words)
        if not all(keys) or not self.wanted("transliteration", text):
            return None
        return Bridge("transliteration", KEY_FIELD, keys, KEY_WEIGHT)


def _latin_word(node: Node) -> bool:
    return isinstance(node, Word) and len(node.terms.exact) == 1 and latin(node.terms.exact[0])


def _collect(node: Node, b: _Bridging) -> Node:
    """The tree with Latin runs made KeyPhrases; every leaf's candidate bridges noted in ``b.found``."""
    if isinstance(node, Word):
        b.found[id(node)] = b.word(node)
        return node
    if isinstance(node, Phrase):
        b.found[id(node)] = b.phrase(node)
        return node
    if isinstance(node, Not):
        return Not(_collect(node.child, b))
    if isinstance(node, Or):
        return Or(tuple(_collect(c, b) for c in node.children))
    if isinstance(node, And):
        children = [_collect(c, b) for c in node.children]
        if b.cross_language:
            _untranslated(children, b)
        return And(tuple(_runs(children, b)))
    return node


def _untranslated(children: list[Node], b: _Bridging) -> None:
    """Mark the native words of an AND that found no equivalent, when some of their siblings did."""
    translated = any(
        x.kind != "transliteration" for c in children if isinstance(c, Word | Phrase) for x in b.found.get(id(c), [])
    )
    if not translated:
        return  # nothing crosses: the other language must not match on no word at all
    for c in children:
        if not isinstance(c, Word) or b.found.get(id(c)) or len(c.terms.stems) != 1:
            continue
        other = _OTHER.get(language_of(c.terms.stems[0]), "")
        if other and b.wanted(UNTRANSLATED, c.text) and ("lang", other) in b.reader:
            b.found[id(c)] = [Bridge(UNTRANSLATED, "lang", (other,), 0.0, other)]


def _runs(children: list[Node], b: _Bridging) -> list[Node]:
    """Children with each run of two or more Latin words made a KeyPhrase."""
    out: list[Node] = []
    i = 0
    while i < len(children):
        j = i
        while j < len(children) and _latin_word(children[j]):
            j += 1
        run = [c for c in children[i:j] if isinstance(c, Word)]
        if len(run) < 2:
            out.append(children[i])
            i += 1
            continue
        # A run without its keys (removed by the user, or a word with no
        # key) stays words: none of its shorter runs is bridged instead.
        for word in run:
            b.found[id(word)] = [
                x
                for x in b.found.get(id(word), [])
                if x.kind != "transliteration" or len(x.terms[0]) >= MIN_RUN_WORD_KEY
            ]
        key = b.key_run(run)
        if key is None:
            out.extend(run)
        else:
            phrase = KeyPhrase(tuple(run), key)
            b.found[id(phrase)] = [key]
            out.append(phrase)
        i = j
    return out


def _apply(node: Node, kept: dict[int, tuple[Bridge, ...]]) -> Node:
    if isinstance(node, Word | Phrase):
        bridges = kept.get(id(node), ())
        return replace(node, bridges=bridges) if bridges else node
    if isinstance(node, KeyPhrase):
        words = tuple(_apply(w, kept) for w in node.words)
        if id(node) in kept:
            return KeyPhrase(tuple(w for w in words if isinstance(w, Word)), node.bridge)
        return And(words)  # its key run was cut: the words alone
    if isinstance(node, Not):
        return Not(_apply(node.child, kept))
    if isinstance(node, Or):
        return Or(tuple(_apply(c, kept) for c in node.children))
    if isinstance(node, And):
        return loosened(tuple(_apply(c, kept) for c in node.children))
    return node


def bridge(
    parsed: ParsedQuery,
    reader: IndexReader,
    lexicon: Lexicon | None = None,
    cross_language: bool = False,
    skip: frozenset[str] = frozenset(),
) -> ParsedQuery:
    """``parsed`` with the bridges its leaves cross, at most MAX_TERMS terms, the strongest kept.

    ``skip``: bridges the user removed, as ``kind:text`` (``transliteration:Nguyen``).
    """
    if parsed.root is None:
        return parsed
    b = _Bridging(reader, lexicon, cross_language, skip, {})
    root = _collect(parsed.root, b)
    ranked = sorted(
        (
            (bridge.weight, len(bridge.terms), leaf, n)
            for leaf, found in b.found.items()
            for n, bridge in enumerate(found)
        ),
        key=lambda x: (-x[0], x[1]),
    )
    kept: dict[int, list[Bridge]] = {}
    used = 0
    dropped: dict[int, int] = {}
    for _, size, leaf, n in ranked:
        if used + size <= MAX_TERMS:
            kept.setdefault(leaf, []).append(b.found[leaf][n])
            used += size
        else:
            dropped[leaf] = dropped.get(leaf, 0) + size
    final = {leaf: tuple(sorted(found, key=b.found[leaf].index)) for leaf, found in kept.items()}
    bridged = _apply(root, final)
    texts = _texts(root)
    cut = tuple((texts[leaf], n) for leaf, n in dropped.items() if leaf in texts)
    return replace(parsed, root=bridged, bridges_cut=cut)


def _texts(root: Node) -> dict[int, str]:
    """The query text of every leaf that can carry bridges, by id."""
    out: dict[int, str] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Word | Phrase | KeyPhrase):
            out[id(node)] = node.text
        if isinstance(node, And | Or):
            stack.extend(node.children)
        elif isinstance(node, KeyPhrase):
            stack.extend(node.words)
        elif isinstance(node, Not):
            stack.append(node.child)
    return out


def crossed(parsed: ParsedQuery, occ: Occurrences, docnums: Sequence[int]) -> dict[int, list[dict[str, object]]]:
    """For each article of a page, the bridges whose terms it holds: how a hit was reached.

    ``{"kind", "text", "terms"}`` per bridge, ``terms`` as in ``expansions``
    (a run of keys space-separated).  An excluded word's bridges are not
    how anything was found, so they are left out.
    """
    excluded = {id(n.child) for n in walk(parsed.root) if isinstance(n, Not)}
    page = np.asarray(sorted(set(docnums)), dtype=np.int64)
    out: dict[int, list[dict[str, object]]] = {}
    for node in walk(parsed.root):
        if id(node) in excluded or not isinstance(node, Word | Phrase | KeyPhrase):
            continue
        for b in (node.bridge,) if isinstance(node, KeyPhrase) else node.bridges:
            if b.kind == UNTRANSLATED:
                continue  # not how anything was found: the word was only not required
            holding = page[np.isin(page, occ.docs([bridge_alternative(b)]))]
            for docnum in holding.tolist():
                out.setdefault(docnum, []).append({"kind": b.kind, "text": node.text, "terms": " ".join(b.terms)})
    return out
