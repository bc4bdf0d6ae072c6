"""Graph reads as RDF (`/store?graph=`, `/graph/…`, the RDF of `/id/…` and `/def/…`), bounded.

They run like `/sparql` queries: in a query process, under the query timeout, the byte limit
and the per-client cap. A resource's description is at most MAX_RESULT_ROWS triples; a named
graph is streamed from the store to a spool file (memory holds a chunk, not the graph) and
from there to the client. `HEAD` is answered from a lookup of one quad, without a read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO, NamedTuple, cast

from flask import Response, request
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.graph.store import GraphStore
from vnkg.server import limits
from vnkg.server.endpoint.downloads import spooled_response
from vnkg.server.endpoint.negotiate import Kind, content_type
from vnkg.server.endpoint.responses import used_prefixes
from vnkg.server.web.describe import description
from vnkg.server.workers import dispatch
from vnkg.server.workers.execution import Answer, CappedWriter, Spool, capture


class Read(NamedTuple):
    """What to read: a resource's description (if `describe`), and its named graph (`graph`)."""

    iri: str
    describe: bool
    graph: bool
    media_type: str
    max_rows: int
    max_bytes: int
    spool_bytes: int
    spool_dir: str | None
    spool_name: str


def read(store: GraphStore, job: Read) -> Answer | None:
    """The job: the serialised description (and graph) of `job.iri`; None if there is none."""
    described = list(islice(description(store, job.iri), job.max_rows + 1)) if job.describe else []
    if len(described) > job.max_rows:
        raise limits.ResultTooLarge(f"the description has more than {job.max_rows} triples")
    graph: Iterable[Triple] = ()
    prefixes = used_prefixes(described)
    if job.graph:
        quads = store.quads(None, None, None, NamedNode(job.iri))
        first = next(quads, None)
        if first is not None:
            graph = (quad.triple for quad in chain([first], quads))
            prefixes = dict(PREFIXES)
    if not described and not graph:
        return None
    fmt = RdfFormat.from_media_type(job.media_type)
    assert fmt is not None, job.media_type
    sink = CappedWriter(job.max_bytes, spool=Spool(job.spool_bytes, job.spool_dir, job.spool_name))
    body = capture(lambda out: _write(chain(described, graph), out, fmt, prefixes), sink)
    if isinstance(body, bytes):
        return Answer(Kind.GRAPH, job.media_type, body)
    return Answer(Kind.GRAPH, job.media_type, b"", body)


def _write(
    triples: Iterator[Triple], out: IO[bytes], fmt: RdfFormat, prefixes: dict[str, str]
) -> None:
    serialize(triples, out, fmt, prefixes=None if fmt == RdfFormat.JSON_LD else prefixes)


def rdf_read(iri: str, fmt: RdfFormat, *, graph: bool, describe: bool = True) -> Response | None:
    """The RDF of `iri` (and of the graph it names) as `fmt`; None when there is none."""
    current = limits.get_limits()
    job = Read(
        iri,
        describe,
        graph,
        fmt.media_type,
        current.max_rows,
        current.max_graph_bytes if graph else current.max_bytes,
        current.spool_bytes,
        current.spool_dir,
        uuid.uuid4().hex,
    )
    try:
        answer = cast("Answer | None", dispatch.execute(job, current, task=read))
    except limits.ResultTooLarge as error:
        raise limits.too_large(error) from None
    if answer is None:
        return None
    kind = content_type(fmt)
    if answer.path is not None:
        response = spooled_response(answer.path, kind)
    else:
        response = Response(answer.body, content_type=kind)
    response.vary.add("Accept")
    return response


def head(fmt: RdfFormat | str, found: bool) -> Response:
    """A HEAD answer: status and type, computed from a lookup, nothing read or serialised."""
    kind = content_type(fmt) if isinstance(fmt, RdfFormat) else "text/html; charset=utf-8"
    response = Response(status=200 if found else 404, content_type=kind)
    response.vary.add("Accept")
    return response


def is_head() -> bool:
    """True for a HEAD request (Flask runs the GET view for it)."""
    return request.method == "HEAD"
