"""Contract tests of the ontology files: syntax, declarations, code lists, units, SHACL shapes."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib
from pyshacl.entrypoints import meta_validate
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.collection import Collection
from vnkg.graph import pipeline, resources
from vnkg.graph.annotations import records
from vnkg.graph.emit import terms, vocab
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.ontology import ontology_quads, vocabulary
from vnkg.graph.emit.statements import aspect as aspect_concept
from vnkg.graph.linking.links import link_quads, statements

ONTOLOGY = Path(str(files("vnkg.ontology")))
DOCS = Path(__file__).parent.parent / "docs" / "model.md"
TEST_SEEDS = Path(__file__).parent / "data" / "seeds"
VNKG = rdflib.Namespace("https://w3id.org/vnkg/def/")
IND = rdflib.Namespace(VNKG + "indicator/")
UNIT = rdflib.Namespace(VNKG + "unit/")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
TERM_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
TERM_TYPES += (RDFS.Datatype, OWL.AnnotationProperty, QB.DataStructureDefinition)
TERM_TYPES += (QB.DimensionProperty, QB.MeasureProperty, QB.AttributeProperty)
LABEL_LANGS = {"en", "fr", "vi"}
FILES = ("indicators.ttl", "schemes.ttl", "shapes.ttl", "units.ttl", "vnkg.ttl")
# Units the curated indicators need at least.
UNIT_TOKENS = ("percent", "percentage_point", "percentage_point_per_year", "vnd", "household")
UNIT_TOKENS += ("person", "card", "job", "house", "tonne", "commune", "project", "model")
UNIT_TOKENS += ("water_works", "objective", "year", "ratio", "school", "member", "village")
KINDS = ("country", "province", "district", "commune", "organisation", "legal", "programme")
KINDS += ("period",)
KINDS += ("instant", "source", "observation", "activity", "membership", "person", "role", "dataset")
ENUMS: list[tuple[type[enum.Enum], str, Callable[..., pyoxigraph.NamedNode]]] = [
    (records.Status, "Statuses", terms.concept),
    (records.Qualifier, "Qualifiers", terms.concept),
    (records.LegalType, "LegalDocumentTypes", terms.legal_type),
    (records.OrgKind, "OrganisationTypes", terms.org_type),
    (records.SupportType, "SupportTypes", terms.support_type),
    (records.ActivityStatus, "ActivityStatuses", terms.activity_status),
    (records.Aspect, "Aspects", lambda a: aspect_concept(a.value)),
]


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    """Every ontology file except the shapes, in one graph."""
    graph = rdflib.Graph()
    for name in FILES:
        if name != "shapes.ttl":
            graph.parse(ONTOLOGY / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def langs(graph: rdflib.Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def test_the_ontology_folder_holds_exactly_the_expected_files() -> None:
    assert sorted(p.name for p in ONTOLOGY.glob("*.ttl")) == list(FILES)


@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_file_parses_alike_with_rdflib_and_pyoxigraph(name: str) -> None:
    by_rdflib = rdflib.Graph().parse(ONTOLOGY / name, format="turtle")
    by_oxigraph = list(pyoxigraph.parse(path=ONTOLOGY / name, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(by_rdflib) == len(by_oxigraph) > 100


def test_vocabulary_has_no_blank_nodes(ontology: rdflib.Graph) -> None:
    """Builds must be byte-identical, and a parser renames blank nodes on every load."""
    nodes = {n for triple in ontology for n in triple if isinstance(n, rdflib.BNode)}
    assert len(ontology) > 1000 and not nodes


def test_shapes_conform_to_the_shacl_shapes_for_shacl(shapes: rdflib.Graph) -> None:
    conforms, _, text = meta_validate(shapes, inference=None)
    assert conforms, text


def test_ontology_header(ontology: rdflib.Graph) -> None:
    node = URIRef(str(VNKG))
    expected = {
        RDF.type: OWL.Ontology,
        OWL.versionInfo: Literal("0.1.0"),
        OWL.versionIRI: URIRef(VNKG + "0.1.0"),
        VANN.preferredNamespacePrefix: Literal("vnkg"),
        DCTERMS.license: URIRef("https://creativecommons.org/licenses/by/4.0/"),
        DCTERMS.creator: Literal("vnkg contributors"),
    }
    assert all((node, p, o) in ontology for p, o in expected.items())
    assert langs(ontology, node, DCTERMS.title) == langs(ontology, node, RDFS.label) == LABEL_LANGS
    assert "en" in langs(ontology, node, DCTERMS.description)


def own_terms(graph: rdflib.Graph) -> set[URIRef]:
    """Classes, properties and datatypes whose IRI is in the vnkg namespace."""
    typed = {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)}
    return {s for s in typed if isinstance(s, URIRef) and str(s).startswith(str(VNKG))}


def test_every_own_term_has_labels_comment_and_definer(ontology: rdflib.Graph) -> None:
    found = own_terms(ontology)
    assert {VNKG.Province, VNKG.partOf, VNKG.gsoCode, VNKG.indicator, VNKG.dsd} <= found
    for term in sorted(found):
        assert langs(ontology, term, RDFS.label) >= LABEL_LANGS, term
        assert "en" in langs(ontology, term, RDFS.comment), term
        assert (term, RDFS.isDefinedBy, URIRef(str(VNKG))) in ontology, term


def declared(graph: rdflib.Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, None)}


def test_every_vnkg_term_of_the_model_page_and_queries_is_declared(ontology: rdflib.Graph) -> None:
    texts = [DOCS.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ONTOLOGY / "queries").glob("*.rq"))]
    names = {m for text in texts for m in re.findall(r"\bvnkg:([A-Za-z][\w-]*[\w])", text)}
    inds = {m for text in texts for m in re.findall(r"\bind:([a-z][\w-]*[\w])", text)}
    missing = {f"vnkg:{n}" for n in names if str(VNKG[n]) not in declared(ontology)}
    missing |= {f"ind:{n}" for n in inds if str(IND[n]) not in declared(ontology)}
    assert len(names) > 40 and not missing


def test_every_vnkg_term_the_emitter_and_linker_write_is_declared(ontology: rdflib.Graph) -> None:
    loaded = pipeline.load(TEST_SEEDS, Iris())
    reference, sources = pipeline.annotation_quads(loaded)
    quads = [
        *reference,
        *sources,
        *link_quads(loaded.annotations, Iris(), stated=statements(reference), gazetteer=False),
    ]
    used = set()
    for quad in quads:
        terms_ = (quad.predicate, quad.object, getattr(quad.object, "datatype", None))
        used |= {t.value for t in terms_ if isinstance(t, pyoxigraph.NamedNode)}
    used = {iri for iri in used if iri.startswith(str(VNKG))}
    assert len(used) > 30 and used - declared(ontology) == set()


@pytest.mark.parametrize(("kind", "scheme", "mint"), ENUMS, ids=[e[0].__name__ for e in ENUMS])
def test_each_enum_value_is_exactly_one_concept_of_its_scheme(
    ontology: rdflib.Graph, kind: type[enum.Enum], scheme: str, mint: Callable
) -> None:
    members = set(ontology.subjects(SKOS.inScheme, VNKG[scheme]))
    for value in kind:
        found = [c for c in members if (c, SKOS.notation, Literal(value.value)) in ontology]
        assert [str(c) for c in found] == [mint(value).value], value
    assert len(members) == len(kind)


def test_shacl_lists_of_status_and_qualifier_match_their_schemes(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    for path, scheme in ((VNKG.status, VNKG.Statuses), (VNKG.qualifier, VNKG.Qualifiers)):
        shape = next(shapes.subjects(SH.path, path))
        listed = set(Collection(shapes, shapes.value(shape, SH["in"])))
        assert listed == set(ontology.subjects(SKOS.inScheme, scheme))


def test_every_indicator_is_complete(ontology: rdflib.Graph) -> None:
    units = rdflib.Graph().parse(ONTOLOGY / "units.ttl", format="turtle")
    indicators = set(ontology.subjects(RDF.type, VNKG.Indicator))
    assert len(indicators) >= 54
    for ind in indicators:
        for predicate in (SKOS.prefLabel, SKOS.definition):
            assert {"en", "fr"} <= langs(ontology, ind, predicate), (ind, predicate)
        assert "vi" in langs(ontology, ind, SKOS.prefLabel), ind
        assert [str(n) for n in ontology.objects(ind, SKOS.notation)] == [str(ind)[len(IND) :]]
        assert (ind, SKOS.inScheme, VNKG.Indicators) in ontology
        (unit,) = ontology.objects(ind, VNKG.unit)
        assert (unit, RDF.type, VNKG.Unit) in units, (ind, unit)
        # one broader group, itself a top group or a narrower group of one
        (group,) = ontology.objects(ind, SKOS.broader)
        top = ontology.value(group, SKOS.broader) or group
        assert (top, SKOS.topConceptOf, VNKG.Indicators) in ontology, (ind, group)
        assert (group, RDF.type, VNKG.Indicator) not in ontology


def test_every_concept_scheme_and_indicator_has_one_preferred_label_per_language(
    ontology: rdflib.Graph,
) -> None:
    """Search and the pages name every concept in the reader's language (SKOS: one prefLabel
    per language); own classes and properties are named by rdfs:label, checked above."""
    concepts = {*ontology.subjects(RDF.type, SKOS.Concept)}
    concepts |= {*ontology.subjects(RDF.type, SKOS.ConceptScheme)}
    concepts |= {*ontology.subjects(RDF.type, VNKG.Indicator)}
    assert len(concepts) > 150
    for concept in concepts:
        found = [o.language for o in ontology.objects(concept, SKOS.prefLabel)]
        assert set(found) >= LABEL_LANGS and len(found) == len(set(found)), concept
    for unit in ontology.subjects(RDF.type, VNKG.Unit):
        assert "vi" in langs(ontology, unit, RDFS.label), unit
    vietnamese = {
        "poverty-rate": "tỷ lệ hộ nghèo",
        "near-poverty-rate": "tỷ lệ hộ cận nghèo",
        "poor-households": "số hộ nghèo",
    }
    for token, label in vietnamese.items():
        assert (IND[token], SKOS.prefLabel, Literal(label, lang="vi")) in ontology


def test_aggregate_questions_need_one_group_concept(ontology: rdflib.Graph) -> None:
    """ "Housing support" and "poverty level" are concepts: one skos:broader+ path, no union."""
    query = """SELECT ?ind WHERE { ?ind a vnkg:Indicator ; skos:broader+ ?group }"""
    ns = {"vnkg": VNKG, "skos": SKOS}
    housing = {
        r.ind
        for r in ontology.query(query, initNs=ns, initBindings={"group": IND["housing-support"]})
    }
    assert IND["new-houses-for-poor"] in housing and IND["households-supported-housing"] in housing
    level = {
        r.ind
        for r in ontology.query(query, initNs=ns, initBindings={"group": IND["poverty-level"]})
    }
    assert level == {
        IND[t]
        for t in (
            "poverty-rate",
            "near-poverty-rate",
            "multidimensional-poverty-rate",
            "poor-households",
        )
    }
    # the narrower groups are still poverty and housing
    poverty = {r.ind for r in ontology.query(query, initNs=ns, initBindings={"group": IND.poverty})}
    assert level < poverty


# The SDG KOS identifiers verified in ../shared/reference/external-ids.md; no other may be used.
SDG_VERIFIED = {
    f"http://metadata.un.org/sdg/{code}"
    for code in ("1", "1.2", "C010201", "C010202", "1.3", "C010301")
}


def test_indicators_align_with_verified_sdg_identifiers_only(ontology: rdflib.Graph) -> None:
    used = {
        str(o)
        for p in (
            SKOS.exactMatch,
            SKOS.closeMatch,
            SKOS.broadMatch,
            SKOS.narrowMatch,
            SKOS.relatedMatch,
        )
        for o in ontology.objects(None, p)
        if str(o).startswith("http://metadata.un.org/")
    }
    assert used and used <= SDG_VERIFIED
    sdg = "http://metadata.un.org/sdg/"
    assert (IND["poverty-rate"], SKOS.closeMatch, URIRef(sdg + "C010202")) in ontology
    assert (IND["health-insurance-coverage"], SKOS.broadMatch, URIRef(sdg + "C010301")) in ontology
    assert not list(ontology.triples((None, SKOS.exactMatch, URIRef(sdg + "C010202"))))
    assert "households" in str(ontology.value(IND["poverty-rate"], SKOS.note))


def test_indicator_blocks_are_in_alphabetical_order() -> None:
    text = (ONTOLOGY / "indicators.ttl").read_text(encoding="utf-8")
    tokens = re.findall(r"^ind:(\S+) a vnkg:Indicator\b", text, flags=re.M)
    assert len(tokens) >= 54 and tokens == sorted(tokens)


def test_units_have_tokens_labels_and_verified_matches(ontology: rdflib.Graph) -> None:
    units = set(ontology.subjects(RDF.type, VNKG.Unit))
    assert {UNIT[t] for t in UNIT_TOKENS} <= units
    for unit in units:
        assert Literal(str(unit)[len(UNIT) :]) in set(ontology.objects(unit, SKOS.notation))
        assert {"en", "fr"} <= langs(ontology, unit, RDFS.label)
        for match in ontology.objects(unit, SKOS.exactMatch | SKOS.closeMatch):
            assert str(match).startswith(("http://qudt.org/vocab/unit/", "http://www.wikidata"))
    iso = Literal("VND", datatype=VNKG.iso4217Code)
    assert (UNIT.vnd, SKOS.notation, iso) in ontology
    assert (UNIT.vnd, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q192090")) in ontology


def tokens(graph: rdflib.Graph, kind: URIRef) -> set[str]:
    """The plain (token) notations of the instances of `kind`."""
    found = (o for n in graph.subjects(RDF.type, kind) for o in graph.objects(n, SKOS.notation))
    return {str(o) for o in found if isinstance(o, Literal) and o.datatype is None}


def test_the_loader_reads_indicator_and_unit_tokens_as_their_notations(
    ontology: rdflib.Graph,
) -> None:
    loaded = vocabulary(list(ontology_quads(resources.ontology_files(), Iris())))
    assert loaded.indicators == tokens(ontology, VNKG.Indicator)
    assert loaded.units == tokens(ontology, VNKG.Unit)
    assert "poverty" not in loaded.indicators  # a group of the scheme, not an indicator


def test_data_structure_definition(ontology: rdflib.Graph) -> None:
    sdmx = rdflib.Namespace("http://purl.org/linked-data/sdmx/2009/")
    expected = {
        (QB.dimension, QB.DimensionProperty): {sdmx["dimension#refArea"], VNKG.indicator},
        (QB.measure, QB.MeasureProperty): {sdmx["measure#obsValue"]},
        (QB.attribute, QB.AttributeProperty): {VNKG.status, VNKG.qualifier, VNKG.maxValue},
    }
    expected[QB.dimension, QB.DimensionProperty].add(sdmx["dimension#refPeriod"])
    expected[QB.attribute, QB.AttributeProperty].add(sdmx["attribute#unitMeasure"])
    components = list(ontology.objects(VNKG.dsd, QB.component))
    for (role, kind), properties in expected.items():
        assert {ontology.value(c, role) for c in components} - {None} == properties
        assert all((p, RDF.type, kind) in ontology for p in properties)


PREFIXES = "".join(f"@prefix {k}: <{v}> .\n" for k, v in vocab.PREFIXES.items())
PREFIXES += "".join(f"@prefix {k}: <{vocab.VNKG}{k}/> .\n" for k in ("orgtype", "support"))
PREFIXES += f"@prefix aspect: <{vocab.VNKG}aspect/> .\n"
PREFIXES += "".join(f"@prefix {kind}: <https://w3id.org/vnkg/id/{kind}/> .\n" for kind in KINDS)
# One instance of every class the shapes target, as the emitter writes it (test names only).
VALID = """
country:vietnam a vnkg:Country ; skos:prefLabel "Việt Nam"@vi .
province:lang-son a vnkg:Province ; skos:prefLabel "Lạng Sơn"@vi, "Lang Son"@en ;
    vnkg:partOf country:vietnam .
