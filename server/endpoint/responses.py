"""Negotiated responses: the request's representation (406 when none), and graphs serialised.

pyoxigraph results must be consumed in the thread that created them, so they are turned
into bytes here, before the response leaves the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, request
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.server import conditional
from vnkg.server.endpoint.negotiate import Kind, Representation, content_type, decide, offers
from vnkg.server.errors import EndpointError

OFFERED = {Kind.PAGE: "HTML, Turtle, JSON-LD, N-Triples, RDF/XML, N-Quads, TriG"}


def negotiated(kind: Kind, requested: str | None = None) -> Representation:
    """The representation of this request's answer of `kind`; 406 (with Vary) when none fits.

    `requested` is what the URL names (a page's suffix, a dump's extension); by default the
    `format` parameter.
    """
    if requested is None:
        requested = request.values.get("format")
    found = decide(kind, request.accept_mimetypes, requested, request.accept_encodings)
    if found is None:
        asked = f"format={requested}" if requested else f"Accept: {request.headers.get('Accept')}"
        served = OFFERED.get(kind) or ", ".join(offers(kind))
        raise EndpointError(406, "not-acceptable", f"cannot serve {asked}; available: {served}")
    return found


def graph_response(triples: Iterable[Triple]) -> Response:
    """A graph (service description, VoID) in the negotiated RDF format, with validators."""
    chosen = negotiated(Kind.GRAPH)
    conditional.check(chosen)
    assert isinstance(chosen.format, RdfFormat)
    response = Response(rdf_bytes(triples, chosen.format), content_type=content_type(chosen.format))
    response.vary.add("Accept")
    return response


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
