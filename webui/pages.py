"""HTML pages: the search page and the article page.

Stage: presentation.  The same Engine calls as the JSON API; templates only
render the result objects (autoescaped; matches become <mark> from data).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, make_response, render_template, request

from search import FACETS, BadRequest, Engine, SearchError

from .params import request_from_args, ui_lang

__all__ = ["pages"]

pages = Blueprint("pages", __name__)


def engine() -> Engine:
    return current_app.extensions["setu.engine"]


@pages.get("/")
def search_page() -> Response:
    ui = ui_lang(request.args, request.cookies.get("ui"))
    mode = "passages" if request.args.get("mode") == "passages" else "articles"
    error = None
    result = None
    try:
        req = request_from_args(request.args)
        result = engine().passages(req) if mode == "passages" else engine().search(req)
    except BadRequest as exc:
        error = exc.message
    except SearchError:
        raise
    status = 400 if error else 200
    response = make_response(
        render_template(
            "search.html",
            result=result,
            data=result.to_dict(ui) if result else None,
            error=error,
            q=request.args.get("q", ""),
            mode=mode,
            ui=ui,
            facets=FACETS,
            args=request.args,
        ),
        status,
    )
    if "ui" in request.args and ui == request.args["ui"]:
        response.set_cookie("ui", ui, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@pages.get("/doc/<path:doc_id>")
def document_page(doc_id: str) -> str:
    ui = ui_lang(request.args, request.cookies.get("ui"))
    document = engine().document(doc_id)
    return render_template("document.html", doc=document.to_dict(), ui=ui, q=request.args.get("q", ""))
