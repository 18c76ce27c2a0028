"""The codec itself: W3, with the positional fields in Setu's compact format.

Stage: Whoosh documents -> segment files (build), segment files -> postings
(search).  Whoosh pickles the codec into the index's table of contents, so
it lives in an importable module, under a path that never changes, and holds
no open files.
"""

from __future__ import annotations

import sys
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3Segment

from .perdoc import SetuPerDocReader, SetuPerDocWriter
from .reading import SetuTermsReader
from .writing import SetuFieldWriter

__all__ = ["SetuCodec"]


class SetuCodec(W3Codec):
    """W3, with the positional fields (``text``, ``stem``) in Setu's compact format (see ``encoding``)."""

    length_stats = True

    def per_document_writer(self, storage: Any, segment: Any) -> SetuPerDocWriter:
        return SetuPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> SetuPerDocReader:
        return SetuPerDocReader(storage, segment)

    def field_writer(self, storage: Any, segment: Any) -> SetuFieldWriter:
        return SetuFieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> SetuTermsReader:
        return SetuTermsReader(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(self, indexname)


# Whoosh pickles the codec into every index's table of contents by class path,
# and every index written so far names it ``index.codec.SetuCodec``: that
# path stays valid, so that indexes written before and after open alike.
SetuCodec.__module__ = "index.codec"
sys.modules.setdefault("index.codec", sys.modules[__name__])
