"""The Flask application factory.

Stage: presentation.  Defaults, then ``SETU_*`` environment variables, then
the caller's config; the index is opened once per app (the Engine notices
new generations by itself).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from search import Engine

from .api import api
from .errors import register_error_handlers
from .pages import pages

__all__ = ["create_app"]

DEFAULTS: dict[str, Any] = {
    "INDEX_DIR": "var/index",
    # Query strings and bodies of a read-only search service are small.
    "MAX_CONTENT_LENGTH": 64 * 1024,
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if "SETU_INDEX" in os.environ:
        app.config["INDEX_DIR"] = os.environ["SETU_INDEX"]
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.mimetype = "application/json; charset=utf-8"  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["setu.engine"] = Engine(Path(app.config["INDEX_DIR"]))
    app.register_blueprint(api)
    app.register_blueprint(pages)
    register_error_handlers(app)
    return app
