"""A hostile client against a real `vnkg serve` process: one test per finding of issue #13.

A local listener stands in for every host a query might try to reach: it must see no
connection, whatever the spelling, the method or the operation (query or update).
"""

from __future__ import annotations

import json
import shutil
import socket
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from processes import Reply, Server, connect, exchange, query, start
from pyoxigraph import NamedNode, Quad, QueryResultsFormat, Store
from vnkg.graph import store
from vnkg.server.app import create_app
from vnkg.server.endpoint import policy
from vnkg.server.limits import ResultTooLarge
from vnkg.server.workers import dispatch
from vnkg.server.workers.execution import Spool, serialize
from vnkg.server.workers.querypool import QueryPool
from vnkg.server.workers.sandbox import network_denied

pytestmark = pytest.mark.slow

E = "https://example.org/"
TOKEN = "hostile-test-token"


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a few hundred triples in two named graphs."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    quads = [
        Quad(
            NamedNode(f"{E}s{i}"),
            NamedNode(f"{E}p"),
            NamedNode(f"{E}o{i}"),
            NamedNode(f"{E}g{i % 2}"),
        )
        for i in range(400)
    ]
    store.build(quads, path)
    return path


@pytest.fixture(scope="module")
def listener_port() -> Iterator[tuple[int, list[object]]]:
    """A port on 127.0.0.1 that records every connection it gets, for the whole module."""
    import threading

    seen: list[object] = []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(0.05)
        stop = threading.Event()

        def serve() -> None:
            while not stop.is_set():
                try:
                    connection, address = sock.accept()
                except TimeoutError:
                    continue
                seen.append(address)
                connection.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        yield sock.getsockname()[1], seen
        stop.set()
        thread.join()


def _serve(path: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    command = ["vnkg", "serve", "--store", str(path), "--port", "0", "--workers", "2", *args]
    return start(command, log, env)


@pytest.fixture(scope="module")
def server(small_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`vnkg serve` with updates enabled (a token) over a copy of the small store."""
    work = tmp_path_factory.mktemp("hostile-serve")
    copy = work / "store"
    shutil.copytree(small_store.parent, work, dirs_exist_ok=True, symlinks=True)
    running = _serve(copy, work / "serve.log", "--timeout", "5", env={"VNKG_UPDATE_TOKEN": TOKEN})
    try:
        yield running
    finally:
        running.stop()


def _reason(reply: Reply) -> str:
    return json.loads(reply.body)["error"]["reason"]  # type: ignore[no-any-return]


def _get(url: str, sparql: str) -> Reply:
    data = urllib.parse.urlencode({"query": sparql})
    return exchange(
        urllib.request.Request(f"{url}/sparql?{data}", headers={"Accept": "application/json"})
    )


def _update(url: str, sparql: str) -> Reply:
    request = urllib.request.Request(
        f"{url}/sparql",
        data=sparql.encode(),
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {TOKEN}",
            "Accept": "application/json",
        },
    )
    return exchange(request)


def hostile_queries(port: int) -> list[str]:
    """The issue's bypass and its relatives: every one names the listener."""
    target = f"http://127.0.0.1:{port}/x"
    return [
        rf'SELECT * WHERE {{ BIND("\u0022" AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND("\u0022" AS ?y) }}',
        rf"SELECT * WHERE {{ BIND('\u0027' AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX t: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE t:x {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o .SERVICE<{target}>{{}} }}",
        rf"SELECT * {{ SERVICE <http://127.0.0.1:{port}/\u0078> {{}} }}",
    ]


@pytest.mark.parametrize("index", range(7))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_service_spellings_never_connect(
    server: Server, listener_port: tuple[int, list[object]], index: int, method: str
) -> None:
    port, seen = listener_port
    sparql = hostile_queries(port)[index]
    reply = _get(server.url, sparql) if method == "GET" else query(server.url, sparql)
    assert (reply.status, _reason(reply)) == (400, "service-refused")
    assert seen == []


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:{port}/x>",
        "LOAD SILENT <http://127.0.0.1:{port}/x> INTO GRAPH <http://e/g>",
        r'INSERT {{ <http://e/a> <http://e/b> "\u0022" }} WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ }} }}',
        r'INSERT DATA {{ <http://e/a> <http://e/b> "\u0022" }} ; LOAD <http://127.0.0.1:{port}/x> ; INSERT DATA {{ <http://e/a> <http://e/b> "\u0022" }}',
    ],
    ids=["load", "load-silent", "service-in-where", "load-between-escapes"],
)
def test_updates_never_connect(
    server: Server, listener_port: tuple[int, list[object]], update: str
) -> None:
    port, seen = listener_port
    reply = _update(server.url, update.format(port=port))
    assert reply.status == 400 and _reason(reply) in {"load-refused", "service-refused"}
    assert seen == []


