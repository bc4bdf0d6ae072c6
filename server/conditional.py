"""HTTP caching of what comes from the store: strong ETags, Last-Modified, Cache-Control, 304.

A view that answers from the store negotiates first, then calls `check(representation)`:
the ETag is a hash of the build (server/state.py), the code (version and templates), the
settings that shape answers, the URL and the representation chosen (media type, gzip), so it
is known before anything is evaluated, and a request whose `If-None-Match` names it (or,
without one, whose `If-Modified-Since` is not before the build) is answered 304 at once. The 200 answer gets the same ETag, Last-Modified
(the build's time) and `Cache-Control: public, max-age=CACHE_MAX_AGE` on its way out.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from flask import Flask, Response, abort, current_app, g, request
from vnkg.server.state import get_state
from vnkg.server.web import i18n
from werkzeug.http import http_date, parse_date

# The settings that shape answers (links, sizes, what is refused as too large), and the code.
SHAPING = ("BASE_IRI", "BASE_URL", "LICENSE", "PAGE_SIZE", "MAX_RESULT_ROWS", "MAX_RESULT_BYTES",
           "MAX_GRAPH_BYTES", "SERVICE_ALLOWLIST")  # fmt: skip
FINGERPRINT = "vnkg.fingerprint"


def fingerprint() -> str:
    """A hash of the vnkg version, its templates and the settings that shape answers (once
    per app: a new deployment is new ETags, even at the same version)."""
    found: str | None = current_app.extensions.get(FINGERPRINT)
    if found is None:
        shaping = {k: repr(current_app.config.get(k)) for k in SHAPING}
        digest = hashlib.sha256(json.dumps([_version(), shaping], sort_keys=True).encode())
        for template in sorted(Path(current_app.root_path, "templates").rglob("*")):
            digest.update(template.read_bytes() if template.is_file() else b"")
        found = digest.hexdigest()[:16]
        current_app.extensions[FINGERPRINT] = found
    return found


def _version() -> str:
    try:
        return metadata.version("vnkg")
    except metadata.PackageNotFoundError:
        return "unknown"


def etag(representation: object) -> str:
    """The strong ETag of this request's answer in `representation`, for the current build."""
    build = get_state().build()
    parts = [fingerprint(), build.id, request.path, request.query_string.decode("latin-1")]
    parts += [repr(representation), i18n.current()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def check(representation: object) -> None:
    """Note this answer's validators; answer 304 now if the client's copy is current.

    The first call of a request decides (a view that calls another that checks too).
    """
    if g.get("vnkg_validators") is not None:
        return
    tag, built = etag(representation), int(get_state().build().time)
    g.vnkg_validators = (tag, built)
    if request.method not in ("GET", "HEAD"):
        return
    if request.if_none_match:
        fresh = request.if_none_match.contains(tag)
    else:
        since = parse_date(request.headers.get("If-Modified-Since"))
        fresh = since is not None and since.timestamp() >= built
    if fresh:
        abort(stamp(Response(status=304)))


def stamp(response: Response) -> Response:
    """Add the validators `check` noted, and Cache-Control, to a 200 (or 304) answer."""
    validators: tuple[str, int] | None = g.get("vnkg_validators")
    if validators is None or response.status_code not in (200, 304):
        return response
    tag, built = validators
    response.set_etag(tag)
    response.headers["Last-Modified"] = http_date(built)
    response.headers["Cache-Control"] = (
        f"public, max-age={int(current_app.config['CACHE_MAX_AGE'])}"
    )
    if response.status_code == 304:
        response.vary.update(("Accept", "Accept-Encoding"))
    return response


def init_app(app: Flask) -> None:
    """Stamp the validators on every answer that noted them."""
    app.after_request(stamp)
