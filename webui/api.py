"""The JSON API blueprint: search, passages, documents and aligned pairs.

Stage: presentation.  Each view validates parameters, calls the Engine and
serialises the result's ``to_dict()``; nothing here searches.
"""

from __future__ import annotations

import re
from importlib import resources

from flask import Blueprint, Response, current_app, jsonify, request

from .exports import download
from .extensions import engine
from .formats import tmx, trend_rows, tsv
from .params import equivalents_args, request_from_args, trend_args, ui_lang
from .workbench import collocations_data, concordance_export, concordance_from_args, frequencies_data, table_export

__all__ = ["api"]

api = Blueprint("api", __name__, url_prefix="/api")


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


@api.get("/equivalents")
def equivalents() -> Response:
    q, limit = equivalents_args(request.args)
    return jsonify(engine().equivalents(q, limit).to_dict())


@api.get("/concordance")
def concordance() -> Response:
    request_, _ = concordance_from_args(request.args)
    return jsonify(engine().concordance(request_).to_dict())


@api.get("/concordance.<any(tsv, csv, tmx):fmt>")
def concordance_download(fmt: str) -> Response:
    request_, _ = concordance_from_args(request.args)
    return concordance_export(engine(), request_, fmt)


@api.get("/collocations")
def collocations() -> Response:
    return jsonify(collocations_data(engine(), request.args))


@api.get("/frequencies")
def frequencies() -> Response:
    return jsonify(frequencies_data(engine(), request.args))


@api.get("/collocations.<any(tsv, csv):fmt>")
def collocations_download(fmt: str) -> Response:
    return table_export(collocations_data(engine(), request.args, limit=False), "collocations", fmt)


@api.get("/frequencies.<any(tsv, csv):fmt>")
def frequencies_download(fmt: str) -> Response:
    return table_export(frequencies_data(engine(), request.args, limit=False), "frequencies", fmt)


@api.get("/trend")
def trend() -> Response:
    args, interval = trend_args(request.args)
    return jsonify(engine().trend(request_from_args(args), interval).to_dict())


@api.get("/trend.csv")
def trend_csv() -> Response:
    args, interval = trend_args(request.args)
    result = engine().trend(request_from_args(args), interval)  # errors before the stream starts
    return download(trend_rows(result), "text/csv; charset=utf-8", f"trend-{interval}.csv")


@api.get("/documents/<path:doc_id>")
def document(doc_id: str) -> Response:
    return jsonify({"ok": True, "document": engine().document(doc_id).to_dict()})


@api.get("/documents/<path:doc_id>/parallel/<path:other_id>")
def parallel(doc_id: str, other_id: str) -> Response:
    return jsonify(engine().parallel(doc_id, other_id).to_dict())


def _filename(doc_id: str, other_id: str, ext: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{doc_id}--{other_id}")
    return f"{safe}.{ext}"


@api.get("/documents/<path:doc_id>/parallel/<path:other_id>.tmx")
def parallel_tmx(doc_id: str, other_id: str) -> Response:
    pair = engine().parallel(doc_id, other_id)  # errors before the stream starts
    return download(tmx([pair]), "application/x-tmx+xml; charset=utf-8", _filename(doc_id, other_id, "tmx"))


@api.get("/documents/<path:doc_id>/parallel/<path:other_id>.tsv")
def parallel_tsv(doc_id: str, other_id: str) -> Response:
    pair = engine().parallel(doc_id, other_id)
    return download(tsv([pair]), "text/tab-separated-values; charset=utf-8", _filename(doc_id, other_id, "tsv"))


@api.get("/openapi.json")
def openapi() -> Response:
    spec = resources.files("webui").joinpath("openapi.json").read_text(encoding="utf-8")
    return current_app.response_class(spec, mimetype="application/json")