district:van-quan a vnkg:District ; skos:prefLabel "Văn Quan"@vi ;
    vnkg:partOf province:lang-son ; vnkg:inference <https://w3id.org/vnkg/id/district/van-quan#inferred-part-of> .
<https://w3id.org/vnkg/id/district/van-quan#inferred-part-of> a vnkg:Inference ;
    vnkg:aspect aspect:part-of ; rdfs:comment "Test: the article names the district only."@en .
commune:na-pan a vnkg:Commune ; skos:prefLabel "Na Pản"@vi ; vnkg:partOf district:van-quan .
<https://w3id.org/vnkg/id/residential-zone/ban-test> a vnkg:ResidentialZone ;
    skos:prefLabel "Bản Test"@vi ; vnkg:partOf commune:na-pan .
organisation:government a org:Organization ; skos:prefLabel "Government"@en ;
    org:classification orgtype:government .
organisation:vbsp a org:Organization ; skos:prefLabel "Bank"@en ; org:classification orgtype:bank .
legal:nd-cp-116-2016 a vnkg:LegalDocument, eli:LegalResource ; eli:id_local "116/2016/ND-CP" ;
    eli:type_document vnkg:Decree ; vnkg:year "2016"^^xsd:gYear ; eli:passed_by organisation:government .
programme:ntp a vnkg:NationalTargetProgramme, vnkg:Programme ; skos:prefLabel "Programme"@en ;
    vnkg:period period:2021-2025 ; vnkg:legalBasis legal:nd-cp-116-2016 ;
    vnkg:place province:lang-son ; vnkg:coordinatedBy organisation:government .
