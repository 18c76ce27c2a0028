"""The JSON API blueprint: /api/search, /api/passages, /api/documents/<id>.

Stage: presentation.  Each view validates parameters, calls the Engine and
serialises the result's ``to_dict()``; nothing here searches.
"""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, current_app, jsonify, request

from search import Engine

from .params import request_from_args, ui_lang

__all__ = ["api"]

api = Blueprint("api", __name__, url_prefix="/api")


def engine() -> Engine:
    return current_app.extensions["setu.engine"]


@api.after_request
def _cors(response: Response) -> Response:
    # Read-only GET endpoints: any page may call them from a browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    return response


@api.get("/search")
def search() -> Response:
    result = engine().search(request_from_args(request.args))
    return jsonify(result.to_dict(ui_lang(request.args, None)))


@api.get("/passages")
def passages() -> Response:
    result = engine().passages(request_from_args(request.args))
    return jsonify(result.to_dict(ui_lang(request.args, None)))


@api.get("/documents/<path:doc_id>")
def document(doc_id: str) -> Response:
    return jsonify({"ok": True, "document": engine().document(doc_id).to_dict()})


@api.get("/openapi.json")
def openapi() -> Response:
    spec = resources.files("webui").joinpath("openapi.json").read_text(encoding="utf-8")
    return current_app.response_class(spec, mimetype="application/json")
