"""The Flask application factory: layered config, the store, CORS, errors, blueprints."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import DEFAULT_BASE, Iris
from vnkg.graph.remote.spec import open_backend
from vnkg.server import cache, conditional, errors, limits, state
from vnkg.server.endpoint import dumpfiles
from vnkg.server.web import i18n

DEFAULTS: dict[str, Any] = {
    "BASE_IRI": DEFAULT_BASE,
    "STORE_PATH": None,
    "BACKEND": None,  # sparql+URL: serve a remote SPARQL endpoint instead of the store
    "BASE_URL": None,  # public URL of the service for absolute links; None: the request's
    "LICENSE": "https://creativecommons.org/licenses/by/4.0/",
    "MAX_CONTENT_LENGTH": 1 << 20,
    "JSON_SORT_KEYS": False,
}


def create_app(
    store_path: Path | str | None = None,
    *,
    store: Backend | None = None,
    test_config: dict[str, Any] | None = None,
    **config: Any,
) -> Flask:
    """Build the app over `store` (ready) or the store at `store_path` (opened on demand).

    Configuration in flaskr's order, each layer over the one before: the defaults of every
    module, `instance/vnkg.cfg`, `VNKG_*` environment variables, then `test_config` (instead
    of the file and the environment) and keyword settings. What is derived from it (limits,
    cache size, ETag fingerprint) is computed once per app, on first use.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping({**DEFAULTS, **limits.DEFAULTS, **cache.DEFAULTS, **dumpfiles.DEFAULTS})
    if test_config is None:
        app.config.from_pyfile("vnkg.cfg", silent=True)
        app.config.from_prefixed_env("VNKG")
    else:
        app.config.from_mapping(test_config)
    app.config.from_mapping(config)
    if store is None and app.config["BACKEND"]:
        graphs = Iris(app.config["BASE_IRI"]).graph("").value
        store = open_backend(app.config["BACKEND"], graph_prefix=graphs)
    if store is None:
        store_path = store_path or app.config["STORE_PATH"] or os.environ.get("VNKG_STORE")
        store_path = Path(store_path or ".vnkg/store")
    state.init_app(app, state.State(Iris(app.config["BASE_IRI"]), _path(store_path), store))
    errors.init_app(app)
    i18n.init_app(app)
    limits.init_app(app)
    cache.init_app(app)
    conditional.init_app(app)
    app.after_request(add_cors_headers)
    app.after_request(add_security_headers)
    register_blueprints(app)
    return app


def _path(store_path: Path | str | None) -> Path | None:
    return None if store_path is None else Path(store_path)


def register_blueprints(app: Flask) -> None:
    """Every blueprint of the site: the protocol side, then the HTML side."""
    from vnkg.server.endpoint import description, downloads, policy, sparql, status
    from vnkg.server.web import browse, pages, ui

    blueprints = [
        sparql.bp,
        policy.bp,
        description.bp,
        downloads.bp,
        status.bp,
        browse.bp,
        pages.bp,
        ui.bp,
    ]
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def add_cors_headers(response: Response) -> Response:
    """Open data: any origin may read it (and send the SPARQL Protocol's POST bodies)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


# Scripts, styles, fonts and images come from this site only (YASGUI is bundled in static/);
# YASGUI sets styles from script, hence 'unsafe-inline' for styles alone. No framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """The same security headers on every response, pages and data alike."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
