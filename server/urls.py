"""Absolute URLs of this service: from BASE_URL when it is configured, never from `Host` then.

Behind a proxy the `Host` header is the client's to choose; links built from it (the service
description, VoID, the base IRI of a query) would carry whatever host a client sent into any
cache in front. `vnkg serve` sets BASE_URL to where it listens; production sets VNKG_BASE_URL.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint`: under BASE_URL if set, else the request's own."""
    base = current_app.config.get("BASE_URL")
    if not base:
        return str(url_for(endpoint, _external=True, **values))
    return str(base).rstrip("/") + url_for(endpoint, **values)[len(request.script_root) :]


def request_url() -> str:
    """The URL of this request without its query string (a query's base IRI)."""
    base = current_app.config.get("BASE_URL")
    if base:
        return str(base).rstrip("/") + request.path
    # `request.base_url` again, without its IRI conversion of each part (a tenth of a request)
    return f"{request.scheme}://{request.host}{request.script_root}{request.path}"
