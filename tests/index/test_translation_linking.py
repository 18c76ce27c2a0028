"""Translation linking: fingerprints of articles -> groups, links, duplicates."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from index.corpus.article import Article, FileInfo, parse_article
from index.corpus.files import CorpusFile, list_corpus, read_article
from index.translation.fingerprint import FINGERPRINT_VERSION, Fingerprint, fingerprint, name_keys
from index.translation.fingerprint_table import FingerprintTable
from index.translation.linking import DEFAULT_MAX_BLOCK, DEFAULT_TOP, Duplicate, Link, Linking, link

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
BN = "000_45f867eacd813f2e"
HI = "001_23384727df69c4b0"
OTHERS = ("002_9232af5498dd2ad5", "003_72547007595906f6", "004_a2bd8f65d88ff69c")
SOURCE_LINE = re.compile(r"^(সূত্র|स्रोत): .*$", re.MULTILINE)


def read_sample() -> dict[str, Article]:
    out = {}
    for f in list_corpus(SAMPLE):
        assert isinstance(f, CorpusFile)
        article = read_article(f)
        assert isinstance(article, Article)
        out[article.id] = article
    return out


@pytest.fixture(scope="module")
def sample() -> dict[str, Article]:
    return read_sample()


@pytest.fixture(scope="module")
def prints(sample: dict[str, Article]) -> dict[str, Fingerprint]:
    return {doc: fingerprint(a) for doc, a in sample.items()}


def reparse(article: Article, doc_id: str, keep_url: bool = False) -> Article:
    """The same article under another id, without its source line unless asked."""
    text = article.text if keep_url else SOURCE_LINE.sub("", article.text)
    return parse_article(text, FileInfo(doc_id, doc_id + ".txt", len(text), 0, ""))


# --------------------------------------------------------------------------- fingerprints


def test_translations_share_their_language_independent_features(prints: dict[str, Fingerprint]) -> None:
    bn, hi = prints[BN], prints[HI]
    assert (bn.lang, hi.lang) == ("bn", "hi")
    assert bn.url == hi.url
    assert (bn.provinces, hi.provinces) == (("can-tho",), ("can-tho",))
    assert (bn.resolutions, hi.resolutions) == (("57-NQ/TW", "13-NQ/TW"), ("57-NQ/TW", "13-NQ/TW"))
    assert (bn.paragraphs, bn.sentences, hi.paragraphs, hi.sentences) == (17, 19, 17, 19)
    # ৮৪/১৬৭ is "84 of 167" in Hindi; the last sentence names 2030 and
    # 2045 in the other order too.  Otherwise the sequences are equal.
    assert bn.numbers[:6] == ("57", "2025", "84", "167", "83", "73")
    assert hi.numbers[:6] == ("57", "2025", "167", "84", "83", "73")
    assert bn.numbers[6:21] == hi.numbers[6:21]
    assert (bn.numbers[21:], hi.numbers[21:]) == (("2030", "2045", "13"), ("2045", "2030", "13"))
    # Can (Tho), Internet, Mekong, Prime Minister, smart, database: the
    # same keys from both scripts (a hash-chosen 128 of each side's keys).
    assert (len(bn.names), len(hi.names)) == (128, 128)
    assert {"kn", "Ntrnt", "mk", "prdnmNtr", "smrt", "dtbs"} <= {*bn.names} & {*hi.names}


@pytest.mark.parametrize(
    ("bengali", "hindi"),
    [
        ("ক্যান", "कैन"),  # Can (Tho)
        ("ওয়ালিদ", "वालिद"),  # Walid: ওয় and व are both w
        ("পিটারের", "पीटर"),  # Peter, Bengali genitive cut off
        ("মেকং", "मेकांग"),  # Mekong
        ("ভিয়েটেল", "viettel"),
    ],
)
def test_name_keys_meet_across_scripts(bengali: str, hindi: str) -> None:
    assert set(name_keys(bengali)) & set(name_keys(hindi))


def test_fingerprint_round_trips_through_json(prints: dict[str, Fingerprint]) -> None:
    fp = prints[BN]
    data = json.loads(json.dumps(fp.to_dict(), ensure_ascii=False))
    assert data["version"] == FINGERPRINT_VERSION
    assert Fingerprint.from_dict(data) == fp
    assert len(json.dumps(data, ensure_ascii=False).encode("utf-8")) < 4000


def test_a_stale_fingerprint_is_refused(prints: dict[str, Fingerprint]) -> None:
    data = prints[BN].to_dict() | {"version": FINGERPRINT_VERSION + 1}
    with pytest.raises(ValueError, match="version"):
        Fingerprint.from_dict(data)


# --------------------------------------------------------------------------- the sample


def test_sample_links_the_translated_pair_by_url_and_nothing_else(prints: dict[str, Fingerprint]) -> None:
    result = link(prints.values())
    assert result.links == [Link(BN, HI, "url", 1.0)]
    assert result.groups == {BN: BN, HI: BN, **{doc: doc for doc in OTHERS}}
    assert result.duplicates == []
    assert result.members()[BN] == [BN, HI]


def test_without_urls_the_pair_links_by_content(sample: dict[str, Article]) -> None:
    prints = [fingerprint(reparse(a, doc)) for doc, a in sample.items()]
    assert all(fp.url is None for fp in prints)
    result = link(prints)
    assert [(x.a, x.b, x.method) for x in result.links] == [(BN, HI, "content")]
    assert result.links[0].confidence > 0.7  # 0.5 at the threshold
    assert result.groups[HI] == BN


def test_linking_serialises_for_the_index(prints: dict[str, Fingerprint]) -> None:
    data = link(prints.values()).to_dict()
    assert data["links"] == [{"a": BN, "b": HI, "method": "url", "confidence": 1.0}]
    assert data["duplicates"] == []
    assert data["groups"][HI] == BN
    assert json.loads(json.dumps(data)) == data


def test_linking_is_deterministic_and_order_free(prints: dict[str, Fingerprint]) -> None:
    forward = link(prints.values())
    backward = link(reversed(list(prints.values())))
    reloaded = link(Fingerprint.from_dict(fp.to_dict()) for fp in prints.values())
    assert forward == backward == reloaded


def test_duplicate_ids_are_an_error(prints: dict[str, Fingerprint]) -> None:
    with pytest.raises(ValueError, match="duplicate document ids"):
        link([prints[BN], prints[BN]])


# --------------------------------------------------------------------------- duplicates, groups


def test_a_second_copy_with_the_same_url_is_a_duplicate_not_a_translation(sample: dict[str, Article]) -> None:
    copy = fingerprint(reparse(sample[BN], "900_copy", keep_url=True))
    prints = [fingerprint(sample[BN]), fingerprint(sample[HI]), copy]
    result = link(prints)
    assert result.links == [Link(BN, HI, "url", 1.0)]
    assert result.duplicates == [Duplicate(BN, "900_copy", "same url")]
    assert result.groups == {BN: BN, HI: BN, "900_copy": "900_copy"}


def test_an_identical_text_without_url_is_reported_and_links_once(sample: dict[str, Article]) -> None:
    bn, copy, hi = (fingerprint(reparse(sample[d], n)) for d, n in ((BN, "a_bn"), (BN, "b_bn"), (HI, "c_hi")))
    result = link([bn, copy, hi])
    assert result.duplicates == [Duplicate("a_bn", "b_bn", "identical text")]
    assert [(x.a, x.b, x.method) for x in result.links] == [("a_bn", "c_hi", "content")]
    assert result.groups == {"a_bn": "a_bn", "b_bn": "b_bn", "c_hi": "a_bn"}


def english(fp: Fingerprint, doc_id: str, url: str | None) -> Fingerprint:
    """A made-up English version of an article: the same numbers, entities and names."""
    keep = [k for k in fp.names if len(k) >= 3]
    return dataclasses.replace(fp, id=doc_id, lang="en", url=url, names=tuple(keep), latin=("can", "tho", "fpt"))


def test_a_group_holds_one_article_per_language_three_by_url(prints: dict[str, Fingerprint]) -> None:
    en = english(prints[BN], "005_en", prints[BN].url)
    result = link([prints[BN], prints[HI], en, *(prints[d] for d in OTHERS)])
    assert result.links == [Link(BN, HI, "url", 1.0), Link(BN, "005_en", "url", 1.0), Link(HI, "005_en", "url", 1.0)]
    assert result.members()[BN] == [BN, HI, "005_en"]


def test_a_group_holds_one_article_per_language_three_by_content(sample: dict[str, Article]) -> None:
    prints = [fingerprint(reparse(a, doc)) for doc, a in sample.items()]
    en = english(prints[0], "005_en", None)
    result = link([*prints, en])
    assert [(x.a, x.b, x.method) for x in result.links] == [
        (BN, HI, "content"),
        (BN, "005_en", "content"),
        (HI, "005_en", "content"),
    ]
    assert result.members()[BN] == [BN, HI, "005_en"]


# --------------------------------------------------------------------------- scale


def synthetic(n: int, seed: int = 7) -> tuple[list[Fingerprint], set[tuple[str, str]]]:
    """n fingerprints, half of them in bn/hi pairs without a shared URL.

    Name keys are drawn Zipf-like from a large vocabulary (a few are in
    nearly every article, most are rare); a pair shares its numbers, its
    entities and 60% of its name keys.
    """
    rng = random.Random(seed)
    vocab = [f"k{i}" for i in range(200_000)]
    weights = list(itertools.accumulate(1 / (i + 1) ** 1.1 for i in range(len(vocab))))
    pairs: set[tuple[str, str]] = set()
    prints: list[Fingerprint] = []

    def make(doc: str, lang: str, names: list[str], numbers: tuple[str, ...], chars: int) -> Fingerprint:
        return Fingerprint(doc, lang, None, 10, 30, chars, numbers, (), ("can-tho",), ("57-NQ/TW",), tuple(names), ())

    while len(prints) < n:
        k = len(prints)
        names = list(dict.fromkeys(rng.choices(vocab, cum_weights=weights, k=150)))
        numbers = tuple(str(rng.randrange(10, 3000)) for _ in range(rng.randrange(3, 30)))
        chars = rng.randrange(2000, 8000)
        prints.append(make(f"{k:06d}", "bn", names, numbers, chars))
        if rng.random() < 0.5 and len(prints) < n:
            other = [x for x in names if rng.random() < 0.6] + rng.choices(vocab, cum_weights=weights, k=60)
            prints.append(make(f"{k + 1:06d}", "hi", list(dict.fromkeys(other)), numbers, int(chars * 1.05)))
            pairs.add((f"{k:06d}", f"{k + 1:06d}"))
    return prints, pairs


def test_linking_20k_articles_is_far_from_quadratic() -> None:
    prints, pairs = synthetic(20_000)
    started = time.perf_counter()
    result: Linking = link(prints)
    seconds = time.perf_counter() - started
    n = len(prints)
    assert result.stats.articles == n
    assert result.stats.candidate_pairs < 100 * n < n * n / 100
    assert result.stats.scored < 5 * n
    found = {(x.a, x.b) for x in result.links}
    assert len(found & pairs) >= 0.95 * len(pairs)
    assert len(found - pairs) <= 0.01 * len(found)
    assert seconds < 30  # about 3 s on a quiet machine


def test_linking_in_small_chunks_gives_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """The feature matrix and the blocks are built a chunk of articles at a time (for memory): the chunk size changes nothing."""
    import numpy as np

    from index.translation import link_blocks, link_scores

    prints, _ = synthetic(3_000)
    langs = {"bn": 0, "hi": 1}

    def blocks() -> tuple[list[np.ndarray], tuple[np.ndarray, ...]]:
        m = link_scores.feature_matrix(prints, langs)
        arrays = [m.ptr, m.feats, m.where, m.weight, m.present, m.df, m.mass, m.spread]
        # A small max_block, so that each article's rarest features (its signature) matter;
        # every third article short, so that its extra features do too.
        short = np.arange(len(prints)) % 3 == 0
        entries = link_blocks._block_entries(m, 2, 8, short)
        # The pairs of blocks of up to 6 and their sums of block weights (each pair in several blocks).
        pairs = link_blocks._block_pairs(
            m, *link_blocks._block_entries(m, 6, 8, short), 6, link_blocks._size_key(prints, m)
        )
        return arrays, (*entries, *pairs)

    whole, whole_blocks = link(prints), blocks()
    monkeypatch.setattr(link_scores, "_CHUNK", 7)
    monkeypatch.setattr(link_blocks, "_ENTRY_CHUNK", 5)
    monkeypatch.setattr(link_blocks, "_PAIR_CHUNK", 11)
    monkeypatch.setattr(link_blocks, "_PARTNER_CHUNK", 3)
    chunked, chunked_blocks = link(prints), blocks()
    # Equal arrays: the same pairs, and every sum the same float (added in the same order).
    for a, b in zip([*whole_blocks[0], *whole_blocks[1]], [*chunked_blocks[0], *chunked_blocks[1]], strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert chunked.stats == whole.stats
    assert chunked.to_dict() == whole.to_dict()
    assert [dataclasses.astuple(x) for x in chunked.links] == [dataclasses.astuple(x) for x in whole.links]


def test_the_feature_matrix_counts_holders_without_copying_every_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Holders and weights are counted a chunk of articles at a time (for memory): no copy of all the entries."""
    from index.translation import link_scores

    rng = random.Random(5)
    vocab = [f"k{i}" for i in range(5000)]
    prints = [
        Fingerprint(
            f"{k:05d}", "bn" if k % 2 else "hi", None, 1, 1, 100, (), (), (), (), tuple(rng.sample(vocab, 300)), ()
        )
        for k in range(5000)
    ]
    table = FingerprintTable.of(prints)
    monkeypatch.setattr(link_scores, "_CHUNK", 100)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        m = link_scores.feature_matrix(table, {"bn": 0, "hi": 1})
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert m.df.sum() == len(m.feats) == 1_500_000
    # A bincount of all the int32 entries copied them as int64 (twice their size), and
    # each language's entries were gathered again: now a chunk's temporaries only.
    assert peak - held < 0.25 * m.feats.nbytes and held - before < 0.25 * m.feats.nbytes


