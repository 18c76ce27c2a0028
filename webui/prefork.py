"""Serving on several processes: gunicorn's pre-forking server around the app.

Stage: presentation.  ``setu serve --workers N`` (N > 1) runs here; one
process (``--workers 1``, or no gunicorn installed) stays with waitress in
``webui.cli``.  The master process has already created the app and checked
the index; its Engine closes every file before the fork and keeps only the
per-generation arrays (facets, sentence maps, field lengths), which the
workers share copy-on-write.  Each worker opens the index itself
(read-only, postings and term tables memory-mapped: the workers share the
page cache, not file offsets inherited over a fork) and notices new
generations by itself, as one process does.  The master replaces a worker
that dies and stops them all on SIGTERM.  The limits are waitress's: a
body no larger than Flask accepts, a request line and each header up to
256 KiB, and about 100 connections in all.
"""

from __future__ import annotations

import logging
import math
import os
import socket
from typing import Any

from flask import Flask, abort, request

from search import Unavailable

from .extensions import engine

__all__ = ["ACCESS_LOG_FORMAT", "LOG_FORMAT", "available", "options", "serve"]

_log = logging.getLogger(__name__)

# gunicorn's access log names the worker that answered (``%(p)s`` is its
# pid); the path is logged without the query string, which holds what the
# user searched for.
ACCESS_LOG_FORMAT = 'worker %(p)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# The app's own log lines (errors with their traceback) name the worker too.
LOG_FORMAT = "%(levelname)s:%(name)s:[worker %(process)d] %(message)s"
# A worker that has not told the master it is alive for this long is killed
# and replaced; opening a 100k-article index takes a few seconds of it.
WORKER_TIMEOUT_SECONDS = 120
# On SIGTERM the workers finish the requests in hand for at most this long.
GRACEFUL_SECONDS = 10


def available() -> bool:
    """Whether gunicorn can be imported (it is a Linux/Unix server)."""
    try:
        import gunicorn.app.base  # noqa: F401
    except ImportError:
        return False
    return True


def options(
    workers: int, threads: int, max_header_bytes: int, idle_seconds: int, max_connections: int
) -> dict[str, Any]:
    """gunicorn's settings for ``workers`` processes of ``threads`` threads each."""
    return {
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # The connection bound is the server's, shared between the workers.
        "worker_connections": max(threads + 1, math.ceil(max_connections / workers)),
        "keepalive": idle_seconds,
        "timeout": WORKER_TIMEOUT_SECONDS,
        "graceful_timeout": GRACEFUL_SECONDS,
        # gunicorn caps a bounded request line at 8,190 bytes, less than a
        # 1,000-character Bengali query (9 KB encoded): it is left unbounded
        # there and refused past ``max_header_bytes`` by the app (414).
        "limit_request_line": 0,
        # A same-origin Referer repeats the whole search URL.
        "limit_request_field_size": max_header_bytes,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "setu",
        # gunicorn's control socket is one path per user: two servers would share it.
        "control_socket_disable": True,
    }


def bind(host: str, port: int) -> int:
    """A listening socket on host:port, as the descriptor that gunicorn will own.

    Made here so that a refused address raises OSError before anything
    forks; no Python socket object keeps the descriptor, which gunicorn
    closes (another object would close it a second time at exit, or close
    whatever file reused its number).
    """
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock.detach()


def _bound_requests(app: Flask, max_uri_bytes: int) -> None:
    """The bounds waitress keeps itself: a body larger than Flask accepts (413), a longer URL (414)."""

    @app.before_request
    def refuse_oversized() -> None:
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is not None and request.content_length > limit:
            abort(413)
        if len(request.environ.get("RAW_URI", "")) > max_uri_bytes:
            abort(414)


def _worker_logging() -> None:
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))


def serve(app: Flask, fd: int, settings: dict[str, Any], max_uri_bytes: int) -> None:
    """Run gunicorn's master on the listening descriptor ``fd`` until SIGTERM or SIGINT; each worker serves ``app``."""
    from gunicorn.app.base import BaseApplication

    _bound_requests(app, max_uri_bytes)
    # The master's Engine checked the index and built the per-generation
    # arrays; it closes its files (its pooled searchers) before the fork, so
    # each worker opens its own and shares the arrays copy-on-write.
    engine(app).close()

    def post_worker_init(_worker: Any) -> None:
        _worker_logging()
        try:
            engine(app).warm()
        except Unavailable as exc:  # removed since the master checked it: answered as 503 per request
            _log.warning("worker %d could not open the index: %s", os.getpid(), exc.message)

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                **settings,
                "bind": [f"fd://{fd}"],
                "post_worker_init": post_worker_init,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server().run()
