"""Policy and limits through the test client: read-only, federation, sizes, errors, log lines."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import QueryResultsFormat
from vnkg.graph import store
from vnkg.server.app import create_app
from vnkg.server.endpoint.policy import service_targets

DATA = Path(__file__).parent / "data"
JSON = {"Accept": "application/json"}
TOKEN = "s3cret-token"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # 13 quads, in 5 named graphs
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _error(response) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(response.get_data())["error"]


def _count(client: FlaskClient) -> int:
    response = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def own_store(tmp_path: Path) -> Path:
    """A store of tests/data/endpoint.nq that a test may update."""
    path = tmp_path / "store"
    store.build(pyoxigraph.parse(path=DATA / "endpoint.nq"), path)
    return path


def _app(path: Path, **config: object) -> Flask:
    return create_app(path, test_config={"TESTING": True, **config})


# --- read-only by default; updates only with the token


UPDATE = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> "new" } }'


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": UPDATE}},
        {"method": "POST", "data": UPDATE, "content_type": "application/sparql-update"},
        {"method": "GET", "query_string": {"update": UPDATE}},
    ],
    ids=["form", "direct", "get"],
)
def test_updates_are_refused_by_default(own_store: Path, request_kwargs: dict) -> None:
    client = _app(own_store).test_client()
    response = client.open("/sparql", headers=JSON, **request_kwargs)
    assert response.status_code == 403
    assert _error(response)["reason"] == "update-refused"
    assert "read-only" in _error(response)["message"]
    assert _count(client) == 13


def test_update_with_the_token_makes_a_new_build(own_store: Path) -> None:
    client = _app(own_store, UPDATE_TOKEN=TOKEN).test_client()
    before = own_store.resolve()
    response = client.post(
        "/sparql",
        data=UPDATE,
        content_type="application/sparql-update",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204
    assert own_store.resolve() != before  # a new build was swapped in; the old one untouched
    assert _count(client) == 14
    assert len(store.GraphStore.open(before)) == 13


@pytest.mark.parametrize(
    ("headers", "status", "reason"),
    [
        ({}, 401, "token-required"),
        ({"Authorization": "Bearer wrong"}, 403, "update-refused"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, "token-required"),
    ],
    ids=["no-token", "wrong-token", "wrong-scheme"],
)
def test_update_needs_the_right_token(
    own_store: Path, headers: dict, status: int, reason: str
) -> None:
    client = _app(own_store, UPDATE_TOKEN=TOKEN).test_client()
    response = client.post("/sparql", data={"update": UPDATE}, headers={**JSON, **headers})
    assert (response.status_code, _error(response)["reason"]) == (status, reason)
    assert _count(client) == 13


def test_update_never_loads_or_calls_out(
    own_store: Path, listener: tuple[int, list[object]]
) -> None:
    port, connections = listener
    client = _app(own_store, UPDATE_TOKEN=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}", **JSON}
    load = client.post(
        "/sparql", data={"update": f"LOAD <http://127.0.0.1:{port}/x>"}, headers=auth
    )
    service = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
    federated = client.post("/sparql", data={"update": service}, headers=auth)
    assert _error(load)["reason"] == "load-refused"
    assert _error(federated)["reason"] == "service-refused"
    assert connections == []


def test_update_syntax_error_is_400_and_leaves_the_store(own_store: Path) -> None:
    client = _app(own_store, UPDATE_TOKEN=TOKEN).test_client()
    before = own_store.resolve()
    response = client.post(
        "/sparql",
        data={"update": "INSERT DATA { <a> }"},
        headers={"Authorization": f"Bearer {TOKEN}", **JSON},
    )
    assert (response.status_code, _error(response)["reason"]) == (400, "syntax-error")
    assert own_store.resolve() == before
    assert sorted(p.name for p in store.builds_dir(own_store).iterdir() if p.is_dir()) == [
        before.name
    ]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize(
    "path", ["/store?graph=https://example.org/g", "/store?default", "/graph/reference", "/id/x"]
)
def test_graph_store_writes_are_refused(
    endpoint_client: FlaskClient, method: str, path: str
) -> None:
    response = endpoint_client.open(path, method=method, data="<a> <b> <c> .", headers=JSON)
    assert response.status_code == 403
    assert _error(response)["reason"] == "read-only"


def test_graph_store_reads_a_named_graph(endpoint_client: FlaskClient) -> None:
    graph = "http://kasei.us/2009/09/sparql/data/data1.rdf"
    response = endpoint_client.get(
        "/store", query_string={"graph": graph}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True).count(" .\n") == 1
    missing = endpoint_client.get("/store", query_string={"graph": "https://none"}, headers=JSON)
    assert missing.status_code == 404
    assert endpoint_client.get("/store", headers=JSON).status_code == 400


# --- no federation unless allow-listed


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ["http://a/"]),
        ("SELECT * { SERVICE SILENT <http://a/> {} SERVICE <http://b/> {} }", ["http://a/", "http://b/"]),
        ("SELECT * { service\n# comment\n<http://a/> {} }", ["http://a/"]),
        ("SELECT * { SERVICE ?endpoint {} }", None),
        ("SELECT * { SERVICE wd:sparql {} }", None),
        ("SELECT * { ?s ?p 1SERVICE <http://a/> {} }", None),
        ("SELECT * { \\u0053ERVICE <http://a/> {} }", []),  # a syntax error to the engine
        ('SELECT * { ?s ?p "SERVICE <http://a/>" }', []),
    ],
    ids=["plain", "silent-and-two", "comment", "variable", "prefixed", "glued", "escaped", "in-string"],
)  # fmt: skip
def test_service_targets(query: str, targets: list[str] | None) -> None:
    assert service_targets(query) == targets


def test_allow_list_enables_federation_to_listed_endpoints_only(
    endpoint_store: Path, listener: tuple[int, list[object]]
) -> None:
    port, connections = listener
    allowed = f"http://127.0.0.1:{port}/sparql"
    client = _app(endpoint_store, SERVICE_ALLOWLIST=[allowed]).test_client()
    other = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/other> {{ ?s ?p ?o }} }}"
    refused = client.get("/sparql", query_string={"query": other}, headers=JSON)
    assert (refused.status_code, _error(refused)["reason"]) == (400, "service-refused")
    assert "/other is not allowed" in _error(refused)["message"]
    assert connections == []
    query = f"SELECT * WHERE {{ SERVICE SILENT <{allowed}> {{ ?s ?p ?o }} }}"
    client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert len(connections) >= 1  # the query did call the listed endpoint


# --- result size


def test_rows_over_the_limit_are_refused_whole(endpoint_store: Path) -> None:
    client = _app(endpoint_store, MAX_RESULT_ROWS=12).test_client()
    over = client.get("/sparql", query_string={"query": ALL}, headers=JSON)
    assert (over.status_code, _error(over)["reason"]) == (400, "result-too-large")
    assert "more than 12 rows" in _error(over)["message"]
    assert "LIMIT" in _error(over)["message"]
    limited = client.get("/sparql", query_string={"query": ALL + " LIMIT 12"}, headers=JSON)
    assert limited.status_code == 200
    assert len(limited.get_json(force=True)["results"]["bindings"]) == 12


def test_triples_over_the_limit_are_refused(endpoint_store: Path) -> None:
    client = _app(endpoint_store, MAX_RESULT_ROWS=5).test_client()
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert (response.status_code, _error(response)["reason"]) == (400, "result-too-large")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_bytes_over_the_limit_are_refused(endpoint_store: Path, fmt: str) -> None:
    client = _app(endpoint_store, MAX_RESULT_BYTES=300).test_client()
    response = client.get("/sparql", query_string={"query": ALL, "format": fmt}, headers=JSON)
    assert (response.status_code, _error(response)["reason"]) == (400, "result-too-large")
    assert "larger than 300 bytes" in _error(response)["message"]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_answers_are_the_engines_own_serialisation(
    endpoint_client: FlaskClient, endpoint_store: Path, fmt: str
) -> None:
    query = "SELECT ?s ?o ?missing WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s <x:y> ?missing } } ORDER BY ?s ?o"
    response = endpoint_client.get("/sparql", query_string={"query": query, "format": fmt})
    direct = store.GraphStore.open(endpoint_store).query(query)
    assert response.get_data() == direct.serialize(format=QueryResultsFormat.from_extension(fmt))


def test_a_boolean_over_the_byte_limit_is_refused(endpoint_store: Path) -> None:
    client = _app(endpoint_store, MAX_RESULT_BYTES=20).test_client()
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON)
    assert (response.status_code, _error(response)["reason"]) == (400, "result-too-large")
    assert "larger than 20 bytes" in _error(response)["message"]


def test_limits_are_each_apps_own_read_once(endpoint_store: Path) -> None:
    strict, lenient = _app(endpoint_store, MAX_RESULT_ROWS=2), _app(endpoint_store)
    query = {"query": ALL}
    assert strict.test_client().get("/sparql", query_string=query).status_code == 400
    assert lenient.test_client().get("/sparql", query_string=query).status_code == 200
    lenient.config["MAX_RESULT_ROWS"] = 2  # read once per app (on first use), as Flask's own
    fresh = {"query": ALL + " LIMIT 100"}  # another query text: not the cached answer
    assert lenient.test_client().get("/sparql", query_string=fresh).status_code == 200
    assert strict.extensions["vnkg.limits"] is not lenient.extensions["vnkg.limits"]


# --- request size


def test_long_get_is_414(endpoint_client: FlaskClient) -> None:
    query = "ASK {}" + " " * 40_000
    response = endpoint_client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert (response.status_code, _error(response)["reason"]) == (414, "uri-too-long")
    assert "POST" in _error(response)["message"]


def test_long_query_is_413_by_post_and_414_by_get(endpoint_store: Path) -> None:
    client = _app(endpoint_store, MAX_QUERY_LENGTH=100).test_client()
    query = "ASK {}" + " " * 100
    posted = client.post("/sparql", data={"query": query}, headers=JSON)
    direct = client.post(
        "/sparql", data=query, content_type="application/sparql-query", headers=JSON
    )
    got = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert (posted.status_code, _error(posted)["reason"]) == (413, "query-too-long")
    assert (direct.status_code, _error(direct)["reason"]) == (413, "query-too-long")
    assert got.status_code == 414


def test_body_over_max_content_length_is_413(endpoint_client: FlaskClient) -> None:
    body = "ASK {}" + " " * (1 << 20)
    direct = endpoint_client.post(
        "/sparql", data=body, content_type="application/sparql-query", headers=JSON
    )
    form = endpoint_client.post("/sparql", data={"query": body}, headers=JSON)
    for response in (direct, form):
        assert response.status_code == 413
        assert response.mimetype == "application/json"


# --- errors: the requested format, no internals


LEAKS = ("Traceback", 'File "', "site-packages", "Werkzeug/", "Python/", "pyoxigraph")
BAD_REQUESTS = [
    {"query_string": {"query": "SELECT * WHERE { ?s ?p"}},
    {"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
    {"query_string": {"query": "ASK {}" + " " * 40_000}},
    {"method": "POST", "data": b"\xff\xfe", "content_type": "application/sparql-query"},
    {"method": "POST", "data": {"update": "CLEAR ALL"}},
    {"method": "PUT", "data": "x"},
    {"path": "/no/such/page"},
    {"path": "/store", "method": "DELETE"},
]


@pytest.mark.parametrize("accept", ["application/json", "text/plain", "*/*"])
@pytest.mark.parametrize("request_kwargs", BAD_REQUESTS, ids=lambda r: str(r)[:40])
def test_errors_are_in_the_requested_format_without_internals(
    endpoint_client: FlaskClient, endpoint_store: Path, accept: str, request_kwargs: dict
) -> None:
    kwargs = dict(request_kwargs)
    path = kwargs.pop("path", "/sparql")
    response = endpoint_client.open(path, headers={"Accept": accept}, **kwargs)
    body = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500
    if accept == "application/json":
        error = json.loads(body)["error"]
        assert error["status"] == response.status_code and error["reason"] and error["message"]
    else:
        assert response.mimetype == "text/plain"
        assert re.match(rf"{response.status_code} [a-z-]+: .+", body)
    for leak in (*LEAKS, str(endpoint_store.parent)):
        assert leak not in body


# --- log lines


def test_each_query_leaves_a_log_line(
    endpoint_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="vnkg.query"):
        endpoint_client.get("/sparql", query_string={"query": "ASK {\n ?s ?p ?o }"})
        endpoint_client.get("/sparql", query_string={"query": "ASK {"})
    lines = [r.getMessage() for r in caplog.records if r.name == "vnkg.query"]
    assert len(lines) == 2
    counts = r"hits=\d+ misses=\d+ entries=\d+ bytes=\d+"
    assert re.fullmatch(
        rf"GET /sparql 200 \d+B \d+\.\d{{3}}s cache=miss {counts} 'ASK \{{ \?s \?p \?o \}}'",
        lines[0],
    )
    assert re.fullmatch(rf"GET /sparql 400 \d+B \d+\.\d{{3}}s cache=- {counts} 'ASK \{{'", lines[1])


@pytest.mark.parametrize("log_requests", [True, False], ids=["vnkg-serve", "default"])
def test_vnkg_serve_logs_every_request_once(
    endpoint_store: Path, caplog: pytest.LogCaptureFixture, log_requests: bool
) -> None:
    config = {"TESTING": True, "LOG_REQUESTS": log_requests}
    client = create_app(endpoint_store, test_config=config).test_client()
    with caplog.at_level(logging.INFO, logger="vnkg"):
        client.get("/sparql", query_string={"query": "ASK {}"})
        client.get("/no/such/page")
    lines = [f"{r.name} {r.getMessage()}" for r in caplog.records]
    assert lines[0].startswith("vnkg.query GET /sparql 200 ")
    if log_requests:
        assert re.fullmatch(r"vnkg.request GET /no/such/page 404 \d+B \d+\.\d{3}s", lines[1])
    assert len(lines) == 1 + log_requests


# --- queries the engine's parser cannot take (they crash pyoxigraph 0.5 with a stack overflow)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "+".join(["1"] * 8000) + ") }",
        "SELECT * WHERE { FILTER(" + "-".join(["1"] * 8000) + ") }",
        "SELECT * WHERE { FILTER(" + "||".join(["true"] * 8000) + ") }",
        "SELECT * WHERE { " + " UNION ".join(["{}"] * 8000) + " }",
    ],
    ids=["parentheses", "braces", "plus-chain", "minus-chain", "or-chain", "union-chain"],
)
def test_queries_too_deep_for_the_parser_are_refused(
    endpoint_client: FlaskClient, query: str
) -> None:
    response = endpoint_client.post("/sparql", data={"query": query}, headers=JSON)
    assert (response.status_code, _error(response)["reason"]) == (400, "query-too-complex")


def test_ordinary_queries_are_not_too_complex(endpoint_client: FlaskClient) -> None:
    for path in sorted((Path(__file__).parent.parent / "ontology" / "queries").glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        response = endpoint_client.post("/sparql", data={"query": query}, headers=JSON)
        assert response.status_code == 200, (path.name, response.get_data()[:200])
