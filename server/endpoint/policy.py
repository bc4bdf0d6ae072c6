"""What the endpoint refuses: writes, outgoing requests; and the two options that relax it.

Read-only by default: SPARQL Update is refused (403) and so are Graph Store writes (403 on
`/store` and on the linked-data paths). With UPDATE_TOKEN set, an update that carries
`Authorization: Bearer <token>` is applied to a copy of the live build, which is then swapped
in (graph/store.py `update`); readers never see a store being written. No federation by
default: a query that may contain SERVICE is refused before it runs; SERVICE_ALLOWLIST names
the endpoints (full IRIs) that queries may call. `LOAD` fetches over HTTP and is always refused.
These are the friendly answers; the boundary is that queries and updates run in processes
without network (server/workers/dispatch.py, server/workers/sandbox.py).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request
from pyoxigraph import NamedNode, RdfFormat
from vnkg.server.endpoint import reads
from vnkg.server.endpoint.negotiate import Kind
from vnkg.server.endpoint.querytext import TOKEN, bare_words, iri_text, uses_service
from vnkg.server.endpoint.responses import negotiated
from vnkg.server.errors import EndpointError, syntax_error
from vnkg.server.state import get_state
from vnkg.server.workers import dispatch

bp = Blueprint("policy", __name__)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
GRAPH_STORE_READ_ONLY = "this server is read-only: Graph Store writes are not accepted"
WRITES = ["PUT", "POST", "DELETE", "PATCH"]


def service_targets(query: str) -> list[str] | None:
    """The IRIs that the SERVICE clauses of `query` call; None when one is not a plain IRI."""
    tokens = [m for m in TOKEN.finditer(query) if m.lastgroup != "comment"]
    targets: list[str] = []
    for index, match in enumerate(tokens):
        word = (match.group("name") or "").upper()
        if "SERVICE" not in word:
            continue
        if word != "SERVICE":
            return None
        following = tokens[index + 1 : index + 3]
        if following and (following[0].group("name") or "").upper() == "SILENT":
            following = following[1:]
        if not following or following[0].group("iri") is None:
            return None
        target = iri_text(following[0].group("iri"))
        if target is None:
            return None
        targets.append(target)
    return targets


def check_services(query: str) -> bool:
    """400 unless every SERVICE of `query` calls an endpoint of SERVICE_ALLOWLIST.

    True when the query has SERVICE clauses (all allowed): it must run where it may connect.
    """
    if not uses_service(query):
        return False
    allowed = set(current_app.config.get("SERVICE_ALLOWLIST") or ())
    targets = service_targets(query) if allowed else None
    if targets is None or not targets or not set(targets) <= allowed:
        refused = sorted(set(targets or ()) - allowed)
        detail = f": {', '.join(refused)} is not allowed" if refused else ""
        raise EndpointError(
            400, "service-refused", f"federated queries (SERVICE) are refused{detail}"
        )
    return True


def check_update_allowed() -> None:
    """403 unless updates are enabled and the request carries their token (401 if none)."""
    token = current_app.config.get("UPDATE_TOKEN")
    if not token or get_state().store_path is None:
        raise EndpointError(403, "update-refused", READ_ONLY)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise EndpointError(401, "token-required", "updates need 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), str(token).encode()):
        raise EndpointError(403, "update-refused", "the update token is not valid")


def apply_update(text: str, base_iri: str) -> Response:
    """Apply an authorised update to a new build of the store (204 when done)."""
    check_update_allowed()
    if any("LOAD" in word for word in bare_words(text)):
        raise EndpointError(400, "load-refused", "LOAD would fetch over HTTP and is refused")
    if uses_service(text):
        raise EndpointError(400, "service-refused", "SERVICE is refused in updates")
    path = get_state().store_path
    assert path is not None
    try:
        dispatch.apply_update(path, text, base_iri)
    except SyntaxError as error:
        raise syntax_error(error, text) from None
    current_app.logger.info("update applied to %s", path.name)
    return Response(status=204)


@bp.route("/store", methods=["GET", "HEAD", *WRITES])
def graph_store() -> Response:
    """Graph Store Protocol, reading only: `?graph=<iri>` is that named graph."""
    if request.method in WRITES:
        raise EndpointError(403, "read-only", GRAPH_STORE_READ_ONLY)
    if "graph" not in request.args:
        raise EndpointError(
            400,
            "missing-graph",
            "give graph=<iri>; the default graph is the union of all graphs: see /export.nq",
        )
    try:
        graph = NamedNode(request.args["graph"])
    except ValueError as error:
        raise EndpointError(400, "invalid-graph-iri", f"graph: {error}") from None
    fmt = negotiated(Kind.GRAPH).format
    assert isinstance(fmt, RdfFormat)
    if reads.is_head():
        response = reads.head(fmt, True) if reads.known(graph.value, describe=False) else None
    else:
        response = reads.rdf_read(graph.value, fmt, graph=True, describe=False)
    if response is None:
        raise EndpointError(404, "not-found", f"no graph named <{graph.value}>")
    return response


@bp.route("/id/<path:rest>", methods=WRITES)
@bp.route("/def/<path:rest>", methods=WRITES)
@bp.route("/graph/<path:rest>", methods=WRITES)
def refuse_write(rest: str) -> Response:
    """Linked-data resources are read-only too."""
    raise EndpointError(403, "read-only", GRAPH_STORE_READ_ONLY)