SERVICE_PIECES = ["SERVICE", "service", "SeRvIcE", "SILENT", "# c\n", "#\r", r'"\u0022"', r"'\u0027'",
                  '"""x"y"""', "'''a'b'''", r'"\\"', "{", "}", "(", ")", ".", ";", "p:", "p:x", "1", "true",
                  "BIND(", " AS ?v)", "FILTER", "OPTIONAL", "<TARGET>", r"<TARGET\u0078>", " ", "\n"]  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(SERVICE_PIECES), min_size=1, max_size=14), st.booleans())
def test_fuzzed_service_spellings_never_connect_nor_fail(
    server: Server, listener_port: tuple[int, list[object]], pieces: list[str], by_get: bool
) -> None:
    port, seen = listener_port
    target = f"http://127.0.0.1:{port}/"
    body = " ".join(pieces).replace("TARGET", target)
    sparql = f"PREFIX p: <{target}> SELECT * {{ {body} }}"
    reply = _get(server.url, sparql) if by_get else query(server.url, sparql)
    assert reply.status < 500, reply.body
    assert seen == []


def test_the_os_refuses_what_the_check_lets_through(
    small_store: Path, listener_port: tuple[int, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the lexical check switched off, the query process still cannot connect."""
    port, seen = listener_port
    monkeypatch.setattr(policy, "uses_service", lambda text: False)
    app = create_app(small_store, test_config={"QUERY_TIMEOUT": 5})
    try:
        client = app.test_client()
        sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
        reply = client.get(
            "/sparql", query_string={"query": sparql}, headers={"Accept": "application/json"}
        )
        assert (reply.status_code, reply.json["error"]["reason"]) == (403, "network-refused")  # type: ignore[index]
    finally:
        dispatch.close_pool(app)
    assert seen == []


def test_a_query_process_cannot_open_a_socket(
    small_store: Path, listener_port: tuple[int, list[object]]
) -> None:
    port, seen = listener_port
    pool = QueryPool(small_store, size=1, preload=["processes"])
    try:
        assert pool.run(connect, port, timeout=5) == "PermissionError"
    finally:
        pool.close()
    assert seen == []
    assert not network_denied()  # this process, the web side, is not sandboxed


def test_serving_is_refused_when_the_sandbox_cannot_be_applied(
    small_store: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "pyseccomp.py").write_text("raise ImportError('libseccomp.so.2: cannot open')\n")
    with pytest.raises(RuntimeError, match="cannot be denied the network"):
        _serve(small_store, tmp_path / "serve.log", env={"PYTHONPATH": str(fake)})


def test_nesting_hidden_by_an_escaped_quote_is_refused(server: Server) -> None:
    deep = "(" * 20_000 + "1" + ")" * 20_000
    sparql = rf'SELECT * WHERE {{ BIND("\u0022" AS ?x) FILTER{deep} BIND("\u0022" AS ?y) }}'
    reply = query(server.url, sparql)
    assert (reply.status, _reason(reply)) == (400, "query-too-complex")


def test_without_a_timeout_queries_still_run_in_processes(
    small_store: Path, tmp_path: Path
) -> None:
    """`--timeout 0`: no time limit, but a query that blows its process leaves the server up."""
    bomb = (
        'SELECT (STRLEN(?s32) AS ?n) WHERE { BIND("xxxxxxxxxx" AS ?s0) '
        + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(32))
        + " }"
    )
    running = _serve(
        small_store, tmp_path / "serve.log", "--timeout", "0", env={"VNKG_QUERY_MEMORY_MB": "512"}
    )
    try:
        reply = query(running.url, bomb)
        assert (reply.status, _reason(reply)) == (503, "query-aborted")
        assert query(running.url, "ASK {}").status == 200
    finally:
        running.stop()


@pytest.mark.parametrize("escape", [r"\U00110000", r"\UFFFFFFFF", r"\uD800"])
def test_escapes_beyond_unicode_are_a_400(server: Server, escape: str) -> None:
    reply = query(server.url, f'ASK {{ FILTER("{escape}" = "") }}')
    assert (reply.status, _reason(reply)) == (400, "syntax-error")


def test_a_huge_literal_is_refused_as_too_large_not_a_crash() -> None:
    """Over 16 MiB in one value, pyoxigraph's results parser runs out of buffer (MemoryError)."""
    doubled = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(20))
    result = Store().query(f'SELECT ?s20 WHERE {{ BIND("{"x" * 17}" AS ?s0) {doubled} }}')
    with pytest.raises(ResultTooLarge, match="too large"):
        serialize(result, QueryResultsFormat.JSON, 10, 64 << 20, Spool(1 << 20))  # type: ignore[arg-type]


def test_a_query_string_that_is_not_utf8_is_a_400(server: Server) -> None:
    reply = exchange(
        urllib.request.Request(
            f"{server.url}/sparql?query=%FF%FE", headers={"Accept": "application/json"}
        )
    )
    assert (reply.status, _reason(reply)) == (400, "invalid-encoding")


@pytest.mark.parametrize(
    "path", ["/", "/sparql?query=ASK%7B%7D", "/id/nothing", "/.well-known/void"]
)
def test_security_headers_on_every_response(server: Server, path: str) -> None:
    reply = exchange(urllib.request.Request(server.url + path))
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]
    assert "script-src 'self'" in reply.headers["content-security-policy"]
    assert reply.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_the_host_header_is_not_reflected(server: Server, path: str) -> None:
    request = urllib.request.Request(
        server.url + path, headers={"Host": "evil.example", "Accept": "text/turtle"}
    )
    reply = exchange(request)
    assert reply.status == 200
    assert b"evil.example" not in reply.body
    assert server.url.encode() in reply.body


