"""Runaway queries against a real `vnkg serve` process: cut at the timeout, others still served."""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import Reply, Server, alive, crash, descendants, exchange, query, reason, slow, start
from pyoxigraph import NamedNode, Quad
from vnkg.graph import store
from vnkg.graph.store import LiveBuild
from vnkg.server.workers.querypool import LaneFull, PoolBusy, QueryPool, QueryTimeout, WorkerDied

E = "https://example.org/"
CHAIN = 300  # nodes: enough for every query below to run for minutes
TIMEOUT = 1.0
SIMPLE = f"ASK {{ <{E}n1> <{E}next> <{E}n2> }}"
RUNAWAY = {
    # a cartesian product counted: no row before the end
    "cartesian": "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }",
    # paths over the whole graph, joined
    "paths": f"SELECT (COUNT(*) AS ?n) {{ ?a <{E}next>* ?b . ?c <{E}next>* ?d . ?e <{E}next>* ?f }}",
    # ORDER BY over 27 million rows
    "order-by": "SELECT ?a { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?b ?d ?f LIMIT 1",
    # a big aggregate
    "group-by": "SELECT ?b (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h } GROUP BY ?b",
}
# strings that double 32 times: 40 GiB, far over a worker's memory limit
BOMB = (
    'SELECT (STRLEN(?s32) AS ?n) WHERE { BIND("xxxxxxxxxx" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(32))
    + " }"
)


