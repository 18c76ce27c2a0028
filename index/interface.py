"""What ``search/`` may use of ``index``: the names here are the contract.

Stage: the seam between the two layers.  The search layer reads a published
index and analyses queries exactly as articles were analysed; everything it
needs for that is re-exported here, and ``tests/house/test_layout.py`` holds that
``search/`` imports ``index`` through this module only.  A name not listed
here is an internal of ``index`` and may change without notice; a name
listed here changes only together with its users in ``search/``.
"""

from __future__ import annotations

from index.analysis.analyzers import analyze
from index.analysis.arrays import distinct, sorted_unique
from index.analysis.breaks import word_spans
from index.analysis.phonetic import key_variants, phonetic_key, spelling_variants
from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, fold_digits, normalize_term, script_of
from index.compat import w3_blocks
from index.corpus.article import Sentence
from index.extraction import citations, gazetteer
from index.storage.codec import compact_terms
from index.storage.columns import column_values, field_lengths
from index.storage.documents import StoredArticle, article_uid, from_stored
from index.storage.generations import IndexMissing, current_generation, open_index
from index.storage.lexicons import read_lexicon
from index.storage.repeats import repeat_docnums
from index.storage.schema import FACET_FIELDS, KIND_ARTICLE, KIND_GROUP
from index.storage.terms import SolePostings, live_docnums, sole_postings, term_text
from index.translation.cognates import cognate_candidates
from index.translation.common import common_words
from index.translation.english import english_equivalents
from index.translation.lexicon import Equivalent, Lexicon

__all__ = [
    "FACET_FIELDS",
    "KIND_ARTICLE",
    "KIND_GROUP",
    "Equivalent",
    "SCRIPT_BENGALI",
    "SCRIPT_DEVANAGARI",
    "IndexMissing",
    "Lexicon",
    "Sentence",
    "SolePostings",
    "StoredArticle",
    "analyze",
    "article_uid",
    "citations",
    "cognate_candidates",
    "distinct",
    "common_words",
    "english_equivalents",
    "column_values",
    "compact_terms",
    "current_generation",
    "field_lengths",
    "fold_digits",
    "from_stored",
    "gazetteer",
    "key_variants",
    "live_docnums",
    "sole_postings",
    "normalize_term",
    "open_index",
    "read_lexicon",
    "phonetic_key",
    "spelling_variants",
    "script_of",
    "sorted_unique",
    "repeat_docnums",
    "term_text",
    "w3_blocks",
    "word_spans",
]
