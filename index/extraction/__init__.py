"""Extraction: what an article is about, read from its text.

Vietnamese provinces through a gazetteer (``gazetteer``, built on the
province table ``provinces``, its words ``province_words`` and name matching
``province_names``) and cited party and state documents such as Resolution
57-NQ/TW (``citations``), at index time and, for query expansion, at query
time.  Uses ``analysis`` only.
"""
