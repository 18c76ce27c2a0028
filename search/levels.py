"""The two levels a search answers at: articles, and the sentences passage search returns.

Stage: search.  A mask, a score array or a page of hits is indexed either
by docnum (article level) or by sentence id (search.sentences).  Sentences
are not documents of the index (see index.storage.schema), so the level is
the search layer's own notion, not a kind of stored document.
"""

from __future__ import annotations

import enum

__all__ = ["Level"]


class Level(enum.Enum):
    """Which units a mask, a score array or a page counts."""

    ARTICLE = "article"
    # Passage search: one unit per sentence of every live article.
    SENTENCE = "sentence"
