"""index.storage.codec: the compact postings of the positional fields, written two ways and read back."""

from __future__ import annotations

import shutil
import types
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.reading import IndexReader, TermNotFound

from index.analysis.analyzers import analyze, stem_term
from index.corpus.article import Article
from index.pipeline.builder import build
from index.storage.codec import (
    CompactInverter,
    FieldPostings,
    SetuPerDocReader,
    SetuTermsReader,
    decode_varints,
    encode_varints,
    perdoc,
)
from index.storage.codec.encoding import encode_field
from index.storage.documents import from_stored
from index.storage.generations import open_index
from search.postings import term_postings


@given(st.lists(st.integers(min_value=0, max_value=2**35 - 1), max_size=300))
def test_varints_round_trip(values: list[int]) -> None:
    encoded = encode_varints(np.asarray(values, dtype=np.int64))
    assert decode_varints(encoded).tolist() == values
    # LEB128: one byte per 7 bits, the high bit set on all but a value's last byte.
    assert encoded.size == sum(max(1, (v.bit_length() + 6) // 7) for v in values)


def _leb128(value: int) -> list[int]:
    out = []
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return out


@given(st.lists(st.one_of(st.integers(0, 127), st.integers(0, 2**14), st.integers(0, 2**35 - 1)), max_size=300))
def test_varints_are_leb128_bytes_whatever_the_mix_of_sizes(values: list[int]) -> None:
    expected = [byte for value in values for byte in _leb128(value)]
    encoded = encode_varints(np.asarray(values, dtype=np.int64))
    assert (encoded.dtype, encoded.tolist()) == (np.dtype(np.uint8), expected)


@given(
    st.lists(
        st.one_of(st.integers(0, 127), st.integers(0, 2**14), st.integers(0, 2**35 - 1)), min_size=1, max_size=300
    ),
    st.data(),
)
def test_varints_decode_the_values_asked_for_alone(values: list[int], data: st.DataObject) -> None:
    # Bytes made by the reference LEB128 (not by encode_varints): the decoder is checked on its own.
    encoded = np.asarray([byte for value in values for byte in _leb128(value)], dtype=np.uint8)
    which = sorted(data.draw(st.sets(st.integers(0, len(values) - 1))))
    ends = np.flatnonzero(encoded < 0x80)
    assert decode_varints(encoded, ends).tolist() == values
    assert decode_varints(encoded, ends, np.asarray(which, dtype=np.int64)).tolist() == [values[i] for i in which]


def test_varints_decode_a_value_of_every_length() -> None:
    values = [0, 127, 128, 300, 16383, 16384, 2**21, 2**28 - 1, 2**28, 2**35 - 1, 5]
    encoded = np.asarray([byte for value in values for byte in _leb128(value)], dtype=np.uint8)
    assert decode_varints(encoded).tolist() == values
    assert decode_varints(encoded, None, np.asarray([1, 5, 9])).tolist() == [127, 16384, 2**35 - 1]


def test_varints_of_known_values() -> None:
    assert encode_varints(np.asarray([0, 1, 127, 128, 300, 16384])).tolist() == [
        0, 1, 127, 0x80, 0x01, 0xAC, 0x02, 0x80, 0x80, 0x01,
    ]  # fmt: skip


@pytest.mark.parametrize("cut", [[0x80], [1, 0x80], [0xAC, 0x02, 0x80, 0x80]])
def test_a_varint_run_cut_short_is_refused_not_dropped(cut: list[int]) -> None:
    buf = np.asarray(cut, dtype=np.uint8)
    with pytest.raises(ValueError, match="truncated or corrupt"):
        decode_varints(buf)
    with pytest.raises(ValueError, match="truncated or corrupt"):
        decode_varints(buf, which=np.asarray([0]))


postings_strategy = st.dictionaries(
    st.binary(min_size=1, max_size=6),
    st.dictionaries(
        st.integers(min_value=0, max_value=5000),
        st.sets(st.integers(min_value=0, max_value=3000), min_size=1, max_size=12),
        min_size=1,
        max_size=15,
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(postings_strategy)
def test_field_encoding_round_trips(postings: dict[bytes, dict[int, set[int]]]) -> None:
    from index.storage.codec.encoding import pack_tables
    from index.storage.codec.reading import _unpack_tables, uninvert

    terms = sorted(postings)
    docs = [d for t in terms for d in sorted(postings[t])]
    freqs = [len(postings[t][d]) for t in terms for d in sorted(postings[t])]
    positions = [p for t in terms for d in sorted(postings[t]) for p in sorted(postings[t][d])]
    data, table = encode_field(
        FieldPostings(
            terms,
            np.asarray([len(postings[t]) for t in terms]),
            np.asarray(docs, dtype=np.int64),
            np.asarray(freqs, dtype=np.int64),
            np.asarray(freqs, dtype=np.int64) * 3,
            np.asarray(positions, dtype=np.int64),
        ),
        base=0,
    )
    (read,) = _unpack_tables(pack_tables({"text": table}), data).values()
    assert [read.terms[i] for i in range(len(read.terms))] == terms
    for i, t in enumerate(terms):
        assert read.terms.find(t) == i
        p = read.postings(i)
        assert p.docs.tolist() == sorted(postings[t])
        assert [p.positions[p.starts[j] : p.starts[j + 1]].tolist() for j in range(p.docs.size)] == [
            sorted(postings[t][d]) for d in sorted(postings[t])
        ]
        assert int(read.df[i]) == len(postings[t]) and int(read.tf[i]) == sum(map(len, postings[t].values()))
        assert int(read.maxf[i]) == max(map(len, postings[t].values()))
        # Docnums and frequencies alone, and the postings of some documents only.
        counted_docs, counted_freqs = read.counts(i)
        assert (counted_docs.tolist(), counted_freqs.tolist()) == (p.docs.tolist(), p.freqs.tolist())
        held = sorted(postings[t])
        for wanted in (held[::2], held[1:], [*held[-1:], 5001], [], [5001]):
            part = read.postings_in(i, np.asarray(wanted, dtype=np.int64))
            kept = [d for d in held if d in wanted]
            assert part.docs.tolist() == kept and part.freqs.tolist() == [len(postings[t][d]) for d in kept]
            assert [part.positions[part.starts[j] : part.starts[j + 1]].tolist() for j in range(len(kept))] == [
                sorted(postings[t][d]) for d in kept
            ]
    assert read.terms.find(b"\xff\xff\xff\xff\xff\xff\xff") == -1
    # The whole field at once, as merges read it.
    term_idx, found_docs, found_positions = uninvert(read)
    expected = [(i, d, p) for i, t in enumerate(terms) for d in sorted(postings[t]) for p in sorted(postings[t][d])]
    assert list(zip(term_idx.tolist(), found_docs.tolist(), found_positions.tolist(), strict=True)) == expected


def _reference(reader: IndexReader) -> dict[tuple[str, str], dict[str, list[int]]]:
    """What every article's text analyses to, from its stored text: (field, term) -> {doc id: positions}."""
    expected: dict[tuple[str, str], dict[str, list[int]]] = {}
    for _docnum, fields in reader.iter_docs():
        if "content" not in fields:
            continue  # a translation group
        article = from_stored(fields)
        for pos, (term, stem, _start, _end) in enumerate(analyze(article.body())):
            for field, t in (("text", term), ("stem", stem)):
                expected.setdefault((field, t), {}).setdefault(article.id, []).append(pos)
    return expected


def _indexed(reader: IndexReader) -> dict[tuple[str, str], dict[str, list[int]]]:
    ids = {docnum: fields.get("doc") for docnum, fields in reader.iter_docs()}
    found: dict[tuple[str, str], dict[str, list[int]]] = {}
    for field in ("text", "stem"):
        for term in reader.lexicon(field):
            text = term.decode("utf-8")
            p = term_postings(reader, field, text)
            live = {int(d): i for i, d in enumerate(p.ids.tolist()) if not reader.is_deleted(int(d))}
            if live:
                found[(field, text)] = {ids[d]: p.positions_at(i) for d, i in live.items()}
            # Whoosh's own statistics agree with the postings.
            if not reader.has_deletions():
                assert reader.doc_frequency(field, text) == p.ids.size
                assert reader.frequency(field, text) == p.weights.sum()
    return found


def test_full_build_postings_are_the_analysed_text(sample_index: Path) -> None:
    with open_index(sample_index).reader() as reader:
        assert all(isinstance(leaf._terms, SetuTermsReader) for leaf, _ in reader.leaf_readers())
        assert _indexed(reader) == _reference(reader)


def test_postings_encoded_in_small_batches_read_the_same(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.storage.codec.writing

    monkeypatch.setattr(index.storage.codec.writing, "_BATCH_POSITIONS", 50)  # a batch every few terms
    build(sample_dir, tmp_path / "index", workers=0)
    with open_index(tmp_path / "index").reader() as reader:
        assert _indexed(reader) == _reference(reader)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk-update", "whoosh-writer-update"])
def test_updates_and_merges_write_the_same_postings(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """Updates and their merges: in bulk (CompactSegmentWriter), or through Whoosh's writer and the codec's matchers."""
    from index.pipeline import builder as builder_module

    if not bulk:
        monkeypatch.setattr(builder_module, "_BULK_UPDATE_MAX_BYTES", 0)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    files = sorted(sample_dir.glob("*.txt"))
    shutil.copy(files[0], corpus / files[0].name)
    build(corpus, index, workers=0)
    # One update per file: enough small segments that updates merge them.
    for i, src in enumerate(files[1:] + files[:4]):
        shutil.copy(src, corpus / f"{i}-{src.name}")
        build(corpus, index, workers=0)
    victim = corpus / files[0].name
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\nনতুন অনুচ্ছেদ।\n", encoding="utf-8")
    build(corpus, index, workers=0)
    with open_index(index).reader() as reader:
        assert reader.doc_count() >= 9
        assert len(reader.leaf_readers()) < 8  # small segments were merged
        assert _indexed(reader) == _reference(reader)
        # Whoosh's matchers read the same postings (what its merges use).
        for leaf, _ in reader.leaf_readers():
            for term in list(leaf.lexicon("text"))[:50]:
                m = leaf.postings("text", term)
                arrays = leaf._terms.posting_arrays("text", term)
                if arrays is None:
                    continue
                got = []
                while m.is_active():
                    got.append((m.id(), m.value_as("positions")))
                    m.next()
                live = [(int(d), arrays.positions[arrays.starts[j] : arrays.starts[j + 1]].tolist())
                        for j, d in enumerate(arrays.docs.tolist()) if not leaf.is_deleted(d)]  # fmt: skip
                assert got == live


def test_missing_terms_have_no_postings(sample_index: Path) -> None:
    with open_index(sample_index).reader() as reader:
        assert reader.doc_frequency("text", "no-such-word") == 0
        assert reader.frequency("stem", "no-such-word") == 0
        assert ("text", b"no-such-word") not in reader
        assert term_postings(reader, "text", "no-such-word").ids.size == 0
        with pytest.raises(TermNotFound):
            reader.term_info("text", "no-such-word")


def test_terms_are_listed_in_whoosh_order_across_both_kinds_of_field(sample_index: Path) -> None:
    with open_index(sample_index).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            terms = list(leaf.all_terms())
            assert terms == sorted(terms) and len(set(terms)) == len(terms)
            fields = {f for f, _ in terms}
            assert {"text", "stem", "uid", "lang"} <= fields or "member" in fields
            # terms_from starts inside a field and runs on into the next ones.
            text_terms = [t for f, t in terms if f == "text"]
            if text_terms:
                middle = text_terms[len(text_terms) // 2]
                following = list(leaf._terms.terms_from("text", middle))
                assert following == [t for t in terms if t >= ("text", middle)]
                infos = list(leaf._terms.items_from("text", middle))
                assert [t for t, _ in infos] == following
        # Whoosh's prefix expansion over the multi-segment reader.
        lexicon = [t.decode("utf-8") for t in reader.lexicon("text")]
        prefix = lexicon[len(lexicon) // 3][:2]
        assert sorted(reader.expand_prefix("text", prefix)) == sorted(
            t.encode("utf-8") for t in lexicon if t.startswith(prefix)
        )


def test_check_reports_damaged_term_tables(sample_dir: Path, tmp_path: Path) -> None:
    import json
    import struct

    from index import check_index
    from index.storage.generations import current_generation

    build(sample_dir, tmp_path / "index", workers=0)
    assert check_index(tmp_path / "index").problems == []
    gen = current_generation(tmp_path / "index")
    assert gen is not None
    ctm = max(gen.glob("*.ctm"), key=lambda p: p.stat().st_size)
    raw = bytearray(ctm.read_bytes())
    at, _magic = struct.unpack("<Q8s", raw[-16:])
    header = json.loads(bytes(raw[at:-16]))
    start, _dtype, n = header["text"]["blob"]
    raw[start : start + n] = raw[start : start + n][::-1]  # the terms' bytes reversed: out of order
    offset_start, _, count = header["stem"]["post_offsets"]
    raw[offset_start : offset_start + 8 * count] = bytes(8 * count)  # every stem term at offset 0
    ctm.write_bytes(bytes(raw))
    problems = check_index(tmp_path / "index").problems
    assert any("text: terms out of order" in p for p in problems), problems
    assert any("stem: postings offsets" in p for p in problems), problems


def test_length_bytes_are_whooshs() -> None:
    from whoosh.util.numeric import length_to_byte

    from index.storage.codec.encoding import _length_bytes

    lengths = np.concatenate([np.arange(0, 5000), np.arange(5000, 300000, 37)])
    assert _length_bytes(lengths).tolist() == [length_to_byte(int(n)) for n in lengths]


def test_bulk_writer_analyses_plain_text_like_whoosh(tmp_path: Path) -> None:
    from whoosh.index import create_in

    from index.analysis.analyzers import terms
    from index.storage.schema import build_schema
    from index.storage.segments import CompactSegmentWriter

    ix = create_in(str(tmp_path), build_schema())
    writer = CompactSegmentWriter(ix)
    text = "ডিজিটাল রূপান্তরের জন্য ডিজিটাল প্রস্তাব"
    writer.add_document(uid="a:x", kind="article", doc="x", text=text, stem=text)
    writer.add_document(uid="a:y", kind="article", doc="y", text=tuple(terms(text)), stem=tuple(terms(text, True)))
    writer.commit()
    with ix.reader() as reader:
        for field, stemmed in (("text", False), ("stem", True)):
            for i, term in enumerate(terms(text, stemmed)):
                p = term_postings(reader, field, term)
                assert p.ids.tolist() == [0, 1]
                assert i in p.positions_at(0) and p.positions_at(0) == p.positions_at(1)
        assert reader.doc_field_length(0, "text") == reader.doc_field_length(1, "text") == 5


def test_stored_fields_are_compressed_at_the_fastest_level(sample_index: Path) -> None:
    # Setu's per-document writer swaps W3's level 3 for zlib's 1 (a zlib
    # stream's second byte says which) or ISA-L's; W3's reader reads them back.
    from whoosh.columns import VarBytesColumn

    with open_index(sample_index).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            raw = leaf._perdoc.column_reader("_stored", VarBytesColumn())
            assert raw[0][:1] == b"\x78"
            if perdoc.DEFLATE_MODULE == "zlib":
                assert raw[0][:2] == b"\x78\x01"
        texts = [from_stored(fields).text for fields in reader.all_stored_fields() if "content" in fields]
        assert len(texts) == 5 and all(texts)


@given(st.binary(max_size=5000))
def test_deflate_writes_what_zlib_reads(data: bytes) -> None:
    assert zlib.decompress(perdoc.deflate(data)) == data


def test_deflate_takes_isal_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whichever isal is installed, a stand-in shows which module is taken, and the fallback.
    stub = types.SimpleNamespace(compress=lambda data, level: b"isal" + bytes([level]) + data)
    monkeypatch.setattr(perdoc.importlib, "import_module", lambda name: stub)
    name, compress = perdoc._deflate_function()
    assert name == "isal.isal_zlib" and compress(b"x", 1) == b"isal\x01x"

    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(perdoc.importlib, "import_module", missing)
    assert perdoc._deflate_function() == ("zlib", zlib.compress)


def test_the_pinned_isal_is_the_deflate_in_use() -> None:
    # isal is a pinned dependency (setup.cfg): an install that lost it would
    # build at zlib's speed without a word, so this fails instead.
    assert perdoc.DEFLATE_MODULE == "isal.isal_zlib"
    text = "ডিজিটাল রূপান্তর ".encode() * 200
    assert zlib.decompress(perdoc.deflate(text)) == text


def test_per_document_reader_asks_for_a_missing_column_once(sample_index: Path) -> None:
    # "kind" has no length column: W3 would stat the file system for every
    # document's length; Setu's reader asks once and keeps the answer.
    with open_index(sample_index).reader() as reader:
        leaf, _ = reader.leaf_readers()[0]
        perdoc = leaf._perdoc
        assert isinstance(perdoc, SetuPerDocReader)
        asked: list[str] = []
        file_exists = perdoc._storage.file_exists

        def recording(name: str) -> bool:
            asked.append(name)
            return file_exists(name)

        perdoc._storage.file_exists = recording
        try:
            lengths = [
                (leaf.doc_field_length(docnum, "kind", 1), leaf.doc_field_length(docnum, "text", 1))
                for docnum in range(leaf.doc_count_all())
            ]
        finally:
            perdoc._storage.file_exists = file_exists
        assert len(lengths) > 1 and {kind for kind, _ in lengths} == {1} and max(text for _, text in lengths) > 1
        # One question per column, however many documents: the missing one and the one it opens.
        assert sorted(name.split(".")[-2] for name in asked) == ["_kind_len", "_text_len"]


def _occurrence_set(inverter: CompactInverter, fieldname: str) -> set[tuple[str, int, int]]:
    for name in list(inverter._follows):
        inverter._unfollow(name)
    if not inverter._ids.get(fieldname):
        return set()
    terms = list(inverter._vocab[fieldname])
    ids, docs, _, positions = inverter._tokens(fieldname)
    return {(terms[i], int(d), int(p)) for i, d, p in zip(ids.tolist(), docs.tolist(), positions.tolist(), strict=True)}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["ক", "কে", "খর", "খরের", "57", "a"]), max_size=6), st.booleans())))
def test_a_derived_field_is_what_adding_its_terms_gives(docs: list[tuple[list[str], bool]]) -> None:
    # stem follows text where the writer may, and is added token by token
    # where it may not (a plain tuple, or after tokens of its own).
    following, plain = CompactInverter(), CompactInverter()
    for docnum, (terms, derived) in enumerate(docs):
        stems = tuple(stem_term(t) for t in terms)
        for inverter in (following, plain):
            inverter.add("text", docnum, terms)
        plain.add("stem", docnum, stems)
        if derived and terms and following.can_follow("stem"):
            following.follow("stem", "text", docnum, stem_term)
        else:
            following.add("stem", docnum, stems)
    assert following.tokens == plain.tokens
    for field in ("text", "stem"):
        assert _occurrence_set(following, field) == _occurrence_set(plain, field)


def test_postings_of_some_documents_with_long_varints() -> None:
    # Docnum gaps of 5 bytes and frequencies of 2: the docnums and frequencies take more than
    # three bytes a value, past the first guess of where they end.
    from index.storage.codec.encoding import pack_tables
    from index.storage.codec.reading import _unpack_tables

    docs = [2**34, 2**35 - 1]
    positions = [list(range(0, 400, 2)), list(range(1000, 1300))]
    freqs = [len(x) for x in positions]
    data, table = encode_field(
        FieldPostings(
            [b"a"],
            np.asarray([2]),
            np.asarray(docs, dtype=np.int64),
            np.asarray(freqs, dtype=np.int64),
            np.asarray(freqs, dtype=np.int64) * 3,
            np.asarray([p for ps in positions for p in ps], dtype=np.int64),
        ),
        base=0,
    )
    (read,) = _unpack_tables(pack_tables({"text": table}), data).values()
    assert [x.tolist() for x in read.counts(0)] == [docs, freqs]
    for wanted in ([docs[0]], [docs[1]], docs):
        part = read.postings_in(0, np.asarray(wanted, dtype=np.int64))
        assert part.docs.tolist() == wanted
        assert part.positions.tolist() == [p for d, ps in zip(docs, positions, strict=True) if d in wanted for p in ps]


def test_remembered_term_lookups_agree_from_many_threads() -> None:
    """A table's memoised ``find`` answers as the bisect does, present and absent terms, from 8 threads at once."""
    import gc
    import weakref
    from concurrent.futures import ThreadPoolExecutor

    from index.storage.codec.encoding import pack_tables
    from index.storage.codec.reading import FOUND_CACHE_SIZE, _unpack_tables

    terms = sorted({f"t{i:05d}".encode() for i in range(3 * FOUND_CACHE_SIZE)})
    n = len(terms)
    data, table = encode_field(
        FieldPostings(terms, np.ones(n), np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64),
                      np.full(n, 3, dtype=np.int64), np.zeros(n, dtype=np.int64)),
        base=0,
    )  # fmt: skip
    (read,) = _unpack_tables(pack_tables({"text": table}), data).values()
    asked = [terms[(i * 7919) % n] for i in range(4 * n)] + [b"t", b"zz", b"t00000x"]
    expected = [read.terms.find(t) for t in asked]
    assert expected[-3:] == [-1, -1, -1]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(read.find, asked * 2))
    assert answers == expected * 2
    # The memo holds the terms, not the table: a dropped table is freed at once.
    ref = weakref.ref(read)
    gc.disable()
    try:
        del read
        assert ref() is None
    finally:
        gc.enable()


def _everything(index: Path) -> dict[str, Any]:
    """All an index holds, by docnum: every term's postings (positions where the field has them), stored fields, columns, lengths."""
    with open_index(index).reader() as reader:
        postings: dict[tuple[str, bytes], list[tuple[int, object]]] = {}
        for field, btext in reader.all_terms():
            m = reader.postings(field, btext)
            found = []
            while m.is_active():
                value = m.value_as("positions") if m.supports("positions") else m.weight()
                found.append((m.id(), value))
                m.next()
            postings[(field, btext)] = found
        docs = list(reader.iter_docs())
        columns = {name: list(reader.column_reader(name)) for name in ("date_key", "fileinfo", "fp", "sents")}
        lengths = {
            (docnum, field): reader.doc_field_length(docnum, field)
            for docnum, _ in docs
            for field in ("text", "stem", "key")
        }
    return {"postings": postings, "stored": docs, "columns": columns, "lengths": lengths}


def test_derived_fields_written_from_promises_are_what_their_terms_give(
    sample_dir: Path, sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk writer derives stem and key from text's vocabulary; given every term instead, it writes the same index."""
    from index.analysis.phonetic import phonetic_key
    from index.pipeline import prepare
    from index.storage.documents import to_documents

    def with_every_term(article: Article) -> list[dict[str, Any]]:
        docs = to_documents(article)
        for doc in docs:
            doc["stem"] = tuple(map(stem_term, doc["text"]))
            doc["key"] = tuple(map(phonetic_key, doc["text"]))
        return docs

    monkeypatch.setattr(prepare, "to_documents", with_every_term)
    build(sample_dir, tmp_path / "plain", workers=0)
    plain, derived = _everything(tmp_path / "plain"), _everything(sample_index)
    assert {field for field, _ in plain["postings"]} >= {"text", "stem", "key"}
    assert plain == derived
