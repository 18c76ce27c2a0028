"""Setu's Whoosh codec: compact, array-coded postings for the positional text fields.

Stage: Whoosh documents -> segment files (build), segment files -> postings
(search).  Whoosh's W3 codec stores a posting's positions as a pickled list
of deltas and every term as a ~90-byte entry of an on-disk hash table: on
this corpus that made the index 2.8 times the size of the text, and writing
it went through several Python calls per posting.  :class:`SetuCodec` keeps
W3 for the small fields (ids, facets, stored fields, columns) and stores the
fields with positions (``text`` and ``stem``) in two files of its own.

``encoding``
    the format: varints, each term's run in ``.cpo``, the tables of ``.ctm``.
``writing``
    a segment's postings written in bulk (:class:`CompactInverter`) or
    through Whoosh's writer (``SetuFieldWriter``), to the same bytes.
``reading``
    term tables and postings read back, for Whoosh and as numpy arrays.
``perdoc``
    W3's per-document writer and reader, with two changes that save time.
``setu_codec``
    :class:`SetuCodec`, which Whoosh pickles as ``index.codec.SetuCodec``.
"""

from .encoding import FieldPostings, decode_varints, encode_varints, is_compact
from .perdoc import SetuPerDocReader
from .reading import PostingArrays, SetuTermsReader, compact_terms, uninvert
from .setu_codec import SetuCodec
from .writing import CompactInverter

__all__ = [
    "CompactInverter",
    "FieldPostings",
    "PostingArrays",
    "SetuCodec",
    "SetuPerDocReader",
    "SetuTermsReader",
    "compact_terms",
    "decode_varints",
    "encode_varints",
    "is_compact",
    "uninvert",
]
