"""/export.{nq,nt,ttl,trig,jsonld}: the whole graph, streamed in the request thread."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from flask import Blueprint, Response, abort
from vnkg.graph import export as exporting
from vnkg.graph.export import ExportFormat
from vnkg.graph.store import GraphStore

from .negotiate import content_type
from .state import get_store

bp = Blueprint("downloads", __name__)

CHUNK = 1 << 16
LINES_PER_CHUNK = 1000
SPOOL_IN_MEMORY = 8 << 20


@bp.route("/export.<ext>")
def export(ext: str) -> Response:
    """Download the dataset; N-Quads/N-Triples line by line, the others as one document."""
    try:
        fmt = ExportFormat(ext)
    except ValueError:
        abort(404, description=f"no export as .{ext}; try .nq, .nt, .ttl, .trig or .jsonld")
    headers = {"Content-Disposition": f'inline; filename="vnkg.{fmt.value}"'}
    body = chunks(get_store(), fmt)
    return Response(body, content_type=content_type(fmt.rdf_format), headers=headers)


def chunks(store: GraphStore, fmt: ExportFormat) -> Iterator[bytes]:
    """The export of `store` as `fmt`, in pieces (the same bytes as `vnkg export`)."""
    if fmt in (ExportFormat.NQ, ExportFormat.NT):
        lines = exporting.sorted_lines(store, fmt)
        for start in range(0, len(lines), LINES_PER_CHUNK):
            yield b"".join(lines[start : start + LINES_PER_CHUNK])
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        exporting.export(store, fmt, spool)  # type: ignore[arg-type]
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
