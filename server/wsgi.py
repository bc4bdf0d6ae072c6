"""How the app is served: the production entry point for granian, and `vnkg serve`'s server.

Production (README, "Production"), several worker processes over one store on disk:

    VNKG_BASE_URL=https://vnkg.example.org VNKG_STORE=/srv/vnkg/store granian \\
        --interface wsgi --factory --workers 2 --http 1 \\
        --no-ws --backpressure 256 --blocking-threads 256 --http1-header-read-timeout 5000 \\
        --http1-buffer-size 65536 --respawn-failed-workers --workers-kill-timeout 40 \\
        --host 127.0.0.1 --port 8000 vnkg.server.wsgi:create_production_app

granian parses HTTP in Rust, asynchronously: a request reaches a Python thread only once its
line and headers are complete, within 64 KiB and 5 s (past them granian answers 414/431 with
an empty body, or hangs up), so slow or huge requests hold no thread (benchmarks/abuse.py
measured gunicorn, waitress and granian). `--factory` calls `create_production_app` in each
worker after it has started, so every worker opens the store read-only itself, on its first
request, and starts its own pool of query processes then. Each follows `vnkg build` (a new
build is swapped in by one rename; the next request opens it). On SIGTERM granian stops
accepting, finishes the requests in flight, and each worker's query processes end with it.
Chunked bodies are bounded here (`bound_bodies`): granian leaves that to the app.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
from collections.abc import Iterable
from types import FrameType
from typing import Any

from flask import Flask, request
from vnkg.graph import store
from vnkg.server import limits
from vnkg.server.app import create_app
from vnkg.server.workers import dispatch
from vnkg.server.workers.sandbox import SandboxError
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler, make_server

PRODUCTION_TIMEOUT = 10.0
BODY_ERROR = "vnkg.body_error"


def create_production_app() -> Flask:
    """The app with a query timeout (VNKG_QUERY_TIMEOUT, default 10 s) and the query log."""
    timeout = json.loads(os.environ.get("VNKG_QUERY_TIMEOUT", str(PRODUCTION_TIMEOUT)))
    limits.configure_logging()
    app = bound_bodies(create_app(QUERY_TIMEOUT=timeout or None))
    path = app.extensions["vnkg"].store_path
    if path is not None and not store.exists(path):  # each worker prints it; granian stops
        raise SystemExit(f"no vnkg store at {path}: run 'vnkg build --store {path}' first")
    if not app.config.get("BASE_URL"):  # links must not come from the Host header
        raise SystemExit(
            "set VNKG_BASE_URL to the public URL of the service (e.g. https://vnkg.example.org):"
            " absolute links are built from it, never from the request's Host header"
        )
    try:
        dispatch.query_pool(app, limits.Limits.from_config(app.config))  # ready for 1st query
    except SandboxError as error:
        raise SystemExit(f"{error}; refusing to serve") from None
    return app


def bound_bodies(app: Flask) -> Flask:
    """`app` with chunked bodies read whole before it runs, up to MAX_CONTENT_LENGTH.

    Werkzeug cuts a body without Content-Length short at the limit and goes on with what it
    read; and a server's own framing error (gunicorn's bad chunk size) would be a 500. Here
    a longer body is a 413 and a malformed one a 400, in the app's error form.
    """
    app.wsgi_app = ChunkedBodies(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]
    app.before_request(refuse_bad_body)
    return app


class ChunkedBodies:
    """WSGI middleware: a chunked body is read here (≤ `limit` + 1 bytes) and handed on with
    its length; what went wrong is left in the environ for `refuse_bad_body`."""

    def __init__(self, wsgi_app: Any, limit: int) -> None:
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = b""
            try:
                body = read_at_most(environ["wsgi.input"], self.limit + 1)
            except Exception:  # each server has its own: gunicorn's InvalidChunkSize, OSError
                environ[BODY_ERROR] = BadRequest("the chunked request body is malformed")
            if len(body) > self.limit:
                environ[BODY_ERROR], body = RequestEntityTooLarge(), b""
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        return self.wsgi_app(environ, start_response)  # type: ignore[no-any-return]


def read_at_most(stream: Any, size: int, piece: int = 64 << 10) -> bytes:
    """Up to `size` bytes of `stream`, read in pieces (never a read without a size)."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        data = stream.read(min(piece, left))
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


def refuse_bad_body() -> None:
    """Raise the error `ChunkedBodies` found, before the view runs."""
    error: HTTPException | None = request.environ.get(BODY_ERROR)
    if error is not None:
        raise error


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler: no software versions in the Server header, and the errors
    it answers itself (a request line over 64 KiB, a malformed request) in the app's text form.
    """

    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def version_string(self) -> str:
        return "vnkg"


def serve_threaded(app: Flask, host: str, port: int) -> None:
    """Serve `app` with one thread per request until SIGTERM or Ctrl-C, then finish cleanly.

    Requests in flight are finished before the process exits, and the query workers end.
    """
    app = bound_bodies(app)
    server = make_server(host, port, app, threaded=True, request_handler=QuietHandler)
    if not app.config.get("BASE_URL"):  # links name where we listen, never the Host header
        bound = f"[{host}]" if ":" in host else host
        app.config["BASE_URL"] = f"http://{bound}:{server.server_port}"
    server.daemon_threads = False  # type: ignore[attr-defined]
    server.block_on_close = True  # type: ignore[attr-defined]

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    dispatch.query_pool(app, limits.Limits.from_config(app.config))  # start the workers now
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"serving on http://{host}:{server.server_port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        dispatch.close_pool(app)
