"""One error shape for every failure, JSON or HTML.

Stage: presentation.  ``{"ok": false, "status": 400, "code": "bad_query",
"error": "…sentence…"}`` for domain errors, unknown routes, wrong methods
and unexpected exceptions alike (the last logged with their traceback, never
shown).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search import SearchError

__all__ = ["error_body", "register_error_handlers"]

_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
    431: "headers_too_large",
    500: "internal_error",
    503: "index_unavailable",
}


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "status": status, "code": code, "error": message}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _respond(status: int, code: str, message: str) -> Response:
    if _wants_json():
        response = jsonify(error_body(status, code, message))
    else:
        response = current_app.make_response(render_template("error.html", status=status, code=code, message=message))
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SearchError)
    def _domain(exc: SearchError) -> Response:
        return _respond(exc.status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        messages = {
            404: "No such page: check the address (the API lives under /api/, see /api/openapi.json).",
            405: f"{request.method} is not allowed here: use GET.",
        }
        message = messages.get(status, exc.description or exc.name)
        response = _respond(status, _HTTP_CODES.get(status, "http_error"), message)
        if status == 405 and exc.get_headers():
            for name, value in exc.get_headers():
                if name.lower() == "allow":
                    response.headers["Allow"] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, "internal_error", "Something went wrong on our side; the error has been logged.")
