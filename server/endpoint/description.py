"""What the endpoint says about itself: the SPARQL 1.1 Service Description and VoID + DCAT.

Statistics are computed from the store by SPARQL once per build (cached on the app state);
the links (endpoint, dumps) are added per request, since they depend on the host serving.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, request
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple
from vnkg.graph import dataset, queries
from vnkg.graph.backend import Backend
from vnkg.graph.dataset import dataset_iri
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import DCAT, DCTERMS, RDF, RDFS, SD, VOID
from vnkg.graph.formats import DUMPS, name
from vnkg.server.endpoint.negotiate import GRAPHS, RESULTS, Format, prefers_html
from vnkg.server.endpoint.responses import graph_response
from vnkg.server.state import get_state
from vnkg.server.urls import external_url

bp = Blueprint("description", __name__)

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Links:
    """Where this deployment serves the endpoint, its VoID and its dumps."""

    endpoint: NamedNode
    void: NamedNode
    dumps: tuple[tuple[RdfFormat, NamedNode], ...]


def format_iri(fmt: Format) -> NamedNode:
    """The W3C format IRI (http://www.w3.org/ns/formats/…) of `fmt`."""
    if fmt == RdfFormat.JSON_LD:  # pyoxigraph 0.5 names it …/ns/formats/data/JSON-LD
        return NamedNode("http://www.w3.org/ns/formats/JSON-LD")
    return NamedNode(fmt.iri)


def service_triples(links: Links, dataset: NamedNode, graphs: list[NamedNode]) -> list[Triple]:
    """The sd:Service description of the endpoint and its default dataset."""
    service, default_graph = links.endpoint, BlankNode()
    triples = [
        Triple(service, RDF.type, SD.Service),
        Triple(service, SD.endpoint, links.endpoint),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(service, SD.defaultDataset, dataset),
        *(Triple(service, SD.resultFormat, format_iri(f)) for f in (*RESULTS, *GRAPHS)),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, RDFS.seeAlso, links.void),
        Triple(dataset, SD.defaultGraph, default_graph),
        Triple(default_graph, RDF.type, SD.Graph),
    ]
    for graph in graphs:
        node = BlankNode()
        triples += [
            Triple(dataset, SD.namedGraph, node),
            Triple(node, RDF.type, SD.NamedGraph),
            Triple(node, SD.name, graph),
        ]
    return triples


def statistics(store: Backend, iris: Iris) -> list[Triple]:
    """The description stored by `vnkg build` in graph/dataset, or computed now if absent."""
    stored = list(queries.construct(store, "graph-triples", {"g": iris.graph("dataset")}))
    if any(t.predicate == VOID.triples and t.subject == dataset_iri(iris) for t in stored):
        return stored
    computed = [Triple(*triple) for triple in dataset.statistics(store, iris)]
    return computed + stored


def access_triples(links: Links, dataset: NamedNode, license_iri: str) -> list[Triple]:
    """Licence, endpoint and dumps of `dataset` as VoID and DCAT (depend on the host)."""
    service = links.endpoint
    triples = [
        Triple(dataset, RDF.type, VOID.Dataset),
        Triple(dataset, RDF.type, DCAT.Dataset),
        Triple(dataset, DCTERMS.license, NamedNode(license_iri)),
        Triple(dataset, VOID.sparqlEndpoint, links.endpoint),
        Triple(service, RDF.type, DCAT.DataService),
        Triple(service, DCAT.endpointURL, links.endpoint),
        Triple(service, DCAT.servesDataset, dataset),
    ]
    for fmt, url in links.dumps:
        distribution = BlankNode()
        triples += [
            Triple(dataset, VOID.dataDump, url),
            Triple(dataset, DCAT.distribution, distribution),
            Triple(distribution, RDF.type, DCAT.Distribution),
            Triple(distribution, DCAT.downloadURL, url),
            Triple(distribution, DCAT.mediaType, NamedNode(MEDIA_TYPES + fmt.media_type)),
            Triple(distribution, DCTERMS.format, format_iri(fmt)),
            Triple(distribution, DCTERMS.license, NamedNode(license_iri)),
        ]
    return triples


def by_subject(triples: list[Triple]) -> list[Triple]:
    """Triples grouped by subject, named subjects first, so Turtle writes each subject once."""
    return sorted(triples, key=lambda t: (isinstance(t.subject, BlankNode), str(t.subject)))


def current_links() -> Links:
    """The links of this deployment, as the current request reaches it."""
    dumps = tuple(
        (fmt, NamedNode(external_url("downloads.export", ext=name(fmt)))) for fmt in DUMPS
    )
    return Links(
        NamedNode(external_url("sparql.endpoint")),
        NamedNode(external_url("description.void")),
        dumps,
    )


def service_response() -> Response:
    """GET /sparql without a query: the service description (a browser goes to the UI)."""
    if prefers_html(request.accept_mimetypes) and "ui" in current_app.blueprints:
        return redirect("/")  # type: ignore[return-value]
    dataset = dataset_iri(get_state().iris)
    graphs = get_state().memo("named-graphs", lambda store: store.named_graphs())
    triples = service_triples(current_links(), dataset, graphs)
    return graph_response(by_subject(triples))


@bp.route("/.well-known/void")
def void() -> Response:
    """The VoID + DCAT description of the dataset, statistics computed once per build."""
    state = get_state()
    stats = state.memo("void", lambda store: statistics(store, state.iris))
    links = current_links()
    dataset = dataset_iri(state.iris)
    access = access_triples(links, dataset, current_app.config["LICENSE"])
    return graph_response(by_subject([*stats, *access]))
