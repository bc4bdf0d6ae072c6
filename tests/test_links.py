"""Link quads: gazetteer graph, codes, 2025 successors, Wikidata/GeoNames, VoID, queries."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, QuerySolutions
from vnkg.graph import resources
from vnkg.graph.annotations.records import Annotations, Place, PlaceKind
from vnkg.graph.cli import main
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.reference import emit
from vnkg.graph.errors import Location
from vnkg.graph.linking.links import link_quads, link_report, statements
from vnkg.graph.store import GraphStore

BASE = "https://w3id.org/vnkg/"
P = PlaceKind
# Expected identifiers: /work/shared/reference/external-ids.md.
EXTERNAL = {
    "country/vietnam": ("Q881", "1562822"),
    "province/lang-son": ("Q33403", "1576632"),
    "province/phu-tho": ("Q36610", "1905577"),
    "province/quang-ninh": ("Q33396", "1568758"),
    "province/cao-bang": ("Q36865", "1586182"),
    "province/thai-nguyen": ("Q26575", "1905497"),
    "province/son-la": ("Q33379", "1567643"),
}
PLACES = [
    ("vietnam", P.COUNTRY, "Việt Nam", None),
    ("phu-tho", P.PROVINCE, "Phú Thọ", "vietnam"),
    ("bac-kan", P.PROVINCE, "Bắc Kạn", "vietnam"),
    ("lang-son", P.PROVINCE, "Lạng Sơn", "vietnam"),
    ("son-la", P.PROVINCE, "Sơn La", "vietnam"),
    ("mai-son", P.DISTRICT, "Mai Sơn", "son-la"),
    ("cam-khe", P.DISTRICT, "Cẩm Khê", "phu-tho"),
    ("chieng-chung-mai-son", P.COMMUNE, "Chiềng Chung", "mai-son"),
    ("ta-xa", P.COMMUNE, "Tạ Xá", "cam-khe"),
]


def annotations() -> Annotations:
    return Annotations(
        places=tuple(
            Place(
                id=i,
                loc=Location("places.yaml", n + 1),
                kind=k,
                name={"vi": vi},
                part_of=up,
                sources=("s1",),
            )
            for n, (i, k, vi, up) in enumerate(PLACES)
        )
    )


@functools.cache
def graph_of(gazetteer: bool) -> GraphStore:
    data = annotations()
    quads = list(emit(data, Iris()))
    links = link_quads(data, Iris(), stated=statements(quads), gazetteer=gazetteer)
    return GraphStore.in_memory(itertools.chain(quads, links))


@pytest.fixture(scope="module", params=[True, False], ids=["gazetteer", "no-gazetteer"])
def graph(request: pytest.FixtureRequest) -> GraphStore:
    return graph_of(request.param)


@pytest.fixture(scope="module")
def full() -> GraphStore:
    return graph_of(True)


def rows(graph: GraphStore, sparql: str) -> list[dict[str, str]]:
    result = graph.query(sparql)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def named_query(name: str) -> str:
    return (resources.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def code_of(graph: GraphStore, iri: str, datatype: str) -> list[str]:
    query = f"""SELECT ?c WHERE {{ <{BASE}id/{iri}> <http://www.w3.org/2004/02/skos/core#notation> ?c
                FILTER (DATATYPE(?c) = <https://w3id.org/vnkg/def/{datatype}>) }}"""
    return [r["c"] for r in rows(graph, query)]


def test_article_places_carry_their_codes(graph: GraphStore) -> None:
    assert code_of(graph, "province/phu-tho", "gsoCode") == ["25"]
    assert code_of(graph, "province/phu-tho", "iso3166-2Code") == ["VN-68"]
    assert code_of(graph, "district/mai-son", "gsoCode") == ["125"]
    assert code_of(graph, "commune/chieng-chung-mai-son", "gsoCode") == ["04129"]
    assert code_of(graph, "commune/ta-xa", "gsoCode") == []


def test_external_links_query_lists_wikidata_and_geonames(full: GraphStore) -> None:
    found = {(r["entity"], r["external"]) for r in rows(full, named_query("external-links"))}
    for local, (wikidata, geonames) in EXTERNAL.items():
        assert (f"{BASE}id/{local}", f"http://www.wikidata.org/entity/{wikidata}") in found
        assert (f"{BASE}id/{local}", f"https://sws.geonames.org/{geonames}/") in found


def test_reform_query_gives_successors_with_codes(graph: GraphStore) -> None:
    found = rows(graph, named_query("reform-successors"))
    by_unit = {(r["unit"].removeprefix(BASE), r["successor"].removeprefix(BASE)): r for r in found}
    phu_tho = by_unit["id/province/phu-tho", "id/province-2025/phu-tho"]
    assert (phu_tho["successorCode"], phu_tho["validUntil"], phu_tho["validFrom"]) == (
        "25",
        "2025-06-30",
        "2025-07-01",
    )
    assert by_unit["id/province/bac-kan", "id/province-2025/thai-nguyen"]["successorCode"] == "19"
    mai_son = [r for (u, _), r in by_unit.items() if u == "id/district/mai-son"]
    assert len(mai_son) > 1
    assert {(r["provinceName"], r["provinceCode"]) for r in mai_son} == {("Sơn La", "14")}
    assert by_unit["id/district/mai-son", "id/commune-2025/chieng-mai"]["successorCode"] == "04132"
    assert not any(u == "id/province/lang-son" for u, _ in by_unit)


def test_schema_and_geosparql_terms_alone_find_the_provinces(full: GraphStore) -> None:
    query = """PREFIX schema: <https://schema.org/>
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT DISTINCT ?p WHERE { ?p a schema:AdministrativeArea, geo:Feature ;
                                    geo:hasGeometry/geo:asWKT ?wkt }"""
    found = {r["p"] for r in rows(full, query)}
    assert {f"{BASE}id/{k}" for k in EXTERNAL if k.startswith("province/")} <= found
    assert len(found) > 10_000


def test_gazetteer_graph_holds_every_legacy_province(full: GraphStore) -> None:
    query = f"""PREFIX vnkg: <https://w3id.org/vnkg/def/>
        SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          GRAPH <{BASE}graph/gazetteer> {{ ?p <http://www.w3.org/2004/02/skos/core#notation> ?iso }}
          ?p a vnkg:Province FILTER (DATATYPE(?iso) = vnkg:iso3166-2Code) }}"""
    assert rows(full, query) == [{"n": "63"}]


def test_geometry_is_an_approximate_wkt_point(full: GraphStore) -> None:
    query = f"""PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT ?wkt ?approx WHERE {{ <{BASE}id/province/lang-son> geo:hasGeometry ?g .
        ?g geo:asWKT ?wkt ; <https://w3id.org/vnkg/def/approximate> ?approx }}"""
    [row] = rows(full, query)
    lon, lat = map(float, row["wkt"].removeprefix("POINT(").removesuffix(")").split())
    assert 106 < lon < 107.5 and 21 < lat < 22.5
    assert row["approx"] == "true"


def test_plain_name_finds_the_unit(full: GraphStore) -> None:
    query = """SELECT ?p WHERE { ?p <http://www.w3.org/2004/02/skos/core#altLabel> "Lang Son" }"""
    assert f"{BASE}id/province/lang-son" in {r["p"] for r in rows(full, query)}


def test_void_linksets_count_their_links(graph: GraphStore) -> None:
    query = """PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?n (COUNT(?x) AS ?links) WHERE {
          ?set a void:Linkset ; void:triples ?n ; void:objectsTarget/void:uriSpace ?space ;
               void:linkPredicate <http://www.w3.org/2004/02/skos/core#exactMatch> .
          ?x <http://www.w3.org/2004/02/skos/core#exactMatch> ?external
          FILTER STRSTARTS(STR(?external), ?space) } GROUP BY ?set ?n"""
    found = rows(graph, query)
    assert len(found) == 2
    assert all(r["n"] == r["links"] and int(r["n"]) >= 4 for r in found)


def test_no_gazetteer_switch_leaves_the_graph_out() -> None:
    data = annotations()
    quads = list(link_quads(data, Iris(), stated=statements(emit(data, Iris())), gazetteer=False))
    graphs = {q.graph_name for q in quads}
    assert graphs == {NamedNode(f"{BASE}graph/links")}
    assert len(quads) < 2_000


def test_report_counts_links_and_lists_unresolved_places() -> None:
    report = link_report(annotations())
    assert report.counts["province"] == {
        "places": 4,
        "gazetteer": 4,
        "GSO code": 4,
        "ISO 3166": 4,
        "Wikidata": 3,
        "GeoNames": 3,
        "replaced 2025": 2,
    }
    assert [r.place.id for r in report.unlinked] == ["ta-xa"]
    assert report.lines()[-1] == (
        "places.yaml:9:1: unresolved commune 'ta-xa' (Tạ Xá): "
        "no commune named 'Tạ Xá' in Huyện Cẩm Khê in the legacy gazetteer"
    )


PLACES_YAML = """places:
  - id: vietnam
    kind: country
    name: {vi: Việt Nam}
  - id: phu-tho
    kind: province
    name: {vi: Phú Thọ}
    part_of: vietnam
    sources: [s1]
  - id: cam-khe
    kind: district
    name: {vi: Cẩm Khê}
    part_of: phu-tho
    sources: [s1]
  - id: ta-xa
    kind: commune
    name: {vi: Tạ Xá}
    part_of: cam-khe
    sources: [s1]
    unresolved: Not in the legacy gazetteer.
"""


SOURCE_YAML = """source:
  id: s1
  file: s1.txt
  title: {en: A test article}
  publisher: Test
  url_note: A test article has no link.
  language: en
  about: [phu-tho]
"""


@pytest.fixture
def places_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seeds directory holding only a places list, with the working directory beside it."""
    (tmp_path / "seeds" / "reference").mkdir(parents=True)
    (tmp_path / "seeds" / "sources").mkdir()
    (tmp_path / "seeds" / "reference" / "places.yaml").write_text(PLACES_YAML, encoding="utf-8")
    (tmp_path / "seeds" / "sources" / "s1.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "seeds"


def test_links_command_reports_counts_and_unlinked_places(
    places_only: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["links", "--seeds", "seeds"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "province: 1 places, 1 gazetteer, 1 GSO code, 1 ISO 3166, 1 Wikidata, 1 GeoNames, "
        "1 replaced 2025" in lines
    )
    assert lines[-1] == (
        "seeds/reference/places.yaml:15:5: unresolved commune 'ta-xa' (Tạ Xá): "
        "Not in the legacy gazetteer."
    )


def test_build_without_gazetteer_still_answers_the_reform_query(
    places_only: Path, runner: CliRunner
) -> None:
    built = runner.invoke(
        main, ["build", "--seeds", "seeds", "--store", "st", "--skip-shacl", "--no-gazetteer"]
    )
    assert built.exit_code == 0, built.output
    query = "@" + str(resources.queries_dir() / "reform-successors.rq")
    result = runner.invoke(main, ["query", "--store", "st", "--format", "csv", query])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["unit"], r["successorCode"]) for r in rows if r["kind"].endswith("Province")} == {
        (f"{BASE}id/province/phu-tho", "25")
    }
    assert {r["provinceCode"] for r in rows if r["unit"].endswith("/district/cam-khe")} == {"25"}
    ask = f"ASK {{ GRAPH <{BASE}graph/gazetteer> {{ ?s ?p ?o }} }}"
    empty = runner.invoke(main, ["query", "--store", "st", ask])
    assert json.loads(empty.stdout)["boolean"] is False


def test_no_triple_is_stated_twice(graph: GraphStore) -> None:
    query = f"""SELECT ?s ?p ?o ?g WHERE {{ GRAPH <{BASE}graph/reference> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{BASE}graph/reference>) }}"""
    assert rows(graph, query) == []
    labels = f"""SELECT ?l WHERE {{ <{BASE}id/province/phu-tho>
        <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}"""
    assert [r["l"] for r in rows(graph, labels)] == ["Phú Thọ"]
