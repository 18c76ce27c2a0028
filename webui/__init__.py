"""Setu's presentation layer: Flask app (HTML + JSON API) and the CLI."""

from .app import create_app

__all__ = ["create_app"]
