"""Translations: which articles translate one another, sentence by sentence.

Language-independent fingerprints of articles (``fingerprint``); linking
articles into translation groups (``linking``: URL groups and duplicates in
``duplicates``, the pairs worth scoring in ``link_blocks``, the score of a
pair in ``link_scores``); aligning the sentences of a linked pair
(``align``); learning a bilingual lexicon from aligned sentences
(``lexicon_learning``) and merging it with cognates (``cognates``) and the
bundled seed (``seed``) into equivalents (``lexicon``); the bundled
English table for words typed in Latin letters (``english``).  Uses ``analysis``
and ``corpus``; knows nothing of storage.
"""
