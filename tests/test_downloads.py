"""Exports stream in bounded memory (sorted on disk past one run) and are gzipped on request."""

from __future__ import annotations

import gzip
import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import RdfFormat
from vnkg.graph import export as exporting
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


@pytest.fixture
def exports_made(endpoint_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Dumps written under tmp_path; the list grows by one each time an export is made (each
    taking a little longer than it would, so that concurrent requests overlap)."""
    endpoint_app.config["DUMP_DIR"] = str(tmp_path)
    made: list[str] = []
    real = exporting.export

    def counted(*args: Any, **kwargs: Any) -> None:
        made.append("export")
        time.sleep(0.3)
        real(*args, **kwargs)

    monkeypatch.setattr(exporting, "export", counted)
    return made


def test_a_dump_is_made_once_per_build(
    endpoint_app: Flask, tmp_path: Path, exports_made: list[str]
) -> None:
    """The second download reads the file the first one wrote; HEAD makes nothing."""
    client = endpoint_app.test_client()
    assert client.head("/export.ttl").status_code == 200
    assert exports_made == []
    first = client.get("/export.ttl", headers={"Accept-Encoding": "identity"})
    second = client.get("/export.ttl", headers={"Accept-Encoding": "identity"})
    packed = client.get("/export.ttl", headers={"Accept-Encoding": "gzip"})
    assert exports_made == ["export"]
    assert first.data == second.data and int(first.headers["Content-Length"]) == len(first.data)
    assert gzip.decompress(packed.data) == first.data
    kept = sorted(p.name for p in tmp_path.rglob("vnkg.*") if p.suffix != ".lock")
    assert kept == ["vnkg.ttl", "vnkg.ttl.gz"]
    assert not list(tmp_path.rglob("*.part"))


def test_concurrent_downloads_make_one_dump(endpoint_app: Flask, exports_made: list[str]) -> None:
    def fetch() -> bytes:
        response = endpoint_app.test_client().get("/export.nt")
        return bytes(response.data)

    with ThreadPoolExecutor(4) as pool:
        bodies = list(pool.map(lambda _: fetch(), range(4)))
    assert exports_made == ["export"]
    assert len(set(bodies)) == 1 and bodies[0]
