"""Running a query to bytes, under the limits: in a worker process, or in the request thread.

With a QUERY_TIMEOUT and a store on disk, queries run in a `QueryPool` (graph/querypool.py):
a query past the timeout is stopped by killing its worker (503). Without a timeout, or over
a store given in memory (the test client's), they run in the request thread. Either way the
same `run` executes and serialises, and the result-size limits hold: rows are counted while
pyoxigraph writes TSV (one line per solution), and a result over a limit is refused whole
(400 result-too-large), never cut short.
"""

from __future__ import annotations

import os
import sys
import threading
from functools import lru_cache
from itertools import islice
from typing import IO, NamedTuple, cast

from flask import Flask, current_app
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    parse_query_results,
)
from vnkg.graph.querypool import PoolBusy, QueryPool, QueryTimeout, WorkerDied
from vnkg.graph.store import GraphStore, QueryResult

from .errors import EndpointError
from .limits import Limits, ResultTooLarge, get_limits
from .negotiate import KINDS, Format, Kind, kind_of, lookup
from .responses import rdf_bytes
from .state import get_state

POOL = "vnkg.querypool"
WAITS = 3  # a query may wait this many timeouts for a free worker (then 503 busy)
_pool_lock = threading.Lock()


class Job(NamedTuple):
    """A query, its dataset, the format chosen for each result kind, and the size limits.

    Tuples of plain values, so that the round trip to a query worker pickles quickly.
    """

    query: str
    base_iri: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    union: bool
    formats: tuple[str | None, ...]  # media type per kind, in KINDS order; None: not acceptable
    max_rows: int
    max_bytes: int


class Answer(NamedTuple):
    """The kind of the result and its serialisation (media_type None: not acceptable)."""

    kind: Kind
    media_type: str | None
    body: bytes


def run(store: GraphStore, job: Job) -> Answer:
    """Execute `job` and serialise its result: the one function both paths call."""
    given = job.default_graphs is not None or job.named_graphs is not None
    result = store.query(
        job.query,
        base_iri=job.base_iri,
        default_graphs=_nodes(job.default_graphs or ()) if given else None,
        named_graphs=_nodes(job.named_graphs or ()) if given else None,
        union=job.union,
    )
    kind = kind_of(result)
    media_type = job.formats[KINDS.index(kind)]
    if media_type is None:
        return Answer(kind, None, b"")
    fmt = _format(kind, media_type)
    assert fmt is not None, media_type
    return Answer(kind, media_type, serialize(result, fmt, job.max_rows, job.max_bytes))


_format = lru_cache(maxsize=32)(lookup)  # media types come from negotiate.answer_types


def _nodes(iris: tuple[str, ...]) -> list[NamedNode]:
    return [NamedNode(iri) for iri in iris]


class CappedWriter:
    """A binary sink that refuses more than `max_bytes`, or more than `max_lines` lines."""

    def __init__(self, max_bytes: int, max_lines: int | None = None) -> None:
        self.chunks: list[bytes] = []
        self.size = self.lines = 0
        self.max_bytes, self.max_lines = max_bytes, max_lines
        self.over: str | None = None

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.lines += data.count(b"\n")
        if self.size > self.max_bytes:
            self.over = f"the result is larger than {self.max_bytes} bytes"
        elif self.max_lines is not None and self.lines > self.max_lines:
            self.over = f"the result has more than {self.max_lines - 1} rows"
        if self.over:
            raise OSError(self.over)  # stops pyoxigraph, and with it the query
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks are kept in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def _write(
    result: QuerySolutions | QueryBoolean, fmt: QueryResultsFormat, sink: CappedWriter
) -> bytes:
    try:
        result.serialize(cast("IO[bytes]", sink), format=fmt)
    except OSError:
        if sink.over:
            raise ResultTooLarge(sink.over) from None
        raise
    return sink.getvalue()


def serialize(result: QueryResult, fmt: Format, max_rows: int, max_bytes: int) -> bytes:
    """`result` as `fmt`, or ResultTooLarge past `max_rows` rows or `max_bytes` bytes."""
    if isinstance(result, QueryBoolean):  # a few bytes: written whole, then measured
        body = result.serialize(format=fmt) or b""  # type: ignore[arg-type]
        if len(body) > max_bytes:
            raise ResultTooLarge(f"the result is larger than {max_bytes} bytes")
        return body
    if isinstance(result, QuerySolutions):
        # TSV has one line per solution (newlines in values are escaped) and round-trips.
        tsv = _write(result, QueryResultsFormat.TSV, CappedWriter(max_bytes, max_rows + 1))
        if fmt == QueryResultsFormat.TSV:
            return tsv
        solutions = parse_query_results(tsv, QueryResultsFormat.TSV)
        return _write(solutions, fmt, CappedWriter(max_bytes))  # type: ignore[arg-type]
    triples = list(islice(result, max_rows + 1))
    if len(triples) > max_rows:
        raise ResultTooLarge(f"the result has more than {max_rows} triples")
    body = rdf_bytes(triples, fmt)  # type: ignore[arg-type]
    if len(body) > max_bytes:
        raise ResultTooLarge(f"the result is larger than {max_bytes} bytes")
    return body


def execute(job: Job, limits: Limits | None = None) -> Answer:
    """Run `job` for the current app: in its query pool if it has one, else in this thread."""
    limits = limits or get_limits()
    pool = query_pool(current_app, limits)
    if pool is None:
        return run(get_state().store(), job)
    assert limits.timeout is not None
    try:
        return pool.run(run, job, timeout=limits.timeout, wait=WAITS * limits.timeout)
    except QueryTimeout:
        message = f"the query ran longer than {limits.timeout:g} s and was stopped"
        raise EndpointError(503, "query-timeout", message) from None
    except PoolBusy:
        message = "every query worker stayed busy; retry later"
        raise EndpointError(503, "busy", message, retry_after=1) from None
    except WorkerDied:
        message = "the query was stopped: it went over the memory (or stack) a query may use"
        raise EndpointError(503, "query-aborted", message) from None


def query_pool(app: Flask, limits: Limits) -> QueryPool | None:
    """The app's pool, started on first use; None without a timeout or a store on disk."""
    path = app.extensions["vnkg"].store_path
    if limits.timeout is None or limits.workers < 1 or path is None:
        return None
    with _pool_lock:
        pool = app.extensions.get(POOL)
        if pool is None or pool.pid != os.getpid():  # none yet, or inherited through a fork
            # Workers import the main script again (multiprocessing does); with what it
            # imports preloaded in the fork server, a new worker starts in milliseconds.
            preload = sorted(name for name in sys.modules if name.startswith("vnkg."))
            app.extensions[POOL] = QueryPool(
                path, size=limits.workers, memory=limits.memory, preload=preload
            )
        started: QueryPool = app.extensions[POOL]
        return started


def close_pool(app: Flask) -> None:
    """Stop the app's query workers (on shutdown)."""
    pool = app.extensions.pop(POOL, None)
    if pool is not None:
        pool.close()
