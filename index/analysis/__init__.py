"""Analysis: text -> tokens.

ICU word and sentence breaks with code-point offsets (``breaks``), Unicode
normalisation and script tests (``textnorm``), the Bengali and Hindi
stemmers (``stemmer``), the phonetic key of a word in any of the three
scripts (``phonetic``), the Whoosh analysis chains and the one-pass
analysis of an article (``analyzers``), and the per-word memo tables of the
hot loops (``memo``).  Imports nothing from the other rooms of ``index``.
"""

from .analyzers import IcuTokenizer, KeyFilter, NormalizeFilter, StemFilter

# Whoosh unpickles the analyzers of an index's schema from this path.
__all__ = ["IcuTokenizer", "KeyFilter", "NormalizeFilter", "StemFilter"]
