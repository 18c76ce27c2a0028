"""Translations: which articles translate one another, sentence by sentence.

Language-independent fingerprints of articles (``fingerprint``), linking
articles into translation groups (``linking``) and aligning the sentences of
a linked pair (``align``).  Uses ``analysis`` and ``corpus``; knows nothing
of storage.
"""
