"""`/status`: which build the app serves, and what its result cache holds (JSON)."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response
from vnkg.server.cache import get_cache
from vnkg.server.state import get_state

bp = Blueprint("status", __name__)


@bp.get("/status")
def status() -> Response:
    """The build (id, time) and the result cache's hits, misses, waits, bytes and entries."""
    build = get_state().build()
    body = {
        "build": {
            "id": build.id,
            "time": dt.datetime.fromtimestamp(build.time, dt.UTC).isoformat(timespec="seconds"),
        },
        "cache": get_cache().counts(),
    }
    response = Response(json.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response
