"""The training-open parallel sources the bundled lexicons learn from.

``scripts/make_seed_lexicon.py`` (Bengali-Hindi) and
``scripts/make_english_lexicon.py`` (English-Bengali and English-Hindi) read
the same four sets of ``../shared/corpus-raw``, each pairing other columns:
NTREX-128 (only the documents ``scripts/ntrex_split.py`` gives to training),
debian-gettext, tatoeba and udhr.  Every file goes through :func:`read_text`,
which refuses the sets reserved for evaluation.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ntrex_split import seed_documents  # noqa: E402

__all__ = [
    "RESERVED",
    "Pair",
    "debian_rows",
    "ntrex_pairs",
    "read_text",
    "tatoeba_lines",
    "udhr_articles",
    "udhr_pairs",
]

# Reserved for benchmark corpora and independent evaluation: never read here.
RESERVED = ("flores200", "sib200", "tico19")
TATOEBA = "tatoeba-test-v2021-08-07"

Pair = tuple[str, str]


def write_tsv(out: Path, comment: str, lines: Iterable[str]) -> None:
    """A bundled table: one ``#`` comment line (what it is, who made it), then its tab-separated lines."""
    out.write_text("\n".join([f"# {comment}", *lines]) + "\n", encoding="utf-8")


def read_text(path: Path) -> str:
    """Every file the lexicon scripts read goes through here: the reserved sets are refused."""
    lowered = str(path).lower()
    if any(name in lowered for name in RESERVED):
        raise ValueError(f"{path} is reserved for evaluation and must not train a bundled lexicon")
    return path.read_text(encoding="utf-8")


def ntrex_pairs(data: Path, first: str, second: str, held_out: bool) -> Iterator[Pair]:
    """Line pairs of two columns (``"ben"``, ``"hin"``, ``"eng_src"``) of the NTREX training documents.

    ``held_out``: only every fifth training document (the scripts' own
    precision check), else the others.
    """
    training = 0
    for index, line in enumerate(read_text(data / "ntrex128" / "docs.jsonl").splitlines()):
        if not seed_documents(index):
            continue
        doc = json.loads(line)
        if (training % 5 == 4) == held_out:
            yield from zip(doc[first], doc[second], strict=True)
        training += 1


def debian_rows(data: Path) -> Iterator[dict[str, str]]:
    """The gettext table's rows, a string's ``\\n`` escapes as spaces; Bengali under ``bn`` (else ``bn_IN``)."""
    rows = csv.DictReader(
        read_text(data / "debian-gettext-bn-hi-vi" / "debian_mo_en_bn_hi_vi.tsv").splitlines(),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for row in rows:
        # A short row has None values, a long one a list under the key None.
        clean = {k: v.replace("\\n", " ") for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
        clean["bn"] = clean.get("bn") or clean.get("bn_IN") or ""
        yield clean


def tatoeba_lines(data: Path, pair: str, side: str) -> list[str]:
    """One side (``"eng"``, ``"ben"``, ``"hin"``) of a tatoeba test pair (``"ben-eng"``, ``"eng-hin"``)."""
    return read_text(data / TATOEBA / f"{pair}.{TATOEBA}.{side}").splitlines()


_ARTICLE_RE = re.compile(r"<article[^>]*>(.*?)</article>", re.S)
_PART_RE = re.compile(r"<(p|li)[^>]*>(.*?)</\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def udhr_articles(text: str) -> list[list[str]]:
    """The Declaration's articles, each as its paragraphs and list items."""
    return [
        [html.unescape(_TAG_RE.sub(" ", part)).strip() for _, part in _PART_RE.findall(article)]
        for article in _ARTICLE_RE.findall(text)
    ]


def udhr_pairs(data: Path, first: str, second: str) -> Iterator[Pair]:
    """Paragraph pairs of two translations (``"ben.html"``…).

    Where an article has as many paragraphs on both sides, else the whole article.
    """
    a = udhr_articles(read_text(data / "udhr" / first))
    b = udhr_articles(read_text(data / "udhr" / second))
    for x, y in zip(a, b, strict=False):
        if len(x) == len(y):
            yield from zip(x, y, strict=True)
        else:
            yield " ".join(x), " ".join(y)
