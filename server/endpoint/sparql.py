"""The /sparql endpoint: SPARQL 1.1 Protocol; the query operation, and updates if enabled.

The view decodes the request, checks it against the policy (server/endpoint/policy.py) and the limits
(server/limits.py), and hands one `Job` to `dispatch.execute`, which runs it in a sandboxed
query process and returns the serialised answer. Answers are kept per build in the result
cache (server/cache.py), keyed by the query text, its dataset and the formats negotiated, and
a GET answer carries validators (server/conditional.py): a repeated request is answered from
memory, or 304, without reaching a query process. Federated queries are neither.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Blueprint, Request, Response, request
from pyoxigraph import NamedNode
from vnkg.graph.sparqltext import query_form
from vnkg.server import cache, conditional, limits
from vnkg.server.endpoint import description, policy
from vnkg.server.endpoint.downloads import spooled_response
from vnkg.server.endpoint.negotiate import KINDS, Kind, answer_types, gzip_accepted, header_for
from vnkg.server.endpoint.querytext import declares_dataset
from vnkg.server.endpoint.responses import negotiated
from vnkg.server.errors import EndpointError, syntax_error
from vnkg.server.urls import request_url
from vnkg.server.workers import dispatch, execution
from werkzeug.datastructures import MultiDict

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = policy.READ_ONLY
HIGH_BYTE = re.compile(rb"%[89A-Fa-f][0-9A-Fa-f]")  # a percent-escaped byte past ASCII


@dataclass(frozen=True)
class Operation:
    """A query or update as the protocol request states it (graphs None when not given)."""

    query: str | None
    default_graphs: list[NamedNode] | None = None
    named_graphs: list[NamedNode] | None = None
    update: str | None = None
    format: str | None = None  # the `format` parameter, which overrides Accept


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Run the query of a SPARQL Protocol request; without one, describe the service."""
    operation = read_operation(request)
    if operation.update is not None:
        return policy.apply_update(operation.update, request_url())
    if operation.query is None:
        return description.service_response()
    federated = policy.check_services(operation.query)
    formats = answer_types(request.headers.get("Accept"), operation.format)
    gzip = gzip_accepted(request.accept_encodings)
    if request.method != "POST" and not federated:
        conditional.check((formats, gzip))
    if request.method == "HEAD":  # the headers of the answer, without running the query
        return head_response(operation, formats)
    answer = execute(operation, formats, federated=federated, base_iri=request_url())
    if answer.media_type is None:
        negotiated(answer.kind)  # raises the 406 that names what is available
    content_type = header_for(answer.kind, answer.media_type or "")
    if answer.path is not None:
        return spooled_response(answer.path, content_type, gzip=gzip)
    return Response(answer.body, headers={"Content-Type": content_type, "Vary": "Accept"})


FORM_KINDS = {"SELECT": Kind.SOLUTIONS, "ASK": Kind.BOOLEAN}


def head_response(operation: Operation, formats: tuple[str | None, ...]) -> Response:
    """HEAD of a query: the type its answer would have (from its form), nothing evaluated."""
    kind = FORM_KINDS.get(query_form(operation.query or "") or "", Kind.GRAPH)
    media_type = formats[KINDS.index(kind)]
    if media_type is None:
        negotiated(kind)  # raises the 406 that names what is available
    headers = {"Content-Type": header_for(kind, media_type or ""), "Vary": "Accept"}
    return Response(status=200, headers=headers)


def read_operation(req: Request) -> Operation:
    """Decode the protocol request once: GET, POST form, or POST with a query body."""
    params = query_args(req)
    queries: list[str] = []
    updates: list[str] = []
    if req.method == "POST":
        if req.mimetype == FORM:
            params = req.values
            updates += params.getlist("update")
        elif req.mimetype == QUERY:
            queries.append(_body_text(req))
        elif req.mimetype == UPDATE:
            policy.check_update_allowed()
            updates.append(_body_text(req))
        elif not req.mimetype:
            raise EndpointError(400, "missing-content-type", f"a POST needs {FORM} or {QUERY}")
        else:
            raise EndpointError(400, "unsupported-content-type", f"use {FORM} or {QUERY}")
    if "update" in params:
        policy.check_update_allowed()
        if req.method == "GET":
            raise EndpointError(400, "update-by-get", "send updates by POST")
    queries += params.getlist("query")
    if len(queries) + len(updates) > 1:
        raise EndpointError(400, "multiple-queries", "give exactly one query")
    if (not queries and not updates and req.method == "POST") or "" in queries + updates:
        raise EndpointError(400, "missing-query", "no query given")
    for text in queries + updates:
        limits.note_query(text)
        limits.check_query_length(text, req.method, limits.get_limits().max_query_length)
        limits.check_query_shape(text)
    return Operation(
        queries[0] if queries else None,
        _graphs(params, "default-graph-uri"),
        _graphs(params, "named-graph-uri"),
        updates[0] if updates else None,
        params.get("format"),
    )


def query_args(req: Request) -> MultiDict[str, str]:
    """`req.args`, its percent-escapes checked as UTF-8 (Werkzeug keeps bad ones as text)."""
    if HIGH_BYTE.search(req.query_string):
        check_utf8(req.query_string)
    return req.args


def check_utf8(query_string: bytes) -> None:
    """400 when the percent-decoded parameters are not UTF-8 (as a POST body would be)."""
    try:
        parse_qsl(query_string.decode("latin-1"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        message = f"the query string is not UTF-8: {error.reason} at byte {error.start}"
        raise EndpointError(400, "invalid-encoding", message) from None


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


def execute(
    operation: Operation, formats: tuple[str | None, ...], *, federated: bool, base_iri: str
) -> execution.Answer:
    """Run the query on its dataset (the protocol's, else the query's, else the union), or
    find its answer in the result cache (a federated query's answer is not the build's)."""
    query = operation.query or ""
    current = limits.get_limits()
    job = execution.Job(
        query=query,
        base_iri=base_iri,
        default_graphs=_iris(operation.default_graphs),
        named_graphs=_iris(operation.named_graphs),
        union=not declares_dataset(query),
        formats=formats,
        max_rows=current.max_rows,
        max_bytes=current.max_bytes,
        spool_bytes=current.spool_bytes,
        spool_dir=current.spool_dir,
        spool_name=uuid.uuid4().hex,
    )
    try:
        if federated:
            return dispatch.execute(job, current, federated=True)
        key = ("sparql", *job[:6])  # the text, base, dataset and formats: not the spool name
        return cache.fetch(key, lambda: dispatch.execute(job, current), _answer_size)
    except SyntaxError as error:
        raise syntax_error(error, query) from None
    except limits.ResultTooLarge as error:
        raise limits.too_large(error) from None


def _answer_size(answer: execution.Answer) -> int | None:
    """What an answer holds in the cache; None for a spooled one (too large: not kept)."""
    return None if answer.path is not None or answer.media_type is None else len(answer.body)


def _iris(nodes: list[NamedNode] | None) -> tuple[str, ...] | None:
    return None if nodes is None else tuple(node.value for node in nodes)
