"""Domain errors of the search layer, each with its HTTP status and code.

Stage: search.  The JSON API, the HTML pages and the CLI all turn these into
their one error shape; the message is a sentence that tells the user what to
change.
"""

from __future__ import annotations

__all__ = ["BadRequest", "NotFound", "SearchError", "Unavailable"]


class SearchError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadRequest(SearchError):
    """The query or a parameter cannot be served as given (HTTP 400)."""

    status = 400
    code = "bad_query"


class NotFound(SearchError):
    """No such document (HTTP 404)."""

    status = 404
    code = "not_found"


class Unavailable(SearchError):
    """No index to search yet (HTTP 503)."""

    status = 503
    code = "index_unavailable"
