"""What a page says about one resource, from the rows of its named queries (server/web/pagedata.py). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pyoxigraph import Literal, NamedNode
from vnkg.graph.emit.vocab import (
    DCTERMS,
    ELI,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VNKG,
    VOID,
)
from vnkg.server.web.labels import LANGS, Labeller, Node

NAMES = frozenset(
    {SKOS.prefLabel, SKOS.altLabel, RDFS.label, FOAF.name, DCTERMS["title"], ELI["title"]}
)
CODES = frozenset({SKOS.notation, ELI.id_local})
EXTERNAL = frozenset({SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs})
PROVENANCE = frozenset({PROV.wasDerivedFrom, VNKG.inference, VNKG.evidence})
SECTIONS = ("Names and codes", "Description", "Relations", "External identities", "Provenance")
# How a link reads from its target's side: a place is "mentioned by" a source.
INVERSE = {
    VNKG.partOf: "has part",
    SCHEMA.about: "mentioned by",
    PROV.wasDerivedFrom: "reports",
    VNKG.legalBasis: "legal basis of",
    ELI.passed_by: "passed",
    VNKG.place: "place of",
    VNKG.programme: "programme of",
    VNKG.deliveredBy: "delivers",
    VNKG.coordinatedBy: "coordinates",
    ORG.subOrganizationOf: "has sub-organisation",
    ORG.organization: "has membership",
    ORG.member: "member in",
    DCTERMS.isReplacedBy: "replaces",
    RDFS.subClassOf: "has subclass",
    RDFS.subPropertyOf: "has subproperty",
    RDFS.domain: "domain of",
    RDFS.range: "range of",
    SKOS.inScheme: "has concept",
    SKOS.broader: "narrower",
    ELI.type_document: "documents of this type",
    VNKG.supportType: "activities of this type",
    ORG.classification: "organisations of this type",
    QB.dataSet: "observations",
}


@dataclass(frozen=True)
class Fact:
    """One property of the resource with all its values (or, incoming, all its subjects)."""

    predicate: Node
    values: tuple[Node, ...]
    more: int = 0


@dataclass(frozen=True)
class Section:
    """A titled group of facts on a page."""

    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Resource:
    """Everything a page shows about one IRI, except observations and usage."""

    node: Node
    labels: tuple[Node, ...]
    types: tuple[Node, ...]
    comments: tuple[Node, ...]
    sections: tuple[Section, ...]
    incoming: tuple[Fact, ...]
    details: tuple[Resource, ...] = field(default=())
    successors: tuple[Node, ...] = field(default=())  # what replaced it (dcterms:isReplacedBy)
    partitions: tuple[Partition, ...] = field(default=())  # a dataset's, by class or property


@dataclass(frozen=True)
class Partition:
    """A VoID class or property partition of a dataset: its term and its size."""

    kind: str  # "class" or "property"
    term: Node
    size: int


Pairs = list[tuple[NamedNode, object]]  # (property, value) of one subject


def resource(
    iri: str, own: Pairs, fragments: dict[str, Pairs], incoming: tuple[Fact, ...], names: Labeller
) -> Resource:
    """The facts of `iri` grouped in sections, its labels, types, fragments and incoming links."""
    grouped = _group(own, names)
    labels = tuple(names.node(o) for p, o in own if p == SKOS.prefLabel)
    if not labels:
        labels = tuple(names.node(o) for p, o in own if p == RDFS.label)
    partitions = tuple(
        sorted(
            (p for f in sorted(fragments) if (p := partition(fragments[f], names)) is not None),
            key=lambda p: (p.kind, -p.size, p.term.text.lower()),
        )
    )
    details = tuple(
        resource(fragment, fragments[fragment], {}, (), names)
        for fragment in sorted(fragments)
        if partition(fragments[fragment], names) is None
    )
    if partitions:  # the partitions are tabled by name: not listed by their fragment IRIs
        own = [(p, o) for p, o in own if p not in PARTITION_LINKS]
        grouped = _group(own, names)
    return Resource(
        node=names.node(NamedNode(iri)),
        labels=labels,
        types=tuple(names.node(o) for p, o in own if p == RDF.type),
        comments=tuple(names.node(o) for p, o in own if p == RDFS.comment),
        sections=tuple(
            Section(title, tuple(grouped[title])) for title in SECTIONS if grouped[title]
        ),
        incoming=incoming,
        details=details,
        successors=tuple(
            sorted((names.node(o) for p, o in own if p == DCTERMS.isReplacedBy), key=by_text)
        ),
        partitions=partitions,
    )


PARTITION_LINKS = frozenset({VOID.classPartition, VOID.propertyPartition})


def partition(pairs: Pairs, names: Labeller) -> Partition | None:
    """The partition a fragment's statements describe (void:class or void:property, and its
    size in entities or triples), None for any other fragment."""
    values = dict(pairs)
    for kind, key, measure in (("class", VOID["class"], VOID.entities),
                               ("property", VOID.property, VOID.triples)):  # fmt: skip
        term, size = values.get(key), values.get(measure)
        if term is not None and isinstance(size, Literal) and size.value.isdigit():
            return Partition(kind, names.node(term), int(size.value))
    return None


def fragments_of(iri: str, own: Pairs) -> list[NamedNode]:
    """The #-fragments of `iri` that its statements link to (statements about its statements)."""
    return sorted({o for _, o in own if is_fragment_of(o, iri)}, key=str)  # type: ignore[misc]


