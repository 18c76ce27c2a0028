"""The app's one Engine: opened by ``create_app``, found by every view.

Stage: presentation.  The index is opened once per app (the Engine notices
new generations by itself); the blueprints and the CLI reach it through
``engine()`` here, never by importing the app or spelling its key.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from search import Engine

__all__ = ["engine", "init_engine"]

_KEY = "setu.engine"


def init_engine(app: Flask, index_dir: Path) -> None:
    app.extensions[_KEY] = Engine(index_dir)


def engine(app: Flask | None = None) -> Engine:
    """The Engine of ``app``, or of the app handling the current request."""
    found: Engine = (app or current_app).extensions[_KEY]
    return found
