"""Which NTREX-128 documents may train Setu and which only evaluate it.

NTREX-128 serves two purposes: ``scripts/make_seed_lexicon.py`` mines the
bundled seed lexicon from it, and ``scripts/eval_bridge.py`` measures
cross-language search on it.  So that the lexicon never sees the text it is
judged on, the documents are split by their index: 0-based, in the order of
``ntrex128/DOCUMENT_IDS.tsv`` (the order of ``docs.jsonl``).  Even documents
may train, odd ones only evaluate.  Both scripts import this module.
"""

from __future__ import annotations

__all__ = ["evaluation_documents", "seed_documents"]


def seed_documents(index: int) -> bool:
    """True for a document the seed lexicon may learn from (an even index)."""
    if index < 0:
        raise ValueError(f"an NTREX document index is 0 or more, not {index}")
    return index % 2 == 0


def evaluation_documents(index: int) -> bool:
    """True for a document kept for evaluation only (an odd index)."""
    return not seed_documents(index)
