"""Names in a query: runs of words that name a province or a resolution.

Stage: query text -> AST (search.query calls :func:`expand_names` on the
parsed tree).  Province names in any spelling (``Can Tho``, ``Cần Thơ``,
``ক্যান থো``, ``कैन थो``) become a :class:`Province` leaf that matches every
known spelling plus the province facet; a keyword and a number
("Resolution 57", "संकल्प 57", "রেজোলিউশন ৫৭") a :class:`Resolution` leaf
that matches the resolution facet.  Both are reported back as what was
searched (``expansions``).

A query that is a place's name and nothing else names that place even when
the spelling is also an ordinary word (``Hue``, ``হিউ``): the gazetteer's
ambiguity guards are for reading article text, where such a word may mean
something else, not for a query where the user typed the name alone.
"""

from __future__ import annotations

from collections.abc import Callable

from index.interface import citations, gazetteer

from .tree import And, Node, Not, Or, Province, Resolution, Terms, Word, number_term

__all__ = ["expand_names"]

Analyse = Callable[[str], Terms]


def expand_names(root: Node, analyse: Analyse) -> Node:
    """The tree with its place and resolution names as leaves of their own."""
    return _whole_place(root, analyse) or _expand_provinces(root, analyse)


def _expand_provinces(node: Node, analyse: Analyse) -> Node:
    """Replace runs of plain words that name a province by Province nodes."""
    if isinstance(node, And):
        return _flatten_and(_expand_run(tuple(_expand_provinces(c, analyse) for c in node.children), analyse))
    if isinstance(node, Or):
        return Or(tuple(_expand_provinces(c, analyse) for c in node.children))
    if isinstance(node, Not):
        return Not(_expand_provinces(node.child, analyse))
    if isinstance(node, Word):
        return _flatten_and(_expand_run((node,), analyse))
    return node


def _flatten_and(children: tuple[Node, ...]) -> Node:
    return children[0] if len(children) == 1 else And(children)


def _expand_run(children: tuple[Node, ...], analyse: Analyse) -> tuple[Node, ...]:
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
        out.extend(_expand_words([c for c in children[i:j] if isinstance(c, Word)], analyse))
        i = j
    return tuple(out)


# "Resolution 57", "Nghị quyết 57", "৫৭ নং রেজোলিউশন": a keyword and a number
# run over at most this many words.
_RESOLUTION_WORDS = 4


def _expand_words(words: list[Word], analyse: Analyse) -> list[Node]:
    """Resolutions, then provinces, named by runs of the words."""
    out: list[Node] = []
    done = 0
    i = 0
    while i < len(words):
        found = _resolution_at(words, i)
        if found is None:
            i += 1
            continue
        node, end = found
        out.extend(_expand_places(words[done:i], analyse))
        out.append(node)
        done = i = end
    out.extend(_expand_places(words[done:], analyse))
    return out


def _resolution_at(words: list[Word], i: int) -> tuple[Resolution, int] | None:
    """The longest run of words from ``i`` that names a resolution with a keyword ("Resolution 57").

    A number alone stays a number: "57" is also a quantity.  A coded
    number in one word (57-NQ/TW) stays a word, which also matches the
    facet (search.alternatives.facet_alternatives).
    """
    for end in range(min(len(words), i + _RESOLUTION_WORDS), i + 1, -1):
        run = words[i:end]
        text = " ".join(w.text for w in run)
        resolution = citations.canonical_resolution(text)
        if resolution is None:
            continue
        if number := number_term(run):
            return Resolution(text, resolution, number), end
    return None


def _expand_places(words: list[Word], analyse: Analyse) -> list[Node]:
    # Remember which word every token came from, and let the gazetteer find
    # names across word boundaries ("Can" "Tho").
    tokens: list[str] = []
    owner: list[int] = []
    for n, w in enumerate(words):
        tokens += w.terms.exact
        owner += [n] * len(w.terms.exact)
    out: list[Node] = []
    done = 0
    for start, end, slug in gazetteer.find_in_tokens(tokens):
        first, last = owner[start], owner[end - 1]
        # Only whole words become a province; a name glued to other tokens
        # inside one word stays a word.
        if first < done or (start > 0 and owner[start - 1] == first) or (end < len(owner) and owner[end] == last):
            continue
        out.extend(words[done:first])
        text = " ".join(w.text for w in words[first : last + 1])
        out.append(Province(text, slug, _spellings(text, slug, analyse)))
        done = last + 1
    out.extend(words[done:])
    return out


def _spellings(text: str, slug: str, analyse: Analyse) -> tuple[tuple[str, ...], ...]:
    # The typed words count as the first spelling, analysed as one text
    # like every other spelling.
    spellings: list[tuple[str, ...]] = []
    for variant in (text, *gazetteer.variants(slug)):
        terms = analyse(variant).exact
        if terms and terms not in spellings:
            spellings.append(terms)
    return tuple(spellings)


def _whole_place(root: Node, analyse: Analyse) -> Province | None:
    """The province a query names when its words are that name and nothing else (``Hue``, ``হিউ``)."""
    nodes: tuple[Node, ...] = (root,) if isinstance(root, Word) else root.children if isinstance(root, And) else ()
    words = [w for w in nodes if isinstance(w, Word)]
    if not words or len(words) < len(nodes):
        return None
    slug = gazetteer.find_whole_name([t for w in words for t in w.terms.exact])
    if slug is None:
        return None
    text = " ".join(w.text for w in words)
    return Province(text, slug, _spellings(text, slug, analyse))
