"""search.postings reads postings as arrays (Setu's codec, W3 blocks); it must agree with Whoosh's own matchers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from whoosh.reading import IndexReader

from index.pipeline.builder import build
from index.storage.columns import column_values, field_lengths, iter_column_values, live_documents
from index.storage.generations import open_index
from index.storage.schema import KIND_ARTICLE
from search.postings import Postings, term_counts, term_postings


def _whoosh(reader: IndexReader, field: str, text: str) -> list[tuple[int, float, bytes]]:
    out = []
    for leaf, offset in reader.leaf_readers():
        if (field, text) in leaf:
            m = leaf.postings(field, text)  # Whoosh's own matcher skips deleted documents
            while m.is_active():
                out.append((m.id() + offset, m.weight(), m.value()))
                m.next()
    return out


def _compare(index: Path, min_terms: int) -> None:
    ix = open_index(index)
    with ix.reader() as reader:
        checked = dict.fromkeys(("text", "stem", "kind", "lang", "province", "member"), 0)
        for field in checked:
            positional = field in ("text", "stem")  # Setu's codec; the others are W3 blocks
            fmt = reader.schema[field].format
            for i, term in enumerate(reader.lexicon(field)):
                if positional and i % 7:
                    continue  # a sample of the vocabulary, common and rare words alike
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                p = term_postings(reader, field, text)
                # term_postings may include deleted documents (callers mask
                # them out); on live documents it must be Whoosh's list.
                live = [not reader.is_deleted(int(d)) for d in p.ids]
                expected = _whoosh(reader, field, text)
                assert p.ids[live].tolist() == [e[0] for e in expected]
                assert np.allclose(p.weights[live], [e[1] for e in expected])
                counted = term_counts(reader, field, text)
                assert (counted.ids.tolist(), counted.weights.tolist()) == (p.ids.tolist(), p.weights.tolist())
                if positional:
                    positions = [p.positions_at(i) for i, keep in enumerate(live) if keep]
                    assert positions == [fmt.decode_positions(e[2]) for e in expected]
                    _compare_within(reader, field, text, p)
                else:
                    assert p.positions is None
                checked[field] += 1
        assert checked["text"] + checked["stem"] >= min_terms
        assert all(checked.values()), checked
        assert term_postings(reader, "text", "no-such-word-anywhere").ids.size == 0
        # Field lengths read a segment at a time are Whoosh's, one document at a time
        # ("kind" has no length column: every document gets the default).
        for field in ("text", "stem", "kind"):
            lengths = [reader.doc_field_length(d, field, 1) for d in range(reader.doc_count_all())]
            assert field_lengths(reader, field).tolist() == [1.0 if x is None else float(x) for x in lengths]
        assert field_lengths(reader, "text").max() > 1
        # Column values read per segment are the multi-segment reader's, on
        # article documents (translation groups have none of these columns).
        every = np.asarray(sorted(reader.postings("kind", KIND_ARTICLE).all_ids()), dtype=np.int64)
        assert every.size >= 5
        for field in ("doc", "date_key", "sents", "fileinfo"):
            column = reader.column_reader(field)
            for docs in (every, every[::2], every[-1:], every[:0]):
                assert column_values(reader, field, docs) == [column[int(d)] for d in docs], field
        # One value at a time: a generator, that reads a value only when asked for it.
        values = iter_column_values(reader, "fp", every)
        assert isinstance(values, Iterator)
        assert next(values) == reader.column_reader("fp")[int(every[0])]
        with pytest.raises(ValueError, match="ascending"):
            column_values(reader, "doc", every[::-1])
        alive = live_documents(reader)
        assert alive.size == 5 and not any(reader.is_deleted(d) for d in alive.tolist())  # the sample's articles
        assert live_documents(reader, "no-such-kind").size == 0


def _compare_within(reader: IndexReader, field: str, text: str, whole: Postings) -> None:
    """Postings read in some documents only are the whole postings of those documents."""
    every = np.arange(reader.doc_count_all(), dtype=np.int64)
    for docs in (every[::2], every[1::3], every[-1:], every[:0], whole.ids[:1]):
        part = term_postings(reader, field, text, docs)
        keep = np.isin(whole.ids, docs)
        assert part.ids.tolist() == whole.ids[keep].tolist()
        assert part.weights.tolist() == whole.weights[keep].tolist()
        expected = [whole.positions_at(i) for i in np.flatnonzero(keep).tolist()]
        assert [part.positions_at(i) for i in range(part.ids.size)] == expected


def test_block_reader_matches_whoosh(sample_index: Path) -> None:
    _compare(sample_index, 200)


def test_block_reader_with_deletions_and_several_segments(sample_dir: Path, tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(sample_dir, corpus)
    build(corpus, index, workers=0)
    victim = sorted(corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\nনতুন অনুচ্ছেদ।\n", encoding="utf-8")
    build(corpus, index, workers=0)  # an update: the old version is a deleted document
    with open_index(index).reader() as reader:
        assert reader.has_deletions() and len(reader.leaf_readers()) > 1
    _compare(index, 200)


def test_phrase_occurrences_are_every_place_the_words_follow_each_other(sample_index: Path) -> None:
    """search.occurrences finds phrases by binary search over (doc, position) keys; compare with a scan."""
    import random

    from index.analysis.analyzers import analyze
    from index.storage.documents import from_stored
    from search.occurrences import Occurrences

    ix = open_index(sample_index)
    with ix.reader() as reader:
        texts = {
            docnum: [t[0] for t in analyze(from_stored(fields).body())]
            for docnum, fields in reader.iter_docs()
            if "content" in fields
        }
        rng = random.Random(7)
        phrases = set()
        for terms in texts.values():
            for _ in range(15):
                n = rng.choice((2, 3))
                i = rng.randrange(len(terms) - n)
                phrases.add(tuple(terms[i : i + n]))
        phrases |= {(terms[0], terms[0]) for terms in texts.values()}  # rarely repeated
        occ = Occurrences(reader)
        for phrase in sorted(phrases):
            expected = {
                d: [i for i in range(len(t) - len(phrase) + 1) if tuple(t[i : i + len(phrase)]) == phrase]
                for d, t in texts.items()
            }
            expected = {d: starts for d, starts in expected.items() if starts}
            assert occ._alternative_docs("text", phrase).tolist() == sorted(expected)
            docs, counts, positions = occ.positions([("text", phrase)], np.asarray(sorted(texts)))
            assert docs.tolist() == sorted(expected)
            per_doc = [x.tolist() for x in np.split(positions, np.cumsum(counts)[:-1])] if docs.size else []
            assert per_doc == [expected[d] for d in sorted(expected)]


def test_positions_in_a_pages_documents_only_are_those_of_the_whole_index_there(sample_index: Path) -> None:
    """A page's highlights decode positions in its documents only; the answer is the whole index's, cut."""
    import random

    from index.analysis.analyzers import analyze
    from index.storage.documents import from_stored
    from search.occurrences import Occurrences

    ix = open_index(sample_index)
    with ix.reader() as reader:
        texts = {
            docnum: [t[0] for t in analyze(from_stored(fields).body())]
            for docnum, fields in reader.iter_docs()
            if "content" in fields
        }
        rng = random.Random(11)
        alternatives: set[tuple[str, ...]] = set()
        for words in texts.values():
            for _ in range(10):
                n = rng.choice((1, 2, 3))
                i = rng.randrange(len(words) - n)
                alternatives.add(tuple(words[i : i + n]))
        for terms in sorted(alternatives):
            page = np.asarray(sorted(rng.sample(sorted(texts), 2)))
            fresh = Occurrences(reader)  # nothing decoded yet: the page's documents only
            whole = Occurrences(reader)
            whole._start_keys("text", terms)  # every document's, as passage search decodes them
            got, expected = fresh.positions([("text", terms)], page), whole.positions([("text", terms)], page)
            assert [x.tolist() for x in got] == [x.tolist() for x in expected]
            assert ("text", terms) not in fresh._starts and ("text", terms[0]) not in fresh._postings


def test_documents_a_caller_already_matched_are_skipped_and_the_rest_are_exact(sample_index: Path) -> None:
    """Occurrences.docs(alts, skip): a place's phrases are not decoded where its facet matched already."""
    import random

    from index.analysis.analyzers import analyze
    from index.storage.documents import from_stored
    from search.occurrences import Occurrences

    ix = open_index(sample_index)
    with ix.reader() as reader:
        texts = {
            docnum: [t[0] for t in analyze(from_stored(fields).body())]
            for docnum, fields in reader.iter_docs()
            if "content" in fields
        }
        rng = random.Random(5)
        for _ in range(60):
            words = texts[rng.choice(sorted(texts))]
            i = rng.randrange(len(words) - 2)
            phrase = tuple(words[i : i + rng.choice((2, 3))])
            skip = np.zeros(reader.doc_count_all(), dtype=bool)
            skip[rng.sample(sorted(texts), 2)] = True
            full = set(Occurrences(reader).docs([("text", phrase)]).tolist())
            fresh = Occurrences(reader)
            part = set(fresh.docs([("text", phrase)], skip).tolist())
            assert part <= full and full - part <= set(np.flatnonzero(skip).tolist())
            assert ("text", phrase) not in fresh._starts  # an incomplete answer is not remembered


def test_a_place_matches_the_same_articles_whether_or_not_its_facet_spares_the_phrases(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search import Engine, SearchRequest
    from search.occurrences import Occurrences

    queries = ["Can Tho", "Hue", "Huế", "ह्यू", "Ha Noi", "Hanoi", "Da Nang", "Ca Mau", "Thua Thien Hue"]

    def ids(engine: Engine) -> list[list[str]]:
        return [[h.article.id for h in engine.search(SearchRequest.create(q, per_page=100)).hits] for q in queries]

    spared = ids(Engine(sample_index))
    real_docs = Occurrences.docs
    monkeypatch.setattr(Occurrences, "docs", lambda self, alts, skip=None: real_docs(self, alts))
    assert ids(Engine(sample_index)) == spared and any(spared)