period:2021-2025 a time:ProperInterval ; rdfs:label "2021–2025" ;
    time:hasBeginning instant:2021-01-01 ; time:hasEnd instant:2025-12-31 ;
    vnkg:startYear "2021"^^xsd:gYear ; vnkg:endYear "2025"^^xsd:gYear .
instant:2021-01-01 a time:Instant ; time:inXSDDate "2021-01-01"^^xsd:date .
instant:2025-12-31 a time:Instant ; time:inXSDDate "2025-12-31"^^xsd:date .
source:t001 a schema:NewsArticle, prov:Entity ; dcterms:title "Test article"@en ;
    dcterms:publisher "Test" ; dcterms:language "en"^^xsd:language ; vnkg:sourceFile "t001.txt" ;
    schema:url <https://example.org/t001> ; schema:about province:lang-son ;
    dcterms:issued "2025"^^xsd:gYear .
source:t002 a schema:NewsArticle ; dcterms:title "Article"@fr ; dcterms:publisher "Test" ;
    dcterms:language "fr"^^xsd:language ; vnkg:sourceFile "t002.txt" ; vnkg:urlNote "No link."@en .
observation:ok a qb:Observation ; qb:dataSet dataset:observations ;
    sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod period:2021-2025 ;
    vnkg:indicator ind:poverty-rate ; sdmx-measure:obsValue 12.2 ; sdmx-attribute:unitMeasure vunit:percent ;
    vnkg:status vnkg:Achieved ; vnkg:qualifier vnkg:Exact ; prov:wasDerivedFrom source:t001 ;
    vnkg:inCaption true ; vnkg:programme programme:ntp ; vnkg:organisation organisation:vbsp ;
    vnkg:evidence <https://w3id.org/vnkg/id/observation/ok#evidence> .
