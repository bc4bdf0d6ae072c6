"""Running a query to bytes, under the result-size limits: the job a query process runs.

`run` executes a `Job` and serialises its answer; server/workers/dispatch.py decides where it runs
(a sandboxed query process, always, when the store is on disk). The result-size limits hold
here: rows are counted while pyoxigraph writes TSV (one line per solution), and a result over
a limit is refused whole (400 result-too-large), never cut short.

An answer past SPOOL_RESULT_BYTES is written to a temporary file as pyoxigraph serialises it,
and the view streams that file (gzipped when the client accepts it) and deletes it: memory
holds a chunk of a large answer, not the answer.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from itertools import islice
from typing import IO, NamedTuple, cast

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    parse_query_results,
)
from vnkg.graph.backend import QueryResult
from vnkg.graph.store import GraphStore
from vnkg.server.endpoint.negotiate import KINDS, Format, Kind, kind_of, lookup
from vnkg.server.endpoint.responses import rdf_bytes
from vnkg.server.limits import ResultTooLarge

PREFIX, SUFFIXES = "vnkg-answer-", (".tsv", ".out")


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
    spool_bytes: int = 1 << 20
    spool_dir: str | None = None
    spool_name: str = ""  # unique per request: a killed query's file can be found and removed


class Answer(NamedTuple):
    """The kind of the result and its serialisation (media_type None: not acceptable).

    A large serialisation is in the file at `path` (the receiver streams and deletes it),
    with `body` empty.
    """

    kind: Kind
    media_type: str | None
    body: bytes
    path: str | None = None


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
    spool = Spool(job.spool_bytes, job.spool_dir, job.spool_name)
    body = serialize(result, fmt, job.max_rows, job.max_bytes, spool)
    if isinstance(body, bytes):
        return Answer(kind, media_type, body)
    return Answer(kind, media_type, b"", body)


_format = lru_cache(maxsize=32)(lookup)  # media types come from negotiate.answer_types


def _nodes(iris: tuple[str, ...]) -> list[NamedNode]:
    return [NamedNode(iri) for iri in iris]


class Spool(NamedTuple):
    """Where answers past `size` bytes go: files in `directory` whose names start `name`."""

    size: int
    directory: str | None = None
    name: str = ""

    def path(self, suffix: str) -> str:
        """The file of one serialisation of the answer."""
        unique = self.name or f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
        return os.path.join(self.directory or tempfile.gettempdir(), f"{PREFIX}{unique}{suffix}")

    def remove(self) -> None:
        """Remove whatever files a query stopped midway left behind."""
        for suffix in SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path(suffix))


class CappedWriter:
    """A binary sink that refuses more than `max_bytes`, or more than `max_lines` lines.

    With a `spool`, what is written past its size goes to a temporary file instead of memory.
    """

    def __init__(
        self,
        max_bytes: int,
        max_lines: int | None = None,
        spool: Spool | None = None,
        suffix: str = ".out",
    ) -> None:
        self.chunks: list[bytes] = []
        self.size = self.lines = 0
        self.max_bytes, self.max_lines = max_bytes, max_lines
        self.over: str | None = None
        self.spool, self.suffix = spool, suffix
        self.file: IO[bytes] | None = None

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.lines += data.count(b"\n")
        if self.size > self.max_bytes:
            self.over = f"the result is larger than {self.max_bytes} bytes"
        elif self.max_lines is not None and self.lines > self.max_lines:
            self.over = f"the result has more than {self.max_lines - 1} rows"
        if self.over:
            raise OSError(self.over)  # stops pyoxigraph, and with it the query
        if self.file is None and self.spool is not None and self.size > self.spool.size:
            self.file = open(self.spool.path(self.suffix), "xb")  # noqa: SIM115 (closed by result/discard)
            self.file.writelines(self.chunks)
            self.chunks = []
        if self.file is not None:
            self.file.write(data)
        else:
            self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks are kept in memory, the file is closed by `result`."""

    def result(self) -> bytes | str:
        """What was written: the bytes, or the path of the file that holds them."""
        if self.file is None:
            return b"".join(self.chunks)
        self.file.close()
        return self.file.name

    def discard(self) -> None:
        """Forget what was written (and remove the file)."""
        self.chunks = []
        if self.file is not None:
            self.file.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.file.name)


def capture(write: Callable[[IO[bytes]], object], sink: CappedWriter) -> bytes | str:
    """What `write(sink)` writes: the bytes, or the spool file's path; limits as errors."""
    try:
        write(cast("IO[bytes]", sink))
    except BaseException as error:
        sink.discard()
        if isinstance(error, OSError) and sink.over:
            raise ResultTooLarge(sink.over) from None
        if isinstance(error, MemoryError):  # pyoxigraph's writer buffers one value whole
            raise ResultTooLarge("a value of the result is too large to serialise") from None
        raise
    return sink.result()


def _write(
    result: QuerySolutions | QueryBoolean, fmt: QueryResultsFormat, sink: CappedWriter
) -> bytes | str:
    return capture(lambda out: result.serialize(out, format=fmt), sink)


def serialize(
    result: QueryResult, fmt: Format, max_rows: int, max_bytes: int, spool: Spool | None = None
) -> bytes | str:
    """`result` as `fmt`, or ResultTooLarge past `max_rows` rows or `max_bytes` bytes.

    A SELECT answer past the `spool` size comes back as the path of a temporary file.
    """
    if isinstance(result, QueryBoolean):  # a few bytes: written whole, then measured
        body = result.serialize(format=fmt) or b""  # type: ignore[arg-type]
        if len(body) > max_bytes:
            raise ResultTooLarge(f"the result is larger than {max_bytes} bytes")
        return body
    if isinstance(result, QuerySolutions):
        # TSV has one line per solution (newlines in values are escaped) and round-trips.
        counted = CappedWriter(max_bytes, max_rows + 1, spool, ".tsv")
        tsv = _write(result, QueryResultsFormat.TSV, counted)
        if fmt == QueryResultsFormat.TSV:
            return tsv
        try:
            if isinstance(tsv, bytes):
                solutions = parse_query_results(tsv, QueryResultsFormat.TSV)
            else:
                solutions = parse_query_results(path=tsv, format=QueryResultsFormat.TSV)
            return _write(solutions, fmt, CappedWriter(max_bytes, spool=spool))  # type: ignore[arg-type]
        finally:
            if isinstance(tsv, str):
                os.unlink(tsv)
    triples = list(islice(result, max_rows + 1))
    if len(triples) > max_rows:
        raise ResultTooLarge(f"the result has more than {max_rows} triples")
    body = rdf_bytes(triples, fmt)  # type: ignore[arg-type]
    if len(body) > max_bytes:
        raise ResultTooLarge(f"the result is larger than {max_bytes} bytes")
    return body
