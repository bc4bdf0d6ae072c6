"""The /sparql endpoint: SPARQL 1.1 Protocol, query operation only (the store is read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Request, Response, request
from pyoxigraph import NamedNode
from vnkg.graph.store import GraphStore, QueryResult
from werkzeug.datastructures import MultiDict

from . import description
from .errors import EndpointError, syntax_error
from .negotiate import kind_of
from .querytext import declares_dataset, uses_service
from .responses import result_response
from .state import get_store

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


@dataclass(frozen=True)
class Operation:
    """A query operation as the protocol request states it (graphs None when not given)."""

    query: str | None
    default_graphs: list[NamedNode] | None = None
    named_graphs: list[NamedNode] | None = None


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Run the query of a SPARQL Protocol request; without one, describe the service."""
    operation = read_operation(request)
    if operation.query is None:
        return description.service_response()
    result = execute(get_store(), operation, base_iri=request.base_url)
    return result_response(result, kind_of(result))


def read_operation(req: Request) -> Operation:
    """Decode the protocol request once: GET, POST form, or POST with a query body."""
    params: MultiDict[str, str] = req.args
    queries: list[str] = []
    if req.method == "POST":
        if req.mimetype == FORM:
            params = req.values
        elif req.mimetype == QUERY:
            queries.append(_body_text(req))
        elif req.mimetype == UPDATE:
            raise EndpointError(403, "update-refused", READ_ONLY)
        elif not req.mimetype:
            raise EndpointError(400, "missing-content-type", f"a POST needs {FORM} or {QUERY}")
        else:
            raise EndpointError(400, "unsupported-content-type", f"use {FORM} or {QUERY}")
    if "update" in params:
        raise EndpointError(403, "update-refused", READ_ONLY)
    queries += params.getlist("query")
    if len(queries) > 1:
        raise EndpointError(400, "multiple-queries", "give exactly one query")
    if (not queries and req.method == "POST") or "" in queries:
        raise EndpointError(400, "missing-query", "no query given")
    return Operation(
        queries[0] if queries else None,
        _graphs(params, "default-graph-uri"),
        _graphs(params, "named-graph-uri"),
    )


def _body_text(req: Request) -> str:
    """The query sent as the body: UTF-8 only, as the protocol requires."""
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise EndpointError(400, "unsupported-charset", f"queries must be UTF-8, not {charset}")
    try:
        return req.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise EndpointError(400, "invalid-encoding", f"the body is not UTF-8: {error}") from None


def _graphs(params: MultiDict[str, str], name: str) -> list[NamedNode] | None:
    """The graph IRIs of a repeatable dataset parameter, None when absent."""
    if name not in params:
        return None
    try:
        return [NamedNode(value) for value in params.getlist(name)]
    except ValueError as error:
        raise EndpointError(400, "invalid-graph-iri", f"{name}: {error}") from None


def execute(store: GraphStore, operation: Operation, *, base_iri: str) -> QueryResult:
    """Run the query on its dataset: the protocol's, else the query's, else the union."""
    query = operation.query or ""
    if uses_service(query):
        raise EndpointError(400, "service-refused", "federated queries (SERVICE) are refused")
    given = operation.default_graphs is not None or operation.named_graphs is not None
    try:
        return store.query(
            query,
            base_iri=base_iri,
            default_graphs=(operation.default_graphs or []) if given else None,
            named_graphs=(operation.named_graphs or []) if given else None,
            union=not declares_dataset(query),
        )
    except SyntaxError as error:
        raise syntax_error(error) from None