def test_duplicate_checks_remember_each_pair_as_one_int() -> None:
    """The pairs already compared are one int each, not a tuple of two (for memory)."""
    from index.translation.duplicates import content_duplicates
    from index.translation.fingerprint_table import Shape

    # One sentence hash in every article: one large block, 8 neighbours compared each.
    fps = [Shape(f"{i:06d}", "bn", None, 1, 10 + i % 7, 100 + i, (1, 2 + i % 50, 1000 + i)) for i in range(30_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        found, checks = content_duplicates(fps, set())
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # ~77 bytes a check (the set's slot and an int); with tuples ~94.
    assert (found, checks) == ([], 478_164) and peak < 85 * checks


def test_candidate_pairs_hold_a_few_arrays_of_the_pairs_not_of_every_block_they_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pair met in many blocks is summed a batch at a time and partners are ranked a chunk at a time (for memory)."""
    from index.translation import link_blocks, link_scores

    prints, _ = synthetic(6_000)
    m = link_scores.feature_matrix(prints, {"bn": 0, "hi": 1})
    for name, value in (("_PAIR_CHUNK", 2000), ("_PARTNER_CHUNK", 100), ("_ENTRY_CHUNK", 100)):
        monkeypatch.setattr(link_blocks, name, value)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        _, _, candidates = link_blocks.candidate_pairs(prints, m, DEFAULT_MAX_BLOCK, DEFAULT_TOP)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # ~68 bytes per candidate pair (a few int64 and float64 arrays of them); without
    # folding the pair sums ~105, without ranking partners a chunk at a time ~224.
    assert candidates > 200_000 and peak < 85 * candidates


# --------------------------------------------------------------------------- top partners


def story_in_pieces(short_hindi_names: tuple[str, ...]) -> list[Fingerprint]:
    """One story told in four long Bengali-Hindi pairs and one short Bengali piece, plus a short Hindi article.

    Every piece names the story's six people (rare names: they make blocks);
    each long pair also shares ten names of its own.  The short Hindi article
    names ``short_hindi_names``.  Forty other pairs make the names rare.
    """
    story = tuple(f"s{k}" for k in range(6))

    def make(doc: str, lang: str, names: tuple[str, ...], sentences: int) -> Fingerprint:
        return Fingerprint(doc, lang, None, 1, sentences, 100 * sentences, (), (), (), (), names, ())

    prints = [make("z_bn", "bn", story, 3), make("z_hi", "hi", short_hindi_names, 3)]
    for i in range(4):
        own = tuple(f"o{i}-{k}" for k in range(10))
        prints += [make(f"q{i}_bn", "bn", story + own, 10), make(f"q{i}_hi", "hi", story + own, 10)]
    for i in range(40):
        own = tuple(f"b{i}-{k}" for k in range(5))
        prints += [make(f"b{i:02d}_bn", "bn", own, 5), make(f"b{i:02d}_hi", "hi", own, 5)]
    return prints


def test_a_short_piece_of_a_story_meets_its_translation_among_longer_pieces() -> None:
    # The short Hindi piece names half the story's people, in the same order.
    # By shared block weight alone its Bengali original ties with the four
    # long Bengali pieces (and comes last by id), and the long Hindi pieces
    # share more with the original than it does: neither side keeps the pair
    # among its 3 best partners.  Measured against what each could share
    # (a Dice over block weights), each is the other's first partner.
    prints = story_in_pieces(("s0", "s1", "s2"))
    found = {(x.a, x.b) for x in link(prints).links if not x.a.startswith("b")}
    assert found == {("z_bn", "z_hi")} | {(f"q{i}_bn", f"q{i}_hi") for i in range(4)}


def test_a_short_article_sharing_one_name_of_the_story_is_not_linked() -> None:
    prints = story_in_pieces(("s0", "x1", "x2", "x3"))
    found = {(x.a, x.b) for x in link(prints).links if not x.a.startswith("b")}
    assert found == {(f"q{i}_bn", f"q{i}_hi") for i in range(4)}
