"""/export.{nq,nt,ttl,trig,jsonld}: the whole graph; /export.csv: the tidy table of
observations (graph/table.py).

Each is made once per build as a file (server/endpoint/dumpfiles.py: the same bytes as
`vnkg export`, and a gzipped twin), then every request reads that file with its length: a
download costs the server a file read, whatever the format. Gzipped when the client accepts it.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from flask import Blueprint, Response, abort, request
from pyoxigraph import RdfFormat
from vnkg.graph import export as exporting
from vnkg.graph import table
from vnkg.graph.formats import DUMPS, TABLES, name, named
from vnkg.server import conditional
from vnkg.server.endpoint import dumpfiles
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
    """Download the dataset, made once per build (server/endpoint/dumpfiles.py) then read."""
    tabled = named(TABLES, ext)
    if tabled is not None:
        gzip = gzip_accepted(request.accept_encodings)
        conditional.check(Representation(media_type(tabled), tabled, gzip))
        return _download(lambda out: table.write(get_store(), out), content_type(tabled), ext,
                         gzip=gzip)  # fmt: skip
    chosen = decide(Kind.DUMP, request.accept_mimetypes, ext, request.accept_encodings)
    if chosen is None or not isinstance(chosen.format, RdfFormat):
        offered = ", ".join(f".{name(f)}" for f in (*DUMPS, *TABLES))
        abort(404, description=f"no export as .{ext}; try {offered}")
    conditional.check(chosen)
    fmt, base = chosen.format, get_iris().base
    return _download(
        lambda out: exporting.export(get_store(), fmt, out, base=base),
        content_type(fmt),
        ext,
        gzip=chosen.gzip,
    )


def _download(produce: Callable[[IO[bytes]], None], kind: str, ext: str, *, gzip: bool) -> Response:
    headers = {
        "Content-Disposition": f'inline; filename="vnkg.{ext}"',
        "Vary": "Accept-Encoding",
    }
    if gzip:
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":  # nothing is made for a HEAD
        return Response(b"", content_type=kind, headers=headers)
    path = dumpfiles.dump_file(f"vnkg.{ext}", produce, gzipped=gzip)
    headers["Content-Length"] = str(path.stat().st_size)
    return Response(dumpfiles.chunks(path), content_type=kind, headers=headers,
                    direct_passthrough=True)  # fmt: skip


@bp.get("/context.jsonld")
def context() -> Response:
    """The JSON-LD context of the exports, `{base}context.jsonld` (ontology/context.jsonld)."""
    conditional.check(Representation(JSON_LD))
    body = json.dumps(exporting.context(), ensure_ascii=False, indent=2)
    return Response(body, content_type=JSON_LD)


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
