"""A request analyses its query once: the parse analyses each distinct text, and nothing after it does.

Every analysis function a module of ``search/`` has bound (``analyze``,
``exact_analyzer``, ``stemmed_analyzer``, ``terms``) is wrapped with a
counter, an analyzer counting when it is built and each text it analyses.
The highlighter analyses the hits' own sentences to mark them; every other
analysis is of the query, and each distinct query text may be analysed once
per request.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import search
from search import Engine, SearchRequest
from search.query import parse_query
from search.tree import Phrase, Province, Word

WATCHED = ("analyze", "exact_analyzer", "stemmed_analyzer", "terms")
# The one module that analyses article text (the sentences it marks).
DOCUMENT_SIDE = "highlight"


class Analyses:
    """What was analysed, by module: (module, function, text); text "" for an analyzer built."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def wrap(self, module: str, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        if name.endswith("_analyzer"):

            def build(*args: Any, **kwargs: Any) -> Callable[..., Any]:
                self.calls.append((module, name, ""))
                analyzer = func(*args, **kwargs)

                def run(text: str, *a: Any, **kw: Any) -> Any:
                    self.calls.append((module, name, text))
                    return analyzer(text, *a, **kw)

                return run

            return build

        def call(text: str, *args: Any, **kwargs: Any) -> Any:
            self.calls.append((module, name, text))
            return func(text, *args, **kwargs)

        return call

    def clear(self) -> None:
        self.calls.clear()

    @property
    def built(self) -> int:
        """Analyzers built (any module)."""
        return sum(1 for _, _, text in self.calls if not text)

    @property
    def query_texts(self) -> Counter[str]:
        """How often each text was analysed outside the highlighter."""
        return Counter(text for module, _, text in self.calls if text and module != DOCUMENT_SIDE)


@pytest.fixture()
def analyses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Analyses]:
    found = Analyses()
    for info in pkgutil.iter_modules(search.__path__):
        module = importlib.import_module(f"search.{info.name}")
        for name in WATCHED:
            func = getattr(module, name, None)
            if callable(func):
                monkeypatch.setattr(module, name, found.wrap(info.name, name, func))
    yield found


def _warm(engine: Engine) -> None:
    # The first request of a session builds the per-generation arrays.
    engine.search(SearchRequest.create("প্রকল্প"))
    engine.passages(SearchRequest.create("প্রকল্প"))


def test_a_two_word_search_analyses_each_word_once(engine: Engine, analyses: Analyses) -> None:
    _warm(engine)
    analyses.clear()
    result = engine.search(SearchRequest.create("ডিজিটাল রূপান্তর"))
    assert result.total > 0 and result.hits[0].snippets
    assert analyses.query_texts == Counter({"ডিজিটাল": 1, "রূপান্তর": 1})
    assert analyses.built == 0


def test_a_two_word_passage_search_analyses_each_word_once(engine: Engine, analyses: Analyses) -> None:
    _warm(engine)
    analyses.clear()
    result = engine.passages(SearchRequest.create("ডিজিটাল রূপান্তর"))
    assert result.total > 0
    assert analyses.query_texts == Counter({"ডিজিটাল": 1, "রূপান্তর": 1})
    assert analyses.built == 0


def test_a_passage_search_with_parallel_q_analyses_both_queries_once(engine: Engine, analyses: Analyses) -> None:
    _warm(engine)
    analyses.clear()
    engine.passages(SearchRequest.create("ডিজিটাল রূপান্তর", parallel_q="डिजिटल परिवर्तन"))
    assert analyses.query_texts == Counter({"ডিজিটাল": 1, "রূপান্তর": 1, "डिजिटल": 1, "परिवर्तन": 1})
    assert analyses.built == 0


@pytest.mark.parametrize(
    ("q", "texts"),
    [
        # A repeated word is analysed once; a phrase is one text.
        ('ডিজিটাল "ডিজিটাল রূপান্তর" ডিজিটাল', {"ডিজিটাল", "ডিজিটাল রূপান্তর"}),
        ("ডিজিটাল OR (রূপান্তর -ডিজিটাল)", {"ডিজিটাল", "রূপান্তর"}),
        # A facet value is not query text unless it names a place to look up.
        ("province:ca-mau ডিজিটাল", {"ডিজিটাল"}),
        ('province:"Cà Mau" ডিজিটাল', {"Cà Mau", "ডিজিটাল"}),
    ],
)
def test_each_distinct_text_of_a_query_is_analysed_once(
    engine: Engine, analyses: Analyses, q: str, texts: set[str]
) -> None:
    _warm(engine)
    analyses.clear()
    engine.search(SearchRequest.create(q))
    assert analyses.query_texts == Counter(dict.fromkeys(texts, 1))
    assert analyses.built == 0


def test_a_place_is_analysed_once_per_spelling(engine: Engine, analyses: Analyses) -> None:
    _warm(engine)
    analyses.clear()
    result = engine.search(SearchRequest.create("Can Tho"))
    assert [e["province"] for e in result.query.expansions()] == ["can-tho"]
    variants = result.query.expansions()[0]["variants"]
    # The words, the words as one name, and every other spelling: each once.
    assert analyses.query_texts == Counter(dict.fromkeys(["Can", "Tho", "Can Tho", *variants], 1))
    assert analyses.built == 0


def test_the_parsed_query_carries_its_analysed_terms() -> None:
    parsed = parse_query('ডিজিটাল "রূপান্তর ৫৭" Can Tho')
    assert parsed.root is not None
    leaves = [c for c in getattr(parsed.root, "children", ()) if isinstance(c, Word | Phrase | Province)]
    assert [(type(leaf).__name__, leaf.text) for leaf in leaves] == [
        ("Word", "ডিজিটাল"),
        ("Phrase", "রূপান্তর ৫৭"),
        ("Province", "Can Tho"),
    ]
    word, phrase, place = leaves
    assert isinstance(word, Word) and isinstance(phrase, Phrase) and isinstance(place, Province)
    assert (word.terms.exact, word.terms.stems) == (("ডিজিটাল",), ("ডিজিটাল",))
    assert phrase.terms.exact == ("রূপান্তর", "57")
    assert place.spellings[0] == ("can", "tho")
