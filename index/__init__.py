"""Setu's indexer: corpus files -> Articles -> a Whoosh index.

Re-exports the public names; nothing in this package knows of queries or
Flask (imports flow webui -> search -> index).
"""

from .article import Article, FileInfo, Paragraph, Sentence, parse_article
from .builder import BuildError, BuildReport, build, read_manifest
from .check import CheckReport, check_index
from .documents import StoredArticle, from_stored
from .reader import CorpusFile, Skipped, list_corpus, read_article
from .store import BuildLocked, IndexMissing, open_index

__all__ = [
    "Article",
    "BuildError",
    "BuildLocked",
    "BuildReport",
    "CheckReport",
    "CorpusFile",
    "FileInfo",
    "IndexMissing",
    "Paragraph",
    "Sentence",
    "Skipped",
    "StoredArticle",
    "build",
    "check_index",
    "from_stored",
    "list_corpus",
    "open_index",
    "parse_article",
    "read_article",
    "read_manifest",
]