<https://w3id.org/vnkg/id/observation/ok#evidence> a oa:SpecificResource ; oa:hasSource source:t001 ;
    oa:hasSelector <https://w3id.org/vnkg/id/observation/ok#evidence-position> .
<https://w3id.org/vnkg/id/observation/ok#evidence-position> a oa:TextPositionSelector ;
    oa:start "76"^^xsd:integer ; oa:end "132"^^xsd:integer ;
    oa:refinedBy <https://w3id.org/vnkg/id/observation/ok#evidence-figure> .
<https://w3id.org/vnkg/id/observation/ok#evidence-figure> a oa:TextQuoteSelector ; oa:exact "12.2%" .
observation:spread a qb:Observation ; qb:dataSet dataset:observations ;
    sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod period:as-of-t001 ;
    vnkg:asOfSource true ; vnkg:indicator ind:poverty-rate ; vnkg:spreadMin 0.5 ; vnkg:spreadMax 3.0 ;
    vnkg:spreadOver "districts"@en ; vnkg:place district:van-quan ;
    sdmx-attribute:unitMeasure vunit:percent ; vnkg:status vnkg:Achieved ;
    vnkg:qualifier vnkg:OnAverage ; prov:wasDerivedFrom source:t001 .
period:as-of-t001 a time:ProperInterval ; rdfs:label "as of source t001 (2025)" ;
    time:hasBeginning instant:2025-01-01 ; time:hasEnd instant:2025-12-31 ;
    vnkg:startYear "2025"^^xsd:gYear ; vnkg:endYear "2025"^^xsd:gYear .
