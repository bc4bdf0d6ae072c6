"""A remote store's answers as the pyoxigraph results a local store gives. Pure.

SELECT and ASK come back as SPARQL JSON or XML results, CONSTRUCT and DESCRIBE as N-Triples
or Turtle. Booleans are put back in canonical form: Virtuoso stores `"true"^^xsd:boolean`
as an integer and answers `"1"^^xsd:boolean` (the same value, another spelling), which
would otherwise reach the pages and the competency queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from pyoxigraph import (
    Literal,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
CANONICAL = {"1": "true", "0": "false"}


class RemoteTriples:
    """The triples of a remote CONSTRUCT/DESCRIBE, with `QueryTriples`' `serialize`."""

    def __init__(self, triples: list[Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def serialize(
        self, output: IO[bytes] | None = None, format: RdfFormat | None = None
    ) -> bytes | None:
        """Write the triples as `format` (N-Triples by default)."""
        return serialize(self._triples, output, format or RdfFormat.N_TRIPLES)


def results(body: bytes, media_type: str) -> QuerySolutions | QueryBoolean:
    """SPARQL results (JSON, XML or TSV) as pyoxigraph's solutions or boolean."""
    fmt = QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"the store answered {media_type!r}, not SPARQL results")
    if fmt == QueryResultsFormat.JSON and BOOLEAN.encode() in body:
        body = canonical_json(body)
    return parse_query_results(body, format=fmt)


def canonical_json(body: bytes) -> bytes:
    """SPARQL JSON results with `"1"`/`"0"` booleans written `"true"`/`"false"`."""
    document: dict[str, Any] = json.loads(body)
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == BOOLEAN and term.get("value") in CANONICAL:
                term["value"] = CANONICAL[term["value"]]
    return json.dumps(document).encode()


def triples(body: bytes, media_type: str) -> RemoteTriples:
    """An RDF graph (N-Triples, Turtle...; `text/plain` is N-Triples) as triples."""
    media_type = "application/n-triples" if media_type == "text/plain" else media_type
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"the store answered {media_type!r}, not an RDF graph")
    return RemoteTriples([canonical(quad.triple) for quad in parse(body, format=fmt)])


def canonical(triple: Triple) -> Triple:
    """`triple` with a `"1"`/`"0"` boolean object written `"true"`/`"false"`."""
    o = triple.object
    if isinstance(o, Literal) and o.datatype.value == BOOLEAN and o.value in CANONICAL:
        return Triple(
            triple.subject, triple.predicate, Literal(CANONICAL[o.value], datatype=o.datatype)
        )
    return triple
