"""How create_app wires the web app: what is app-wide is installed by the factory, not by a blueprint.

The template context (interface language, its words) and the text filters
are the app's: an error page renders with them although no page view ran,
and a bare Flask app gets them from ``templating.register`` alone, while the
blueprints install nothing app-wide.  Every view finds the app's one Engine
through ``webui.extensions.engine``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, render_template_string

import webui.api
import webui.pages
from search import Engine
from webui import create_app, templating
from webui.extensions import engine, init_engine
from webui.i18n import STRINGS

WEBUI = Path(webui.__file__).resolve().parent
# What an error page says around its message, in each interface language.
HEADING = re.compile(r"<h1>(.*)</h1>")
BACK = re.compile(r'<p><a href="/">(.*)</a></p>')
SWITCH = re.compile(r'<a href="([^"]*)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>')


@pytest.fixture()
def fresh_app(sample_index: Path) -> Flask:
    """An app no request has reached yet: no page view has run in it."""
    return create_app({"INDEX_DIR": str(sample_index), "TESTING": True})


@pytest.mark.parametrize("ui", ["en", "bn", "hi"])
def test_first_request_a_404_page_renders_in_the_interface_language(fresh_app: Flask, ui: str) -> None:
    response = fresh_app.test_client().get(f"/no-such-page?ui={ui}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert f'<html lang="{ui}">' in html
    assert HEADING.findall(html) == [f"{STRINGS['error'][ui]} 404"]
    assert BACK.findall(html) == [STRINGS["back"][ui]]
    assert SWITCH.findall(html) == [
        (f"/no-such-page?ui={code}", code, ' aria-current="true"' if code == ui else "") for code in ("en", "bn", "hi")
    ]


def test_first_request_a_405_page_renders_with_the_apps_filters(fresh_app: Flask) -> None:
    # POST / is refused while routing: the search page's view never runs.
    client = fresh_app.test_client()
    client.set_cookie("ui", "hi")
    response = client.post("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 405
    assert HEADING.findall(html) == [f"{STRINGS['error']['hi']} 405"]
    assert re.findall(r'<p class="error" role="alert" lang="en">(.*)</p>', html) == [
        "POST is not allowed here: use GET."
    ]


def test_create_app_installs_the_template_context_and_filters(fresh_app: Flask) -> None:
    assert templating.interface in fresh_app.template_context_processors[None]
    assert fresh_app.jinja_env.filters["plain"] is templating.plain
    assert fresh_app.jinja_env.filters["bidi_parts"] is templating.bidi_parts


def test_templating_register_alone_serves_a_template(tmp_path: Path) -> None:
    """No blueprint, no Engine: register() is all a template needs."""
    app = Flask(__name__)
    templating.register(app)
    source = "{{ ui }}|{{ t('error') }}|{{ ui_url('en') }}|{{ title|plain }}|{{ title|bidi_parts }}"
    with app.test_request_context("/somewhere?q=x&ui=bn"):
        rendered = render_template_string(source, title="a\u202eb")
    assert rendered == (
        f"bn|{STRINGS['error']['bn']}|/somewhere?q=x&amp;ui=en|ab|"
        "[(&#39;a&#39;, &#39;&#39;), (&#39;&#39;, &#39;U+202E&#39;), (&#39;b&#39;, &#39;&#39;)]"
    )


@pytest.mark.parametrize("blueprint", [webui.pages.pages, webui.api.api], ids=["pages", "api"])
def test_a_blueprint_installs_nothing_app_wide(blueprint: Blueprint) -> None:
    bare = Flask(__name__)
    baseline = (list(bare.template_context_processors[None]), dict(bare.jinja_env.filters))
    app = Flask(__name__)
    app.register_blueprint(blueprint)
    assert (list(app.template_context_processors[None]), dict(app.jinja_env.filters)) == baseline


def test_the_engine_accessor_is_defined_once() -> None:
    assert webui.api.engine is engine
    assert webui.pages.engine is engine


def test_api_and_pages_search_the_apps_one_engine(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    the_engine = engine(fresh_app)
    assert isinstance(the_engine, Engine)
    calls: list[str] = []
    search = the_engine.search

    def recording_search(request: Any) -> Any:
        calls.append(request.q)
        return search(request)

    monkeypatch.setattr(the_engine, "search", recording_search)
    client = fresh_app.test_client()
    assert client.get("/api/search?q=api-side").status_code == 200
    assert client.get("/?q=page-side").status_code == 200
    assert calls == ["api-side", "page-side"]
    with fresh_app.app_context():
        assert engine() is the_engine


def test_each_app_has_its_own_engine(fresh_app: Flask, sample_index: Path) -> None:
    other = create_app({"INDEX_DIR": str(sample_index), "TESTING": True})
    assert engine(other) is not engine(fresh_app)
    bare = Flask(__name__)
    init_engine(bare, sample_index)
    assert isinstance(engine(bare), Engine)
    assert engine(bare) is not engine(fresh_app)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names |= {base} | {f"{base}.{a.name}".replace("..", ".") for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_no_part_of_webui_imports_the_app() -> None:
    """The factory wires the parts; only the package's lazy re-export and the CLI's serve reach for it."""
    importers = sorted(
        p.name for p in WEBUI.glob("*.py") if _imports(p) & {".app", ".app.create_app", "webui.app", "webui.create_app"}
    )
    assert importers == ["__init__.py", "cli.py"]
