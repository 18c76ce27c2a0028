"""The query language: query text parsed into a tree whose leaves carry their analysed terms.

Stage: query text -> AST.

    ডিজিটাল রূপান্তর          all words must match (AND), BM25 ranking
    "ডিজিটাল রূপান্তর"        an exact phrase (exact-form field, positions)
    "ডিজিটাল রূপান্তর"~5      proximity: the words within 5 positions, any order (stems)
    FPT OR Viettel            either
    -হিউ   NOT হিউ            exclusion
    province:ca-mau           a facet field (lang, province, resolution, source, year, month)
    রূপান্তর*                  prefix
    (a OR b) c                grouping

Query words go through the index's own analysis (so ``57`` finds ``৫৭`` and
``५७``), once per distinct text, while parsing: every word and phrase leaf
holds its exact terms and their stems, and matching, ranking and
highlighting read them from the tree.  Province names in any spelling
(``Can Tho``, ``Cần Thơ``, ``ক্যান থো``, ``कैन थो``) expand to every known
spelling plus the province facet, and the expansion is reported back as
what was searched.

The tree is not compiled to Whoosh queries: search.alternatives says which
index terms a leaf stands for, search.matching evaluates the tree over
their posting lists and search.ranking scores it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from index.interface import FACET_FIELDS, analyze, citations, fold_digits, gazetteer

from .errors import BadRequest
from .names import expand_names
from .tree import (
    And,
    Bridge,
    FieldTerm,
    Highlights,
    KeyPhrase,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Province,
    Resolution,
    Terms,
    Word,
    coded_resolution,
    describe,
    highlights_of,
    walk,
)

__all__ = ["MAX_CLAUSES", "ParsedQuery", "field_value", "mend_cut", "parse_query"]

MAX_CLAUSES = 64


class _Analyser:
    """One query's analysis: each distinct text analysed once, both forms in one pass."""

    def __init__(self) -> None:
        self._done: dict[str, Terms] = {}

    def __call__(self, text: str) -> Terms:
        found = self._done.get(text)
        if found is None:
            tokens = analyze(text)
            found = self._done[text] = Terms(tuple(t[0] for t in tokens), tuple(t[1] for t in tokens))
        return found


# --- lexer -----------------------------------------------------------------

