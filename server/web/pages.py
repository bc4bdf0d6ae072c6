"""Linked-data pages: `/id/…`, `/def/…` and `/graph/…` IRIs as HTML or RDF, and label search.

A view negotiates (server/endpoint/negotiate.py), answers 304 when the client's copy is
current (server/conditional.py), then finds the page in the result cache or gathers it: one
query-process job of a handful of named queries (server/web/pagedata.py), rendered here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Response, render_template, request
from pyoxigraph import NamedNode, RdfFormat
from vnkg.graph.emit.vocab import VNKG
from vnkg.graph.formats import PAGES, name, named
from vnkg.server import cache, conditional, limits
from vnkg.server.endpoint import reads
from vnkg.server.endpoint.negotiate import HTML, Kind, Representation
from vnkg.server.endpoint.responses import negotiated
from vnkg.server.errors import EndpointError
from vnkg.server.state import get_iris, get_state
from vnkg.server.web import (
    charts,
    hits,
    i18n,
    listings,
    locator,
    observations,
    pagedata,
    search,
    wording,
)
from vnkg.server.web.catalogue import Pager
from vnkg.server.web.labels import Labeller, Linker
from vnkg.server.web.pagedata import PageJob
from vnkg.server.workers import dispatch

bp = Blueprint("pages", __name__)
T = TypeVar("T")
MOST_PAGES = 1_000_000
SEARCH_PAGE = 50


wording.register(bp)


@bp.get("/id/<path:rest>")
def entity(rest: str) -> Response:
    """Dereference `{BASE_IRI}id/…`."""
    return dereference(get_iris().base + "id/", rest)


@bp.get("/def/<path:rest>")
def term(rest: str) -> Response:
    """Dereference an ontology term `https://w3id.org/vnkg/def/…`."""
    return dereference(str(VNKG), rest)


@bp.get("/graph/<path:rest>")
def graph(rest: str) -> Response:
    """A named graph: its subjects as HTML, its triples as RDF."""
    return dereference(get_iris().base + "graph/", rest)


@bp.get("/def/")
def vocabulary() -> Response:
    """The vocabulary: an index of its terms (HTML) or the ontology graph (RDF)."""
    chosen = negotiated(Kind.PAGE, "")
    conditional.check(chosen)
    if isinstance(chosen.format, RdfFormat):
        ontology = get_iris().graph("ontology").value
        found = reads.rdf_read(ontology, chosen.format, graph=True, describe=False)
        return found or not_found(ontology, chosen)
    return html(*rendered(lambda: _vocabulary(job(str(VNKG)))))


def _vocabulary(page: PageJob) -> tuple[int, str]:
    groups = run(listings.vocabulary, page)
    return 200, render_template("vocabulary.html", groups=groups, namespace=str(VNKG))


@bp.get("/graph/")
def graphs() -> Response:
    """The named graphs of the store, each with its size, a page of them."""
    conditional.check(Representation(HTML))
    return html(*rendered(lambda: _graphs(job(""))))


def _graphs(page: PageJob) -> tuple[int, str]:
    found = run(listings.graphs, page)
    return 200, render_template("graphs.html", graphs=found.graphs, listed=found.pager)


def dereference(namespace: str, rest: str) -> Response:
    """Answer for the IRI `namespace + rest` (an RDF suffix on `rest` picks the format)."""
    stem, dot, suffix = rest.rpartition(".")
    by_suffix = named(PAGES, suffix) if dot else None
    iri = namespace + (stem if by_suffix else rest)
    chosen = negotiated(Kind.PAGE, suffix if by_suffix else "")
    if not valid_iri(iri):
        return not_found(iri, chosen)
    conditional.check(chosen)
    if reads.is_head():  # no page rendered, nothing serialised
        fmt = chosen.format if isinstance(chosen.format, RdfFormat) else HTML
        return alternates(reads.head(fmt, reads.known(iri)))
    if not isinstance(chosen.format, RdfFormat):
        return alternates(html_page(iri))
    response = reads.rdf_read(iri, chosen.format, graph=namespace.endswith("graph/"))
    return alternates(response) if response else not_found(iri, chosen)


def valid_iri(iri: str) -> bool:
    """False for paths that make no IRI (spaces, angle brackets...): those are simply unknown."""
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


def page_number() -> int:
    """The `?page=` of the request (1 without one); 400 when it is not a page number."""
    given = request.args.get("page", "1")
    if not given.isdigit() or not 1 <= int(given) <= MOST_PAGES:
        raise EndpointError(400, "invalid-page", f"page must be a number from 1 to {MOST_PAGES}")
    return int(given)


def job(iri: str) -> PageJob:
    """The page job for `iri` at the request's page, under the app's limits."""
    current, base = limits.get_limits(), get_iris().base
    vocabulary, graphs = str(VNKG), base + "graph/"
    return PageJob(
        iri,
        base,
        page_number(),
        current.page_size,
        term=iri.startswith(vocabulary) and iri != vocabulary,
        graph=iri.startswith(graphs) and iri != graphs,
        max_rows=current.max_rows,
        lang=i18n.current(),
    )


def run(task: Callable[[Any, PageJob], T], page: PageJob) -> T:
    """`task(store, page)` in a query process, like a /sparql query (timeout, row limit)."""
    try:
        found: T = dispatch.execute(page, task=task)
    except limits.ResultTooLarge as error:
        raise limits.too_large(error) from None
    return found


def rendered(render: Callable[[], tuple[int, str]], media_type: str = HTML) -> tuple[str, int]:
    """The page this request renders, from the result cache or `render()`: (page, status)."""
    key = ("page", media_type, i18n.current(), request.script_root, request.path,
           request.query_string)  # fmt: skip
    status, page = cache.fetch(key, render, lambda found: len(found[1].encode()))
    return page, status


def html_page(iri: str) -> Response:
    """The HTML page of a resource: facts, observations with charts, usage, graph contents."""
    return html(*rendered(lambda: _resource(iri, job(iri))))


def _resource(iri: str, page: PageJob) -> tuple[int, str]:
    data = run(pagedata.collect, page)
    if data.resource is None:
        return 404, render_template("not_found.html", iri=iri)
    own = [r for r in data.rows if r.area is not None and r.area.iri == iri]
    return 200, render_template(
        "resource.html",
        data=data,
        resource=data.resource,
        heading=heading(data.resource.node.text, data.observation),
        rows=observations.merged(list(data.rows)),
        show_area=any(r.area is None or r.area.iri != iri for r in data.rows),
        charts=[
            charts.chart(t, u, members, wording.chart_label, wording.tick)
            for t, u, members in charts.series(own)
        ],
        locator=locator.locate(data.resource.node.iri or iri, data.places),
        built=built_on(),
        observation=data.observation,
        usage=data.usage,
        listing=data.listing,
        alternates=links(),
    )


def built_on() -> str:
    """The day the served build was made (ISO), the access date of a citation."""
    when = get_state().build().time
    return dt.datetime.fromtimestamp(when, dt.UTC).date().isoformat()


def heading(text: str, observation: observations.Row | None) -> str:
    """The page title: an observation is named by its indicator, place and period."""
    if observation is None or observation.indicator is None:
        return text
    parts = (observation.indicator, observation.area, observation.period)
    return " · ".join(p.text for p in parts if p is not None)


def links() -> list[tuple[str, str, str]]:
    """(href, media type, name) of the RDF forms of the current page."""
    path = request.path.rstrip("/")
    stem, dot, suffix = path.rpartition(".")
    path = stem if dot and named(PAGES, suffix) else path
    return [(f"{path}.{name(fmt)}", fmt.media_type, fmt.name) for fmt in PAGES]


def alternates(response: Response) -> Response:
    """`Link: <…>; rel="alternate"; type=…` for every other form of the page."""
    page = links()
    forms = [(page[0][0].rpartition(".")[0], HTML), *((href, kind) for href, kind, _ in page)]
    current = (response.mimetype or "").split(";")[0]
    response.headers["Link"] = ", ".join(
        f'<{request.script_root}{href}>; rel="alternate"; type="{kind}"'
        for href, kind in forms
        if kind.split(";")[0] != current
    )
    return response


def not_found(iri: str, chosen: Representation) -> Response:
    """404 for an IRI the store knows nothing about: a page for people, else the error body."""
    if chosen.media_type != HTML:
        raise EndpointError(404, "not-found", f"nothing is known about <{iri}>")
    return html(render_template("not_found.html", iri=iri), 404)


def html(page: str, status: int = 200) -> Response:
    """An HTML answer, which varies with Accept."""
    response = Response(page, status, mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/search")
def search_page() -> Response:
    """Search labels; HTML, or JSON by `format=json` or Accept."""
    chosen = negotiated(Kind.SEARCH)
    conditional.check(chosen)
    query = request.values.get("q", "").strip()
    body, _ = rendered(lambda: (200, _search(query, chosen)), chosen.media_type)
    response = Response(body, mimetype=chosen.media_type)
    response.vary.add("Accept")
    return response


def _search(query: str, chosen: Representation) -> str:
    page, size = page_number(), SEARCH_PAGE
    found = search.search(entries(), query, (page - 1) * size, size) if query else None
    shown = [*found.matches, *found.closest] if found else []
    known = run_lookup(hits.context, tuple(m.entity.iri for m in shown)) if shown else None
    names = Labeller(Linker(get_iris().base), known.labels if known else {}, i18n.current())
    shown_hits = hits.hits(found.matches, known, names) if found and known else []
    closest = hits.hits(found.closest, known, names) if found and known else []
    pager = Pager(found.total, page, size) if found else None
    if chosen.media_type == HTML:
        return render_template(
            "search.html",
            query=query,
            found=found,
            hits=shown_hits,
            closest=closest,
            listed=pager,
            shown_match=hits.shown_match,
        )
    body = {
        "query": query,
        "total": found.total if found else 0,
        "page": page,
        "pageSize": size,
        "results": [_hit_json(hit) for hit in shown_hits],
        "suggestion": found.suggestion if found else None,
        "closest": [_hit_json(hit) for hit in closest],
    }
    return json.dumps(body, ensure_ascii=False)


def entries() -> search.Index:
    """The search index of the current build (read once per build, in a query process)."""
    return get_state().memo("search-index", lambda store: run_lookup(search.index, ()))


def run_lookup(task: Callable[[Any, search.Lookup], T], iris: tuple[str, ...]) -> T:
    """A search job in a query process."""
    found: T = dispatch.execute(search.Lookup(iris), task=task)
    return found


def _hit_json(hit: hits.Hit) -> dict[str, object]:
    return {
        "iri": hit.node.iri,
        "label": hit.node.text,
        "lang": hit.node.lang,
        "matched": hit.matched,
        "kind": hit.kind,
        "classes": [{"iri": k.iri, "label": k.text} for k in hit.kinds],
        "partOf": [{"iri": p.iri, "label": p.text} for p in hit.within],
        "href": request.script_root + (hit.node.href or ""),
        "rank": hit.rank.name.lower(),
        "validFrom": hit.valid_from,
        "validUntil": hit.valid_until,
    }
