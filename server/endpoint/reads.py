"""Graph reads as RDF (`/store?graph=`, `/graph/…`, the RDF of `/id/…` and `/def/…`), bounded.

They run like `/sparql` queries: in a query process, under the query timeout, the byte limit
and the per-client cap, each one named query (graph/queries/description.rq, graph-triples.rq).
A resource's description is at most MAX_RESULT_ROWS triples; a named graph is streamed from
the store to a spool file (memory holds a chunk, not the graph) and from there to the client.
Answers that fit in memory are kept in the result cache. `HEAD` is answered by an ASK.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO, NamedTuple

from flask import Response, request
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from vnkg.graph import export as exporting
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.server import cache, limits
from vnkg.server.endpoint.downloads import spooled_response
from vnkg.server.endpoint.negotiate import Kind, content_type, gzip_accepted
from vnkg.server.endpoint.responses import used_prefixes
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


def read(store: Backend, job: Read) -> Answer | None:
    """The job: the serialised description (and graph) of `job.iri`; None if there is none."""
    iri = NamedNode(job.iri)
    described: list[Triple] = []
    if job.describe:
        found = queries.construct(store, "description", {"iri": iri})
        described = list(dict.fromkeys(islice(found, 2 * job.max_rows + 1)))
    if len(described) > job.max_rows:
        raise limits.ResultTooLarge(f"the description has more than {job.max_rows} triples")
    graph: Iterable[Triple] = ()
    prefixes = used_prefixes(described)
    if job.graph:
        triples = iter(queries.construct(store, "graph-triples", {"g": iri}))
        first = next(triples, None)
        if first is not None:
            graph = chain([first], triples)
            prefixes = dict(PREFIXES)
    if not described and not graph:
        return None
    fmt = RdfFormat.from_media_type(job.media_type)
    assert fmt is not None, job.media_type
    sink = CappedWriter(job.max_bytes, spool=Spool(job.spool_bytes, job.spool_dir, job.spool_name))
    if fmt == RdfFormat.JSON_LD and not job.graph:
        body = capture(lambda out: _compact(described, out), sink)
    else:
        body = capture(lambda out: _write(chain(described, graph), out, fmt, prefixes), sink)
    if isinstance(body, bytes):
        return Answer(Kind.GRAPH, job.media_type, body)
    return Answer(Kind.GRAPH, job.media_type, b"", body)


def _write(
    triples: Iterator[Triple], out: IO[bytes], fmt: RdfFormat, prefixes: dict[str, str]
) -> None:
    serialize(triples, out, fmt, prefixes=None if fmt == RdfFormat.JSON_LD else prefixes)


def _compact(triples: list[Triple], out: IO[bytes]) -> None:
    """A resource's description (at most MAX_RESULT_ROWS triples) as compact JSON-LD, with the
    context of the exports (graph/export.py); a named graph stays expanded, streamed."""
    out.write(exporting.compact_document(triples))


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
        answer = cache.fetch(("read", *job[:4]), lambda: _run(job, current), _size)
    except limits.ResultTooLarge as error:
        raise limits.too_large(error) from None
    if answer is None:
        return None
    kind = content_type(fmt)
    if answer.path is not None:
        response = spooled_response(answer.path, kind, gzip=gzip_accepted(request.accept_encodings))
    else:
        response = Response(answer.body, content_type=kind)
    response.vary.add("Accept")
    return response


def _run(job: Read, current: limits.Limits) -> Answer | None:
    answer: Answer | None = dispatch.execute(job, current, task=read)
    return answer


def _size(answer: Answer | None) -> int | None:
    """Bytes kept in the cache: none for a spooled answer (a file for one request)."""
    if answer is None:
        return 0
    return None if answer.path is not None else len(answer.body)


def exists(store: Backend, job: Read) -> bool:
    """The job of a HEAD: whether `job.iri` occurs in the store or names a graph (`describe`),
    or names a graph that holds triples (one ASK)."""
    if job.describe:
        return queries.ask(store, "page-exists", {"iri": NamedNode(job.iri)})
    return queries.ask(store, "graph-exists", {"g": NamedNode(job.iri)})


def known(iri: str, *, describe: bool = True) -> bool:
    """Whether there is anything to read for `iri` (see `exists`), asked in a query process."""
    current = limits.get_limits()
    job = Read(iri, describe, not describe, "", current.max_rows, current.max_bytes, 0, None, "")
    found: bool = dispatch.execute(job, current, task=exists)
    return found


def head(fmt: RdfFormat | str, found: bool) -> Response:
    """A HEAD answer: status and type, computed from a lookup, nothing read or serialised."""
    kind = content_type(fmt) if isinstance(fmt, RdfFormat) else "text/html; charset=utf-8"
    response = Response(status=200 if found else 404, content_type=kind)
    response.vary.add("Accept")
    return response


def is_head() -> bool:
    """True for a HEAD request (Flask runs the GET view for it)."""
    return request.method == "HEAD"
