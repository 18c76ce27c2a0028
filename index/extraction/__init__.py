"""Extraction: what an article is about, read from its text.

Vietnamese provinces through a gazetteer (``gazetteer``) and cited party and
state documents such as Resolution 57-NQ/TW (``citations``), at index time
and, for query expansion, at query time.  Uses ``analysis`` only.
"""
