"""Lexical keys as a linking feature: a short translation with no shared number or name is found."""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from test_link_verification import HI, OTHER_BN, body_lines

from index.corpus.article import Article, FileInfo, parse_article
from index.translation.fingerprint import Fingerprint, fingerprint
from index.translation.link_lexical import _key_table, lexical_keys, stem_lexical_pairs
from index.translation.link_scores import feature_matrix, pair_score
from index.translation.linking import Linking, link
from index.translation.pair_alignment import article_aligner
from index.translation.term_columns import TermColumns, bottom_k_ids

# A three-sentence Bengali article and its Hindi translation, written for
# this test: no number, no Latin word, and no word whose transliteration
# the other side shares (no name key in common).  Only words that translate.
BN = [
    "সকালে প্রবল বৃষ্টিপাত ও বন্যায় গাড়ি চলাচল থেমে গেছে।",
    "মুখপাত্র বলেছেন যে সহিংসতার অভিযোগ গুরুত্বপূর্ণ।",
    "অফিস থেকে একটি বার্তা পাঠানো হয়েছে এবং নিষেধাজ্ঞা জারি হয়েছে।",
]
HI_TRANSLATION = [
    "सुबह भारी बारिश और बाढ़ से कार की आवाजाही रुक गई है।",
    "प्रवक्ता ने कहा कि हिंसा का आरोप महत्वपूर्ण है।",
    "दफ़्तर से एक संदेश भेजा गया है और प्रतिबंध लगाया गया है।",
]
# A Hindi article of the same length on something else: it shares only
# function words (और, कि, एक) with the Bengali one.
HI_UNRELATED = [
    "सोमवार को संसद में नए कानून पर लंबी बहस हुई।",
    "विपक्ष ने कहा कि यह कानून किसानों के हित में नहीं है।",
    "सरकार ने एक समिति बनाई है और उसकी रिपोर्ट जल्द आएगी।",
]


def article(doc_id: str, lines: list[str]) -> Article:
    text = "\n".join(lines)
    return parse_article(text, FileInfo(doc_id, doc_id + ".txt", len(text), 0, ""))


def corpus(hindi: list[str]) -> list[Article]:
    """The pair under test among articles of the sample corpus (so that rarity means something)."""
    background = [("b2", OTHER_BN), ("b3", HI), ("b4", body_lines("003")), ("b5", body_lines("004"))]
    return [article("p_bn", BN), article("p_hi", hindi)] + [article(i, lines) for i, lines in background]


def linked(articles: list[Article], fps: list[Fingerprint]) -> Linking:
    return link(fps, aligner=article_aligner({a.id: a for a in articles}))


def pair_links(linking: Linking) -> list[tuple[str, str, str]]:
    return [(x.a, x.b, x.method) for x in linking.links if x.a.startswith("p_")]


def test_lexical_keys_map_bengali_stems_to_the_hindi_stems_of_the_seed() -> None:
    assert lexical_keys(["বৃষ্টিপাত", "বন্যা", "গাড়ি"], "bn") == ("बारिश", "बाढ़", "कार")
    assert lexical_keys(["बारिश", "बाढ़", "कार", "अज्ञातशब्द"], "hi") == ("बारिश", "बाढ़", "कार")
    assert lexical_keys(["বৃষ্টিপাত"], "en") == ()


def test_lexical_keys_are_capped_by_smallest_hash_in_text_order() -> None:
    stems = ["बारिश", "बाढ़", "कार", "संदेश", "प्रतिबंध", "आरोप"]
    kept = lexical_keys(stems, "hi", limit=3)
    assert kept == tuple(s for s in stems if s in kept) and len(kept) == 3
    # The sample depends on the keys alone, not on their order in the article.
    assert set(lexical_keys(list(reversed(stems)), "hi", limit=3)) == set(kept)


def _lexical_keys_reference(stems: Sequence[str], lang: str, limit: int) -> tuple[str, ...]:
    """lexical_keys one stem and one key at a time, as it was first written."""
    table, hindi = _key_table()
    keys: dict[str, None] = {}
    if lang == "bn":
        for stem in stems:
            keys.update(dict.fromkeys(table.get(stem, ())))
    elif lang == "hi":
        keys.update(dict.fromkeys(s for s in stems if s in hindi))
    if len(keys) <= limit:
        return tuple(keys)
    cut = sorted(zlib.crc32(k.encode("utf-8")) for k in keys)[limit - 1]
    return tuple(k for k in keys if zlib.crc32(k.encode("utf-8")) <= cut)[:limit]