instant:2025-01-01 a time:Instant ; time:inXSDDate "2025-01-01"^^xsd:date .
observation:range a qb:Observation ; qb:dataSet dataset:observations ;
    sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod instant:2025-12-31 ;
    vnkg:indicator ind:poverty-rate-reduction ; sdmx-measure:obsValue 2.0 ; vnkg:maxValue 2.5 ;
    sdmx-attribute:unitMeasure vunit:percentage_point ; vnkg:status vnkg:Target ;
    vnkg:qualifier vnkg:Range ; prov:wasDerivedFrom source:t002 .
activity:credit a vnkg:SupportActivity, prov:Activity ; vnkg:supportType support:credit ;
    vnkg:supportType support:housing ; vnkg:activityStatus vnkg:ActivityOngoing ;
    vnkg:lentBy organisation:vbsp ; vnkg:mentions organisation:government ; vnkg:place province:lang-son ;
    vnkg:period period:2021-2025 ; vnkg:legalBasis legal:nd-cp-116-2016 ;
    vnkg:recipients <https://w3id.org/vnkg/id/activity/credit#recipients-1> ;
    vnkg:itemGiven "rice"@en ; prov:wasDerivedFrom source:t001 ;
    vnkg:inference <https://w3id.org/vnkg/id/activity/credit#inferred-organisation> .
