"""Aligned pairs as TMX 1.4 and TSV, streamed.

Stage: presentation.  Translation-memory tools (OmegaT, Trados, memoQ) load
TMX: one ``<tu>`` per aligned bead with a ``<tuv xml:lang=…>`` per side (a
bead with one side empty has one ``<tuv>``).  The TSV has one row per bead.
Both are generators, so an export of every pair in a large index never sits
in memory whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from importlib.metadata import version as installed_version
from xml.sax.saxutils import escape, quoteattr

from search.parallel import Parallel
from search.trend import Trend

__all__ = ["TREND_HEADER", "TSV_HEADER", "XML_INVALID", "tmx", "trend_rows", "tsv"]

# Characters XML 1.0 forbids (C0 controls other than tab, LF, CR, and
# non-characters); corpus text may hold them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TSV_BREAKS = re.compile(r"[\t\r\n]+")
TREND_HEADER = "period,from,to,lang,count\r\n"
TSV_HEADER = "source_id\ttarget_id\tsource_lang\ttarget_lang\tscore\tsource\ttarget\n"


def _xml(text: str) -> str:
    return escape(XML_INVALID.sub("", text))


def tmx(pairs: Iterable[Parallel], version: str | None = None) -> Iterator[str]:
    """TMX 1.4 for one or many aligned article pairs; the header names Setu's installed version unless given one."""
    version = version or installed_version("setu")
    pairs = iter(pairs)
    first = next(pairs, None)
    srclang = first.source.lang if first else "bn"
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (
        f'  <header creationtool="Setu" creationtoolversion={quoteattr(version)} segtype="sentence"'
        f' o-tmf="setu" adminlang="en" srclang={quoteattr(srclang)} datatype="plaintext"/>\n  <body>\n'
    )
    if first is not None:
        yield from _units(first)
    for parallel in pairs:
        yield from _units(parallel)
    yield "  </body>\n</tmx>\n"


def _units(parallel: Parallel) -> Iterator[str]:
    src, tgt = parallel.source, parallel.target
    for n, pair in enumerate(parallel.pairs):
        parts = [
            f"    <tu tuid={quoteattr(f'{src.id}|{tgt.id}|{n}')}>\n",
            f'      <prop type="x-setu-score">{pair.score:.4f}</prop>\n',
        ]
        for lang, doc_id, side in ((src.lang, src.id, pair.source), (tgt.lang, tgt.id, pair.target)):
            if side.text:
                parts.append(
                    f"      <tuv xml:lang={quoteattr(lang)}>"
                    f'<prop type="x-setu-document">{_xml(doc_id)}</prop>'
                    f"<seg>{_xml(side.text)}</seg></tuv>\n"
                )
        parts.append("    </tu>\n")
        yield "".join(parts)


def _cell(text: str) -> str:
    return _TSV_BREAKS.sub(" ", text)


def tsv(pairs: Iterable[Parallel]) -> Iterator[str]:
    """One row per bead: ids, languages, score and both texts (tabs and newlines become spaces)."""
    yield TSV_HEADER
    for parallel in pairs:
        src, tgt = parallel.source, parallel.target
        for pair in parallel.pairs:
            yield (
                "\t".join(
                    (
                        src.id,
                        tgt.id,
                        src.lang,
                        tgt.lang,
                        f"{pair.score:.4f}",
                        _cell(pair.source.text),
                        _cell(pair.target.text),
                    )
                )
                + "\n"
            )


def trend_rows(trend: Trend) -> Iterator[str]:
    """A trend as CSV: one row per period and language (periods, language codes and dates need no quoting)."""
    yield TREND_HEADER
    for lang, points in trend.series:
        for p in points:
            yield f"{p.period},{p.start},{p.end},{lang},{p.count}\r\n"