_SEED_STEMS = sorted(_key_table()[0])[:400] + sorted(_key_table()[1])[:400] + ["अज्ञातशब्द", "", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SEED_STEMS), max_size=300), st.sampled_from(["bn", "hi", "en"]), st.integers(1, 64))
def test_lexical_keys_match_the_reference(stems: list[str], lang: str, limit: int) -> None:
    assert lexical_keys(stems, lang, limit) == _lexical_keys_reference(stems, lang, limit)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SEED_STEMS), max_size=300), st.sampled_from(["bn", "hi"]), st.integers(1, 64))
def test_lexical_keys_of_each_stems_pairs_are_lexical_keys(stems: list[str], lang: str, limit: int) -> None:
    # Fingerprints keep each term's pairs (stem_lexical_pairs) in term columns and select from them.
    table = TermColumns(lambda stem: (0, (), (), *stem_lexical_pairs(stem)), 1 << 10)
    columns = table.article(stems, (lang,))
    assert columns.names_of(bottom_k_ids(columns.keys[lang], limit)) == lexical_keys(stems, lang, limit)


def test_a_short_translation_sharing_no_number_or_name_is_linked_by_its_words() -> None:
    articles = corpus(HI_TRANSLATION)
    fps = [fingerprint(a) for a in articles]
    bn, hi = fps[0], fps[1]
    assert bn.numbers == hi.numbers == () and bn.latin == hi.latin == ()
    assert set(bn.names) & set(hi.names) == set()
    assert pair_links(linked(articles, fps)) == [("p_bn", "p_hi", "content")]
    # Without the lexical keys nothing makes them a candidate.
    bare = [dataclasses.replace(fp, lexical=()) for fp in fps]
    assert pair_links(linked(articles, bare)) == []


def test_an_unrelated_short_pair_sharing_function_words_is_not_linked() -> None:
    articles = corpus(HI_UNRELATED)
    result = linked(articles, [fingerprint(a) for a in articles])
    # In six articles even function words are rare enough to make them a
    # candidate; their alignment's words do not translate, so it is rejected.
    assert pair_links(result) == []
    assert result.groups["p_bn"] == "p_bn" and result.groups["p_hi"] == "p_hi"


def pair(sentences: tuple[int, int], chars: tuple[int, int]) -> float:
    """The content score of two articles with the same features, so only their lengths differ."""
    fps = [
        Fingerprint(f"x_{lang}", lang, None, 1, n, c, ("2019", "4567"), (), (), (), ("ktr", "pbln", "smr"), ())
        for lang, n, c in zip(("bn", "hi"), sentences, chars, strict=True)
    ]
    m = feature_matrix(fps, {"bn": 0, "hi": 1})
    return round(pair_score(fps, m, 0, 1, {}), 2)


def test_a_short_pair_missing_a_sentence_keeps_more_of_its_score_than_a_long_one() -> None:
    # The same length ratio (e^0.5): one side left out half its sentences.
    assert pair(sentences=(2, 4), chars=(400, 659)) == 0.6
    assert pair(sentences=(20, 40), chars=(4000, 6594)) == 0.36
    assert pair(sentences=(2, 2), chars=(400, 400)) == 1.0


def test_the_lexical_share_counts_each_stem_with_an_equivalent_across_its_bead() -> None:
    # The share as its definition says, stem by stem, against lexical_share,
    # which memoises each stem's key and equivalents.
    from index.analysis.phonetic import phonetic_key
    from index.translation import link_lexical
    from index.translation.pair_alignment import oriented_stems

    x, y = article("x_bn", BN), article("x_hi", HI_TRANSLATION)
    src, tgt = [x.text[s.start : s.end] for s in x.sentences()], [y.text[s.start : s.end] for s in y.sentences()]
    beads: list[list[object]] = [[[i], [i], 1.0] for i in range(3)]
    stems = oriented_stems(src, tgt, beads, "bn", "hi") + [(["ট্রাম্প", "নেই"], ["ट्रंप"]), ([], [])]

    def translated(stem: str, lang: str, other: list[str]) -> bool:
        key = phonetic_key(stem)
        return bool(key and key in {phonetic_key(s) for s in other}) or bool(
            link_lexical._equivalents(stem, lang) & set(other)
        )

    matched = sum(translated(s, "bn", hi) for bn, hi in stems for s in bn)
    matched += sum(translated(s, "hi", bn) for bn, hi in stems for s in hi)
    total = sum(len(bn) + len(hi) for bn, hi in stems)
    assert link_lexical.lexical_share(stems) == matched / total
    assert 0 < matched < total
    assert "ট্রাম্প" in link_lexical._evidence().stems["bn"]


