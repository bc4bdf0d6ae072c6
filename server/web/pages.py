"""Linked-data pages: `/id/…`, `/def/…` and `/graph/…` IRIs as HTML or RDF, and label search."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from vnkg.graph.emit.vocab import QB, RDF, VNKG
from vnkg.graph.formats import PAGES, name, named
from vnkg.server.endpoint import reads
from vnkg.server.endpoint.negotiate import GRAPHS, Kind, choose, content_type, prefers_html
from vnkg.server.endpoint.responses import used_prefixes
from vnkg.server.errors import EndpointError
from vnkg.server.state import get_iris, get_state, get_store
from vnkg.server.web import catalogue, charts, describe, observations, search
from vnkg.server.web.labels import Labeller, Linker

bp = Blueprint("pages", __name__)

HTML = "html"


@bp.app_template_filter("quantity")
def quantity_filter(row: observations.Row) -> str:
    """An observation's value with its unit, for templates."""
    return charts.quantity(row.value, row.value_max, row.symbol)


@bp.get("/id/<path:rest>")
def entity(rest: str) -> Response:
    """Dereference `{BASE_IRI}id/…`."""
    return dereference(get_iris().base + "id/", rest)


@bp.get("/def/")
def vocabulary() -> Response:
    """The vocabulary: an index of its terms (HTML) or the ontology graph (RDF)."""
    fmt = representation()
    if fmt != HTML:
        ontology = get_iris().graph("ontology")
        triples = sorted({q.triple for q in get_store().quads(None, None, None, ontology)}, key=str)
        return rdf_response(triples, fmt, 200 if triples else 404)  # type: ignore[arg-type]
    groups = catalogue.vocabulary(get_store(), labeller(), str(VNKG))
    return _html(render_template("vocabulary.html", groups=groups, namespace=str(VNKG)), 200)


@bp.get("/def/<path:rest>")
def term(rest: str) -> Response:
    """Dereference an ontology term `https://w3id.org/vnkg/def/…`."""
    return dereference(str(VNKG), rest)


@bp.get("/id/")
def no_entity() -> Response:
    """`/id/` itself names nothing."""
    return not_found(get_iris().base + "id/")


@bp.get("/graph/")
def graphs() -> Response:
    """The named graphs of the store, each with its size."""
    store, names = get_store(), labeller()
    listing = [(names.node(g), catalogue.graph_size(store, g)) for g in store.named_graphs()]
    return _html(render_template("graphs.html", graphs=listing), 200)


@bp.get("/graph/<path:rest>")
def graph(rest: str) -> Response:
    """A named graph: its subjects as HTML, its triples as RDF."""
    return dereference(get_iris().base + "graph/", rest)


def dereference(namespace: str, rest: str) -> Response:
    """Answer for the IRI `namespace + rest` (an RDF suffix on `rest` picks the format)."""
    name, dot, suffix = rest.rpartition(".")
    by_suffix = named(PAGES, suffix) if dot else None
    iri = namespace + (name if by_suffix else rest)
    fmt = by_suffix or representation()
    store = get_store()
    found = valid_iri(iri) and (describe.exists(store, iri) or catalogue.graph_exists(store, iri))
    if reads.is_head():  # no page rendered, nothing serialised
        return reads.head(fmt, found)
    if not isinstance(fmt, RdfFormat):
        return html_page(iri) if found else not_found(iri)
    response = reads.rdf_read(iri, fmt, graph=namespace.endswith("graph/")) if found else None
    return response or rdf_response([], fmt, 404)


def valid_iri(iri: str) -> bool:
    """False for paths that make no IRI (spaces, angle brackets...): those are simply unknown."""
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


def representation() -> RdfFormat | str:
    """HTML for browsers, else the RDF format the Accept header asks for (406 if none)."""
    accept = request.accept_mimetypes
    if prefers_html(accept):
        return HTML
    fmt = choose(Kind.GRAPH, accept)
    if fmt is None or fmt not in GRAPHS:
        raise EndpointError(
            406, "not-acceptable", "offers: HTML, Turtle, JSON-LD, N-Triples, RDF/XML"
        )
    return fmt  # type: ignore[return-value]


