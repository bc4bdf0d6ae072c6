"""What the endpoint says about itself (service description, VoID + DCAT) and the dumps."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import Dataset, Literal, NamedNode, RdfFormat, Triple, parse
from vnkg.graph.emit.vocab import DCAT, DCTERMS, QB, RDF, SD, VNKG, VOID, XSD
from vnkg.graph.export import export
from vnkg.graph.formats import DUMPS, name
from vnkg.graph.store import GraphStore
from vnkg.server.endpoint import description

BASE = "https://w3id.org/vnkg/"
DATASET = NamedNode(f"{BASE}id/dataset/vnkg")
HOST = "http://localhost"


def _graph(response, fmt: RdfFormat = RdfFormat.TURTLE) -> set[Triple]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {quad.triple for quad in parse(response.get_data(), format=fmt)}


def _objects(graph: set[Triple], subject: object, predicate: NamedNode) -> set[object]:
    return {t.object for t in graph if t.subject == subject and t.predicate == predicate}


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def test_service_description(endpoint_client: FlaskClient) -> None:
    graph = _graph(endpoint_client.get("/sparql", headers={"Accept": "text/turtle"}))
    service = NamedNode(f"{HOST}/sparql")
    assert Triple(service, RDF.type, SD.Service) in graph
    assert _objects(graph, service, SD.endpoint) == {service}
    assert _objects(graph, service, SD.supportedLanguage) == {SD.SPARQL11Query}
    assert _objects(graph, service, SD.feature) == {SD.UnionDefaultGraph}
    formats = {o.value.rsplit("/", 1)[1] for o in _objects(graph, service, SD.resultFormat)}
    assert formats == {
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
        "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG",
    }  # fmt: skip
    assert _objects(graph, service, SD.defaultDataset) == {DATASET}
    assert _objects(graph, DATASET, NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")) == {
        NamedNode(f"{HOST}/.well-known/void")
    }
    named = {
        o for t in graph if t.predicate == SD.namedGraph for o in _objects(graph, t.object, SD.name)
    }
    assert NamedNode(f"{BASE}graph/reference") in named
    assert NamedNode(f"{BASE}graph/source/test") in named


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("*/*", RdfFormat.TURTLE),
    ],
    ids=["jsonld", "rdfxml", "ntriples", "any"],
)
def test_service_description_formats(
    endpoint_client: FlaskClient, accept: str, fmt: RdfFormat
) -> None:
    response = endpoint_client.get("/sparql", headers={"Accept": accept})
    assert response.mimetype == fmt.media_type
    assert Triple(NamedNode(f"{HOST}/sparql"), RDF.type, SD.Service) in _graph(response, fmt)


def test_browser_without_ui_gets_turtle(endpoint_app: Flask) -> None:
    endpoint_app.blueprints.pop("ui", None)
    accept = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = endpoint_app.test_client().get("/sparql", headers=accept)
    assert response.mimetype == "text/turtle"


def test_void_statistics(endpoint_client: FlaskClient) -> None:
    graph = _graph(endpoint_client.get("/.well-known/void"))
    stats = {p: _objects(graph, DATASET, p) for p in (VOID.triples, VOID.entities, VOID.classes)}
    # 13 quads, one triple in two graphs; entities: province, decree, observation, dataset.
    assert stats == {
        VOID.triples: {_count(12)},
        VOID.entities: {_count(4)},
        VOID.classes: {_count(4)},
    }
    assert _objects(graph, DATASET, VOID.distinctSubjects) == {_count(7)}
    assert _objects(graph, DATASET, VOID.exampleResource) == {
        NamedNode(f"{BASE}id/province/test-province"),
        NamedNode(f"{BASE}id/legal/test-decree"),
        NamedNode(f"{BASE}id/observation/test-1"),
    }
    partitions = {
        next(iter(_objects(graph, node, VOID["class"]))): _objects(graph, node, VOID.entities)
        for node in _objects(graph, DATASET, VOID.classPartition)
    }
    assert partitions[VNKG.Province] == {_count(1)}
    assert partitions[QB.Observation] == {_count(1)}
    vocabularies = {o.value for o in _objects(graph, DATASET, VOID.vocabulary)}
    assert {str(VNKG), str(QB), str(RDF)} <= vocabularies


def test_void_access_and_licence(endpoint_client: FlaskClient) -> None:
    graph = _graph(endpoint_client.get("/.well-known/void"))
    assert {
        Triple(DATASET, RDF.type, VOID.Dataset),
        Triple(DATASET, RDF.type, DCAT.Dataset),
    } <= graph
    assert _objects(graph, DATASET, DCTERMS.license) == {
        NamedNode("https://creativecommons.org/licenses/by/4.0/")
    }
    assert _objects(graph, DATASET, VOID.sparqlEndpoint) == {NamedNode(f"{HOST}/sparql")}
    dumps = {o.value for o in _objects(graph, DATASET, VOID.dataDump)}
    assert {f"{HOST}/export.nq", f"{HOST}/export.ttl", f"{HOST}/export.jsonld"} <= dumps
    urls = {
        o.value
        for node in _objects(graph, DATASET, DCAT.distribution)
        for o in _objects(graph, node, DCAT.downloadURL)
    }
    assert urls == dumps


def test_void_includes_the_stored_dataset_description(endpoint_client: FlaskClient) -> None:
    graph = _graph(endpoint_client.get("/.well-known/void"))
    assert _objects(graph, DATASET, DCTERMS.title) == {Literal("vnkg test dataset", language="en")}


def test_void_statistics_are_computed_once(
    endpoint_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    original = description.statistics

    def counting(store: GraphStore, iris: object) -> list[Triple]:
        calls.append(store)
        return original(store, iris)  # type: ignore[arg-type]

    monkeypatch.setattr(description, "statistics", counting)
    for _ in range(3):
        assert endpoint_client.get("/.well-known/void").status_code == 200
    assert len(calls) == 1


@pytest.mark.parametrize("fmt", DUMPS, ids=name)
def test_exports_match_vnkg_export(
    endpoint_client: FlaskClient, endpoint_store: Path, fmt: RdfFormat
) -> None:
    response = endpoint_client.get(f"/export.{name(fmt)}")
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    expected = io.BytesIO()
    export(GraphStore.open(endpoint_store), fmt, expected)
    assert response.get_data() == expected.getvalue()


def test_export_nquads_keeps_the_named_graphs(endpoint_client: FlaskClient) -> None:
    body = endpoint_client.get("/export.nq").get_data()
    dataset = Dataset(parse(body, format=RdfFormat.N_QUADS))
    assert len(dataset) == 13


def test_unknown_export_is_404(endpoint_client: FlaskClient) -> None:
    assert endpoint_client.get("/export.pdf").status_code == 404
