"""Content negotiation as a table: Accept (or format=) × result kind -> format or 406."""

from __future__ import annotations

import pytest
from pyoxigraph import QueryResultsFormat as R
from pyoxigraph import RdfFormat as G
from pyoxigraph import Store
from vnkg.server.endpoint.negotiate import (
    CACHED_CHARS,
    KINDS,
    Kind,
    answer_types,
    choose,
    content_type,
    kind_of,
    media_type,
    offers,
    prefers_html,
)
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript"
SELECT, ASK, GRAPH = Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH

CASES = [
    # (accept, kind, format parameter, expected format or None for 406)
    (None, SELECT, None, R.JSON),
    (None, ASK, None, R.JSON),
    (None, GRAPH, None, G.TURTLE),
    ("*/*", SELECT, None, R.JSON),
    ("*/*", GRAPH, None, G.TURTLE),
    ("application/sparql-results+xml", SELECT, None, R.XML),
    ("application/sparql-results+xml", ASK, None, R.XML),
    ("text/csv", SELECT, None, R.CSV),
    ("text/tab-separated-values", SELECT, None, R.TSV),
    ("application/json", SELECT, None, R.JSON),
    ("application/json", GRAPH, None, G.JSON_LD),
    ("application/xml", SELECT, None, R.XML),
    ("application/xml", GRAPH, None, G.RDF_XML),
    (SPARQLWRAPPER_JSON, SELECT, None, R.JSON),
    ("text/csv;q=0.5, application/sparql-results+xml", SELECT, None, R.XML),
    ("text/csv, application/sparql-results+xml;q=0.5", SELECT, None, R.CSV),
    ("text/*", SELECT, None, R.CSV),
    ("text/*", GRAPH, None, G.TURTLE),
    ("application/*", GRAPH, None, G.N_TRIPLES),
    ("application/n-triples", GRAPH, None, G.N_TRIPLES),
    ("text/plain", GRAPH, None, G.N_TRIPLES),
    ("application/rdf+xml", GRAPH, None, G.RDF_XML),
    ("application/ld+json", GRAPH, None, G.JSON_LD),
    ("application/n-quads", GRAPH, None, G.N_QUADS),
    ("application/trig", GRAPH, None, G.TRIG),
    ("text/turtle;q=0.2, application/rdf+xml;q=0.8", GRAPH, None, G.RDF_XML),
    (BROWSER, SELECT, None, R.JSON),
    (BROWSER, ASK, None, R.JSON),
    (BROWSER, GRAPH, None, G.TURTLE),
    ("text/html", GRAPH, None, G.TURTLE),
    ("image/png", SELECT, None, None),
    ("text/turtle", SELECT, None, None),
    ("application/sparql-results+json", GRAPH, None, None),
    ("text/csv", GRAPH, None, None),
    ("text/csv;q=0", SELECT, None, None),
    ("image/png", SELECT, "csv", R.CSV),
    ("text/csv", SELECT, "xml", R.XML),
    (None, SELECT, "tsv", R.TSV),
    (None, SELECT, "application/sparql-results+xml", R.XML),
    (None, ASK, "json", R.JSON),
    (None, GRAPH, "ttl", G.TURTLE),
    (None, GRAPH, "nt", G.N_TRIPLES),
    (None, GRAPH, "rdf", G.RDF_XML),
    (None, GRAPH, "jsonld", G.JSON_LD),
    (None, GRAPH, "nq", G.N_QUADS),
    (None, GRAPH, "TriG", G.TRIG),
    (None, GRAPH, "turtle", G.TURTLE),
    (None, GRAPH, "json-ld", G.JSON_LD),
    (None, GRAPH, "json", G.JSON_LD),
    (None, GRAPH, "xml", G.RDF_XML),
    (None, GRAPH, "application/ld+json", G.JSON_LD),
    (None, GRAPH, "csv", None),
    (None, SELECT, "ttl", None),
    (None, SELECT, "pdf", None),
    (None, GRAPH, "n3", None),
]


def _accept(header: str | None) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


def _id(case: tuple) -> str:
    accept, kind, requested, expected = case
    asked = f"format={requested}" if requested else f"accept={accept}"
    return f"{kind.value}-{asked}-{expected or 406}".replace(" ", "")


@pytest.mark.parametrize(("accept", "kind", "requested", "expected"), CASES, ids=map(_id, CASES))
def test_choose(accept: str | None, kind: Kind, requested: str | None, expected: object) -> None:
    assert choose(kind, _accept(accept), requested) == expected


@pytest.mark.parametrize(("accept", "kind", "requested", "expected"), CASES, ids=map(_id, CASES))
def test_answer_types_choose_for_every_kind_at_once(
    accept: str | None, kind: Kind, requested: str | None, expected: object
) -> None:
    wanted = None if expected is None else media_type(expected)  # type: ignore[arg-type]
    padding = ", ".join(f"x-none/n{i};q=0.001" for i in range(CACHED_CHARS // 16))
    long = f"{accept or '*/*'}, {padding}"  # too long to be remembered: negotiated anew
    for header in (accept, accept, long) if accept else (accept, accept):
        assert answer_types(header, requested)[KINDS.index(kind)] == wanted


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * { ?s ?p ?o }", Kind.SOLUTIONS),
        ("ASK { ?s ?p ?o }", Kind.BOOLEAN),
        ("CONSTRUCT WHERE { ?s ?p ?o }", Kind.GRAPH),
        ("DESCRIBE <http://example.org/x>", Kind.GRAPH),
    ],
    ids=["select", "ask", "construct", "describe"],
)
def test_kind_of_results(query: str, kind: Kind) -> None:
    assert kind_of(Store().query(query)) is kind


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(BROWSER, True), ("text/html", True), ("*/*", False), ("text/turtle", False), (None, False)],
    ids=["browser", "html-only", "any", "turtle", "no-accept"],
)
def test_prefers_html(accept: str | None, expected: bool) -> None:
    assert prefers_html(_accept(accept)) is expected


def test_offers_put_the_registered_type_first_and_aliases_last() -> None:
    assert offers(Kind.SOLUTIONS)[:4] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert offers(Kind.GRAPH)[0] == "text/turtle"


@pytest.mark.parametrize(
    ("fmt", "header"),
    [
        (R.JSON, "application/sparql-results+json"),
        (R.CSV, "text/csv; charset=utf-8"),
        (G.TURTLE, "text/turtle; charset=utf-8"),
        (G.N_QUADS, "application/n-quads"),
    ],
    ids=["json", "csv", "turtle", "nquads"],
)
def test_content_type(fmt: R | G, header: str) -> None:
    assert content_type(fmt) == header
