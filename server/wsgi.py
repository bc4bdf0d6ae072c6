"""How the app is served: the production entry point for gunicorn, and `vnkg serve`'s server.

Production (README, "Production"), several worker processes over one store on disk:

    VNKG_STORE=/srv/vnkg/store gunicorn --workers 2 --threads 8 --bind 127.0.0.1:8000 \\
        --graceful-timeout 30 --limit-request-line 0 'vnkg.server.wsgi:create_production_app()'

gunicorn calls the factory in each worker after forking, so every worker opens the store
read-only itself, on its first request, and starts its own pool of query processes then.
Each follows `vnkg build` (a new build is swapped in by one rename; the next request opens
it). On SIGTERM gunicorn stops accepting, finishes the requests in flight, and each worker's
query processes end with it. `--limit-request-line 0` leaves long GET URLs to the app,
which answers 414 in its own error format beyond MAX_URL_LENGTH.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from types import FrameType

from flask import Flask
from gunicorn.errors import AppImportError
from vnkg.graph import store
from vnkg.server import limits
from vnkg.server.app import create_app
from vnkg.server.workers import dispatch
from werkzeug.serving import WSGIRequestHandler, make_server

PRODUCTION_TIMEOUT = 10.0


def create_production_app() -> Flask:
    """The app with a query timeout (VNKG_QUERY_TIMEOUT, default 10 s) and the query log."""
    timeout = json.loads(os.environ.get("VNKG_QUERY_TIMEOUT", str(PRODUCTION_TIMEOUT)))
    limits.configure_logging()
    app = create_app(QUERY_TIMEOUT=timeout or None)
    path = app.extensions["vnkg"].store_path
    if path is not None and not store.exists(path):  # gunicorn prints this line, and stops
        raise AppImportError(f"no vnkg store at {path}: run 'vnkg build --store {path}' first")
    dispatch.query_pool(app, limits.Limits.from_config(app.config))  # ready for the 1st query
    return app


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