def _share_by_sets(beads: Sequence[tuple[Sequence[str], Sequence[str]]]) -> float | None:
    """The lexical share as session 13 computed it, a set test per stem: the definition to match."""
    from index.translation.link_lexical import _stem_evidence

    matched = total = 0
    for bn, hi in beads:
        bn_found, hi_found = [_stem_evidence("bn", s) for s in bn], [_stem_evidence("hi", s) for s in hi]
        keys_bn = set().union(*(keys for keys, _ in bn_found))
        keys_hi = set().union(*(keys for keys, _ in hi_found))
        matched += sum(bool(keys_hi & keys or set(hi) & equivalents) for keys, equivalents in bn_found)
        matched += sum(bool(keys_bn & keys or set(bn) & equivalents) for keys, equivalents in hi_found)
        total += len(bn) + len(hi)
    return matched / total if total else None


def _seed_stems(lang: str) -> list[str]:
    from index.translation.seed import seed_table

    found = sorted({stem for entry_lang, stem, *_ in seed_table().entries() if entry_lang == lang})
    return found[:: max(1, len(found) // 150)]


# Stems that translate (the seed's), that sound alike across the scripts (a
# name and its cognates), that have no key, and one stem in both lists.
_BN_STEMS = [*_seed_stems("bn"), "ট্রাম্প", "নেভাডা", "নেই", "১২", "x"]
_HI_STEMS = [*_seed_stems("hi"), "ट्रंप", "नेवाड", "नहीं", "x"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_BN_STEMS), max_size=12), st.lists(st.sampled_from(_HI_STEMS), max_size=12)),
        max_size=8,
    ),
    st.sampled_from([0, 3, 1 << 19]),
)
def test_the_lexical_share_is_the_set_test_of_its_definition(
    beads: list[tuple[list[str], list[str]]], limit: int
) -> None:
    # Token tables of any size, emptied between calls when small: the ids are compared within one call only.
    from index.translation import link_lexical

    before = link_lexical._evidence().limit
    link_lexical._evidence().limit = limit
    try:
        assert link_lexical.lexical_share(beads) == _share_by_sets(beads)
        assert link_lexical.lexical_share(beads[::-1]) == _share_by_sets(beads[::-1])
    finally:
        link_lexical._evidence().limit = before


def test_the_sets_and_the_tokens_find_equivalents_and_cognates() -> None:
    # The property test's pools hold stems that match across a bead both ways (not only misses).
    beads = [(["ট্রাম্প", "নেই"], ["ट्रंप", "नहीं"]), ([_BN_STEMS[0]], [_HI_STEMS[0]])]
    share = _share_by_sets(beads)
    assert share is not None and 0 < share
    from index.translation.link_lexical import lexical_share

    assert lexical_share(beads) == share


def test_threads_sharing_the_module_get_the_definitions_share() -> None:
    # Each thread has its own token table (emptied between its calls when
    # full): 8 threads with tables that empty after almost every call, each
    # call checked against the set definition.
    import random
    import threading

    from index.translation import link_lexical

    rng = random.Random(7)
    cases = [
        [(rng.sample(_BN_STEMS, rng.randint(0, 8)), rng.sample(_HI_STEMS, rng.randint(0, 8))) for _ in range(4)]
        for _ in range(40)
    ]
    expected = [_share_by_sets(beads) for beads in cases]
    wrong: list[int] = []

    def run() -> None:
        link_lexical._evidence().limit = 3
        for _ in range(10):
            for k, beads in enumerate(cases):
                if link_lexical.lexical_share(beads) != expected[k]:
                    wrong.append(k)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    assert link_lexical._evidence().limit == 1 << 19  # this thread's table untouched