def is_fragment_of(term: object, iri: str) -> bool:
    """True for an IRI `iri#…`."""
    return isinstance(term, NamedNode) and term.value.startswith(iri + "#")


def _group(own: Pairs, labeller: Labeller) -> dict[str, list[Fact]]:
    by_predicate: dict[NamedNode, list[object]] = {}
    for predicate, value in own:
        if predicate == SKOS.notation and _token(value):
            continue  # an annotation token ('water_works'): for the YAML, not for readers
        if predicate not in (RDF.type, RDFS.comment):
            by_predicate.setdefault(predicate, []).append(value)
    grouped: dict[str, list[Fact]] = {title: [] for title in SECTIONS}
    for predicate, objects in by_predicate.items():
        values = sorted(
            (labeller.node(o) for o in objects), key=lambda n: (n.lang not in LANGS, n.text)
        )
        grouped[_section(predicate, objects)].append(Fact(labeller.node(predicate), tuple(values)))
    for facts in grouped.values():
        facts.sort(key=lambda f: f.predicate.text.lower())
    return grouped


def _token(value: object) -> bool:
    """True for a plain-string notation: a token annotations name a term by, not a code."""
    return isinstance(value, Literal) and value.datatype.value.endswith("#string")


def _section(predicate: NamedNode, objects: list[object]) -> str:
    if predicate in NAMES or predicate in CODES:
        return SECTIONS[0]
    if predicate in EXTERNAL:
        return SECTIONS[3]
    if predicate in PROVENANCE:
        return SECTIONS[4]
    if all(isinstance(o, Literal) for o in objects):
        return SECTIONS[1]
    return SECTIONS[2]


def incoming(
    rows: list[tuple[NamedNode, NamedNode]], counts: dict[str, int], before: int, names: Labeller
) -> tuple[Fact, ...]:
    """The links to a resource on one page, by property: `rows` (property, subject) sorted by
    property IRI then subject, starting `before` links into the whole sorted list; each Fact
    says how many more of its property follow on later pages (`counts`: links by property)."""
    by_predicate: dict[NamedNode, list[NamedNode]] = {}
    for predicate, subject in rows:
        by_predicate.setdefault(predicate, []).append(subject)
    facts = []
    start = 0  # where each property's links begin in the whole sorted list
    for iri in sorted(counts):
        predicate = NamedNode(iri)
        if predicate in by_predicate:
            shown = by_predicate[predicate]
            seen = max(0, before - start) + len(shown)
            values = tuple(sorted((names.node(s) for s in shown), key=by_text))
            facts.append(Fact(inverse_name(predicate, names), values, more=counts[iri] - seen))
        start += counts[iri]
    return tuple(sorted(facts, key=lambda f: f.predicate.text.lower()))


def by_text(node: Node) -> tuple[str, str]:
    """The order of resources in a list: by name, then IRI (two places share a name)."""
    return node.text, node.iri or ""


def inverse_name(predicate: NamedNode, labeller: Labeller) -> Node:
    """The predicate, named as read from its object's side ("has part" for "part of")."""
    node = labeller.node(predicate)
    text = INVERSE.get(predicate) or f"{node.text} (inverse)"
    return replace(node, text=text, lang="en")
