"""Term columns: an article's keys selected with numpy, against the same selection done on strings."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import given
from hypothesis import strategies as st

from index.translation.link_lexical import smallest_by_hash
from index.translation.term_columns import KEY_KINDS, TermColumns, TermRecord, bottom_k_ids

# Few keys and few hashes: two keys of one hash, and hashes tied at the cut, are common here.
_KEYS = [f"k{i}" for i in range(12)]
_HASHES = st.integers(min_value=0, max_value=5) | st.integers(min_value=0, max_value=2**32 - 1)


def _reference(pairs: list[tuple[str, int]], k: int | None) -> tuple[str, ...]:
    keys = dict(pairs)  # key -> hash, in order of first use (as the fingerprint kept them before)
    if k is None:
        return tuple(keys)
    return smallest_by_hash(tuple(keys), list(keys.values()), k)


@given(
    st.dictionaries(st.sampled_from(_KEYS), _HASHES, min_size=1),
    st.lists(st.lists(st.sampled_from(_KEYS), max_size=3), max_size=40),
    st.none() | st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=6),
)
def test_selections_match_the_selection_on_strings(
    hash_of: dict[str, int], term_keys: list[list[str]], k: int | None, maxsize: int
) -> None:
    known = [[key for key in keys if key in hash_of] for keys in term_keys]
    terms = [f"t{i % 7}" for i in range(len(known))]  # terms repeat: a term's keys are its first record's
    record_keys = {term: keys for term, keys in reversed(list(zip(terms, known, strict=True)))}

    def record(term: str) -> TermRecord:
        pairs = tuple((key, hash_of[key]) for key in record_keys[term])
        return len(term), (term.upper(),) if term.endswith("3") else (), pairs, pairs[:1], ()

    # A small maxsize starts the table afresh between articles: the answers must not change.
    table = TermColumns(record, maxsize)
    for _ in range(2):
        columns = table.article(terms)
        expected = [(key, hash_of[key]) for term in terms for key in record_keys[term]]
        assert columns.names_of(bottom_k_ids(columns.keys["names"], k)) == _reference(expected, k)
        firsts = [(keys[0], hash_of[keys[0]]) for term in terms if (keys := record_keys[term])]
        assert columns.names_of(bottom_k_ids(columns.keys["bn"], k)) == _reference(firsts, k)
        assert columns.names_of(bottom_k_ids(columns.keys["hi"], k)) == ()
        assert columns.hashes.tolist() == [len(term) for term in terms]
        assert columns.latin == tuple(dict.fromkeys(t.upper() for t in terms if t.endswith("3")))
        assert set(columns.keys) == set(KEY_KINDS)


def test_an_empty_article() -> None:
    table = TermColumns(lambda term: (1, (), (), (), ()), 4)
    columns = table.article([])
    assert columns.hashes.tolist() == [] and columns.latin == ()
    assert columns.names_of(bottom_k_ids(columns.keys["names"], 3)) == ()


def test_two_keys_of_one_hash_count_twice() -> None:
    # A dict of the key strings keeps both; a selection by hash alone would keep one.
    table = TermColumns(lambda term: (1, (), (("a", 7), ("b", 7), ("c", 9)), (), ()), 4)
    columns = table.article(["x"])
    values = columns.keys["names"]
    assert columns.names_of(bottom_k_ids(values, 2)) == ("a", "b")
    assert columns.names_of(bottom_k_ids(values, None)) == ("a", "b", "c")


def test_an_article_names_its_keys_after_another_thread_cleared_the_table() -> None:
    # Between reading an article and naming its kept keys, another thread's article may
    # start the table afresh (maxsize); the ids must still name this article's keys.
    table = TermColumns(lambda term: (1, (), ((term + "-key", 5),), (), ()), 1)
    first = table.article(["x"])
    second = table.article(["y"])  # the table was full: cleared, and y's key has id 0 too
    assert first.names_of(bottom_k_ids(first.keys["names"], None)) == ("x-key",)
    assert second.names_of(bottom_k_ids(second.keys["names"], None)) == ("y-key",)


def test_threads_sharing_the_table_get_their_own_keys() -> None:
    table = TermColumns(lambda term: (len(term), (), ((term + "-key", len(term)),), (), ()), 3)

    def names(k: int) -> list[tuple[str, ...]]:
        terms = [f"w{k}-{i}" for i in range(5)]
        out = []
        for _ in range(200):
            columns = table.article(terms)
            out.append(columns.names_of(bottom_k_ids(columns.keys["names"], None)))
        return out

    def clear() -> None:
        for _ in range(200):
            table.clear()

    with ThreadPoolExecutor(9) as pool:
        clearing = pool.submit(clear)  # and a thread starting the table afresh meanwhile
        for k, found in enumerate(pool.map(names, range(8))):
            assert set(found) == {tuple(f"w{k}-{i}-key" for i in range(5))}
        clearing.result()
