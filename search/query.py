"""The query language: parse, expand, and compile to Whoosh queries.

Stage: query text -> AST -> Whoosh query.

    ডিজিটাল রূপান্তর          all words must match (AND), BM25 ranking
    "ডিজিটাল রূপান্তর"        an exact phrase (exact-form field, positions)
    FPT OR Viettel            either
    -হিউ   NOT হিউ            exclusion
    province:ca-mau           a facet field (lang, province, resolution, source, year)
    রূপান্তর*                  prefix
    (a OR b) c                grouping

Query words go through the index's own analysis (so ``57`` finds ``৫৭`` and
``५७``); an unquoted word also matches the stemmed field, exact matches
ranking higher.  Province names in any spelling (``Can Tho``, ``Cần Thơ``,
``ক্যান থো``, ``कैन थो``) expand to every known spelling plus the province
facet, and the expansion is reported back as what was searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh.reading import IndexReader

from index.interface import (
    FACET_FIELDS,
    citations,
    exact_analyzer,
    fold_digits,
    gazetteer,
    normalize_term,
    stemmed_analyzer,
)

from .errors import BadRequest

__all__ = ["Fields", "ParsedQuery", "parse_query"]

MAX_CLAUSES = 64
MAX_PREFIX_TERMS = 2000
MIN_PREFIX_CHARS = 2
EXACT_BOOST = 2.0


@dataclass(frozen=True)
class Fields:
    """Which index fields a query runs against (article or sentence level)."""

    exact: str
    stem: str


ARTICLE_FIELDS = Fields("text", "stem")

# What a query part matches: (field, consecutive terms), one term or a phrase.
Alternative = tuple[str, tuple[str, ...]]


# --- AST -------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class FieldTerm:
    name: str
    value: str


@dataclass(frozen=True)
class Province:
    text: str
    slug: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | Prefix | FieldTerm | Province | Not | And | Or


# --- lexer -----------------------------------------------------------------

_LEX_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z_]+):(?P<fvalue>"[^"]*"|[^\s()"]*)
  | (?P<phrase>"[^"]*")
  | (?P<neg>-)(?=\S)
  | (?P<word>[^\s()"]+)
  | (?P<quote>")
    """,
    re.VERBOSE,
)


