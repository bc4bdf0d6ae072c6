"""Fixtures: tiny test seeds, stores built from them and from the bundled seeds, the CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from processes import listening, serving
from vnkg.graph import pipeline, resources, store
from vnkg.graph.emit.iris import Iris
from vnkg.server.app import create_app

pytest_plugins = ["browsing"]  # the `browser` fixture of the browser tests (tests/browsing.py)
DATA = Path(__file__).parent / "data"
# `make test-fast` leaves out the tests marked slow: those that use one of these fixtures (the
# bundled store built with SHACL, a server on a port) and every test of these modules (servers
# and worker processes started, kill -9, fuzzing, remote stores, the browser).
SLOW_FIXTURES = frozenset({"bundled_store", "built_store", "bundled_graph", "live_endpoint"})
SLOW_MODULES = frozenset(
    {
        "test_bench_smoke",
        "test_browser",
        "test_build_robustness",
        "test_fuzz",
        "test_large_results",
        "test_production",
        "test_remote",
        "test_shacl_parity",
        "test_timeouts",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow tests (see SLOW_FIXTURES and SLOW_MODULES)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def store_of(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A store built from the quads of tests/data/`name`."""
    path = tmp_path_factory.mktemp(name.replace(".", "-")) / "store"
    store.build(pyoxigraph.parse(path=DATA / name), path)
    return path


@pytest.fixture
def seeds_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the tiny test seeds at ./seeds, with the working directory beside it."""
    target = tmp_path / "seeds"
    shutil.copytree(DATA / "seeds", target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps stdout and stderr apart."""
    return CliRunner()


@pytest.fixture(scope="session")
def test_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the tiny test seeds."""
    path = tmp_path_factory.mktemp("test-store") / "store"
    pipeline.build(DATA / "seeds", path, Iris(), gazetteer=False)  # ~224k triples not needed here
    return path


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled seeds (the real data); SHACL is test_cli.py's."""
    path = tmp_path_factory.mktemp("bundled-store") / "store"
    pipeline.build(resources.bundled_seeds(), path, Iris(), shapes=False)
    return path


@pytest.fixture(scope="session")
def built_store(bundled_store: Path) -> Path | str:
    """What the competency tests query: the bundled store (test_remote.py: a remote backend)."""
    return bundled_store


@pytest.fixture(scope="session")
def bundled_graph(bundled_store: Path) -> store.GraphStore:
    """The bundled store opened read-only."""
    return store.GraphStore.open(bundled_store)


@pytest.fixture(scope="module")
def without_summary(bundled_graph: store.GraphStore) -> store.GraphStore:
    """The bundled store without its summary graph: what the competency queries saw before it."""
    summary = Iris().graph("summary")
    return store.GraphStore.in_memory(q for q in bundled_graph.quads() if q.graph_name != summary)


# SPARQL endpoint: a tiny store (two vnkg graphs, the dataset graph and the W3C protocol
# test graphs, in tests/data/endpoint.nq), the app over it, and a real server on 127.0.0.1.


@pytest.fixture(scope="session")
def endpoint_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from tests/data/endpoint.nq."""
    return store_of(tmp_path_factory, "endpoint.nq")


@pytest.fixture
def endpoint_app(endpoint_store: Path) -> Flask:
    """The app over `endpoint_store`."""
    return create_app(endpoint_store, test_config={"TESTING": True})


@pytest.fixture
def endpoint_client(endpoint_app: Flask) -> FlaskClient:
    """A test client of `endpoint_app`."""
    return endpoint_app.test_client()


@pytest.fixture(scope="session")
def live_endpoint(endpoint_store: Path) -> Iterator[str]:
    """The app served by a real threaded HTTP server on 127.0.0.1; yields its base URL."""
    with serving(create_app(endpoint_store)) as url:
        yield url


# Linked-data pages, search and query UI: a tiny store (tests/data/web.trig) and the app over it.


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from tests/data/web.trig."""
    return store_of(tmp_path_factory, "web.trig")


@pytest.fixture
def web_app(web_store: Path) -> Flask:
    """The app over `web_store`."""
    return create_app(web_store, test_config={"TESTING": True})


@pytest.fixture
def web_client(web_app: Flask) -> FlaskClient:
    """A test client of `web_app`."""
    return web_app.test_client()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A port on 127.0.0.1 that records and hangs up on every connection it gets."""
    with listening() as found:
        yield found