_LEX_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z_]+):(?P<fvalue>"[^"]*"|[^\s()"]*)
  | (?P<phrase>"[^"]*"(?:~[^\s()"]*)?)
  | (?P<neg>-)(?=\S)
  | (?P<word>[^\s()"]+)
  | (?P<quote>")
    """,
    re.VERBOSE,
)


def _lex(text: str) -> Iterator[tuple[tuple[str, str, str], tuple[int, int]]]:
    """Each token (kind, value, field value) with its span in ``text``."""
    for m in _LEX_RE.finditer(text):
        kind = m.lastgroup or ""
        if kind == "ws":
            continue
        if kind == "quote":
            raise BadRequest('A quotation mark is not closed: add the closing " or remove it.')
        if kind == "fvalue":  # pragma: no cover - lastgroup is "fvalue" when the value matched
            kind = "field"
        if m.group("field") is not None:
            yield ("field", m.group("field"), m.group("fvalue")), m.span()
        else:
            yield (kind, m.group(kind), ""), m.span()


class _Parser:
    def __init__(self, text: str, analyse: _Analyser) -> None:
        lexed = list(_lex(text))
        self.tokens = [tok for tok, _ in lexed]
        self.spans = [span for _, span in lexed]
        self.i = 0
        self.analyse = analyse

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
            return _phrase(value, self.analyse)
        if kind == "field":
            return _field_term(value, extra, self.analyse)
        return _word(value, self.analyse, self.spans[self.i - 1])

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


MAX_SLOP = 50


def _phrase(value: str, analyse: _Analyser) -> Phrase:
    """``"…"`` or ``"…"~N`` (proximity: the words within N positions of each other, in any order)."""
    closing = value.rindex('"')
    text, tail = value[1:closing], value[closing + 1 :]
    if not tail:
        return Phrase(text, analyse(text))
    slop = tail[1:]
    if not re.fullmatch(r"[0-9]{1,3}", slop) or int(slop) > MAX_SLOP:
        raise BadRequest(
            f'~ after a phrase takes a number of positions from 0 to {MAX_SLOP}, e.g. "ডিজিটাল রূপান্তর"~5; '
            f"not ~{slop[:20]}."
        )
    return Phrase(text, analyse(text), slop=int(slop))


def _field_term(name: str, value: str, analyse: _Analyser) -> FieldTerm:
    field_name = name.lower()
    if field_name not in FACET_FIELDS:
        raise BadRequest(f"Unknown field {name!r}: use one of {', '.join(FACET_FIELDS)} (e.g. province:can-tho).")
    raw = value[1:-1] if value.startswith('"') else value
    if not raw.strip():
        raise BadRequest(f"{field_name}: needs a value, e.g. {field_name}:{_EXAMPLES[field_name]}.")
    return FieldTerm(field_name, raw.strip(), field_value(field_name, raw.strip(), analyse))


def _word(value: str, analyse: _Analyser, span: tuple[int, int]) -> Node:
    if value.endswith("*") and len(value) > 1:
        return Prefix(value[:-1])
    if "*" in value:
        if value.strip("*") == "":
            raise BadRequest("A lone * matches nothing: type at least two letters before it, e.g. রূপান্তর*.")
        raise BadRequest("* works only at the end of a word (prefix search), e.g. রূপান্তর*; remove it elsewhere.")
    return Word(value, analyse(value), span)


_EXAMPLES = {
    "lang": "bn",
    "province": "can-tho",
    "resolution": "57-NQ/TW",
    "source": "baotintuc.vn",
    "year": "2025",
    "month": "2025-10",
}


def field_value(name: str, value: str, analyse: _Analyser | None = None) -> str:
    """Normalise a facet value the way the index stores it."""
    value = fold_digits(value.strip())
    if name == "province":
        slug = value.lower()
        if gazetteer.get(slug) is not None:
            return slug
        found = gazetteer.find_in_tokens(list((analyse or _Analyser())(value).exact))
        return found[0][2] if found else slug
    if name == "resolution":
        return citations.canonical_resolution(value) or value.upper()
    if name == "source":
        value = value.lower()
        return value[4:] if value.startswith("www.") else value
    return value.lower()


# --- the parsed query ----------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: its tree, whose leaves carry their analysed terms."""

    text: str
    root: Node | None
    # The length of the text given, when it had more terms than MAX_CLAUSES
    # and ``text`` is its first words (search.notes says so).
    cut_from: int = 0
    # Bridges left out to stay within search.bridge.MAX_TERMS: (query text, terms dropped).
    bridges_cut: tuple[tuple[str, int], ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.root is None

    def clauses(self) -> int:
        return sum(1 for _ in walk(self.root)) if self.root else 0

    def expansions(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in walk(self.root):
            if isinstance(node, Resolution) or (isinstance(node, Word) and coded_resolution(node)):
                resolution = node.resolution if isinstance(node, Resolution) else coded_resolution(node)
                out.append(
                    {
                        "kind": "resolution",
                        "text": node.text,
                        "resolution": resolution,
                        "label": citations.label(resolution, "en"),
                    }
                )
            elif isinstance(node, Word | Phrase | KeyPhrase):
                out += _bridge_expansions(node, dict(self.bridges_cut))
            elif isinstance(node, Province):
                p = gazetteer.get(node.slug)
                out.append(
                    {
                        "kind": "province",
                        "text": node.text,
                        "province": node.slug,
                        "label": gazetteer.label(node.slug, "en"),
                        "variants": list(gazetteer.variants(node.slug)),
                        "merged_into": p.merged_into if p else None,
                    }
                )
        return out

    def describe(self) -> str:
        return describe(self.root) if self.root else ""

    def highlights(self) -> Highlights:
        """What to mark in a hit (excluded words are not highlighted)."""
        return highlights_of(self.root)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "parsed": self.describe(), "expansions": self.expansions()}


def _bridge_expansions(node: Word | Phrase | KeyPhrase, cut: dict[str, int]) -> list[dict[str, Any]]:
    """One entry per kind of bridge a leaf crossed (search.bridge): the terms it added, their weights."""
    bridges = (node.bridge,) if isinstance(node, KeyPhrase) else node.bridges
    by_kind: dict[str, list[Bridge]] = {}
    for b in bridges:
        by_kind.setdefault(b.kind, []).append(b)
    out = []
    for kind, found in by_kind.items():
        entry: dict[str, Any] = {
            "kind": kind,
            "text": node.text,
            "field": found[0].field,
            "terms": [" ".join(b.terms) for b in found],
            "weights": [b.weight for b in found],
            "skip": f"{kind}:{node.text}",
        }
        if any(b.minus for b in found):
            # A lone word's key, not where the word written is a common word with that key.
            entry["except"] = [list(b.minus) for b in found]
        if kind != "transliteration":
            entry |= {"lang": found[0].lang, "sources": [b.source for b in found], "pairs": [b.pairs for b in found]}
            # A Latin word's translations are in both languages: each term's own.
            entry["langs"] = [b.lang for b in found]
        if node.text in cut:
            entry["cut"] = cut[node.text]
        out.append(entry)
    return out


def _parse(text: str, analyse: _Analyser) -> ParsedQuery:
    root = _Parser(text, analyse).parse()
    if root is not None:
        root = expand_names(root, analyse)
    return ParsedQuery(text=text, root=root)


_OPERATOR_WORDS = ("OR", "AND", "NOT", "-")


def mend_cut(text: str) -> str:
    """A query cut at a limit made whole: no operator at its end, its quotation and parentheses closed.

    A pasted quotation or group loses its closing mark when it is cut; the
    user did not leave it open, so Setu closes it rather than refuse it.
    """
    while True:
        text = text.rstrip()
        tokens = [m for m in _LEX_RE.finditer(text) if m.lastgroup != "ws"]
        # An unclosed quotation mark is the text's last '"' (the lexer pairs the others).
        open_quote = next((m for m in tokens if m.lastgroup == "quote"), None)
        if open_quote is not None:
            text = text + '"' if text[open_quote.end() :].strip() else text[: open_quote.start()]
            continue
        last = tokens[-1] if tokens else None
        if last is not None and (
            last.lastgroup == "lparen"
            or last.group() in _OPERATOR_WORDS
            or (last.group("field") is not None and not last.group("fvalue"))
        ):
            text = text[: last.start()]
            continue
        depth = 0
        for m in tokens:
            depth = depth + 1 if m.lastgroup == "lparen" else max(depth - 1, 0) if m.lastgroup == "rparen" else depth
        return text + ")" * depth


def parse_query(text: str) -> ParsedQuery:
    """Parse and analyse query text; raise BadRequest with a helpful sentence if malformed.

    A query of more than MAX_CLAUSES parts (a pasted paragraph) is cut to its
    longest run of first tokens that parses within the limit (mended: see
    mend_cut); ``cut_from`` then holds the length of the text given.
    """
    analyse = _Analyser()
    parsed = _parse(text, analyse)
    if parsed.clauses() <= MAX_CLAUSES:
        return parsed
    ends = [m.end() for m in _LEX_RE.finditer(text) if m.lastgroup != "ws"]
    # Each shorter prefix reuses the analyser, so no word is analysed twice.
    for k in range(min(len(ends) - 1, MAX_CLAUSES), 0, -1):
        try:
            shorter = _parse(mend_cut(text[: ends[k - 1]]), analyse)
        except BadRequest:
            continue  # cut inside a group or after an operator: try one token fewer
        if shorter.root is not None and shorter.clauses() <= MAX_CLAUSES:
            return replace(shorter, cut_from=len(text))
    raise BadRequest(f"The query has {parsed.clauses()} parts; use at most {MAX_CLAUSES} words and operators.")
