"""The W3C SPARQL 1.1 Protocol test cases (w3c/rdf-tests sparql/sparql11/protocol), over HTTP.

Each case is written here from the manifest's description and runs against a real server
on 127.0.0.1 with plain `http.client`. The store holds the manifest's data: the graphs
`http://kasei.us/2009/09/sparql/data/data{1,2,3}.rdf`, each saying it is a foaf:Document.
The manifest's `update_*` cases expect updates to succeed; this endpoint is read-only, so
they do not apply (the `bad_update_*` ones, which expect a 4xx, do).
"""

from __future__ import annotations

import http.client
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest

DATA = "http://kasei.us/2009/09/sparql/data/"
D0, D1, D2, D3 = (f"{DATA}data{n}.rdf" for n in range(4))
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
ASK_TYPES = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
RESULT_TYPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}


@dataclass(frozen=True)
class Case:
    """One request of the manifest and what its response must be."""

    method: str
    params: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    content_type: str | None = None
    status: int = 2  # the expected class: 2 (2xx, or 3xx) or 4 (4xx)
    result: str | None = None  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None
    encoding: str = "utf-8"


def _form(**fields: str) -> str:
    return urlencode(fields)


CASES = {
    "query_post_form": Case("POST", (("default-graph-uri", D0),), _form(query="ASK {}"), FORM, result="boolean", boolean=True),
    "query_dataset_default_graphs_get": Case("GET", (("query", ASK_TYPES), ("default-graph-uri", D1), ("default-graph-uri", D2)), result="boolean", boolean=True),
    "query_dataset_default_graphs_post": Case("POST", (("default-graph-uri", D1), ("default-graph-uri", D2)), ASK_TYPES, QUERY, result="boolean", boolean=True),
    "query_dataset_named_graphs_post": Case("POST", (("named-graph-uri", D1), ("named-graph-uri", D2)), ASK_NAMED, QUERY, result="boolean", boolean=True),
    "query_dataset_named_graphs_get": Case("GET", (("query", ASK_NAMED), ("named-graph-uri", D1), ("named-graph-uri", D2)), result="boolean", boolean=True),
    "query_dataset_full": Case("POST", (("default-graph-uri", D3), ("named-graph-uri", D1), ("named-graph-uri", D2)), f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}", QUERY, result="boolean", boolean=True),
    "query_multiple_dataset": Case("POST", (("named-graph-uri", D1), ("named-graph-uri", D2)), f"ASK FROM <{D3}> {ASK_NAMED[4:]}", QUERY, result="boolean", boolean=True),
    "query_get": Case("GET", (("query", "ASK {}"), ("default-graph-uri", D0)), result="boolean", boolean=True),
    "query_content_type_select": Case("POST", (("default-graph-uri", D0),), "SELECT (1 AS ?value) {}", QUERY, result="tabular"),
    "query_content_type_ask": Case("POST", (("default-graph-uri", D0),), "ASK {}", QUERY, result="boolean"),
    "query_content_type_describe": Case("POST", (("default-graph-uri", D0),), "DESCRIBE <http://example.org/>", QUERY, result="RDF"),
    "query_content_type_construct": Case("POST", (("default-graph-uri", D0),), "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY, result="RDF"),
    "query_post_direct": Case("POST", (), "ASK {}", QUERY, result="boolean", boolean=True),
    "bad_query_method": Case("PUT", (("query", "ASK {}"), ("default-graph-uri", D0)), None, FORM, status=4),
    "bad_multiple_queries": Case("GET", (("query", "ASK {}"), ("query", "SELECT * {}")), status=4),
    "bad_query_wrong_media_type": Case("POST", (), "ASK {}", "text/plain", status=4),
    "bad_query_missing_form_type": Case("POST", (), _form(query="ASK {}"), status=4),
    "bad_query_missing_direct_type": Case("POST", (), "ASK {}", status=4),
    "bad_query_non_utf8": Case("POST", (), "ASK {}", f"{QUERY}; charset=UTF-16", status=4, encoding="utf-16"),
    "bad_query_syntax": Case("GET", (("query", "ASK {"),), status=4),
    "bad_update_get": Case("GET", (("update", "CLEAR ALL"),), status=4),
    "bad_multiple_updates": Case("POST", (), "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status=4),
    "bad_update_wrong_media_type": Case("POST", (), "CLEAR NAMED", "text/plain", status=4),
    "bad_update_missing_form_type": Case("POST", (), _form(update="CLEAR NAMED"), status=4),
    "bad_update_non_utf8": Case("POST", (), "CLEAR NAMED", f"{UPDATE}; charset=UTF-16", status=4, encoding="utf-16"),
    "bad_update_syntax": Case("POST", (), _form(update="CLEAR XYZ"), FORM, status=4),
    "bad_update_dataset_conflict": Case("POST", (("using-named-graph-uri", "http://example/people"),), "WITH <http://example/addresses>\nDELETE { ?person <http://xmlns.com/foaf/0.1/givenName> 'Bill' }\nINSERT { ?person <http://xmlns.com/foaf/0.1/givenName> 'William' }\nWHERE { ?person <http://xmlns.com/foaf/0.1/givenName> 'Bill' }", UPDATE, status=4),
}  # fmt: skip


def send(base_url: str, case: Case) -> tuple[int, str, bytes]:
    """Send `case` to the server's /sparql; return status, media type and body."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    path = "/sparql" + (f"?{urlencode(case.params)}" if case.params else "")
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    body = case.body.encode(case.encoding) if case.body is not None else None
    try:
        connection.request(case.method, path, body=body, headers=headers)
        response = connection.getresponse()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        return response.status, media_type, response.read()
    finally:
        connection.close()


def boolean_of(media_type: str, body: bytes) -> bool:
    """The value of a SPARQL JSON or XML boolean result."""
    if media_type.endswith("json"):
        return bool(json.loads(body)["boolean"])
    found = re.search(rb"<boolean>\s*(true|false)\s*</boolean>", body)
    assert found, body
    return found.group(1) == b"true"


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_w3c_protocol(live_endpoint: str, name: str) -> None:
    case = CASES[name]
    status, media_type, body = send(live_endpoint, case)
    if case.status == 2:
        assert status // 100 in (2, 3), body
    else:
        assert status // 100 == 4, body
    if case.result:
        assert media_type in RESULT_TYPES[case.result]
    if case.boolean is not None:
        assert boolean_of(media_type, body) is case.boolean


def test_protocol_dataset_is_used_not_the_union(live_endpoint: str) -> None:
    """query_dataset_default_graphs_get, negated: D3 is not in the protocol's default graph."""
    query = f"ASK {{ <{D3}> a ?type }}"
    case = Case("GET", (("query", query), ("default-graph-uri", D1), ("default-graph-uri", D2)))
    status, media_type, body = send(live_endpoint, case)
    assert status == 200
    assert boolean_of(media_type, body) is False