@pytest.fixture(scope="module")
def chain_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one chain n0 -> n1 -> ... in a named graph."""
    path = tmp_path_factory.mktemp("chain") / "store"
    graph, nxt = NamedNode(f"{E}g"), NamedNode(f"{E}next")
    nodes = [NamedNode(f"{E}n{i}") for i in range(CHAIN + 1)]
    store.build((Quad(a, nxt, b, graph) for a, b in itertools.pairwise(nodes)), path)
    return path


def serve(
    store_path: Path, log: Path, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> Server:
    """`vnkg serve` with a 1 s timeout and two query workers, on a free port."""
    command = ["vnkg", "serve", "--store", str(store_path), "--port", "0"]
    return start([*command, "--timeout", str(timeout), "--workers", "2"], log, env)


@pytest.fixture(scope="module")
def server(chain_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module, warmed up."""
    running = serve(chain_store, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        assert query(running.url, SIMPLE).status == 200
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def lean_server(chain_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose query workers may use 512 MiB each (and run 10 s)."""
    log = tmp_path_factory.mktemp("lean") / "serve.log"
    running = serve(chain_store, log, {"VNKG_QUERY_MEMORY_MB": "512"}, timeout=10)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("name", RUNAWAY)
def test_runaway_query_is_cut_at_the_timeout(server: Server, name: str) -> None:
    reply = query(server.url, RUNAWAY[name])
    assert (reply.status, reason(reply)) == (503, "query-timeout")
    assert TIMEOUT - 0.05 <= reply.seconds <= TIMEOUT + 1.0
    assert b"stopped" in reply.body


def test_a_simple_query_answers_while_a_runaway_runs(server: Server) -> None:
    replies: list[Reply] = []
    runaway = threading.Thread(target=lambda: replies.append(query(server.url, RUNAWAY["paths"])))
    runaway.start()
    time.sleep(0.2)
    simple = query(server.url, SIMPLE)
    runaway.join()
    assert simple.status == 200 and json.loads(simple.body)["boolean"] is True
    assert simple.seconds < 1.0
    assert replies[0].status == 503
    assert TIMEOUT - 0.05 <= replies[0].seconds <= TIMEOUT + 1.0


def _in_parallel(url: str, queries: list[str]) -> list[Reply]:
    replies: list[Reply] = []
    threads = [threading.Thread(target=lambda q=q: replies.append(query(url, q))) for q in queries]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    return replies


def test_stuck_workers_are_supplemented_up_to_twice_the_pool(server: Server) -> None:
    started = time.monotonic()
    replies = _in_parallel(server.url, [RUNAWAY["cartesian"]] * 3 + [SIMPLE])
    simple = next(r for r in replies if r.status == 200)
    assert simple.seconds < 1.0 and time.monotonic() - started < TIMEOUT + 1.0
    assert sorted(r.status for r in replies) == [200, 503, 503, 503]


def test_one_client_has_at_most_client_queries_at_once(server: Server) -> None:
    """Six identical runaways: one runs and three wait for its answer, each holding a slot;
    two are refused (the result cache's single flight does not lift the cap)."""
    replies = _in_parallel(server.url, [RUNAWAY["cartesian"]] * 6)
    statuses = sorted((r.status, reason(r)) for r in replies)
    assert statuses == [(429, "too-many-queries")] * 2 + [(503, "query-timeout")] * 4
    assert all(r.headers["retry-after"] == "1" for r in replies if r.status == 429)
    assert sorted(r.seconds for r in replies)[-1] <= TIMEOUT + 1.0
    after = [query(server.url, SIMPLE) for _ in range(5)]
    assert all(r.status == 200 and r.seconds < 1.0 for r in after)


@pytest.fixture(scope="module")
def lane_server(chain_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server where one query may run past 0.3 s at a time (5 s at most), any client count."""
    log = tmp_path_factory.mktemp("lane") / "serve.log"
    settings = {"VNKG_LONG_QUERY_SECONDS": "0.3", "VNKG_LONG_QUERIES": "1"}
    running = serve(chain_store, log, {**settings, "VNKG_CLIENT_QUERIES": "0"}, timeout=5)
    try:
        yield running
    finally:
        running.stop()


def test_runaways_past_the_long_lane_are_stopped_and_short_queries_pass(
    lane_server: Server,
) -> None:
    runaways = [f"{RUNAWAY['cartesian']}\n# {n}" for n in range(4)]  # four, not one shared
    replies = _in_parallel(lane_server.url, [*runaways, SIMPLE, SIMPLE + " ", SIMPLE + "  "])
    statuses = sorted((r.status, reason(r) if r.status != 200 else "") for r in replies)
    assert statuses == [(200, "")] * 3 + [(503, "busy")] * 3 + [(503, "query-timeout")]
    assert all(r.headers.get("retry-after") for r in replies if _busy(r))
    assert all(r.seconds < 2.0 for r in replies if _busy(r))  # stopped soon after 0.3 s


def _busy(reply: Reply) -> bool:
    return reply.status == 503 and reason(reply) == "busy"


def test_a_query_over_the_memory_limit_is_stopped(lean_server: Server) -> None:
    reply = query(lean_server.url, BOMB)
    assert (reply.status, reason(reply)) == (503, "query-aborted")
    assert reply.seconds < 10
    assert query(lean_server.url, SIMPLE).status == 200


def test_server_header_names_no_versions(server: Server) -> None:
    reply = query(server.url, SIMPLE)
    assert reply.headers["server"] == "vnkg"


@pytest.mark.parametrize("length", [40_000, 70_000])  # the app's limit; the HTTP server's
def test_long_urls_are_414_in_plain_text(server: Server, length: int) -> None:
    reply = exchange(urllib.request.Request(f"{server.url}/sparql?query={'x' * length}"))
    assert reply.status == 414
    assert reply.headers["server"] == "vnkg"
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.body.startswith(b"414 ")


def test_sigterm_ends_the_server_and_its_workers(lean_server: Server) -> None:
    assert query(lean_server.url, SIMPLE).status == 200
    children = descendants(lean_server.process.pid)
    assert len(children) >= 3  # the fork server and two query workers
    assert lean_server.stop() == 0
    deadline = time.monotonic() + 5
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(children) == set()
    assert "Traceback" not in lean_server.log.read_text()


# --- the pool itself, in this process


def test_pool_times_out_waits_and_recovers(chain_store: Path) -> None:
    pool = QueryPool(chain_store, size=1, most=1, preload=["processes"])
    try:
        assert pool.run(slow, 0, timeout=5) == CHAIN
        with pytest.raises(QueryTimeout):
            pool.run(slow, 30, timeout=0.5)
        busy: list[BaseException] = []
        holder = threading.Thread(target=lambda: pool.run(slow, 1.0, timeout=5))
        holder.start()
        time.sleep(0.3)
        try:
            pool.run(slow, 0, timeout=5, wait=0.2)
        except PoolBusy as error:
            busy.append(error)
        holder.join()
        assert len(busy) == 1
        with pytest.raises(WorkerDied):
            pool.run(crash, timeout=5)
        assert pool.run(slow, 0, timeout=5) == CHAIN  # a fresh worker took the dead one's place
    finally:
        pool.close()


def test_a_job_that_turns_long_when_the_lane_is_full_is_stopped(chain_store: Path) -> None:
    pool = QueryPool(
        chain_store, size=1, most=3, preload=["processes"], long_after=0.2, long_most=1
    )
    try:
        holder = threading.Thread(target=lambda: pool.run(slow, 1.5, timeout=5))
        holder.start()
        time.sleep(0.5)  # the holder is long now, and holds the one long lane
        with pytest.raises(LaneFull):
            pool.run(slow, 1.0, timeout=5)
        assert pool.run(slow, 0, timeout=5) == CHAIN  # a short job still runs
        assert pool.run(slow, 0.4, timeout=5, fair=False) == CHAIN  # exempt from the lane
        holder.join()
    finally:
        pool.close()


def test_a_result_that_does_not_pickle_is_an_error(chain_store: Path) -> None:
    pool = QueryPool(chain_store, size=1, most=1, preload=["processes"])
    try:
        with pytest.raises(RuntimeError, match="pickle"):
            pool.run(vars, timeout=5)  # the worker's GraphStore holds a pyoxigraph Store
        assert pool.run(slow, 0, timeout=5) == CHAIN  # and the worker goes on
    finally:
        pool.close()


def test_workers_follow_a_new_build(tmp_path: Path) -> None:
    path = tmp_path / "store"
    quad = Quad(NamedNode(f"{E}a"), NamedNode(f"{E}p"), NamedNode(f"{E}b"), NamedNode(f"{E}g"))
    store.build([quad], path)
    live = LiveBuild(path)
    first = live.store()
    assert live.store() is first and len(first) == 1
    store.build([quad, Quad(quad.object, quad.predicate, quad.subject, quad.graph_name)], path)
    second = live.store()
    assert second is not first and len(second) == 2
    assert live.store() is second
    assert len(LiveBuild(second.path).store()) == 2  # a build directory itself, not a link