def rdf_response(triples: list[Triple], fmt: RdfFormat, status: int) -> Response:
    """The triples serialised in `fmt`, with our prefixes where the format has them."""
    body = (
        serialize(triples, format=fmt, prefixes=used_prefixes(triples)) if triples else _empty(fmt)
    )
    response = Response(body, status, content_type=content_type(fmt))
    response.vary.add("Accept")
    return response


def _empty(fmt: RdfFormat) -> bytes:
    return b"[]" if fmt == RdfFormat.JSON_LD else serialize([], format=fmt) or b""


def labeller() -> Labeller:
    """A label finder for the current build, sharing one label cache per build."""
    cache = get_state().memo("labels", lambda store: {})
    return Labeller(get_store(), Linker(get_iris().base), cache)


def html_page(iri: str) -> Response:
    """The HTML page of a resource: facts, observations with charts, usage, graph contents."""
    store, names = get_store(), labeller()
    rows = observations.about(store, iri, names)
    resource = describe.resource(store, iri, names, frozenset(r.node.iri or "" for r in rows))
    own = [r for r in rows if r.area is not None and r.area.iri == iri]
    observation = _observation(iri, names)
    page = render_template(
        "resource.html",
        resource=resource,
        heading=heading(resource.node.text, observation),
        rows=rows,
        show_area=any(r.area is None or r.area.iri != iri for r in rows),
        charts=[charts.chart(t, s, members) for t, s, members in charts.series(own)],
        observation=observation,
        usage=catalogue.usage(store, iri, names) if iri.startswith(str(VNKG)) else None,
        listing=_listing(iri, names),
        alternates=alternates(),
    )
    return _html(page, 200)


def heading(text: str, observation: observations.Row | None) -> str:
    """The page title: an observation is named by its indicator, place and period."""
    if observation is None or observation.indicator is None:
        return text
    parts = (observation.indicator, observation.area, observation.period)
    return " · ".join(p.text for p in parts if p is not None)


def _observation(iri: str, names: Labeller) -> observations.Row | None:
    store = get_store()
    if any(True for _ in store.quads(NamedNode(iri), RDF.type, QB.Observation)):
        return observations.row(store, iri, names)
    return None


def _listing(iri: str, names: Labeller) -> catalogue.GraphListing | None:
    if not iri.startswith(get_iris().base + "graph/"):
        return None
    return catalogue.graph_listing(get_store(), iri, names)


def alternates() -> list[tuple[str, str, str]]:
    """(href, media type, name) of the RDF forms of the current page."""
    path = request.path.rstrip("/")
    return [(f"{path}.{name(fmt)}", fmt.media_type, fmt.name) for fmt in PAGES]


def not_found(iri: str) -> Response:
    """The 404 page for an IRI the store knows nothing about."""
    return _html(render_template("not_found.html", iri=iri), 404)


def _html(page: str, status: int) -> Response:
    response = Response(page, status, mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/search")
def search_page() -> Response:
    """Search labels; HTML, or JSON by `format=json` or Accept."""
    query = request.values.get("q", "").strip()
    names = labeller()
    entries = get_state().memo("search-index", search.index)
    hits = search.search(get_store(), entries, query, names) if query else []
    if _wants_json():
        body = {"query": query, "results": [_hit_json(hit) for hit in hits]}
        response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    else:
        response = _html(render_template("search.html", query=query, hits=hits), 200)
    response.vary.add("Accept")
    return response


def _wants_json() -> bool:
    requested = request.values.get("format")
    if requested:
        return requested.lower() == "json"
    offers = ["text/html", "application/json"]
    return request.accept_mimetypes.best_match(offers, default="text/html") == "application/json"


def _hit_json(hit: search.Hit) -> dict[str, object]:
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
    }
