"""The /sparql endpoint through Flask's test client: every protocol status, datasets, CORS."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyoxigraph
import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from pyoxigraph import NamedNode
from vnkg.graph import store
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app

BASE = "https://w3id.org/vnkg/"
PROVINCE = f"{BASE}id/province/test-province"
REFERENCE = f"{BASE}graph/reference"
SOURCE = f"{BASE}graph/source/test"
# DISTINCT: the union default graph keeps a triple once per graph that holds it.
LABELS = f"SELECT DISTINCT ?label WHERE {{ <{PROVINCE}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
JSON_RESULTS = "application/sparql-results+json"


def _values(response) -> list[str]:
    """The values of the first variable of a SPARQL JSON response, sorted."""
    body = response.get_json(force=True)
    name = body["head"]["vars"][0]
    return sorted(row[name]["value"] for row in body["results"]["bindings"] if name in row)


def _error(response) -> dict:
    return json.loads(response.get_data())["error"]


# --- the three ways to send a query


def test_get_query(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.get("/sparql", query_string={"query": LABELS})
    assert response.status_code == 200
    assert response.mimetype == JSON_RESULTS
    assert _values(response) == ["Test Province", "Tỉnh Thử"]


def test_post_form(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.post("/sparql", data={"query": LABELS})
    assert response.status_code == 200
    assert _values(response) == ["Test Province", "Tỉnh Thử"]


def test_post_direct_with_parameters_in_the_url(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.post(
        "/sparql?format=csv",
        data=LABELS.encode(),
        content_type="application/sparql-query; charset=utf-8",
    )
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    header, *rows = response.get_data(as_text=True).splitlines()
    assert (header, sorted(rows)) == ("label", ["Test Province", "Tỉnh Thử"])


# --- datasets


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Test Province", "Tỉnh Thử"]),
        ({"default-graph-uri": SOURCE}, ["Test Province"]),
        ({"default-graph-uri": [SOURCE, REFERENCE]}, ["Test Province", "Tỉnh Thử"]),
        ({"default-graph-uri": "http://example.org/no-such-graph"}, []),
        ({"named-graph-uri": SOURCE}, []),
    ],
    ids=[
        "union-by-default",
        "one-default-graph",
        "two-default-graphs",
        "unknown-graph",
        "named-only",
    ],
)
def test_protocol_dataset(endpoint_client: FlaskClient, params: dict, expected: list[str]) -> None:
    response = endpoint_client.get("/sparql", query_string={"query": LABELS, **params})
    assert _values(response) == expected


def test_named_graph_uri_limits_the_graphs_seen(endpoint_client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    every = _values(endpoint_client.get("/sparql", query_string={"query": query}))
    assert SOURCE in every and REFERENCE in every
    only = endpoint_client.get("/sparql", query_string={"query": query, "named-graph-uri": SOURCE})
    assert _values(only) == [SOURCE]


def test_from_in_the_query_is_respected(endpoint_client: FlaskClient) -> None:
    query = LABELS.replace("WHERE", f"FROM <{SOURCE}> WHERE")
    assert _values(endpoint_client.get("/sparql", query_string={"query": query})) == [
        "Test Province"
    ]


def test_protocol_dataset_overrides_from(endpoint_client: FlaskClient) -> None:
    query = LABELS.replace("WHERE", f"FROM <{SOURCE}> WHERE")
    response = endpoint_client.get(
        "/sparql", query_string={"query": query, "default-graph-uri": REFERENCE}
    )
    assert _values(response) == ["Test Province", "Tỉnh Thử"]


def test_relative_iris_resolve_against_the_request_url(endpoint_client: FlaskClient) -> None:
    query = "SELECT ?x WHERE { BIND(<other/thing> AS ?x) }"
    response = endpoint_client.get(
        "/sparql", query_string={"query": query}, base_url="http://h.test"
    )
    assert _values(response) == ["http://h.test/other/thing"]


def test_repeated_requests_are_each_answered_for_their_own_url_and_headers(
    endpoint_client: FlaskClient,
) -> None:
    query = {"query": "SELECT ?x WHERE { BIND(<other/thing> AS ?x) }"}
    for _ in range(2):  # what is remembered between requests is keyed on all it depends on
        for host in ("http://h.test", "http://k.test"):
            response = endpoint_client.get("/sparql", query_string=query, base_url=host)
            assert _values(response) == [f"{host}/other/thing"]
        for accept, mimetype in (
            ("text/csv", "text/csv"),
            ("application/xml", "application/sparql-results+xml"),
        ):
            response = endpoint_client.get(
                "/sparql", query_string=query, headers={"Accept": accept}
            )
            assert response.mimetype == mimetype
        tsv = endpoint_client.get("/sparql", query_string={**query, "format": "tsv"})
        assert tsv.mimetype == "text/tab-separated-values"


# --- result kinds and formats


@pytest.mark.parametrize(
    ("query", "accept", "mimetype", "check"),
    [
        ("ASK { ?s ?p ?o }", None, JSON_RESULTS, b'"boolean":true'),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml", b"<boolean>true</boolean>"),
        (LABELS, "text/tab-separated-values", "text/tab-separated-values", b'"Test Province"@en'),
        (f"DESCRIBE <{PROVINCE}>", None, "text/turtle", b"Test Province"),
        (f"DESCRIBE <{PROVINCE}>", "application/n-triples", "application/n-triples", f"<{PROVINCE}>".encode()),
        (f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}", "application/ld+json", "application/ld+json", b'"@id"'),
        (f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}", "application/rdf+xml", "application/rdf+xml", b"rdf:about"),
        (f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}", "application/n-quads", "application/n-quads", b"Test Province"),
        (f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}", "application/trig", "application/trig", b"Test Province"),
    ],
    ids=["ask-json", "ask-xml", "select-tsv", "describe-turtle", "describe-nt", "construct-jsonld", "construct-rdfxml", "construct-nq", "construct-trig"],
)  # fmt: skip
def test_result_formats(
    endpoint_client: FlaskClient, query: str, accept: str | None, mimetype: str, check: bytes
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = endpoint_client.get("/sparql", query_string={"query": query}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert check in response.get_data()
    assert "Accept" in response.headers["Vary"]


def test_construct_turtle_parses_back_to_the_same_graph(endpoint_client: FlaskClient) -> None:
    query = f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}"
    body = endpoint_client.get("/sparql", query_string={"query": query}).get_data()
    triples = set(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == 3
    assert all(t.subject == NamedNode(PROVINCE) for t in triples)


def test_format_parameter_overrides_accept(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.get(
        "/sparql", query_string={"query": LABELS, "format": "xml"}, headers={"Accept": "text/csv"}
    )
    assert response.mimetype == "application/sparql-results+xml"


def test_browser_gets_json_for_a_select(endpoint_client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = endpoint_client.get(
        "/sparql", query_string={"query": LABELS}, headers={"Accept": accept}
    )
    assert response.mimetype == JSON_RESULTS


# --- errors


@pytest.mark.parametrize(
    ("request_kwargs", "status", "reason"),
    [
        ({"query_string": {"query": "SELECT * WHERE {\n  ?s ?p\n}"}}, 400, "syntax-error"),
        ({"query_string": {"query": ["ASK {}", "SELECT * {}"]}}, 400, "multiple-queries"),
        ({"query_string": {"query": ""}}, 400, "missing-query"),
        ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 400, "unsupported-content-type"),
        ({"method": "POST", "data": "query=ASK%20%7B%7D"}, 400, "missing-content-type"),
        ({"method": "POST", "data": {"format": "json"}}, 400, "missing-query"),
        ({"method": "POST", "data": "", "content_type": "application/sparql-query"}, 400, "missing-query"),
        ({"method": "POST", "data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query; charset=UTF-16"}, 400, "unsupported-charset"),
        ({"method": "POST", "data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400, "invalid-encoding"),
        ({"method": "POST", "data": "ASK {}", "content_type": "application/sparql-query", "query_string": {"query": "ASK {}"}}, 400, "multiple-queries"),
        ({"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "invalid-graph-iri"),
        ({"query_string": {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> {} }"}}, 400, "service-refused"),
        ({"query_string": {"update": "CLEAR ALL"}}, 403, "update-refused"),
        ({"method": "POST", "data": {"update": "CLEAR ALL"}}, 403, "update-refused"),
        ({"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"}, 403, "update-refused"),
        ({"query_string": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "not-acceptable"),
        ({"query_string": {"query": "ASK {}", "format": "ttl"}}, 406, "not-acceptable"),
        ({"method": "PUT", "data": "ASK {}"}, 405, "method-not-allowed"),
        ({"method": "DELETE"}, 405, "method-not-allowed"),
    ],
    ids=["syntax", "two-queries", "empty-query", "wrong-content-type", "no-content-type", "form-without-query", "empty-body", "utf-16", "not-utf-8", "query-in-url-and-body", "bad-graph-iri", "service", "update-get", "update-form", "update-direct", "not-acceptable", "format-for-other-kind", "put", "delete"],
)  # fmt: skip
def test_errors(
    endpoint_client: FlaskClient, request_kwargs: dict, status: int, reason: str
) -> None:
    headers = {"Accept": "application/json", **request_kwargs.pop("headers", {})}
    response = endpoint_client.open("/sparql", headers=headers, **request_kwargs)
    assert response.status_code == status
    if status != 406:
        assert response.mimetype == "application/json"
        body = _error(response)
        assert (body["status"], body["reason"], type(body["message"])) == (status, reason, str)
        extra = {"line", "column", "expected", "prefix", "declared"} if status == 400 else set()
        assert set(body) - {"status", "reason", "message"} <= extra


def test_syntax_error_names_line_and_column(endpoint_client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  ?s ?p\n}"
    response = endpoint_client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    body = _error(response)
    assert "error at 3:2" in body["message"]
    assert (body["line"], body["column"]) == (3, 2)
    assert body["expected"].startswith("expected ")


@pytest.mark.parametrize(
    ("query", "line", "column", "prefix", "declared"),
    [
        ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT * { ?s foo:bar ?o }", 2, 15, "foo", ["skos"]),
        ("SELECT * {\n  ?s a ?c ;\n     :x 1 }", 3, 6, "", []),
        ("PREFIX a: <http://a/>\nPREFIX b: <http://b/>\nASK { a:x b:y c:z }", 3, 15, "c", ["a", "b"]),
        ('SELECT * { ?s ?p "ạạạ" . ?s ex:p ?o }', 1, 29, "ex", []),
    ],
    ids=["prefixed-object", "empty-prefix-predicate", "third-of-three", "after-vietnamese-text"],
)  # fmt: skip
def test_undeclared_prefix_is_named_with_the_declared_ones(
    endpoint_client: FlaskClient, query: str, line: int, column: int, prefix: str, declared: list
) -> None:
    response = endpoint_client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    body = _error(response)
    assert (response.status_code, body["reason"]) == (400, "syntax-error")
    assert (body["line"], body["column"], body["prefix"], body["declared"]) == (
        line, column, prefix, declared
    )  # fmt: skip
    assert f"the prefix {prefix}: is not declared" in body["message"]
    assert "\\u{" not in body["message"] and len(body["message"]) < 200


def test_errors_are_plain_text_for_other_clients(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.get(
        "/sparql", query_string={"query": "ASK {"}, headers={"Accept": "*/*"}
    )
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith(
        "400 syntax-error: query syntax error: error at 1:6"
    )


def test_method_not_allowed_lists_get_and_post(endpoint_client: FlaskClient) -> None:
    allowed = {m.strip() for m in endpoint_client.put("/sparql").headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert not allowed & {"PUT", "DELETE", "PATCH"}


def test_service_is_refused_before_any_request(
    endpoint_client: FlaskClient, listener: tuple[int, list[object]]
) -> None:
    port, connections = listener
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    response = endpoint_client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert connections == []


class BrokenStore(GraphStore):
    """A store whose queries fail in an unforeseen way."""

    def __init__(self) -> None:
        pass

    def query(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise RuntimeError("secret internals /srv/store")


def test_unexpected_errors_are_500_logged_without_internals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = create_app(store=BrokenStore(), test_config={}).test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get(
            "/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "application/json"}
        )
    assert response.status_code == 500
    assert _error(response)["reason"] == "internal-server-error"
    assert b"secret" not in response.get_data()
    assert "secret internals" in caplog.text


# --- CORS


def test_cors_on_get_and_post(endpoint_client: FlaskClient) -> None:
    for response in (
        endpoint_client.get("/sparql", query_string={"query": "ASK {}"}),
        endpoint_client.post("/sparql", data={"query": "ASK {}"}),
    ):
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(endpoint_client: FlaskClient) -> None:
    response = endpoint_client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


# --- the store behind the app


def test_app_follows_a_rebuild(tmp_path: Path) -> None:
    def build(label: str) -> None:
        quad = pyoxigraph.Quad(
            NamedNode(PROVINCE), NamedNode(f"{BASE}def/p"), pyoxigraph.Literal(label)
        )
        store.build([quad], tmp_path / "store")

    build("first")
    client = create_app(tmp_path / "store", test_config={}).test_client()
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    assert _values(client.get("/sparql", query_string={"query": query})) == ["first"]
    build("second")
    assert _values(client.get("/sparql", query_string={"query": query})) == ["second"]


def test_app_config_layers(endpoint_store: Path) -> None:
    app = create_app(
        endpoint_store, test_config={"BASE_IRI": "https://example.org/kg/"}, LICENSE="x"
    )
    assert app.config["BASE_IRI"] == "https://example.org/kg/"
    assert app.config["LICENSE"] == "x"
    assert app.extensions["vnkg"].iris.base == "https://example.org/kg/"


def test_ui_blueprint_takes_browsers_from_the_service_description(endpoint_app: Flask) -> None:
    if "ui" not in endpoint_app.blueprints:
        endpoint_app.register_blueprint(Blueprint("ui", __name__))
    accept = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = endpoint_app.test_client().get("/sparql", headers=accept)
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/"
