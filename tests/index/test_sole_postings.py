"""index.storage.terms.sole_postings: terms one live document holds, placed from the term tables alone."""

from __future__ import annotations

from pathlib import Path

from whoosh.fields import ID, KEYWORD, Schema
from whoosh.filedb.filestore import FileStorage

from index.storage.generations import open_index
from index.storage.terms import live_docnums, sole_postings, term_text


def test_one_live_posting_is_placed_and_every_other_case_is_not(tmp_path: Path) -> None:
    ix = FileStorage(str(tmp_path)).create_index(Schema(uid=ID(unique=True), member=KEYWORD(lowercase=False)))
    # Three segments (no merging), so that docnums carry each segment's offset.
    for docs in (
        [("g1", "a b"), ("g2", "shared"), ("g3", "gone")],
        [("g4", "shared c"), ("g5", "moved")],
        [("g6", "moved d")],
    ):
        with ix.writer() as w:
            w.mergetype = lambda writer, segments: segments  # keep every segment
            for uid, members in docs:
                w.add_document(uid=uid, member=members)
    with ix.writer() as w:
        w.mergetype = lambda writer, segments: segments
        w.delete_by_term("uid", "g3")  # "gone": its only document deleted
        w.delete_by_term("uid", "g5")  # "moved": deleted in one segment, live in a later one
    with ix.searcher() as s:
        reader = s.reader()
        assert len(list(reader.leaf_readers())) >= 3
        found = sole_postings(reader, "member")
        expected = {}
        for term in ("a", "b", "c", "d", "moved"):
            (docnum,) = live_docnums(reader, "member", term)
            expected[term] = docnum
        assert found.docnums == expected
        assert found.ambiguous == {"shared"}  # two live documents, in two segments
        assert "gone" not in found.docnums and "gone" not in found.ambiguous
        assert sole_postings(reader, "nothing").docnums == {}


def test_on_a_built_index_every_groups_member_agrees_with_its_posting_list(sample_index: Path) -> None:
    with open_index(sample_index).searcher() as s:
        reader = s.reader()
        found = sole_postings(reader, "member")
        terms = [term_text(t) for t in reader.lexicon("member")]
        assert terms and set(found.docnums) | found.ambiguous == set(terms)
        for term in terms:
            assert live_docnums(reader, "member", term) == [found.docnums[term]]
