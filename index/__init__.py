"""Setu's indexer: corpus files -> Articles -> a Whoosh index.

Re-exports the public names; nothing in this package knows of queries or
Flask (imports flow webui -> search -> index).
"""

# First: it checks the installed Whoosh and langdetect before any module
# imports them, so a wrong version fails with a message that says so.
import index.compat  # noqa: F401  isort: skip

from index.corpus.article import Article, FileInfo, Paragraph, Sentence, parse_article
from index.corpus.files import CorpusFile, Skipped, list_corpus, read_article
from index.pipeline.builder import BuildError, BuildReport, build, read_manifest
from index.pipeline.timeline import START_UP, Timeline, process_age_seconds
from index.pipeline.workers import usable_cores
from index.storage.check import CheckReport, check_index
from index.storage.documents import StoredArticle, from_stored
from index.storage.generations import BuildLocked, IndexMissing, open_index

__all__ = [
    "START_UP",
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
    "Timeline",
    "build",
    "check_index",
    "from_stored",
    "list_corpus",
    "open_index",
    "parse_article",
    "process_age_seconds",
    "read_article",
    "read_manifest",
    "usable_cores",
]
