"""Large answers are spooled to a file and streamed (gzipped on request), never half-sent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from flask import Flask
from vnkg.server.app import create_app

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
ACCEPTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


def app(store: Path, spool: Path, **config: object) -> Flask:
    """The endpoint over `store`, spooling answers past 64 bytes into `spool`."""
    settings = {"TESTING": True, "SPOOL_RESULT_BYTES": 64, "RESULT_SPOOL_DIR": str(spool)}
    return create_app(store, test_config={**settings, **config})


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    """An empty directory for spooled answers."""
    path = tmp_path / "spool"
    path.mkdir()
    return path


def answer(flask_app: Flask, accept: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the test query."""
    with flask_app.test_client().get(
        "/sparql", query_string={"query": QUERY}, headers={"Accept": accept, **headers}
    ) as response:
        return response.status_code, dict(response.headers), response.get_data()


@pytest.mark.parametrize("accept", ACCEPTS)
def test_a_spooled_answer_is_the_answer_kept_in_memory(
    accept: str, endpoint_store: Path, spool: Path
) -> None:
    status, headers, body = answer(app(endpoint_store, spool), accept)
    expected = answer(app(endpoint_store, spool, SPOOL_RESULT_BYTES=1 << 30), accept)
    assert status == expected[0] == 200
    assert len(body) > 64
    assert body == expected[2]
    assert headers["Content-Length"] == str(len(body))
    assert "Accept-Encoding" in headers["Vary"]  # the spooled path answered ...
    assert "Accept-Encoding" not in expected[1]["Vary"]  # ... and the in-memory one
    assert list(spool.iterdir()) == []  # streamed, then removed


def test_a_spooled_answer_is_gzipped_when_accepted(endpoint_store: Path, spool: Path) -> None:
    flask_app = app(endpoint_store, spool)
    plain = answer(flask_app, ACCEPTS[0])[2]
    status, headers, body = answer(flask_app, ACCEPTS[0], **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == plain
    assert list(spool.iterdir()) == []


def test_an_answer_over_the_limit_is_refused_whole(endpoint_store: Path, spool: Path) -> None:
    status, _, body = answer(app(endpoint_store, spool, MAX_RESULT_BYTES=300), ACCEPTS[0])
    assert status == 400
    assert b"result-too-large" in body
    assert list(spool.iterdir()) == []


def test_query_processes_spool_too(endpoint_store: Path, spool: Path) -> None:
    in_thread = answer(app(endpoint_store, spool), ACCEPTS[1])
    pooled_app = app(endpoint_store, spool, QUERY_TIMEOUT=10, QUERY_WORKERS=1)
    try:
        pooled = answer(pooled_app, ACCEPTS[1])
    finally:
        pooled_app.extensions.pop("vnkg.querypool").close()
    assert pooled == in_thread
    assert list(spool.iterdir()) == []


def test_a_stopped_query_leaves_no_file(endpoint_store: Path, spool: Path) -> None:
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r }"
    limits = {"MAX_RESULT_BYTES": 1 << 40, "MAX_RESULT_ROWS": 10**12}
    pooled_app = app(endpoint_store, spool, QUERY_TIMEOUT=1, QUERY_WORKERS=1, **limits)
    try:
        response = pooled_app.test_client().get(
            "/sparql", query_string={"query": endless}, headers={"Accept": "text/csv"}
        )
    finally:
        pooled_app.extensions.pop("vnkg.querypool").close()
    assert response.status_code == 503
    assert b"query-timeout" in response.data
    assert list(spool.iterdir()) == []
