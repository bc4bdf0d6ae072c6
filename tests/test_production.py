"""The README's production command (granian): serving, rebuilds while serving, graceful stop."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from processes import (
    BIN,
    ROOT,
    Reply,
    Server,
    alive,
    descendants,
    free_port,
    production_command,
    query,
    start_production,
)
from vnkg.graph import store
from vnkg.server import limits, wsgi
from vnkg.server.app import create_app
from vnkg.server.workers import dispatch

SEEDS = Path(__file__).parent / "data" / "seeds"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h . ?i ?t ?j }"


def build(seeds: Path, store_path: Path) -> None:
    """`vnkg build` of `seeds` (tiny test seeds: no gazetteer, no SHACL, ~2 s)."""
    args = ["build", "--seeds", str(seeds), "--store", str(store_path)]
    subprocess.run([BIN / "vnkg", *args, "--no-gazetteer", "--skip-shacl"], check=True)


def count(reply: Reply) -> int:
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the test seeds that tests may change."""
    target = tmp_path_factory.mktemp("prod") / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="module")
def production(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The production command over a fresh store, on a free port, with a 2 s timeout."""
    store_path = seeds.parent / "store"
    build(seeds, store_path)
    server = start_production(store_path, tmp_path_factory.mktemp("production"), timeout=2)
    try:
        yield server
    finally:
        server.stop()


def test_the_documented_command_is_granian_over_the_factory() -> None:
    env, argv = production_command()
    assert argv[0] == "granian" and "VNKG_STORE" in env
    assert argv[-1] == "vnkg.server.wsgi:create_production_app"
    assert {"--factory", "--http1-header-read-timeout", "--http1-buffer-size"} <= set(argv)


def test_the_module_documents_the_same_command() -> None:
    _, argv = production_command()
    assert " ".join(argv) in " ".join(
        (ROOT / "server" / "wsgi.py").read_text().replace("\\\\", "").split()
    )


def test_serves_queries_with_a_bare_server_header(production: Server) -> None:
    reply = query(production.url, COUNT)
    assert reply.status == 200 and count(reply) > 0
    assert reply.headers["server"] == "granian"  # no version, no Python


def test_timeout_holds_in_production(production: Server) -> None:
    reply = query(production.url, RUNAWAY)
    assert reply.status == 503
    assert json.loads(reply.body)["error"]["reason"] == "query-timeout"
    assert 1.95 <= reply.seconds <= 3.0


def test_rebuilds_while_serving_fail_no_request(production: Server, seeds: Path) -> None:
    before = count(query(production.url, COUNT))
    replies: list[Reply] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.wait(0.02):  # steady traffic that leaves the builds a core
            replies.append(query(production.url, COUNT))

    clients = [threading.Thread(target=client) for _ in range(3)]
    for thread in clients:
        thread.start()
    try:
        moved = seeds.parent / "t002.yaml"
        (seeds / "sources" / "t002.yaml").rename(moved)  # a smaller graph
        build(seeds, seeds.parent / "store")
        time.sleep(0.2)
        smaller = count(query(production.url, COUNT))
        moved.rename(seeds / "sources" / "t002.yaml")  # and back: old builds get collected
        build(seeds, seeds.parent / "store")
        time.sleep(0.2)
    finally:
        stop.set()
        for thread in clients:
            thread.join()
    assert len(replies) > 20
    assert [r.status for r in replies if r.status != 200] == []
    assert smaller < before
    assert count(query(production.url, COUNT)) == before
    assert {count(r) for r in replies} <= {before, smaller}


def test_sigterm_answers_requests_in_flight_then_stops(production: Server) -> None:
    children = descendants(production.process.pid)
    assert len(children) >= 4  # two granian workers, each with a fork server and workers
    replies: list[Reply] = []
    in_flight = threading.Thread(target=lambda: replies.append(query(production.url, RUNAWAY)))
    in_flight.start()
    time.sleep(0.5)
    assert production.stop() == 0
    in_flight.join()
    assert replies[0].status == 503  # answered (at its timeout), not cut off
    deadline = time.monotonic() + 5
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(children) == set()
    assert "Traceback" not in production.log.read_text()


# --- before any build: the production app refuses to start, any app answers 503 no-store

NO_STORE = {
    "error": {"status": 503, "reason": "no-store", "message": "the store has not been built yet"}
}
STORE_ROUTES = [
    "/sparql?query=ASK%7B%7D",
    "/.well-known/void",
    "/export.nq",
    "/id/place/x",
    "/def/",
    "/graph/",
    "/search?q=a",
    "/store?graph=http://example.org/g",
]


def test_the_production_command_refuses_to_start_before_any_build(tmp_path: Path) -> None:
    env, argv = production_command()
    argv[argv.index("--port") + 1] = str(free_port())
    missing = tmp_path / "store"
    done = subprocess.run(
        [str(BIN / argv[0]), *argv[1:]],
        env={**os.environ, **env, "VNKG_STORE": str(missing)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    expected = f"no vnkg store at {missing}: run 'vnkg build --store {missing}' first"
    assert expected in done.stderr.splitlines()
    assert "Traceback" not in done.stderr  # each worker says it once; granian stops


def test_the_production_factory_says_which_build_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "store"
    monkeypatch.setenv("VNKG_STORE", str(missing))
    monkeypatch.setattr(limits, "configure_logging", lambda: None)  # tests use caplog
    with pytest.raises(SystemExit) as error:
        wsgi.create_production_app()
    assert (
        str(error.value) == f"no vnkg store at {missing}: run 'vnkg build --store {missing}' first"
    )


@pytest.mark.parametrize("timeout", [None, 2.0], ids=["in-thread", "query-pool"])
def test_every_store_backed_route_answers_503_until_the_first_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, timeout: float | None
) -> None:
    path = tmp_path / "store"
    app = create_app(path, test_config={"QUERY_TIMEOUT": timeout})
    client = app.test_client()
    json_only = {"Accept": "application/json"}
    try:
        for url in STORE_ROUTES:
            reply = client.get(url, headers=json_only)
            assert (url, reply.status_code, reply.json) == (url, 503, NO_STORE)
        reply = client.post("/sparql", data={"query": "ASK {}"}, headers=json_only)
        assert (reply.status_code, reply.json) == (503, NO_STORE)
        assert client.get("/sparql?query=ASK%7B%7D").text == (
            "503 no-store: the store has not been built yet\n"
        )
        assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
        store.build(pyoxigraph.parse(path=SEEDS.parent / "endpoint.nq"), path)
        assert client.get(STORE_ROUTES[0], headers=json_only).json == {"head": {}, "boolean": True}
    finally:
        dispatch.close_pool(app)


def test_the_production_factory_needs_the_public_url(
    endpoint_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNKG_STORE", str(endpoint_store))
    monkeypatch.delenv("VNKG_BASE_URL", raising=False)
    with pytest.raises(SystemExit, match="set VNKG_BASE_URL to the public URL"):
        wsgi.create_production_app()
