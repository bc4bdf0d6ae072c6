"""Records to quads: the reference graph and one named graph per source. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from ..annotations.records import Annotations, LegalDocument, Organisation, Place, Programme
from . import facts
from .iris import Iris
from .minter import Minter
from .statements import Statement, derived_from, in_graph, inferences, labels
from .terms import (
    PLACE_TYPES,
    PROGRAMME_CLASSES,
    gyear,
    legal_type,
    org_type,
    xsd_date,
)
from .vocab import ELI, ORG, QB, RDF, RDFS, SKOS, VNKG


def emit(annotations: Annotations, iris: Iris) -> Iterator[Quad]:
    """All quads of the annotations: reference records, then each source's graph."""
    mint = Minter.for_annotations(annotations, iris)
    yield from reference_quads(annotations, mint)
    yield from facts.emit_sources(annotations, mint)


def reference_quads(annotations: Annotations, mint: Minter) -> Iterator[Quad]:
    """The reference graph: places, legal documents, programmes, organisations, the cube."""
    reference = mint.iris.graph("reference")
    for place in annotations.places:
        yield from in_graph(reference, place_triples(place, mint))
    for doc in annotations.legal_documents:
        yield from in_graph(reference, legal_triples(doc, mint))
    for programme in annotations.programmes:
        yield from in_graph(reference, programme_triples(programme, mint))
    for org in annotations.organisations:
        yield from in_graph(reference, organisation_triples(org, mint))
    if annotations.observations:
        yield from in_graph(reference, cube_triples(mint))


def place_triples(place: Place, mint: Minter) -> Iterator[Statement]:
    node = mint.place(place.id)
    for cls in PLACE_TYPES[place.kind]:
        yield node, RDF.type, cls
    yield from labels(node, place.name, alt=True)
    yield from derived_from(node, place.sources, mint)
    if place.part_of:
        yield node, VNKG.partOf, mint.place(place.part_of)
    if place.note:
        yield node, RDFS.comment, Literal(place.note, language="en")
    yield from inferences(node, place)


def legal_triples(doc: LegalDocument, mint: Minter) -> Iterator[Statement]:
    node = mint.legal(doc.id)
    yield node, RDF.type, VNKG.LegalDocument
    yield node, RDF.type, ELI.LegalResource
    if doc.number is not None:  # "numbered legal documents" are those with an eli:id_local
        yield node, ELI.id_local, Literal(doc.number)
    yield node, ELI.type_document, legal_type(doc.type)
    label = doc.number or doc.name.get("en") or next(iter(doc.name.values()))
    yield node, RDFS.label, Literal(label)
    if doc.year is not None:
        yield node, VNKG.year, gyear(doc.year)
    if doc.date is not None:
        yield node, ELI.date_document, xsd_date(doc.date)
    for lang, name in sorted(doc.name.items()):
        yield node, ELI.title, Literal(name, language=lang)
        yield node, SKOS.prefLabel, Literal(name, language=lang)
    yield from derived_from(node, doc.sources, mint)
    if doc.passed_by:
        yield node, ELI.passed_by, mint.organisation(doc.passed_by)
    yield from inferences(node, doc)


def programme_triples(programme: Programme, mint: Minter) -> Iterator[Statement]:
    node = mint.programme(programme.id)
    yield node, RDF.type, PROGRAMME_CLASSES[programme.kind]
    yield node, RDF.type, VNKG.Programme
    yield from labels(node, programme.name)
    fields: dict[str, tuple[NamedNode, NamedNode | Literal]] = {}
    if programme.part_of:
        fields["part_of"] = (VNKG.partOf, mint.programme(programme.part_of))
    if programme.coordinated_by:
        fields["coordinated_by"] = (VNKG.coordinatedBy, mint.organisation(programme.coordinated_by))
    if programme.period:
        fields["period"] = (VNKG.period, mint.period(programme.period))
        yield from facts.period_triples(programme.period, mint)
    for predicate, obj in fields.values():
        yield node, predicate, obj
    for doc in programme.legal_basis:
        yield node, VNKG.legalBasis, mint.legal(doc)
    for place in programme.places:
        yield node, VNKG.place, mint.place(place)
    yield from derived_from(node, programme.sources, mint)
    yield from inferences(node, programme)


def organisation_triples(org: Organisation, mint: Minter) -> Iterator[Statement]:
    node = mint.organisation(org.id)
    yield node, RDF.type, ORG.Organization
    yield node, ORG.classification, org_type(org.kind)
    yield from labels(node, org.name)
    fields: dict[str, tuple[NamedNode, NamedNode | Literal]] = {}
    if org.sub_organization_of:
        fields["sub_organization_of"] = (
            ORG.subOrganizationOf,
            mint.organisation(org.sub_organization_of),
        )
    if org.place:
        fields["place"] = (VNKG.place, mint.place(org.place))
    for predicate, obj in fields.values():
        yield node, predicate, obj
    yield from derived_from(node, org.sources, mint)
    yield from inferences(node, org)


def cube_triples(mint: Minter) -> Iterator[Statement]:
    """The Data Cube data set every observation belongs to, with its structure."""
    node = mint.iris.mint("dataset", "observations")
    yield node, RDF.type, QB.DataSet
    yield node, QB.structure, VNKG.dsd
    yield node, RDFS.label, Literal("Observations reported by the source articles", language="en")
