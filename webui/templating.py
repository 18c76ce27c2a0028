"""What every template sees: the interface language, its words, and the text filters.

Stage: presentation.  Installed on the app by ``create_app`` (``register``),
not by a blueprint: the error pages render with it even where no page view
ran, and a blueprint need not be registered for a template to work.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request
from werkzeug.datastructures import MultiDict

from search.facets import facet_labels

from .i18n import LANGUAGE_NAMES, translate
from .params import ui_lang

__all__ = ["bidi_parts", "current_ui", "interface", "plain", "register"]

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def current_ui() -> str:
    return ui_lang(request.args, request.cookies.get("ui"))


def interface() -> dict[str, Any]:
    """What every template (error pages too) needs: the interface language and its words."""
    ui = current_ui()

    def ui_url(code: str) -> str:
        args = MultiDict(request.args)
        args.setlist("ui", [code])
        return request.script_root + request.path + "?" + urlencode(list(args.items(multi=True)))

    return {
        "ui": ui,
        "t": lambda key, **values: translate(ui, key, **values),
        "ui_languages": LANGUAGE_NAMES,
        "ui_url": ui_url,
        "label": lambda facet, value: facet_labels(facet, value).get(ui, value),
    }


def plain(text: str) -> str:
    """Text for places that cannot isolate it (the window title, sentences quoting the query): no bidi controls."""
    return _BIDI_CONTROLS.sub("", text or "")


def bidi_parts(text: str | None) -> list[tuple[str, str]]:
    """Corpus text as (text, "") runs and ("", "U+202E") for each embedding/override/isolate control.

    News text has no use for these characters, and one can make a title read
    backwards: the template shows them as visible code points instead.
    """
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in _BIDI_CONTROLS.finditer(text or ""):
        if m.start() > pos:
            parts.append((text[pos : m.start()], ""))  # type: ignore[index]
        parts.append(("", f"U+{ord(m.group()):04X}"))
        pos = m.end()
    if text and pos < len(text):
        parts.append((text[pos:], ""))
    return parts


def register(app: Flask) -> None:
    app.context_processor(interface)
    app.add_template_filter(plain, "plain")
    app.add_template_filter(bidi_parts, "bidi_parts")
