"""A remote store's answers become pyoxigraph results, booleans in canonical form."""

from __future__ import annotations

import json

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat
from vnkg.graph.remote.answers import BOOLEAN, results, triples

JSON = "application/sparql-results+json"


def test_select_results_are_query_solutions_with_canonical_booleans() -> None:
    body = json.dumps(
        {
            "head": {"vars": ["x", "n"]},
            "results": {
                "bindings": [
                    {"x": {"type": "literal", "datatype": BOOLEAN, "value": "1"}},
                    {"x": {"type": "literal", "datatype": BOOLEAN, "value": "0"}},
                    {"n": {"type": "literal", "value": "1"}},
                ]
            },
        }
    ).encode()
    answer = results(body, JSON)
    assert isinstance(answer, QuerySolutions)
    xsd_boolean = NamedNode(BOOLEAN)
    assert [(row["x"], row["n"]) for row in answer] == [
        (Literal("true", datatype=xsd_boolean), None),
        (Literal("false", datatype=xsd_boolean), None),
        (None, Literal("1")),
    ]


def test_ask_results_are_a_query_boolean() -> None:
    answer = results(b'{"head": {}, "boolean": true}', JSON)
    assert isinstance(answer, QueryBoolean) and bool(answer)


def test_graphs_are_triples_and_serialise_like_query_triples() -> None:
    body = b'<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
    graph = triples(body, "text/plain")
    assert [str(t.object) for t in graph] == [f'"true"^^<{BOOLEAN}>']
    assert graph.serialize(format=RdfFormat.N_TRIPLES) == body.replace(b'"1"', b'"true"')
