"""Real SPARQL clients against a real server: SPARQLWrapper, rdflib's SPARQLStore, curl."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

BASE = "https://w3id.org/vnkg/"
PROVINCE = f"{BASE}id/province/test-province"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
LABELS = f"SELECT DISTINCT ?label WHERE {{ <{PROVINCE}> <{PREF_LABEL}> ?label }} ORDER BY ?label"
EXPECTED = ["Test Province", "Tỉnh Thử"]


def _wrapper(live_endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live_endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST], ids=["get", "post"])
def test_sparqlwrapper_json(live_endpoint: str, method: str) -> None:
    results = _wrapper(live_endpoint, LABELS, JSON, method).queryAndConvert()
    assert [row["label"]["value"] for row in results["results"]["bindings"]] == EXPECTED  # type: ignore[index]


def test_sparqlwrapper_xml(live_endpoint: str) -> None:
    document = _wrapper(live_endpoint, LABELS, XML).queryAndConvert()
    literals = document.getElementsByTagName("literal")  # type: ignore[union-attr]
    assert [node.firstChild.data for node in literals] == EXPECTED


def test_sparqlwrapper_ask(live_endpoint: str) -> None:
    results = _wrapper(live_endpoint, f"ASK {{ <{PROVINCE}> ?p ?o }}", JSON).queryAndConvert()
    assert results["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_construct_turtle(live_endpoint: str) -> None:
    query = f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}"
    body = _wrapper(live_endpoint, query, TURTLE).queryAndConvert()
    graph = Graph().parse(data=body, format="turtle")  # type: ignore[arg-type]
    assert (URIRef(PROVINCE), URIRef(PREF_LABEL), Literal("Test Province", lang="en")) in graph


def test_rdflib_sparqlstore(live_endpoint: str) -> None:
    store = SPARQLStore(f"{live_endpoint}/sparql")
    try:
        graph = Graph(store=store)
        labels = sorted(str(row[0]) for row in graph.query(LABELS))
        assert labels == EXPECTED
        triples = graph.query(f"CONSTRUCT WHERE {{ <{PROVINCE}> ?p ?o }}")
        assert len(triples) == 3
        assert bool(graph.query(f"ASK {{ <{PROVINCE}> ?p ?o }}").askAnswer) is True
    finally:
        store.close()


CURL_CASES = [
    ("application/sparql-results+json", LABELS, "application/sparql-results+json", '"Tỉnh Thử"'),
    ("application/sparql-results+xml", LABELS, "application/sparql-results+xml", ">Tỉnh Thử<"),
    ("text/csv", LABELS, "text/csv", "Tỉnh Thử"),
    ("text/tab-separated-values", LABELS, "text/tab-separated-values", '"Tỉnh Thử"@vi'),
    ("text/turtle", f"DESCRIBE <{PROVINCE}>", "text/turtle", '"Tỉnh Thử"@vi'),
    ("application/n-triples", f"DESCRIBE <{PROVINCE}>", "application/n-triples", f"<{PROVINCE}>"),
    ("application/rdf+xml", f"DESCRIBE <{PROVINCE}>", "application/rdf+xml", "rdf:about"),
    ("application/ld+json", f"DESCRIBE <{PROVINCE}>", "application/ld+json", '"@id"'),
    ("image/png", LABELS, "text/plain", "406 not-acceptable"),
]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(
    ("accept", "query", "media_type", "needle"), CURL_CASES, ids=[c[0] for c in CURL_CASES]
)
def test_curl(live_endpoint: str, accept: str, query: str, media_type: str, needle: str) -> None:
    command = [
        "curl", "--silent", "--show-error", "--max-time", "30",
        "--header", f"Accept: {accept}",
        "--data-urlencode", f"query={query}",
        "--write-out", "\n%{content_type}",
        f"{live_endpoint}/sparql",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    body, _, content_type = done.stdout.rpartition("\n")
    assert content_type.split(";")[0] == media_type
    assert needle in body