<https://w3id.org/vnkg/id/activity/credit#recipients-1> a vnkg:RecipientGroup ;
    rdfs:label "poor households"@en ; vnkg:count 1200.0 .
<https://w3id.org/vnkg/id/activity/credit#inferred-organisation> a vnkg:Inference ;
    vnkg:aspect aspect:organisation ; rdfs:comment "Test: the lender is not named."@en .
legal:party-resolution a vnkg:LegalDocument, eli:LegalResource ; eli:type_document vnkg:PartyResolution ;
    eli:title "Resolution of a Party congress"@en .
membership:post a org:Membership ; org:member person:official ; org:role role:chair ;
    org:organization organisation:government ; prov:wasDerivedFrom source:t001 .
person:official a foaf:Person ; foaf:name "Test Official" .
role:chair a org:Role ; skos:prefLabel "Chair"@en .
"""
# Each broken node with the messages it must draw.
BROKEN = {
    "observation/bad": (
        """observation:bad a qb:Observation ; qb:dataSet dataset:observations ;
        sdmx-dimension:refPeriod period:2021-2025 ; vnkg:indicator ind:poverty-rate ;
        sdmx-measure:obsValue 140.0 ; sdmx-attribute:unitMeasure vunit:percent ;
        vnkg:status vnkg:Exact ; vnkg:qualifier vnkg:Range ; prov:wasDerivedFrom source:t001 .""",
        {
            "an observation has exactly one area (sdmx-dimension:refArea), an administrative unit or a region",
            "a value in percent (vunit:percent) must lie between 0 and 100",
            "an observation has exactly one vnkg:status: vnkg:Achieved, vnkg:Target or vnkg:Plan",
            "vnkg:maxValue is given exactly when the qualifier is vnkg:Range",
        },
    ),
    "observation/unit": (
        """observation:unit a qb:Observation ; qb:dataSet dataset:observations ;
        sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod period:2021-2025 ;
        vnkg:indicator ind:poverty-rate ; sdmx-measure:obsValue 3.0 ;
        sdmx-attribute:unitMeasure vunit:household ; vnkg:status vnkg:Achieved ;
        vnkg:qualifier vnkg:Exact ; prov:wasDerivedFrom source:t001 .""",
        {
            "the unit (sdmx-attribute:unitMeasure) differs from the unit of its indicator (vnkg:unit)"
        },
    ),
    "source/bad": (
        """source:bad a schema:NewsArticle ; dcterms:title "T"@en ; dcterms:publisher "P" ;
        dcterms:language "en"^^xsd:language ; vnkg:sourceFile "bad.txt" .""",
        {"a source needs a schema:url or, when there is none, a vnkg:urlNote saying why"},
    ),
    "district/bad": (
        """district:bad a vnkg:District ; skos:prefLabel "Bad"@en ; vnkg:partOf country:vietnam .
        district:bad-inference a vnkg:Inference ; vnkg:aspect vnkg:Achieved .""",
        {
            "a place needs a skos:prefLabel in Vietnamese (@vi, with diacritics)",
            "a district is part of a province",
        },
    ),
    "district/bad-inference": (
        "",
        {
            "an inference belongs to exactly one record (?record vnkg:inference it)",
            "an inference has exactly one vnkg:aspect, a concept of vnkg:Aspects",
            "an inference has exactly one rdfs:comment, the reason in the curator's words",
        },
    ),
    "residential-zone/bad": (
        """<https://w3id.org/vnkg/id/residential-zone/bad> a vnkg:ResidentialZone ;
        skos:prefLabel "Khu"@vi ; vnkg:partOf district:van-quan ; skos:notation "123" .""",
        {
            "a village, hamlet or residential zone is part of a commune",
            "a place below the commune has no official code (skos:notation)",
        },
    ),
    "observation/both": (
        """observation:both a qb:Observation ; qb:dataSet dataset:observations ;
        sdmx-dimension:refArea province:lang-son ; sdmx-dimension:refPeriod period:2021-2025 ;
        vnkg:indicator ind:poverty-rate ; sdmx-measure:obsValue 3.0 ; vnkg:spreadMin 4.0 ;
        vnkg:spreadMax 1.0 ; vnkg:spreadOver "districts"@en ; vnkg:asOfSource true ;
        sdmx-attribute:unitMeasure vunit:percent ; vnkg:status vnkg:Achieved ;
        vnkg:qualifier vnkg:Exact ; prov:wasDerivedFrom source:t001 ;
        vnkg:evidence observation:both-evidence .
        observation:both-evidence a oa:SpecificResource ; oa:hasSource source:t002 ;
        oa:hasSelector observation:both-position .
        observation:both-position a oa:TextPositionSelector ;
        oa:start "9"^^xsd:integer ; oa:end "9"^^xsd:integer .""",
        {
            "an observation has either a value (sdmx-measure:obsValue) or a spread across units (vnkg:spreadMin, vnkg:spreadMax, vnkg:spreadOver), not both",
            "vnkg:spreadMax is below vnkg:spreadMin",
            "an undated observation (vnkg:asOfSource true) has its source's date as period: id/period/as-of-{source}",
        },
    ),
    "observation/both-evidence": (
        "",
        {"an evidence locator points into another source than the one its fact is derived from"},
    ),
    "observation/both-position": (
        "",
        {"a text position selector ends before it starts (oa:end <= oa:start)"},
    ),
    "activity/bad": (
        """activity:bad a vnkg:SupportActivity ; vnkg:activityStatus vnkg:Achieved ;
        prov:wasDerivedFrom source:t001 .""",
        {
            "a support activity has at least one vnkg:supportType, a concept of vnkg:SupportTypes",
            "a support activity has exactly one vnkg:activityStatus: achieved, ongoing or planned",
        },
    ),
    "legal/bad": (
        """legal:bad a vnkg:LegalDocument ; eli:type_document vnkg:Achieved ;
        vnkg:year "2015"^^xsd:gYear ; eli:date_document "2016-07-18"^^xsd:date .""",
        {
            "a legal document needs its number (eli:id_local) or, when it has none, a title (eli:title)",
            "a legal document has exactly one type (eli:type_document), a concept of vnkg:LegalDocumentTypes",
            "vnkg:year differs from the year of eli:date_document",
        },
    ),
    "period/bad": (
        """period:bad a time:ProperInterval ; rdfs:label "bad" ;
        time:hasBeginning instant:2025-12-31 ; time:hasEnd instant:2021-01-01 ;
        vnkg:startYear "2025"^^xsd:gYear ; vnkg:endYear "2021"^^xsd:gYear .""",
        {"a period ends before it begins"},
    ),
}


def shacl_results(data: str, ontology: rdflib.Graph, shapes: rdflib.Graph) -> dict[str, set[str]]:
    """Validate as the pipeline does (data + ontology, RDFS); messages by focus node."""
    graph = rdflib.Graph().parse(data=PREFIXES + data, format="turtle") + ontology
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    found: dict[str, set[str]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        found.setdefault(focus, set()).update(map(str, report.objects(result, SH.resultMessage)))
    return found


def test_a_valid_graph_and_the_ontology_itself_conform(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    assert shacl_results(VALID, ontology, shapes) == {}


def test_broken_data_draws_the_expected_messages(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    data = VALID + "".join(text for text, _ in BROKEN.values())
    found = shacl_results(data, ontology, shapes)
    for name, (_, messages) in BROKEN.items():
        assert messages <= found.pop(f"https://w3id.org/vnkg/id/{name}", set()), name
    # the wrong type_document and aspect value itself
    assert set(found) <= {str(VNKG.Achieved)}
