"""Negotiated responses: a query result or a graph, serialised whole in the request thread.

pyoxigraph results must be consumed in the thread that created them, so they are turned
into bytes here, before the response leaves the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, request
from pyoxigraph import (
    Literal,
    NamedNode,
    RdfFormat,
    Triple,
    serialize,
)
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.server.endpoint.negotiate import Format, Kind, choose, content_type, offers
from vnkg.server.errors import EndpointError


def negotiated(kind: Kind) -> Format:
    """The format for `kind` from the `format` parameter or Accept; 406 when none fits."""
    requested = request.values.get("format")
    fmt = choose(kind, request.accept_mimetypes, requested)
    if fmt is None:
        asked = f"format={requested}" if requested else f"Accept: {request.headers.get('Accept')}"
        served = ", ".join(offers(kind))
        raise EndpointError(406, "not-acceptable", f"cannot serve {asked}; available: {served}")
    return fmt


def graph_response(triples: Iterable[Triple]) -> Response:
    """A graph (service description, VoID) in the negotiated RDF format."""
    fmt = negotiated(Kind.GRAPH)
    return _response(rdf_bytes(triples, fmt), fmt)  # type: ignore[arg-type]


def rdf_bytes(triples: Iterable[Triple], fmt: RdfFormat) -> bytes:
    """Triples as `fmt`, with the vocabulary prefixes they use where the format has prefixes."""
    triples = list(triples)
    prefixes = None if fmt == RdfFormat.JSON_LD else used_prefixes(triples)
    return serialize(triples, format=fmt, prefixes=prefixes) or b""


def used_prefixes(triples: list[Triple]) -> dict[str, str]:
    """The entries of PREFIXES whose namespace some IRI (or datatype) of `triples` is in."""
    iris = {
        (term.datatype if isinstance(term, Literal) else term).value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, NamedNode | Literal)
    }
    return {name: ns for name, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def _response(body: bytes, fmt: Format) -> Response:
    response = Response(body, content_type=content_type(fmt))
    response.vary.add("Accept")
    return response
