"""`vnkg push`: write each named graph of a build to a remote store, replacing it whole.

By the SPARQL 1.1 Graph Store HTTP Protocol (`PUT ?graph=IRI`, replace semantics) or, for a
store without it, by SPARQL 1.1 Update (`DROP` + `INSERT DATA` in one request). A graph
larger than one chunk is written into a temporary graph first and then moved over the live
one by one `MOVE` (a transaction where the store has them), so a failure never leaves the
live graph half-replaced. Pushing the same build twice leaves the same store.
"""

from __future__ import annotations

import contextlib
import enum
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import BlankNode, NamedNode, RdfFormat, serialize

from .. import queries
from ..backend import Backend
from ..store import GraphStore
from .client import Client, HttpError

TURTLE = "text/turtle; charset=utf-8"  # N-Triples is Turtle, and every store reads Turtle
UPDATE = "application/sparql-update; charset=utf-8"
# Triples per request. Virtuoso compiles INSERT DATA to SQL and refuses ~1,800 triples at once.
CHUNKS = {"gsp": 100_000, "update": 1_000}
UNCHUNKED = 1 << 62


class Method(enum.Enum):
    """How graphs are written: the Graph Store Protocol, or SPARQL Update."""

    GSP = "gsp"
    UPDATE = "update"


@dataclass(frozen=True)
class Target:
    """Where and how to write: the GSP and update URLs the method needs, the chunk size."""

    method: Method
    gsp: str | None = None
    update: str | None = None
    chunk: int = CHUNKS["gsp"]
    graph_param: str = "graph"  # Virtuoso's /sparql-graph-crud names it `graph-uri`


@dataclass(frozen=True)
class Outcome:
    """What happened to one graph."""

    graph: str
    triples: int
    status: str  # written | failed | skipped
    requests: int = 0
    message: str = ""


def push(
    source: GraphStore, target: Target, client: Client, graphs: Sequence[NamedNode] | None = None
) -> list[Outcome]:
    """Write `graphs` (default: every named graph of `source`); one outcome per graph.

    After a failure with no answer at all (the store is down) the remaining graphs are
    skipped rather than each retried in vain.
    """
    outcomes: list[Outcome] = []
    down: str | None = None
    for graph in graphs if graphs is not None else source.named_graphs():
        chunks = list(ntriples_chunks(source, graph, target.chunk))
        size = sum(c.count(b"\n") for c in chunks)
        if down is not None:
            outcomes.append(Outcome(graph.value, size, "skipped", 0, f"not tried: {down}"))
            continue
        outcome = write_graph(client, target, graph, chunks, size)
        if outcome.status == "failed" and outcome.message.startswith("no answer"):
            down = "the store stopped answering"
        outcomes.append(outcome)
    return outcomes


def ntriples_chunks(source: GraphStore, graph: NamedNode, size: int) -> Iterator[bytes]:
    """The graph as N-Triples in pieces of `size` lines (one piece if it has blank nodes)."""
    triples = [q.triple for q in source.quads(None, None, None, graph)]
    if any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in triples):
        size = max(size, len(triples))  # a blank node's label only holds within one document
    for start in range(0, len(triples), size):
        yield serialize(triples[start : start + size], format=RdfFormat.N_TRIPLES) or b""


def write_graph(
    client: Client, target: Target, graph: NamedNode, chunks: list[bytes], size: int
) -> Outcome:
    """Replace `graph` by `chunks` on the store; report, never raise, on HTTP failures."""
    requests, temporary = plan(target, graph, chunks)
    done = 0
    try:
        for method, url, body, content_type in requests:
            client.request(method, url, body, {"Content-Type": content_type})
            done += 1
    except HttpError as error:
        if temporary is not None and target.update is not None:
            _drop_quietly(client, target.update, temporary)
        reason = "no answer" if error.status is None else f"HTTP {error.status}"
        message = f"{reason} on request {done + 1} of {len(requests)}: {error.message}"
        return Outcome(graph.value, size, "failed", done, message)
    return Outcome(graph.value, size, "written", done)


Request = tuple[str, str, bytes, str]


def plan(
    target: Target, graph: NamedNode, chunks: list[bytes]
) -> tuple[list[Request], NamedNode | None]:
    """The requests that replace `graph` by `chunks`, and the temporary graph they fill if any.

    One request when the graph fits in one chunk; else chunks into a temporary graph that
    one `MOVE` puts in place of the live graph.
    """
    chunks = chunks or [b""]
    if len(chunks) == 1:
        if target.method is Method.GSP:
            return [("PUT", gsp_url(target, graph), chunks[0], TURTLE)], None
        text = f"DROP SILENT GRAPH {graph} ;\n" + insert_data(graph, chunks[0])
        return [_update(target, text)], None
    if target.update is None:
        raise ValueError(f"{graph.value} needs {len(chunks)} chunks: give the update URL too")
    temporary = NamedNode(f"urn:vnkg:push:{uuid.uuid4()}")
    if target.method is Method.GSP:
        writes = [("PUT", gsp_url(target, temporary), chunks[0], TURTLE)]
        writes += [("POST", gsp_url(target, temporary), chunk, TURTLE) for chunk in chunks[1:]]
    else:
        first = f"DROP SILENT GRAPH {temporary} ;\n" + insert_data(temporary, chunks[0])
        writes = [_update(target, first)]
        writes += [_update(target, insert_data(temporary, chunk)) for chunk in chunks[1:]]
    return [*writes, _update(target, f"MOVE GRAPH {temporary} TO GRAPH {graph}")], temporary


def gsp_url(target: Target, graph: NamedNode) -> str:
    """`{gsp}?graph={iri}` (or `&` when the GSP URL already has a query)."""
    assert target.gsp is not None
    joiner = "&" if "?" in target.gsp else "?"
    return f"{target.gsp}{joiner}{urllib.parse.urlencode({target.graph_param: graph.value})}"


def insert_data(graph: NamedNode, ntriples: bytes) -> str:
    """`INSERT DATA { GRAPH <g> { … } }`: N-Triples lines are SPARQL triples as they are."""
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples.decode('utf-8')}}} }}"


def _update(target: Target, text: str) -> Request:
    if target.update is None:
        raise ValueError("SPARQL Update needs the update URL")
    return ("POST", target.update, text.encode("utf-8"), UPDATE)


def _drop_quietly(client: Client, update: str, graph: NamedNode) -> None:
    """Remove a temporary graph after a failure, if the store still answers."""
    with contextlib.suppress(HttpError):
        client.request(
            "POST", update, f"DROP SILENT GRAPH {graph}".encode(), {"Content-Type": UPDATE}
        )


def held(store: Backend) -> dict[str, int]:
    """The number of triples in each named graph of `store` (to check a push)."""
    return queries.graph_sizes(store)


def counts(outcomes: list[Outcome]) -> tuple[int, int]:
    """(graphs written, triples written)."""
    written = [o for o in outcomes if o.status == "written"]
    return len(written), sum(o.triples for o in written)


def report_lines(outcomes: list[Outcome], remote: dict[str, int] | None = None) -> list[str]:
    """One line per graph and a summary; with `remote`, the count the store now holds."""
    lines = []
    for o in outcomes:
        held = "" if remote is None else f", store holds {remote.get(o.graph, 0)}"
        detail = f": {o.message}" if o.message else ""
        lines.append(
            f"{o.status:8} {o.graph} ({o.triples} triples, {o.requests} requests{held}){detail}"
        )
    graphs, triples = counts(outcomes)
    lines.append(f"pushed {graphs} of {len(outcomes)} graphs ({triples} triples)")
    return lines
