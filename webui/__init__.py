"""Setu's presentation layer: Flask app (HTML + JSON API) and the CLI.

``create_app`` is imported on first use, so ``import webui.cli`` (``setu
build``, ``setu check``) loads neither Flask nor the search layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
