"""Exports stream in bounded memory (sorted on disk past one run) and are gzipped on request."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from flask.testing import FlaskClient
from pyoxigraph import RdfFormat
from vnkg.graph.export import export, sort_unique
from vnkg.graph.store import GraphStore


def test_sorting_on_disk_gives_the_same_lines(endpoint_store: Path) -> None:
    store = GraphStore.open(endpoint_store)
    in_memory = list(sort_unique(store.quads(), RdfFormat.N_QUADS))
    on_disk = list(sort_unique(store.quads(), RdfFormat.N_QUADS, run=4))
    assert on_disk == in_memory == sorted(set(in_memory))
    assert len(in_memory) > 4 * 3


def test_export_is_gzipped_when_accepted(
    endpoint_client: FlaskClient, endpoint_store: Path
) -> None:
    response = endpoint_client.get("/export.nq", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    expected = io.BytesIO()
    export(GraphStore.open(endpoint_store), RdfFormat.N_QUADS, expected)
    assert gzip.decompress(response.get_data()) == expected.getvalue()


def test_export_is_plain_without_accept_encoding(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.get("/export.ttl", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data().startswith(b"@prefix")
