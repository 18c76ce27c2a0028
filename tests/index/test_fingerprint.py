"""Fingerprint features: the cached, findall-based scan against the per-match loop it replaced."""

from __future__ import annotations

from collections.abc import Sequence

from conftest import SAMPLE, SAMPLE_WORDS, text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis.analyzers import Stems, analyze, sentence_token_ranges
from index.analysis.memo import KEY_HASHES, key_hash
from index.analysis.textnorm import normalize_term
from index.corpus.article import Article, FileInfo, parse_article
from index.translation import fingerprint as fp
from index.translation.link_lexical import lexical_keys, smallest_by_hash


def _text_features_reference(text: str, latin_names_only: bool = False, keep_digits: bool = False) -> fp.TextFeatures:
    numbers: list[str] = []
    latin: dict[str, None] = {}
    names: dict[str, None] = {}
    for m in fp._TOKEN_RE.finditer(text):
        if m.end() - m.start() > fp._MAX_TOKEN_CHARS:
            continue
        kind = m.lastgroup
        term = normalize_term(m.group())
        if not term:
            continue
        if kind == "number":
            number = fp._number(term, keep_digits)
            if number is not None:
                numbers.append(number)
            continue
        if kind == "latin":
            if len(term) < 2 or (latin_names_only and not m.group()[0].isupper()):
                continue
            latin[term] = None
        for key in fp.name_keys(term):
            names[key] = None
    return fp.TextFeatures(tuple(numbers), tuple(latin), tuple(names))


def _skeleton_reference(term: str) -> str | None:
    latin = fp._NON_LETTER_RE.sub("", str(fp._transliterator().transliterate(term)))
    latin = fp._GLIDE_W_RE.sub(r"\1w", latin)
    for a, b in fp._DIGRAPHS:
        latin = latin.replace(a, b)
    latin = fp._NASAL_RE.sub("N", latin).replace("Ng", "N")
    skeleton = fp._DOUBLE_RE.sub(r"\1", fp._VOWEL_GLIDE_RE.sub("", latin)).removesuffix("N")
    return skeleton if len(skeleton) >= fp._MIN_KEY else None


def _bottom_k_reference(keys: Sequence[str], k: int) -> tuple[str, ...]:
    if len(keys) <= k:
        return tuple(keys)
    cut = sorted(key_hash(x) for x in keys)[k - 1]
    return tuple(x for x in keys if key_hash(x) <= cut)[:k]


_WORDS = SAMPLE_WORDS
_PIECES = text_pieces(
    ["FPT", "fpt", "Viettel", "a", "Cần", "৫৭", "5", "1,00,000", "২০.৮৩", "ক" * 70, "7" * 70, "\u200d"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=60).map(" ".join), st.booleans(), st.booleans())
def test_text_features_match_the_reference(text: str, latin_names_only: bool, keep_digits: bool) -> None:
    expected = _text_features_reference(text, latin_names_only, keep_digits)
    assert fp.text_features(text, latin_names_only, keep_digits) == expected


@given(st.lists(st.text(min_size=1, max_size=6), max_size=300, unique=True), st.integers(1, 200))
def test_bottom_k_matches_the_reference(keys: list[str], k: int) -> None:
    assert fp._bottom_k(keys, k) == _bottom_k_reference(keys, k)


def test_sample_articles_features() -> None:
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fp.text_features(text) == _text_features_reference(text)
        assert fp.text_features(text, True, True) == _text_features_reference(text, True, True)


@given(st.text(st.sampled_from(list("aeiouywvnmgkhtdcspbrlxzqf")), max_size=12) | st.sampled_from(_WORDS))
def test_skeleton_matches_the_reference(term: str) -> None:
    assert fp._skeleton.__wrapped__(term) == _skeleton_reference(term)


def test_skeletons_of_the_sample_words() -> None:
    for word in _WORDS:
        term = normalize_term(word)
        if term:
            assert fp._skeleton.__wrapped__(term) == _skeleton_reference(term), word


def _terms(text: str) -> list[str]:
    return [t[0] for t in analyze(text)]


