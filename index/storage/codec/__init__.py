"""Setu's Whoosh codec: compact, array-coded postings for the positional text fields."""

from .writing import (
    CompactInverter,
    FieldPostings,
    PostingArrays,
    SetuCodec,
    SetuPerDocReader,
    SetuTermsReader,
    compact_terms,
    decode_varints,
    encode_varints,
    is_compact,
    uninvert,
)

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