def _lex(text: str) -> Iterator[tuple[str, str, str]]:
    for m in _LEX_RE.finditer(text):
        kind = m.lastgroup or ""
        if kind == "ws":
            continue
        if kind == "quote":
            raise BadRequest('A quotation mark is not closed: add the closing " or remove it.')
        if kind == "fvalue":  # pragma: no cover - lastgroup is "fvalue" when the value matched
            kind = "field"
        if m.group("field") is not None:
            yield "field", m.group("field"), m.group("fvalue")
        else:
            yield kind, m.group(kind), ""


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = list(_lex(text))
        self.i = 0

    def peek(self) -> tuple[str, str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr()
        if self.peek() is not None:
            raise BadRequest("A closing parenthesis has no opening one: remove the extra ')'.")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok[:2] == ("word", "OR"):
            self.take()
            if self.peek() is None or self.peek()[0] == "rparen":  # type: ignore[index]
                raise BadRequest("OR needs a search term on both sides: add one after OR or remove it.")
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok[0] != "rparen" and tok[:2] != ("word", "OR"):
            if tok[:2] == ("word", "AND"):
                self.take()
                continue
            parts.append(self.unary())
        if not parts:
            raise BadRequest("OR needs a search term on both sides: add one before OR or remove it.")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        kind, value, _ = self.peek()  # type: ignore[misc]
        if kind == "neg" or (kind, value) == ("word", "NOT"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt[0] == "rparen" or nxt[:2] == ("word", "OR"):
                raise BadRequest(f"{'NOT' if kind == 'word' else '-'} needs a word after it: add one or remove it.")
            return Not(self.unary())
        return self.atom()

    def atom(self) -> Node:
        kind, value, extra = self.take()
        if kind == "lparen":
            return self.group()
        if kind == "rparen":
            raise BadRequest("A closing parenthesis has no opening one: remove the extra ')'.")
        if kind == "phrase":
            return Phrase(value[1:-1])
        if kind == "field":
            return _field_term(value, extra)
        return _word(value)

    def group(self) -> Node:
        if self.peek() is None:
            raise BadRequest("A parenthesis is not closed: add ')' or remove '('.")
        if self.peek()[0] == "rparen":  # type: ignore[index]
            raise BadRequest("Empty parentheses: put search terms inside or remove them.")
        node = self.or_expr()
        if self.peek() is None:
            raise BadRequest("A parenthesis is not closed: add ')' or remove '('.")
        self.take()
        return node


def _field_term(name: str, value: str) -> FieldTerm:
    field_name = name.lower()
    if field_name not in FACET_FIELDS:
        raise BadRequest(f"Unknown field {name!r}: use one of {', '.join(FACET_FIELDS)} (e.g. province:can-tho).")
    raw = value[1:-1] if value.startswith('"') else value
    if not raw.strip():
        raise BadRequest(f"{field_name}: needs a value, e.g. {field_name}:{_EXAMPLES[field_name]}.")
    return FieldTerm(field_name, raw.strip())


def _word(value: str) -> Node:
    if value.endswith("*") and len(value) > 1:
        return Prefix(value[:-1])
    if "*" in value:
        if value.strip("*") == "":
            raise BadRequest("A lone * matches nothing: type at least two letters before it, e.g. রূপান্তর*.")
        raise BadRequest("* works only at the end of a word (prefix search), e.g. রূপান্তর*; remove it elsewhere.")
    return Word(value)


_EXAMPLES = {"lang": "bn", "province": "can-tho", "resolution": "57-NQ/TW", "source": "baotintuc.vn", "year": "2025"}


# --- gazetteer expansion ----------------------------------------------------


def _expand_provinces(node: Node) -> Node:
    """Replace runs of plain words that name a province by Province nodes."""
    if isinstance(node, And):
        return _flatten_and(_expand_run(tuple(_expand_provinces(c) for c in node.children)))
    if isinstance(node, Or):
        return Or(tuple(_expand_provinces(c) for c in node.children))
    if isinstance(node, Not):
        return Not(_expand_provinces(node.child))
    if isinstance(node, Word):
        return _flatten_and(_expand_run((node,)))
    return node


def _flatten_and(children: tuple[Node, ...]) -> Node:
    return children[0] if len(children) == 1 else And(children)


def _expand_run(children: tuple[Node, ...]) -> tuple[Node, ...]:
    out: list[Node] = []
    i = 0
    while i < len(children):
        if not isinstance(children[i], Word):
            out.append(children[i])
            i += 1
            continue
        j = i
        while j < len(children) and isinstance(children[j], Word):
            j += 1
        out.extend(_expand_words([c for c in children[i:j] if isinstance(c, Word)]))
        i = j
    return tuple(out)


def _expand_words(words: list[Word]) -> list[Node]:
    # Analyse each word, remember which word every token came from, and let
    # the gazetteer find names across word boundaries ("Can" "Tho").
    tokens: list[str] = []
    owner: list[int] = []
    for n, w in enumerate(words):
        for t in exact_analyzer()(w.text):
            tokens.append(t.text)
            owner.append(n)
    out: list[Node] = []
    done = 0
    for start, end, slug in gazetteer.find_in_tokens(tokens):
        first, last = owner[start], owner[end - 1]
        # Only whole words become a province; a name glued to other tokens
        # inside one word stays a word.
        if first < done or (start > 0 and owner[start - 1] == first) or (end < len(owner) and owner[end] == last):
            continue
        out.extend(words[done:first])
        out.append(Province(" ".join(w.text for w in words[first : last + 1]), slug))
        done = last + 1
    out.extend(words[done:])
    return out


# --- compilation -------------------------------------------------------------


@dataclass
class Highlights:
    """What a hit's text should have marked: exact terms, stems, phrases, prefixes."""

    terms: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.stems or self.phrases or self.prefixes)

    def alternatives(self, reader: IndexReader) -> list[Alternative]:
        """Everything to mark, as (field, consecutive terms) alternatives."""
        out: list[Alternative] = [(ARTICLE_FIELDS.exact, (t,)) for t in sorted(self.terms)]
        out += [(ARTICLE_FIELDS.stem, (s,)) for s in sorted(self.stems)]
        out += [(ARTICLE_FIELDS.exact, p) for p in sorted(self.phrases)]
        for prefix in sorted(self.prefixes):
            _, words = prefix_terms(prefix, ARTICLE_FIELDS.exact, reader)
            out += [(ARTICLE_FIELDS.exact, (w,)) for w in words]
        return out

    def merged(self, other: Highlights) -> Highlights:
        return Highlights(
            self.terms | other.terms,
            self.stems | other.stems,
            self.phrases | other.phrases,
            self.prefixes | other.prefixes,
        )


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query, ready to compile for either level."""

    text: str
    root: Node | None

    @property
    def is_empty(self) -> bool:
        return self.root is None

    def clauses(self) -> int:
        return sum(1 for _ in _walk(self.root)) if self.root else 0

    def expansions(self) -> list[dict[str, Any]]:
        out = []
        for node in _walk(self.root):
            if isinstance(node, Province):
                p = gazetteer.get(node.slug)
                out.append(
                    {
                        "text": node.text,
                        "province": node.slug,
                        "label": gazetteer.label(node.slug, "en"),
                        "variants": list(gazetteer.variants(node.slug)),
                        "merged_into": p.merged_into if p else None,
                    }
                )
        return out

    def describe(self) -> str:
        return _describe(self.root) if self.root else ""

    def highlights(self) -> Highlights:
        h = Highlights()
        if self.root is not None:
            _collect(self.root, h)
        return h

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "parsed": self.describe(), "expansions": self.expansions()}


def _walk(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    yield node
    if isinstance(node, (And, Or)):
        for c in node.children:
            yield from _walk(c)
    elif isinstance(node, Not):
        yield from _walk(node.child)


def parse_query(text: str) -> ParsedQuery:
    """Parse query text; raise BadRequest with a helpful sentence if malformed."""
    root = _Parser(text).parse()
    if root is not None:
        root = _expand_provinces(root)
    parsed = ParsedQuery(text=text, root=root)
    if parsed.clauses() > MAX_CLAUSES:
        raise BadRequest(f"The query has {parsed.clauses()} parts; use at most {MAX_CLAUSES} words and operators.")
    return parsed


def _terms(text: str) -> list[str]:
    return [t.text for t in exact_analyzer()(text)]


def _stems(text: str) -> list[str]:
    return [t.text for t in stemmed_analyzer()(text)]


def prefix_terms(text: str, field: str, reader: IndexReader) -> tuple[str, list[str]]:
    """The normalised prefix and the indexed words it expands to (a BadRequest if too many)."""
    prefix = normalize_term(text)
    if len(prefix) < MIN_PREFIX_CHARS:
        raise BadRequest(f"{text}* is too short a prefix: type at least {MIN_PREFIX_CHARS} letters before *.")
    words: list[str] = []
    for term in reader.expand_prefix(field, prefix):
        words.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if len(words) > MAX_PREFIX_TERMS:
            raise BadRequest(
                f"{text}* matches more than {MAX_PREFIX_TERMS} different words: type more letters before *."
            )
    return prefix, words


def field_value(name: str, value: str) -> str:
    """Normalise a facet value the way the index stores it."""
    value = fold_digits(value.strip())
    if name == "province":
        slug = value.lower()
        if gazetteer.get(slug) is not None:
            return slug
        found = gazetteer.find_in_tokens(_terms(value))
        return found[0][2] if found else slug
    if name == "resolution":
        return citations.canonical_resolution(value) or value.upper()
    if name == "source":
        value = value.lower()
        return value[4:] if value.startswith("www.") else value
    return value.lower()


def province_spellings(node: Province) -> list[tuple[str, ...]]:
    """The exact terms of each distinct spelling of a place (as typed first)."""
    spellings: list[tuple[str, ...]] = []
    for variant in (node.text, *gazetteer.variants(node.slug)):
        terms = tuple(_terms(variant))
        if terms and terms not in spellings:
            spellings.append(terms)
    return spellings


Leaf = Word | Phrase | Prefix | Province | FieldTerm


def alternatives(node: Leaf, reader: IndexReader) -> list[Alternative] | None:
    """What a leaf's text matches, as (field, consecutive terms) alternatives.

    None: the leaf has no text to match (punctuation, or ``field:value``).
    A word is its stem alone: its exact form sits at the same positions and
    in a subset of the stem's documents.
    """
    if isinstance(node, Word):
        terms = tuple(_terms(node.text))
        if len(terms) == 1:
            return [(ARTICLE_FIELDS.stem, (_stems(node.text)[0],))]
        return [(ARTICLE_FIELDS.exact, terms)] if terms else None
    if isinstance(node, Phrase):
        terms = tuple(_terms(node.text))
        return [(ARTICLE_FIELDS.exact, terms)] if terms else None
    if isinstance(node, Prefix):
        _, words = prefix_terms(node.text, ARTICLE_FIELDS.exact, reader)
        return [(ARTICLE_FIELDS.exact, (w,)) for w in words]
    if isinstance(node, Province):
        return [(ARTICLE_FIELDS.exact, spelling) for spelling in province_spellings(node)]
    return None


def scored_terms(node: Leaf, reader: IndexReader) -> list[tuple[str, str, float]]:
    """The (field, term, boost) a leaf is ranked by (search.ranking adds up their BM25).

    A word counts its exact form (boosted) and its stem; a phrase, a prefix
    or a place its exact words; ``field:value`` ranks nothing.
    """
    if isinstance(node, Word):
        terms = _terms(node.text)
        if len(terms) == 1:
            return [(ARTICLE_FIELDS.exact, terms[0], EXACT_BOOST), (ARTICLE_FIELDS.stem, _stems(node.text)[0], 1.0)]
        return [(ARTICLE_FIELDS.exact, t, EXACT_BOOST) for t in terms]
    found = alternatives(node, reader) or []
    return [(field, t, 1.0) for field, terms in found for t in terms]


def facet_alternatives(node: Leaf) -> list[tuple[str, str]]:
    """Facet values a leaf also matches: a province name its province, "57-NQ/TW" its resolution."""
    if isinstance(node, FieldTerm):
        return [(node.name, field_value(node.name, node.value))]
    if isinstance(node, Province):
        return [("province", node.slug)]
    if isinstance(node, Word) and any(ch.isdigit() for ch in node.text) and len(_terms(node.text)) > 1:
        resolution = citations.canonical_resolution(node.text)
        return [("resolution", resolution)] if resolution else []
    return []


def _describe(node: Node) -> str:
    if isinstance(node, Word):
        return " ".join(_terms(node.text)) or node.text
    if isinstance(node, Phrase):
        return '"' + " ".join(_terms(node.text)) + '"'
    if isinstance(node, Prefix):
        return normalize_term(node.text) + "*"
    if isinstance(node, FieldTerm):
        return f"{node.name}:{field_value(node.name, node.value)}"
    if isinstance(node, Province):
        return f"province:{node.slug}"
    if isinstance(node, Not):
        return f"NOT {_describe(node.child)}"
    if isinstance(node, Or):
        return "(" + " OR ".join(_describe(c) for c in node.children) + ")"
    return " AND ".join(_describe(c) for c in node.children)


def _add_terms(h: Highlights, terms: tuple[str, ...]) -> None:
    if len(terms) == 1:
        h.terms.add(terms[0])
    elif terms:
        h.phrases.add(terms)


def _collect(node: Node, h: Highlights) -> None:
    """Gather what to mark in a hit (excluded words are not highlighted)."""
    if isinstance(node, (And, Or)):
        for c in node.children:
            _collect(c, h)
    elif isinstance(node, Word):
        terms = tuple(_terms(node.text))
        _add_terms(h, terms)
        if len(terms) == 1:
            h.stems.update(_stems(node.text))
    elif isinstance(node, Phrase):
        _add_terms(h, tuple(_terms(node.text)))
    elif isinstance(node, Prefix):
        h.prefixes.add(normalize_term(node.text))
    elif isinstance(node, Province):
        for variant in (node.text, *gazetteer.variants(node.slug)):
            _add_terms(h, tuple(_terms(variant)))