def test_graph_reads_obey_the_byte_limit(small_store: Path, tmp_path: Path) -> None:
    running = _serve(
        small_store, tmp_path / "serve.log", "--timeout", "5", env={"VNKG_MAX_GRAPH_BYTES": "2000"}
    )
    try:
        graph = urllib.parse.quote(f"{E}g0")
        request = urllib.request.Request(
            f"{running.url}/store?graph={graph}", headers={"Accept": "application/n-triples"}
        )
        reply = exchange(request)
        assert reply.status == 400
        assert reply.body.startswith(b"400 result-too-large: the result is larger than 2000 bytes")
    finally:
        running.stop()


def test_head_evaluates_nothing(small_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnkg.server.endpoint import reads
    from vnkg.server.web import pages

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("HEAD must not read or render")

    monkeypatch.setattr(reads, "rdf_read", refuse)
    monkeypatch.setattr(pages, "html_page", refuse)
    client = create_app(small_store, test_config={"TESTING": True}).test_client()
    graph = urllib.parse.quote(f"{E}g0")
    assert (
        client.head(f"/store?graph={graph}", headers={"Accept": "text/turtle"}).status_code == 200
    )
    assert (
        client.head(f"/store?graph={graph}x", headers={"Accept": "text/turtle"}).status_code == 404
    )
    assert client.head("/graph/nothing", headers={"Accept": "text/html"}).status_code == 404


def test_head_of_a_query_runs_nothing(small_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnkg.server.endpoint import sparql

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("HEAD must not run the query")

    monkeypatch.setattr(sparql, "execute", refuse)
    client = create_app(small_store, test_config={"TESTING": True}).test_client()
    cases = [
        ("SELECT * { ?s ?p ?o }", "application/sparql-results+json"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
    ]
    for text, expected in cases:
        reply = client.head("/sparql", query_string={"query": text}, headers={"Accept": expected})
        assert reply.status_code == 200
        assert reply.headers["Content-Type"].startswith(expected)
        assert reply.get_data() == b""