_TERM_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(["TP.HCM", "don't", "5G", "১৬৭টি", "FPT-র", "Cần", "৫৭", "1,00,000", "২০.৮৩", "ক" * 70, "x" * 70]),
    st.sampled_from(list(" ,.।-:'\n")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TERM_PIECES, max_size=40).map(" ".join))
def test_term_features_match_text_features(text: str) -> None:
    # Where ICU and the fingerprint scan cut words alike (all of these), the
    # features made from the analysed terms are the scan's.
    assert fp.term_features(text, _terms(text)) == fp.text_features(text)


def test_term_features_of_the_sample_articles() -> None:
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fp.term_features(text, _terms(text)) == fp.text_features(text)


def _article(text: str, doc_id: str = "x") -> Article:
    return parse_article(text, FileInfo(id=doc_id, path=f"{doc_id}.txt", size=0, mtime_ns=0, sha256=""))


def test_fingerprint_from_the_builder_terms_is_the_same() -> None:
    for path in sorted(SAMPLE.glob("*.txt")):
        article = _article(path.read_text(encoding="utf-8"))
        tokens = analyze(article.body())
        ranges = sentence_token_ranges([(s.start, s.end) for s in article.sentences()], [t[2] for t in tokens])
        assert fp.fingerprint(article, [t[0] for t in tokens], ranges) == fp.fingerprint(article)


def test_shingles_ignore_spacing_digits_and_punctuation() -> None:
    a = _article("প্রস্তাব ৫৭ পাস হয়েছে। FPT  ও ভিয়েটেল কাজ করছে!\nনতুন লাইন, এখানে।")
    b = _article("প্রস্তাব 57 পাস হয়েছে ।  fpt ও ভিয়েটেল কাজ করছে.\nনতুন লাইন এখানে।")
    c = _article("অন্য একটি বাক্য। আরও একটি।")
    assert fp.fingerprint(a).shingles == fp.fingerprint(b).shingles
    assert len(fp.fingerprint(a).shingles) == 3
    assert not set(fp.fingerprint(a).shingles) & set(fp.fingerprint(c).shingles)


def test_a_sentence_without_words_adds_no_shingle() -> None:
    # Every article has "।" or "—" somewhere: as a shingle it would link them all.
    assert fp.fingerprint(_article("— । ।")).shingles == ()
    assert fp.fingerprint(_article("এক। — ।")).shingles == fp.fingerprint(_article("এক।")).shingles


def test_fingerprint_fields_are_the_public_functions_of_its_terms() -> None:
    # fingerprint() takes each term's facts from its table's columns; the
    # fields must be what the public functions make of the same terms.
    for path in sorted(SAMPLE.glob("*.txt")):
        article = _article(path.read_text(encoding="utf-8"))
        terms = [t[0] for t in analyze(article.body())]
        body = "\n".join(article.text[s.start : s.end] for s in article.sentences())
        made = fp.fingerprint(article)
        features = fp.term_features(body, terms)
        assert made.latin == features.latin[: fp.MAX_LATIN]
        assert made.names == fp._bottom_k(features.names, fp.MAX_NAMES)
        assert made.words == fp.word_shingles(terms)
        assert made.lexical == lexical_keys(Stems(tuple(dict.fromkeys(terms))).terms(), article.lang)


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=400))
def test_bottom_k_of_many_name_keys_matches_the_reference(words: list[str]) -> None:
    keys = list(dict.fromkeys(k for w in words for k in fp.name_keys(normalize_term(w))))
    hashes = [key_hash(k) for k in keys]
    assert smallest_by_hash(keys, hashes, 16) == _bottom_k_reference(keys, 16)


def test_key_hashes_are_crc32_the_same_in_every_process() -> None:
    # Stored fingerprints hold these hashes (bottom-k name keys, word shingles):
    # a different hash would need a new FINGERPRINT_VERSION.
    assert key_hash("abc") == 891568578 and key_hash("সরকার") == 716214169
    assert KEY_HASHES["সরকার"] == 716214169 and "সরকার" in KEY_HASHES
