"""What the emitter writes for each kind of record, checked through SPARQL on the test store."""

from __future__ import annotations

from pathlib import Path

import pytest
from vnkg.graph import store
from vnkg.graph.emit.vocab import PREFIXES

KINDS = ("country", "province", "district", "observation", "period", "legal")
KINDS += ("programme", "organisation", "source", "activity")
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items()) + "".join(
    f"PREFIX {kind}: <https://w3id.org/vnkg/id/{kind}/>\n" for kind in KINDS
)


@pytest.fixture(scope="module")
def graph(test_store: Path) -> store.GraphStore:
    return store.GraphStore.open(test_store)


def ask(graph: store.GraphStore, pattern: str) -> bool:
    return bool(graph.query(PROLOGUE + f"ASK {{ {pattern} }}"))


def rows(graph: store.GraphStore, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in graph.query(PROLOGUE + query)]


def test_place_labels_and_containment(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        '<https://w3id.org/vnkg/id/province/lang-son> skos:prefLabel "Lạng Sơn"@vi ; skos:altLabel "Lang Son" ; vnkg:partOf <https://w3id.org/vnkg/id/country/vietnam>',
    )
    assert ask(
        graph,
        "<https://w3id.org/vnkg/id/province/lang-son> a vnkg:Province, schema:AdministrativeArea, geo:Feature",
    )


def test_observation_is_a_full_data_cube_observation(graph: store.GraphStore) -> None:
    found = rows(
        graph,
        """
        SELECT ?value ?unit ?status ?qualifier ?period ?source ?g WHERE {
          GRAPH ?g { observation:t001-credit sdmx-measure:obsValue ?value ;
             sdmx-attribute:unitMeasure ?unit ; vnkg:status ?status ; vnkg:qualifier ?qualifier ;
             sdmx-dimension:refPeriod ?period ; prov:wasDerivedFrom ?source ;
             sdmx-dimension:refArea province:lang-son ; vnkg:indicator ind:preferential-credit-volume ;
             vnkg:organisation organisation:vbsp } }""",
    )
    assert found == [
        (
            "4459000000000",
            "https://w3id.org/vnkg/def/unit/vnd",
            "https://w3id.org/vnkg/def/Achieved",
            "https://w3id.org/vnkg/def/MoreThan",
            "https://w3id.org/vnkg/id/period/2021-2024",
            "https://w3id.org/vnkg/id/source/t001",
            "https://w3id.org/vnkg/graph/source/t001",
        )
    ]


def test_range_target_keeps_both_bounds(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        "observation:t001-target-2025 sdmx-measure:obsValue 2.0 ; vnkg:maxValue 2.5 ; vnkg:status vnkg:Target ; vnkg:qualifier vnkg:Range",
    )


def test_periods_are_owl_time(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        'period:2021-2024 a time:ProperInterval ; time:hasBeginning/time:inXSDDate "2021-01-01"^^xsd:date ; time:hasEnd/time:inXSDDate "2024-12-31"^^xsd:date ; vnkg:startYear "2021"^^xsd:gYear',
    )
    assert ask(graph, 'period:2024-12-31 a time:Instant ; time:inXSDDate "2024-12-31"^^xsd:date')


def test_inferred_aspects_sit_on_the_record_with_their_reason(graph: store.GraphStore) -> None:
    assert rows(
        graph,
        """SELECT ?aspect ?reason WHERE { district:van-quan vnkg:inference ?i .
        ?i a vnkg:Inference ; vnkg:aspect/skos:notation ?aspect ; rdfs:comment ?reason }""",
    ) == [("part_of", "Test: the article names the district only.")]
    assert rows(
        graph,
        """SELECT ?aspect WHERE { observation:t001-district-spread vnkg:inference/vnkg:aspect ?aspect }""",
    ) == [("https://w3id.org/vnkg/def/aspect/place",)]
    # one pattern tells stated facts from inferred ones
    stated = rows(
        graph,
        """SELECT ?o WHERE { ?o a qb:Observation FILTER NOT EXISTS { ?o vnkg:inference ?i } }""",
    )
    assert ("https://w3id.org/vnkg/id/observation/t001-poverty-2021",) in stated
    assert ("https://w3id.org/vnkg/id/observation/t001-district-spread",) not in stated


