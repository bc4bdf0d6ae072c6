"""Linked-data pages: /id/, /def/ and /graph/ IRIs as HTML and as RDF (tests/data/web.trig)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import RDFS, SKOS
from vnkg.server.app import create_app

BASE = "https://w3id.org/vnkg/"
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LANG_SON = BASE + "id/province/lang-son"
RDF_FORMATS = [
    ("text/turtle", "ttl", "turtle"),
    ("application/ld+json", "jsonld", "json-ld"),
    ("application/n-triples", "nt", "nt"),
]
RESOURCES = [
    ("/id/province/lang-son", SKOS.prefLabel, rdflib.Literal("Lạng Sơn", lang="vi")),
    (
        "/id/legal/nd-cp-116-2016",
        rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"),
        rdflib.Literal("116/2016/ND-CP"),
    ),
    (
        "/id/observation/ls-poverty-rate-2021",
        rdflib.URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue"),
        rdflib.Literal("12.2", datatype=rdflib.XSD.decimal),
    ),
    ("/def/Province", RDFS.subClassOf, rdflib.URIRef(BASE + "def/AdministrativeUnit")),
]


def html(client: FlaskClient, path: str, status: int = 200) -> str:
    """GET `path` as a browser would; check the status and return the page."""
    response = client.get(path, headers={"Accept": HTML})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def iri_of(path: str) -> rdflib.URIRef:
    return rdflib.URIRef(BASE.rstrip("/") + path)


@pytest.mark.parametrize(("path", "predicate", "value"), RESOURCES, ids=lambda v: str(v)[-24:])
@pytest.mark.parametrize(
    ("accept", "suffix", "parser"), RDF_FORMATS, ids=[f[1] for f in RDF_FORMATS]
)
def test_resource_as_rdf_by_accept_and_by_suffix(
    web_client: FlaskClient,
    path: str,
    predicate: object,
    value: object,
    accept: str,
    suffix: str,
    parser: str,
) -> None:
    for response in (
        web_client.get(path, headers={"Accept": accept}),
        web_client.get(f"{path}.{suffix}"),
    ):
        assert response.status_code == 200
        assert response.mimetype == accept
        graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=parser)
        assert (iri_of(path), predicate, value) in graph
    assert "Accept" in web_client.get(path, headers={"Accept": accept}).vary


def test_rdf_description_adds_labels_of_linked_entities(web_client: FlaskClient) -> None:
    graph = rdflib.Graph().parse(
        data=web_client.get("/id/province/lang-son.ttl").data, format="turtle"
    )
    vietnam = rdflib.URIRef(BASE + "id/country/vietnam")
    assert (vietnam, SKOS.prefLabel, rdflib.Literal("Việt Nam", lang="vi")) in graph
    assert not list(graph.triples((vietnam, rdflib.URIRef(BASE + "def/partOf"), None)))


def test_rdf_description_includes_fragment_statements(web_client: FlaskClient) -> None:
    data = web_client.get("/id/district/van-quan.nt").get_data(as_text=True)
    graph = rdflib.Graph().parse(data=data, format="nt")
    inference = rdflib.URIRef(BASE + "id/district/van-quan#inferred-part-of")
    assert (inference, rdflib.URIRef(BASE + "def/aspect"), None) in graph
    assert (inference, rdflib.RDFS.comment, None) in graph


def test_province_page_shows_names_facts_links_and_observations(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/province/lang-son")
    assert (
        '<h1><span lang="vi">Lạng Sơn</span> <small class="place-note">— province</small>' in page
    )
    for lang, name in (("en", "Lang Son"), ("fr", "Lang Son"), ("vi", "Lạng Sơn")):
        assert f'<span lang="{lang}">{name}</span>' in page
    assert 'href="/id/country/vietnam" lang="en">Vietnam</a>' in page
    assert 'href="http://www.wikidata.org/entity/Q33403"' in page
    assert 'class="external" rel="external">Wikidata Q33403</a>' in page
    assert 'href="/id/district/van-quan" lang="vi">Văn Quan</a>' in page  # linked from: has part
    assert "has part" in page
    assert '20</span> <span class="tag" title="datatype">GSO code</span>' in page
    assert 'rel="alternate" type="text/turtle" href="/id/province/lang-son.ttl"' in page


def test_province_page_tables_its_observations(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/province/lang-son")
    table = page[page.index('<table class="observations">') : page.index("</table>")]
    assert table.count("<tr class=") == 3
    assert '<th scope="col">Indicator</th>' in table
    for text in ("12.2\u00a0%", "3.36\u00a0%", "2–2.5\u00a0pp", "achieved", "target"):
        assert text in table
    assert "percent" not in table  # units by symbol
    assert 'href="/id/source/s000"' in table and 'href="/id/source/s003"' in table
    assert 'href="/def/indicator/poverty-rate" lang="en">poverty rate</a>' in table


def test_province_page_charts_each_indicator(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/province/lang-son")
    assert page.count('<figure class="chart">') == 1  # a one-figure series is only tabled
    assert "<strong>poverty rate</strong> (%)</figcaption>" in page
    assert "2021 — 12.2\u00a0% — achieved — Lạng Sơn : politiques de protection sociale" in page
    assert '<a class="point achieved" href="/id/observation/' in page


def test_observation_page_summarises_the_figure(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/observation/ls-poverty-reduction-target-2025")
    assert "<h1><span>reduction of the poverty rate · Lạng Sơn · 2025</span></h1>" in page
    assert '<dd class="value">2–2.5\u00a0pp</dd>' in page
    assert '<span class="status target">target</span>' in page
    assert 'href="/id/source/s003"' in page


def test_decree_page(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/legal/nd-cp-116-2016")
    assert "116/2016/ND-CP" in page
    assert 'href="/def/Decree" lang="en">decree</a>' in page
    assert 'href="/id/source/s000"' in page


def test_source_page_lists_what_it_reports(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/source/s000")
    assert "reports" in page and 'href="/id/legal/nd-cp-116-2016"' in page
    assert '<table class="observations">' in page and "3.36\u00a0%" in page


def test_inferred_fact_is_shown_with_its_reason(web_client: FlaskClient) -> None:
    page = html(web_client, "/id/district/van-quan")
    assert 'id="inferred-part-of"' in page
    assert "Văn Quan is a district of Lạng Sơn." in page


def test_class_page_documents_the_term(web_client: FlaskClient) -> None:
    page = html(web_client, "/def/Province")
    assert "A province or centrally-governed city." in page
    assert 'href="/def/AdministrativeUnit" lang="en">administrative unit</a>' in page
    assert "<li>2 instances</li>" in page
    assert 'href="/id/province/phu-tho" lang="vi">Phú Thọ</a>' in page


def test_property_page_shows_domain_range_and_usage(web_client: FlaskClient) -> None:
    page = html(web_client, "/def/partOf")
    assert "domain" in page and "range" in page
    assert "<li>3 resources use this property</li>" in page


def test_indicator_concept_page_tables_its_observations(web_client: FlaskClient) -> None:
    page = html(web_client, "/def/indicator/poverty-rate")
    assert "taux de pauvreté" in page
    assert page.count('<tr class="achieved">') == 2


def test_vocabulary_index_and_ontology_as_rdf(web_client: FlaskClient) -> None:
    page = html(web_client, "/def/")
    assert 'href="/def/Province"' in page and "Concepts: indicators" in page
    response = web_client.get("/def/", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (rdflib.URIRef(BASE + "def/Province"), RDFS.subClassOf, None) in graph


def test_graph_page_lists_its_subjects(web_client: FlaskClient) -> None:
    page = html(web_client, "/graph/source/s000")
    assert 'href="/id/observation/ls-poverty-rate-2021"' in page
    assert 'href="/id/source/s000"' in page


def test_graph_as_rdf_is_its_triples(web_client: FlaskClient) -> None:
    response = web_client.get("/graph/source/s003.nt")
    graph = rdflib.Graph().parse(data=response.data, format="nt")
    source = rdflib.URIRef(BASE + "id/source/s003")
    assert response.status_code == 200 and (source, None, None) in graph
    assert (rdflib.URIRef(LANG_SON), None, None) not in graph


def test_graph_index_lists_the_named_graphs(web_client: FlaskClient) -> None:
    page = html(web_client, "/graph/")
    for name in ("ontology", "reference", "source/s000", "source/s003"):
        assert f'href="/graph/{name}"' in page


@pytest.mark.parametrize(
    "path",
    ["/id/province/atlantis", "/def/Nothing", "/graph/nothing", "/id/a%20b", "/def/a%7Bb"],
)
def test_unknown_iri_is_a_404_page(web_client: FlaskClient, path: str) -> None:
    page = html(web_client, path, status=404)
    assert "Not found" in page


@pytest.mark.parametrize(
    ("accept", "suffix", "parser"), RDF_FORMATS, ids=[f[1] for f in RDF_FORMATS]
)
def test_unknown_iri_asked_as_rdf_is_the_one_error_body(
    web_client: FlaskClient, accept: str, suffix: str, parser: str
) -> None:
    """Not an empty graph (`[]` for JSON-LD): the documented error, JSON for a JSON type."""
    for response in (
        web_client.get("/id/province/atlantis", headers={"Accept": accept}),
        web_client.get(f"/id/province/atlantis.{suffix}", headers={"Accept": accept}),
    ):
        assert response.status_code == 404
        if accept.endswith("json"):
            assert response.json["error"]["reason"] == "not-found"  # type: ignore[index]
        else:
            assert response.text.startswith("404 not-found: nothing is known about <")


def test_unacceptable_media_type_is_406(web_client: FlaskClient) -> None:
    response = web_client.get("/id/province/lang-son", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_search_json_links_resolve(web_client: FlaskClient) -> None:
    body = json.loads(web_client.get("/search?q=lang son&format=json").data)
    href = body["results"][0]["href"]
    assert web_client.get(href, headers={"Accept": HTML}).status_code == 200


@pytest.mark.slow
def test_an_observation_page_says_where_its_source_states_it(bundled_store: Path) -> None:
    client = create_app(bundled_store, test_config={"TESTING": True}).test_client()
    url = "/id/observation/s002-qn-poverty-target-years-ahead"
    page = client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<dt>Where stated</dt>" in page
    assert "characters 810–1016 of" in page and "written “trois”" in page
    assert '<a href="/id/source/s002">the article</a>' in page
