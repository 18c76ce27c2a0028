"""The Flask application factory.

Stage: presentation.  Defaults, then ``SETU_*`` environment variables, then
the caller's config; the index is opened once per app (the Engine notices
new generations by itself).  What applies to the whole app is installed
here, not by a blueprint: the security headers on every response, and the
template context and filters that every page, error pages too, renders with.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response

from . import templating
from .api import api
from .errors import register_error_handlers
from .extensions import init_engine
from .feeds import feeds
from .kwic import kwic
from .pages import pages

__all__ = ["CSP", "SECURITY_HEADERS", "create_app"]

DEFAULTS: dict[str, Any] = {
    "INDEX_DIR": "var/index",
    # Query strings and bodies of a read-only search service are small.
    "MAX_CONTENT_LENGTH": 64 * 1024,
}

# No inline script or style anywhere: the pages hold to this policy.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# On every response, not only pages: a JSON error or an export opened in a
# tab is then never sniffed into HTML, nor allowed to run or load anything.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if "SETU_INDEX" in os.environ:
        app.config["INDEX_DIR"] = os.environ["SETU_INDEX"]
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.mimetype = "application/json; charset=utf-8"  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    init_engine(app, Path(app.config["INDEX_DIR"]))
    templating.register(app)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(kwic)
    app.register_blueprint(feeds)
    register_error_handlers(app)
    # Runs for error responses too (Flask finalizes handled errors and 500s alike).
    app.after_request(_security_headers)
    return app