def test_evidence_is_a_web_annotation_selector(graph: store.GraphStore) -> None:
    assert rows(
        graph,
        """SELECT ?start ?end ?figure WHERE { observation:t001-poverty-2021 vnkg:evidence ?e .
        ?e a oa:SpecificResource ; oa:hasSource source:t001 ; oa:hasSelector ?s .
        ?s a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ;
           oa:refinedBy [ a oa:TextQuoteSelector ; oa:exact ?figure ] }""",
    ) == [("76", "132", "12.2%")]
    # an activity without a figure has the position only
    assert ask(graph, "activity:t001-roads vnkg:evidence/oa:hasSelector/oa:end 592")
    assert not ask(graph, "activity:t001-roads vnkg:evidence/oa:hasSelector/oa:refinedBy ?q")


def test_undated_figure_is_as_of_its_source(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        """observation:t001-near-poverty-undated vnkg:asOfSource true ;
        sdmx-dimension:refPeriod period:as-of-t001 .
        period:as-of-t001 a time:Instant ; time:inXSDDate "2025-03-01"^^xsd:date ;
        rdfs:label "as of source t001 (2025-03-01)" .
        source:t001 dcterms:issued "2025-03-01"^^xsd:date""",
    )
    assert not ask(graph, "observation:t001-poverty-2021 vnkg:asOfSource ?x")


def test_spread_is_no_value_of_the_place(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        """observation:t001-district-spread vnkg:spreadMin 0.5 ; vnkg:spreadMax 3.0 ;
        vnkg:spreadOver "districts"@en ; sdmx-dimension:refArea province:lang-son ;
        vnkg:place district:van-quan""",
    )
    assert not ask(graph, "observation:t001-district-spread sdmx-measure:obsValue ?v")


def test_activity_status_roles_recipients_and_items(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        """activity:t001-credit vnkg:activityStatus vnkg:ActivityAchieved ;
        vnkg:lentBy organisation:vbsp ; vnkg:recipients ?r .
        ?r a vnkg:RecipientGroup ; rdfs:label "poor households"@en ; vnkg:count 1200.0""",
    )
    assert rows(
        graph,
        """SELECT ?support WHERE { activity:t001-roads vnkg:activityStatus vnkg:ActivityPlanned ;
        vnkg:fundedBy organisation:government ; vnkg:itemGiven "roads"@en ;
        vnkg:supportType/skos:notation ?support } ORDER BY ?support""",
    ) == [("infrastructure",), ("vocational_training",)]


def test_fact_reported_by_two_sources_is_kept_twice(graph: store.GraphStore) -> None:
    found = rows(
        graph,
        """SELECT ?g WHERE { GRAPH ?g { ?o vnkg:indicator ind:poverty-rate ;
        sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod period:2021 ; sdmx-measure:obsValue 12.2 } } ORDER BY ?g""",
    )
    assert found == [
        ("https://w3id.org/vnkg/graph/source/t001",),
        ("https://w3id.org/vnkg/graph/source/t002",),
    ]


def test_legal_document_is_eli(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        'legal:nd-cp-116-2016 a eli:LegalResource ; eli:id_local "116/2016/ND-CP" ; eli:type_document vnkg:Decree ; eli:passed_by organisation:government ; vnkg:year "2016"^^xsd:gYear',
    )
    assert ask(
        graph,
        "programme:ntp-poverty vnkg:legalBasis legal:nd-cp-116-2016 ; a vnkg:NationalTargetProgramme",
    )


def test_source_record_and_posts(graph: store.GraphStore) -> None:
    assert ask(
        graph,
        'source:t001 a schema:NewsArticle ; schema:url <https://example.org/t001> ; dcterms:language "en"^^xsd:language',
    )
    assert ask(graph, "source:t002 vnkg:urlNote ?note")
    assert ask(
        graph,
        '?m a org:Membership ; org:member/foaf:name "Duong Van Huyen" ; org:organization organisation:government ; org:role/skos:prefLabel ?r',
    )
    assert ask(
        graph,
        "activity:t001-credit vnkg:supportType <https://w3id.org/vnkg/def/support/credit> ; vnkg:lentBy organisation:vbsp ; vnkg:legalBasis legal:nd-cp-116-2016",
    )


def test_caption_figures_are_flagged(graph: store.GraphStore) -> None:
    assert ask(graph, "observation:t001-van-quan vnkg:inCaption true ; vnkg:qualifier vnkg:About")
