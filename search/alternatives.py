"""What each leaf of a parsed query stands for in the index.

Stage: search (AST -> index terms).  A leaf's text comes down to
alternatives, each a run of consecutive terms in one field: a word is its
stem, a phrase its exact terms, a prefix each indexed word it expands to, a
place each of its spellings.  Matching (search.matching) asks which
documents and sentences hold them, ranking (search.ranking) which terms to
score, highlighting which sentences to mark.  The terms come analysed from
the parse (search.query); only a prefix is looked up here, in the reader's
lexicon.
"""

from __future__ import annotations

from whoosh.reading import IndexReader

from index.interface import gazetteer, normalize_term, term_text

from .errors import BadRequest
from .tree import Bridge, FieldTerm, Highlights, Leaf, Phrase, Prefix, Province, Resolution, Word, coded_resolution

__all__ = [
    "EXACT_FIELD",
    "KEY_EXCEPT_FIELD",
    "KEY_FIELD",
    "STEM_FIELD",
    "Alternative",
    "alternatives",
    "bridge_alternative",
    "bridge_scored",
    "facet_alternatives",
    "marked_alternatives",
    "near_field",
    "prefix_terms",
    "scored_terms",
    "split_field",
    "written_alternatives",
]

# The two text fields of an article (index.storage.schema).
EXACT_FIELD = "text"
STEM_FIELD = "stem"
KEY_FIELD = "key"
TEXT_FIELDS = (EXACT_FIELD, STEM_FIELD, KEY_FIELD)
# A key matched only where the word written there is none of the words after
# it (a lone Latin word's key minus the common words that share it,
# search.bridge): terms (key, word, ...), the key in KEY_FIELD, the words in
# EXACT_FIELD.  Ranking reads it as one term, the terms tab-joined.
KEY_EXCEPT_FIELD = "key-except"
MAX_PREFIX_TERMS = 2000
MIN_PREFIX_CHARS = 2
EXACT_BOOST = 2.0

# What a query part matches: (field, consecutive terms), one term or a phrase.
# A proximity query names its field with its slop, "stem~5": the terms
# within that many positions of one another, in any order (search.occurrences).
Alternative = tuple[str, tuple[str, ...]]


def bridge_alternative(b: Bridge) -> Alternative:
    """What a bridge matches, as an alternative."""
    return (KEY_EXCEPT_FIELD, (*b.terms, *b.minus)) if b.minus else (b.field, b.terms)


def bridge_scored(b: Bridge) -> list[tuple[str, str, float]]:
    """The (field, term, boost) a bridge is ranked by."""
    if b.minus:
        return [(KEY_EXCEPT_FIELD, "\t".join((*b.terms, *b.minus)), b.weight)]
    return [(b.field, t, b.weight) for t in b.terms]


def near_field(field: str, slop: int) -> str:
    """The field name of a proximity alternative."""
    return f"{field}~{slop}"


def split_field(field: str) -> tuple[str, int]:
    """An alternative's index field and slop (0: consecutive terms)."""
    name, _, slop = field.partition("~")
    return name, int(slop) if slop else 0


def prefix_terms(text: str, field: str, reader: IndexReader) -> tuple[str, list[str]]:
    """The normalised prefix and the indexed words it expands to (a BadRequest if too many)."""
    prefix = normalize_term(text)
    if len(prefix) < MIN_PREFIX_CHARS:
        raise BadRequest(f"{text}* is too short a prefix: type at least {MIN_PREFIX_CHARS} letters before *.")
    words: list[str] = []
    for term in reader.expand_prefix(field, prefix):
        words.append(term_text(term))
        if len(words) > MAX_PREFIX_TERMS:
            raise BadRequest(
                f"{text}* matches more than {MAX_PREFIX_TERMS} different words: type more letters before *."
            )
    return prefix, words


