"""Bodies without Content-Length (chunked) are bounded by the app (server/wsgi.py), whatever
the server: Werkzeug alone cuts them short at MAX_CONTENT_LENGTH and goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from flask import Flask
from vnkg.server.app import create_app
from vnkg.server.wsgi import bound_bodies
from werkzeug.test import EnvironBuilder, run_wsgi_app

FORM = "application/x-www-form-urlencoded"


class Broken(io.BytesIO):
    """A server's input stream that fails after its data, as on a bad chunk size."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data:
            raise ValueError("Invalid chunk size: b'zz'")  # gunicorn's InvalidChunkSize is one
        return data


@pytest.fixture
def app(endpoint_store: Path) -> Flask:
    return bound_bodies(create_app(endpoint_store, test_config={"MAX_CONTENT_LENGTH": 1000}))


def post_chunked(app: Flask, stream: io.BytesIO, content_type: str) -> tuple[int, dict]:
    """POST `stream` to /sparql as a server hands on a chunked body; status and JSON body."""
    environ = EnvironBuilder(
        "/sparql", method="POST", headers={"Accept": "application/json"}
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update(
        {
            "CONTENT_TYPE": content_type,
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input": stream,
            "wsgi.input_terminated": True,
        }
    )
    body, status, _ = run_wsgi_app(app, environ)
    return int(status.split()[0]), json.loads(b"".join(body))


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(b"ASK {}" + b" " * 995, "application/sparql-query"), (b"query=ASK+{}&p=" + b"a" * 990, FORM)],
    ids=["query-body", "form-body"],
)
def test_a_chunked_body_over_the_limit_is_413_not_cut_short(
    app: Flask, data: bytes, content_type: str
) -> None:
    status, body = post_chunked(app, io.BytesIO(data), content_type)
    assert status == 413 and body["error"]["status"] == 413


def test_a_chunked_body_within_the_limit_is_answered(app: Flask) -> None:
    status, body = post_chunked(app, io.BytesIO(b"query=ASK+{}&p=" + b"a" * 900), FORM)
    assert status == 200 and body["boolean"] is True


def test_a_framing_error_of_the_server_is_400_not_500(app: Flask) -> None:
    status, body = post_chunked(app, Broken(b"ASK {}"), "application/sparql-query")
    assert status == 400
    assert body["error"]["message"] == "the chunked request body is malformed"
