"""Cross-language coordination: the other language's articles need most of the words, ranked by how many they hold."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from search import Engine, SearchRequest
from search.bridge import bridge
from search.occurrences import Occurrences
from search.query import parse_query
from search.ranking import article_scores
from search.tree import And, Word


def _ranked(engine: Engine, q: str, cross: bool) -> list[str]:
    result = engine.search(SearchRequest.create(q, per_page=50, cross_language=cross))
    return [h.article.id[:3] for h in result.hits]


def test_an_article_of_the_other_language_may_lack_one_translated_word(engine: Engine) -> None:
    # Every Bengali sample speaks of ডিজিটাল রূপান্তর; only 000 also of a satellite (উপগ্রহ: স্যাটেলাইট).
    assert _ranked(engine, "डिजिटल परिवर्तन उपग्रह", cross=False) == ["001"]
    crossed = _ranked(engine, "डिजिटल परिवर्तन उपग्रह", cross=True)
    # The Hindi article first (all three words, exact), then the Bengali one that holds all three
    # through their equivalents, then those that hold two of the three.
    assert crossed[:2] == ["001", "000"] and sorted(crossed[2:]) == ["002", "003", "004"]


def test_one_word_of_three_is_not_enough(engine: Engine) -> None:
    # Only 000 holds the equivalents of two of these words (উপগ্রহ, আধুনিকীকরণ; ইন্টারনেট also 003).
    assert _ranked(engine, "उपग्रह आधुनिकीकरण इंटरनेट", cross=True) == ["001", "000"]


def test_the_query_language_still_needs_every_word(engine: Engine) -> None:
    # Of the Bengali samples only 000 writes স্যাটেলাইট; the Hindi 001 holds two of the three words' equivalents.
    for cross in (False, True):
        result = engine.search(SearchRequest.create("ডিজিটাল রূপান্তর স্যাটেলাইট", per_page=50, cross_language=cross))
        assert [h.article.id[:3] for h in result.hits if h.article.lang == "bn"] == ["000"]
    assert "001" in _ranked(engine, "ডিজিটাল রূপান্তর স্যাটেলাইট", cross=True)


def test_the_tree_says_which_language_is_coordinated(engine: Engine) -> None:
    with engine._searcher() as (s, _):
        parsed = bridge(parse_query("डिजिटल परिवर्तन उपग्रह"), s.reader(), engine._bilingual(s, _), True)
        assert isinstance(parsed.root, And) and (parsed.root.cross, parsed.root.least) == ("bn", 2)
        plain = bridge(parse_query("डिजिटल परिवर्तन उपग्रह"), s.reader(), None, False)
        assert isinstance(plain.root, And) and (plain.root.cross, plain.root.least) == ("", 0)


def test_a_word_is_scored_once_as_its_best_equivalent(engine: Engine) -> None:
    # आर्थिक has several Bengali equivalents; 000 holds more than one of them.
    with engine._searcher() as (s, fi):
        parsed = bridge(parse_query("आर्थिक"), s.reader(), engine._bilingual(s, fi), True)
        word = parsed.root
        assert isinstance(word, Word) and len(word.bridges) >= 2
        occ = Occurrences(s.reader())
        together = article_scores(word, s, fi, occ)
        apart = [article_scores(replace(word, bridges=(b,)), s, fi, occ) for b in word.bridges]
        own = article_scores(replace(word, bridges=()), s, fi, occ)
        each = [a for a in apart if a is not None]
        assert together is not None and own is not None and len(each) == len(apart)
        # Some article holds two of the equivalents: summed, they would score above the best one.
        assert np.max(np.add.reduce([a > 0 for a in each])) >= 2
        np.testing.assert_allclose(together, np.maximum.reduce([own, *each]))


def test_words_typed_in_latin_are_not_coordinated(engine: Engine) -> None:
    # "technology" reaches প্রযুক্তি through the English table (Bengali only) whatever cross_language says.
    with engine._searcher() as (s, fi):
        parsed = bridge(parse_query("technology ডিজিটাল"), s.reader(), None, False)
        assert isinstance(parsed.root, And) and parsed.root.children[0].bridges  # type: ignore[union-attr]
        assert {b.lang for b in parsed.root.children[0].bridges if b.kind == "lexicon"} == {"bn"}  # type: ignore[union-attr]
        assert parsed.root.cross == ""