def alternatives(node: Leaf, reader: IndexReader) -> list[Alternative] | None:
    """What a leaf's text matches, as (field, consecutive terms) alternatives.

    None: the leaf has no text to match (punctuation, or ``field:value``).
    A word is its stem alone: its exact form sits at the same positions and
    in a subset of the stem's documents.
    """
    if isinstance(node, Word):
        terms = node.terms.exact
        bridged = [bridge_alternative(b) for b in node.bridges if b.field in TEXT_FIELDS]
        if len(terms) == 1:
            return [(STEM_FIELD, (node.terms.stems[0],)), *bridged]
        return [(EXACT_FIELD, terms), *bridged] if terms else None
    if isinstance(node, Phrase) and node.slop and len(node.terms.stems) > 1:
        bridged = [(b.field, b.terms) for b in node.bridges]
        return [(near_field(STEM_FIELD, node.slop), node.terms.stems), *bridged]
    if isinstance(node, Phrase):
        bridged = [(b.field, b.terms) for b in node.bridges]
        return [(EXACT_FIELD, node.terms.exact), *bridged] if node.terms.exact else None
    if isinstance(node, Prefix):
        _, words = prefix_terms(node.text, EXACT_FIELD, reader)
        return [(EXACT_FIELD, (w,)) for w in words]
    if isinstance(node, Province):
        return [(EXACT_FIELD, spelling) for spelling in node.spellings]
    if isinstance(node, Resolution):
        return []  # matched through its facet (facet_alternatives)
    return None


def written_alternatives(node: Province, reader: IndexReader) -> list[Alternative]:
    """Where a place is written: each spelling, its last word also with a case ending.

    Passage search matches a place only where a sentence names it, the way
    the gazetteer finds it in an article (index.extraction.province_names:
    ক্যান থোর, হ্যানয়ে), rather than every sentence of an article tagged
    with it.  Forms the index does not hold are dropped here, so matching
    reads no posting list for them.
    """
    out: list[Alternative] = []
    for spelling in node.spellings:
        head, last = spelling[:-1], spelling[-1]
        forms = sorted(gazetteer.last_word_forms(last) - {last})
        out.append((EXACT_FIELD, spelling))
        out += [(EXACT_FIELD, (*head, f)) for f in forms if (EXACT_FIELD, f) in reader]
    return out


def scored_terms(node: Leaf, reader: IndexReader) -> list[tuple[str, str, float]]:
    """The (field, term, boost) a leaf is ranked by (search.ranking adds up their BM25).

    A word counts its exact form (boosted) and its stem; a phrase, a prefix
    or a place its exact words; ``field:value`` ranks nothing.
    """
    if isinstance(node, Word):
        terms = node.terms.exact
        bridged = [x for b in node.bridges if b.field in TEXT_FIELDS for x in bridge_scored(b)]
        if len(terms) == 1:
            return [(EXACT_FIELD, terms[0], EXACT_BOOST), (STEM_FIELD, node.terms.stems[0], 1.0), *bridged]
        return [(EXACT_FIELD, t, EXACT_BOOST) for t in terms] + bridged
    if isinstance(node, Phrase):
        return [(EXACT_FIELD, t, 1.0) for t in node.terms.exact] + [
            (b.field, t, b.weight) for b in node.bridges for t in b.terms
        ]
    if isinstance(node, Resolution):
        return [(EXACT_FIELD, t, 1.0) for t in node.number]
    found = alternatives(node, reader) or []
    return [(split_field(field)[0], t, 1.0) for field, terms in found for t in terms]


def facet_alternatives(node: Leaf) -> list[tuple[str, str]]:
    """Facet values a leaf also matches: a province name its province, "57-NQ/TW" its resolution."""
    if isinstance(node, FieldTerm):
        return [(node.name, node.canonical)]
    if isinstance(node, Province):
        return [("province", node.slug)]
    if isinstance(node, Resolution):
        return [("resolution", node.resolution)]
    if isinstance(node, Word):
        # A word the other language cannot hold is not required there (search.bridge).
        found = [(b.field, b.terms[0]) for b in node.bridges if b.field not in TEXT_FIELDS]
        if resolution := coded_resolution(node):
            found.append(("resolution", resolution))
        return found
    return []


def marked_alternatives(h: Highlights, reader: IndexReader) -> list[Alternative]:
    """Everything a hit has marked, as (field, consecutive terms) alternatives."""
    out: list[Alternative] = [(EXACT_FIELD, (t,)) for t in sorted(h.terms)]
    out += [(STEM_FIELD, (s,)) for s in sorted(h.stems)]
    out += [(EXACT_FIELD, p) for p in sorted(h.phrases)]
    out += [(KEY_FIELD, (k,)) for k in sorted(h.keys)]
    out += [(KEY_FIELD, p) for p in sorted(h.key_phrases)]
    out += [(KEY_EXCEPT_FIELD, k) for k in sorted(h.keys_except)]
    out += [(near_field(STEM_FIELD, slop), stems) for stems, slop in sorted(h.near)]
    for prefix in sorted(h.prefixes):
        _, words = prefix_terms(prefix, EXACT_FIELD, reader)
        out += [(EXACT_FIELD, (w,)) for w in words]
    return out
