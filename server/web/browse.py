"""The browse index at `/id/`: provinces with data, sources, programmes, legal documents and
indicators, each with its count, as HTML or JSON.

One query-process job of two named queries (graph/queries/browse.rq, then the labels of the
items shown); every section shows at most PREVIEW items, and `?section=` pages one section
by the app's page size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

from flask import Blueprint, Response, render_template, request
from pyoxigraph import NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.server import conditional, limits
from vnkg.server.endpoint.negotiate import HTML, Kind
from vnkg.server.endpoint.responses import negotiated
from vnkg.server.errors import EndpointError
from vnkg.server.state import get_iris
from vnkg.server.web import i18n, labels, pages, wording
from vnkg.server.web.catalogue import Pager
from vnkg.server.web.labels import Labeller, Linker, Node
from vnkg.server.workers import dispatch

bp = Blueprint("browse", __name__)
SECTIONS = ("provinces", "sources", "programmes", "legal", "indicators")
PREVIEW = 12


class BrowseJob(NamedTuple):
    """What to gather: one section's page (or, with `section` empty, every section's start)."""

    base: str
    section: str
    page: int
    size: int
    max_rows: int
    lang: str
    spool_bytes: int = 0
    spool_dir: str | None = None
    spool_name: str = ""


@dataclass(frozen=True)
class Section:
    """One list of the index: its items (name, count) on this page, and where the page is."""

    key: str
    items: tuple[tuple[Node, int, str | None, str | None], ...]  # name, count, valid from, until
    pager: Pager


def gather(store: Backend, job: BrowseJob) -> list[Section]:
    """The job: every section's counts (one query), the shown items' labels (one query)."""
    rows = queries.rows(store, "browse")
    if len(rows) > job.max_rows:
        raise limits.ResultTooLarge(f"the index answered more than {job.max_rows} rows")
    counted: dict[str, list[tuple[int, str]]] = {key: [] for key in SECTIONS}
    valid: dict[str, tuple[str | None, str | None]] = {}
    for section, item, n, start, end in rows:
        if isinstance(item, NamedNode) and getattr(section, "value", None) in counted:
            counted[section.value].append((int(getattr(n, "value", 0)), item.value))
            valid[item.value] = (getattr(start, "value", None), getattr(end, "value", None))
    shown: dict[str, tuple[Pager, list[tuple[int, str]]]] = {}
    for key in [job.section] if job.section else SECTIONS:
        found = sorted(counted[key], key=lambda c: (-c[0], c[1]))
        page, size = (job.page, job.size) if job.section else (1, PREVIEW)
        shown[key] = (Pager(len(found), page, size), found[(page - 1) * size : page * size])
    iris = sorted({NamedNode(iri) for _, items in shown.values() for _, iri in items}, key=str)
    table = queries.rows(store, "labels", {"s": iris}) if iris else []
    names = Labeller(Linker(job.base), labels.table(table), job.lang)
    return [
        Section(key, tuple((names.node(NamedNode(iri)), n, *valid[iri]) for n, iri in items), pager)
        for key, (pager, items) in shown.items()
    ]


@bp.get("/id/")
def index() -> Response:
    """The browse index: HTML, or JSON by `format=json` or Accept (like search)."""
    chosen = negotiated(Kind.SEARCH)
    conditional.check(chosen)
    section = request.args.get("section", "")
    if section and section not in SECTIONS:
        raise EndpointError(400, "invalid-section", f"section must be one of {', '.join(SECTIONS)}")
    page = pages.page_number()
    job = BrowseJob(
        get_iris().base, section, page, limits.get_limits().page_size,
        limits.get_limits().max_rows, i18n.current(),
    )  # fmt: skip
    body, _ = pages.rendered(lambda: (200, _render(job, chosen.media_type)), chosen.media_type)
    response = Response(body, mimetype=chosen.media_type)
    response.vary.add("Accept")
    return response


def _render(job: BrowseJob, media_type: str) -> str:
    try:
        found: list[Section] = dispatch.execute(job, task=gather)
    except limits.ResultTooLarge as error:
        raise limits.too_large(error) from None
    if media_type == HTML:
        return render_template(
            "browse.html", sections=found, section=job.section, validity=wording.validity
        )
    return json.dumps({"sections": [_json(s) for s in found]}, ensure_ascii=False)


def _json(section: Section) -> dict[str, object]:
    return {
        "section": section.key,
        "total": section.pager.total,
        "page": section.pager.page,
        "pageSize": section.pager.size,
        "items": [
            {
                "iri": node.iri,
                "label": node.text,
                "lang": node.lang,
                "href": request.script_root + (node.href or ""),
                "count": n,
                "validFrom": start,
                "validUntil": end,
            }
            for node, n, start, end in section.items
        ],
    }
