"""/export.{nq,nt,ttl,trig,jsonld}: the whole graph, streamed in the request thread; and
/export.csv, the tidy table of observations (graph/table.py), a batch of rows at a time.

N-Quads and N-Triples are sent line by line as `vnkg export` sorts them (on disk for a large
store), the other formats through a spool file that goes to disk past 8 MB: memory stays
bounded whatever the size of the store. Gzipped when the client accepts it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, abort, request
from pyoxigraph import RdfFormat
from vnkg.graph import export as exporting
from vnkg.graph import table
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import DEFAULT_BASE
from vnkg.graph.formats import DUMPS, TABLES, name, named
from vnkg.server import conditional
from vnkg.server.endpoint.negotiate import (
    Kind,
    Representation,
    content_type,
    decide,
    gzip_accepted,
    media_type,
)
from vnkg.server.state import get_iris, get_store

bp = Blueprint("downloads", __name__)

CHUNK = 1 << 16
LINES_PER_CHUNK = 1000
SPOOL_IN_MEMORY = 8 << 20
GZIP = 31  # zlib wbits for a gzip container
JSON_LD = "application/ld+json"


@bp.route("/export.<ext>")
def export(ext: str) -> Response:
    """Download the dataset; N-Quads/N-Triples line by line, the others as one document."""
    tabled = named(TABLES, ext)
    if tabled is not None:
        gzip = gzip_accepted(request.accept_encodings)
        conditional.check(Representation(media_type(tabled), tabled, gzip))
        rows = (text.encode("utf-8") for text in table.lines(get_store()))
        return _download(rows, content_type(tabled), ext, gzip=gzip)
    chosen = decide(Kind.DUMP, request.accept_mimetypes, ext, request.accept_encodings)
    if chosen is None or not isinstance(chosen.format, RdfFormat):
        offered = ", ".join(f".{name(f)}" for f in (*DUMPS, *TABLES))
        abort(404, description=f"no export as .{ext}; try {offered}")
    conditional.check(chosen)
    body = chunks(get_store(), chosen.format, get_iris().base)
    return _download(body, content_type(chosen.format), ext, gzip=chosen.gzip)


def _download(body: Iterator[bytes], kind: str, ext: str, *, gzip: bool) -> Response:
    headers = {
        "Content-Disposition": f'inline; filename="vnkg.{ext}"',
        "Vary": "Accept-Encoding",
    }
    if gzip:
        body = gzipped(body)
        headers["Content-Encoding"] = "gzip"
    return Response(body, content_type=kind, headers=headers)


@bp.get("/context.jsonld")
def context() -> Response:
    """The JSON-LD context of the exports, `{base}context.jsonld` (ontology/context.jsonld)."""
    conditional.check(Representation(JSON_LD))
    body = json.dumps(exporting.context(), ensure_ascii=False, indent=2)
    return Response(body, content_type=JSON_LD)


def chunks(store: Backend, fmt: RdfFormat, base: str = DEFAULT_BASE) -> Iterator[bytes]:
    """The export of `store` as `fmt`, in pieces (the same bytes as `vnkg export`)."""
    if fmt in exporting.LINE_FORMATS:
        lines = exporting.sorted_lines(store, fmt)
        while batch := list(itertools.islice(lines, LINES_PER_CHUNK)):
            yield b"".join(batch)
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        exporting.export(store, fmt, spool, base=base)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk


def gzipped(pieces: Iterable[bytes], level: int = 6) -> Iterator[bytes]:
    """`pieces` compressed as one gzip stream, emitted as the compressor fills blocks."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, GZIP)
    for piece in pieces:
        if out := compressor.compress(piece):
            yield out
    yield compressor.flush()


def spooled_response(path: str, content_type: str, *, gzip: bool) -> Response:
    """Stream a large answer from its file, gzipped if `gzip` (negotiated); then delete it."""
    headers = {"Content-Type": content_type, "Vary": "Accept, Accept-Encoding"}
    body: Iterator[bytes] = read_and_remove(path)
    if gzip:
        body = gzipped(body)
        headers["Content-Encoding"] = "gzip"
    else:
        headers["Content-Length"] = str(os.path.getsize(path))
    response = Response(body, headers=headers, direct_passthrough=True)
    response.call_on_close(lambda: _remove(path))
    return response


def read_and_remove(path: str, chunk: int = 1 << 16) -> Iterator[bytes]:
    """The bytes of the file at `path`, `chunk` at a time; the file is removed after."""
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(chunk):
                yield piece
    finally:
        _remove(path)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
