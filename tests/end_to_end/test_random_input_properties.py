"""Property tests (hypothesis): random text and bytes never break the pipeline.

Issue 7, item 1 (and the query half of item 2): the decoder, the article
reader, the analysis chains, segmentation, the query parser and the
highlighter take random input; no exception escapes (bad queries raise the
one BadRequest, bad files come back as Skipped), and every offset any of
them produces lies inside its text.  Each property runs ``EXAMPLES`` cases.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.analysis.analyzers import analyze, exact_analyzer, stemmed_analyzer
from index.analysis.breaks import sentence_ranges, word_spans
from index.corpus.article import Article, Sentence
from index.corpus.decode import NotText, decode_bytes, normalize_newlines
from index.corpus.files import CorpusFile, Skipped, read_article
from index.storage.documents import from_stored, sentence_tokens, to_documents
from search import BadRequest, SearchRequest
from search.highlight import find_matches, segments, snippets
from search.query import parse_query
from search.tree import Not, Phrase, Word

EXAMPLES = 200
PROPERTIES = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_WORDS = sorted({w for p in SAMPLE.glob("*.txt") for w in p.read_text(encoding="utf-8").split()})
# Characters that have broken text pipelines before: Indic signs and
# viramas on their own, nukta forms both ways, dandas, native digits,
# zero-width and bidi controls, astral emoji, CR, NUL, surrogate-free
# oddities and quotes.
_SPECIAL = list(
    "কখগঘঙচ্ািীুূৃেৈোৌংঃঁ়ৎড়ঢ়য়০১২৩৪৫৬৭৮৯।॥कखग्ािीुूेैोौंःँ़क़ख़ड़०१२३४५६७८९"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad"
    "\U0001f600\U0001f1fb\U0001f1f3\u0301\u0308ÀẠđĐ\r\n\t\x00\x01\x7f\x85\u2028\u2029\u3000 \"'()*:-.,!?<>&"
)
_chars = st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(_SPECIAL))
texts = st.one_of(
    st.text(_chars, max_size=300),
    st.lists(st.one_of(st.sampled_from(_WORDS), st.text(_chars, max_size=4)), max_size=80).map(" ".join),
)
raw_bytes = st.one_of(
    st.binary(max_size=2000),
    texts.map(lambda t: t.encode("utf-8", "replace")),
    texts.map(lambda t: t.encode("utf-16", "replace")),
    st.tuples(texts, st.binary(max_size=20), texts).map(
        lambda x: x[0].encode("utf-8", "replace") + x[1] + x[2].encode("utf-8", "replace")
    ),
)
_QUERY_PARTS = st.sampled_from(
    ['"', "(", ")", "*", "-", "NOT", "OR", "AND", "lang:", "province:", "colour:", "year:2025", "province:ca-mau",
     "resolution:57-NQ/TW", "রূপান্ত*", "*ডিজিটাল", "Can Tho", "57", "৫৭", "ক্যান থো", "\u202e", "\x00", "\t", ":"]
)  # fmt: skip
queries = st.one_of(
    st.text(_chars, max_size=60),
    st.lists(st.one_of(_QUERY_PARTS, st.sampled_from(_WORDS), st.text(_chars, max_size=3)), max_size=12).map(" ".join),
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    # hypothesis runs many cases per test: one folder for all of them.
    with tempfile.TemporaryDirectory(prefix="setu-props-") as folder:
        yield Path(folder)


def _inside(start: int, end: int, length: int) -> bool:
    return 0 <= start < end <= length


def _check_article(article: Article) -> None:
    text, prev_end = article.text, 0
    assert 0 <= article.searchable_end <= len(text)
    assert article.paragraphs  # an Article has text; an empty file is Skipped
    for p in article.paragraphs:
        assert prev_end <= p.start < p.end <= len(text)
        assert p.sentences
        prev = p.start
        for s in p.sentences:
            assert prev <= s.start < s.end <= p.end
            assert text[s.start : s.end].strip()
            prev = s.end
        prev_end = p.end
    assert isinstance(article.title, str) and article.lang


@PROPERTIES
@given(raw_bytes)
def test_decoding_random_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        assert str(exc).startswith("binary file")
        return
    text = normalize_newlines(decoded.text)
    assert "\x00" not in text and "\r" not in text


@PROPERTIES
@given(raw_bytes)
def test_reading_random_bytes_gives_an_article_or_a_reason(scratch: Path, data: bytes) -> None:
    path = scratch / "random.txt"
    path.write_bytes(data)
    st_ = path.stat()
    result = read_article(CorpusFile("random", "random.txt", path, st_.st_size, st_.st_mtime_ns))
    if isinstance(result, Skipped):
        assert result.reason
        return
    _check_article(result)
    docs = to_documents(result)
    assert len(docs) == 1
    tokens, spans = sentence_tokens(docs[0]["sents"])
    assert tokens == len(docs[0]["text"]) == len(docs[0]["stem"])
    assert len(spans) == len(result.sentences())
    prev = 0
    for first, end in spans:
        assert prev <= first <= end <= tokens
        prev = end
    stored = from_stored({"doc": result.id, "content": docs[0]["content"], "meta": docs[0]["meta"]})
    assert stored.text == result.text


@PROPERTIES
@given(texts)
def test_analysis_offsets_lie_inside_the_text(text: str) -> None:
    for analyzer in (exact_analyzer(), stemmed_analyzer()):
        for tok in analyzer(text, positions=True, chars=True):
            assert _inside(tok.startchar, tok.endchar, len(text))
            assert tok.text
    spans = [(s.start, s.end) for s in word_spans(text)]
    assert all(_inside(s, e, len(text)) for s, e in spans)
    assert spans == sorted(spans)
    for term, stemmed, s, e in analyze(text):
        assert term and stemmed and (s, e) in spans
    prev = 0
    for start, end in sentence_ranges(text):
        assert prev <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        prev = end


@PROPERTIES
@given(queries)
def test_random_queries_parse_or_say_what_to_change(q: str) -> None:
    try:
        request = SearchRequest.create(q=q)
        parsed = parse_query(request.q)
    except BadRequest as exc:
        assert exc.message.endswith(".") and exc.status == 400
        return
    parsed.describe()
    parsed.to_dict()
    parsed.highlights()
    assert parsed.clauses() <= 64


@PROPERTIES
@given(queries)
def test_query_leaves_hold_what_the_index_analyzers_make_of_their_text(q: str) -> None:
    # The parse analyses each text once with analyze(); the index's fields
    # were written by the two analyzers: the terms must be theirs.
    try:
        parsed = parse_query(q)
    except BadRequest:
        return
    stack = [parsed.root] if parsed.root is not None else []
    while stack:
        node = stack.pop()
        stack += getattr(node, "children", ()) + ((node.child,) if isinstance(node, Not) else ())
        if isinstance(node, Word | Phrase):
            assert node.terms.exact == tuple(t.text for t in exact_analyzer()(node.text))
            assert node.terms.stems == tuple(t.text for t in stemmed_analyzer()(node.text))


@PROPERTIES
@given(texts, queries)
def test_highlights_and_snippets_lie_inside_the_text(text: str, q: str) -> None:
    try:
        h = parse_query(q).highlights()
    except BadRequest:
        return
    marks = find_matches(text, h)
    assert all(_inside(s, e, len(text)) for s, e in marks)
    assert marks == sorted(marks)
    assert "".join(seg.text for seg in segments(text, 0, len(text), marks)) == text
    sentences = [Sentence(s, e) for s, e in sentence_ranges(text)]
    for snippet in snippets(text, sentences, h):
        joined = "".join(seg.text for seg in snippet)
        assert joined and joined in text


@PROPERTIES
@given(texts, st.integers(0, 400), st.integers(0, 400), queries)
def test_highlights_of_a_slice_stay_in_the_slice(text: str, a: int, b: int, q: str) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    try:
        h = parse_query(q).highlights()
    except BadRequest:
        return
    marks = find_matches(text, h, start, end)
    assert all(start <= s < e <= end for s, e in marks)
    assert "".join(seg.text for seg in segments(text, start, end, marks)) == text[start:end]
