"""Atom feeds: every search as a feed of its newest articles.

Stage: presentation.  ``/feed.atom`` takes the search page's parameters
(``q``, the facets, ``from``/``to``, ``date``, ``collapse``), runs the same
``Engine.search`` newest first and writes its first
:data:`FEED_ENTRIES` hits as Atom 1.0 (RFC 4287) with ElementTree, which
escapes everything: corpus text never reaches the XML unescaped.  An
undated article is dated by the build that indexed it (Atom requires an
``updated`` date on every entry).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for

from search import SearchResult

from .extensions import engine
from .formats import XML_INVALID
from .params import request_from_args

__all__ = ["FEED_ENTRIES", "atom", "feeds"]

feeds = Blueprint("feeds", __name__)

FEED_ENTRIES = 50
_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids; corpus text may hold them.
# Parameters of the page that say nothing about which articles a feed holds.
_NOT_FOR_FEEDS = ("sort", "page", "per_page", "mode", "ui", "interval")

ET.register_namespace("", _ATOM)


def _clean(text: str) -> str:
    return XML_INVALID.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = _clean(text)
    return el


def _stamp(day: dt.date | dt.datetime) -> str:
    if isinstance(day, dt.datetime):
        return day.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day.isoformat()}T00:00:00Z"


def atom(result: SearchResult, self_url: str, page_url: str, built: dt.datetime, doc_url: str) -> bytes:
    """The feed of a search result; ``doc_url`` is the article page's URL up to the id."""
    feed = ET.Element(f"{{{_ATOM}}}feed")
    q = result.request.q
    _sub(feed, "title", f"Setu: {q}" if q else "Setu: all articles")
    _sub(feed, "subtitle", f"The newest {FEED_ENTRIES} articles of this search, newest first.")
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    dates = [h.article.date for h in result.hits if h.article.date]
    newest = max(dates) if dates else None
    _sub(feed, "updated", _stamp(max(built, dt.datetime.combine(newest, dt.time(), dt.UTC)) if newest else built))
    author = _sub(feed, "author")
    _sub(author, "name", "Setu")
    _sub(feed, "generator", "Setu")
    for hit in result.hits:
        a = hit.article
        link = doc_url + quote(a.id, safe="/")
        entry = _sub(feed, "entry")
        entry.set(_XML_LANG, a.lang)
        _sub(entry, "title", a.title or a.id)
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "id", link)
        _sub(entry, "updated", _stamp(a.date or built))
        if a.date:
            _sub(entry, "published", _stamp(a.date))
        _sub(entry, "category", term=a.lang, label="language")
        if a.source:
            source = _sub(entry, "author")
            _sub(source, "name", a.source)
        snippet = "".join(run.text for run in hit.snippets[0]) if hit.snippets else ""
        if snippet:
            _sub(entry, "summary", snippet, type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


@feeds.get("/feed.atom")
def feed() -> Response:
    args = request.args.copy()
    for name in _NOT_FOR_FEEDS:
        args.poplist(name)
    kept = list(args.items(multi=True))
    args.setlist("sort", ["date"])
    args.setlist("per_page", [str(FEED_ENTRIES)])
    eng = engine()
    result = eng.search(request_from_args(args))
    query = urlencode(kept)
    self_url = url_for("feeds.feed", _external=True) + ("?" + query if query else "")
    page_url = url_for("pages.search_page", _external=True) + ("?" + query if query else "")
    doc_url = url_for("pages.document_page", doc_id="x", _external=True)[:-1]
    body = atom(result, self_url, page_url, eng.built_at(), doc_url)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
