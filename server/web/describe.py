"""Gather what the store says about one resource into plain dataclasses for the pages. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from vnkg.graph.backend import Backend
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
)
from vnkg.server.web.labels import LANGS, Labeller, Node

NAMES = frozenset(
    {SKOS.prefLabel, SKOS.altLabel, RDFS.label, FOAF.name, DCTERMS["title"], ELI["title"]}
)
CODES = frozenset({SKOS.notation, ELI.id_local})
EXTERNAL = frozenset({SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs})
PROVENANCE = frozenset({PROV.wasDerivedFrom, VNKG.hasInference})
REIFICATION = frozenset({RDF.subject, RDF.predicate, RDF.object})
SECTIONS = ("Names and codes", "Description", "Relations", "External identities", "Provenance")
INCOMING_LIMIT = 50
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


def exists(store: Backend, iri: str) -> bool:
    """True when the IRI occurs in the store as a subject or an object."""
    node = NamedNode(iri)
    return any(True for _ in store.quads(node, None, None)) or any(
        True for _ in store.quads(None, None, node)
    )


def triples(store: Backend, iri: str) -> list[Triple]:
    """Distinct triples with `iri` as subject, in all graphs."""
    return sorted({q.triple for q in store.quads(NamedNode(iri), None, None)}, key=str)


def description(store: Backend, iri: str) -> list[Triple]:
    """The RDF answer for `iri`: its triples, those of its #-IRIs and blank nodes, labels of linked IRIs."""
    found: dict[Triple, None] = {}
    todo: list[NamedNode | BlankNode] = [NamedNode(iri)]
    seen: set[object] = set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for triple in (
            triples(store, subject.value)
            if isinstance(subject, NamedNode)
            else _blank(store, subject)
        ):
            found[triple] = None
            obj = triple.object
            closure = isinstance(obj, BlankNode) or _is_fragment_of(obj, iri)
            if closure and obj not in seen:
                todo.append(obj)  # type: ignore[arg-type]
    for triple in list(found):
        if isinstance(triple.object, NamedNode) and triple.object not in seen:
            for predicate in (SKOS.prefLabel, RDFS.label):
                for quad in store.quads(triple.object, predicate, None):
                    found[quad.triple] = None
    return list(found)


def _blank(store: Backend, node: BlankNode) -> list[Triple]:
    return sorted({q.triple for q in store.quads(node, None, None)}, key=str)  # type: ignore[arg-type]


def _is_fragment_of(term: object, iri: str) -> bool:
    return isinstance(term, NamedNode) and term.value.startswith(iri + "#")


def resource(
    store: Backend, iri: str, labeller: Labeller, skip: frozenset[str] = frozenset()
) -> Resource:
    """The facts of `iri` grouped in sections, labels, types, incoming links except from `skip`."""
    own = triples(store, iri)
    grouped = _group(own, labeller)
    labels = tuple(labeller.node(t.object) for t in own if t.predicate == SKOS.prefLabel)
    if not labels:
        labels = tuple(labeller.node(t.object) for t in own if t.predicate == RDFS.label)
    fragments = sorted({t.object.value for t in own if _is_fragment_of(t.object, iri)})  # type: ignore[union-attr]
    details = tuple(resource(store, fragment, labeller) for fragment in fragments)
    return Resource(
        node=labeller.node(NamedNode(iri)),
        labels=labels,
        types=tuple(labeller.node(t.object) for t in own if t.predicate == RDF.type),
        comments=tuple(labeller.node(t.object) for t in own if t.predicate == RDFS.comment),
        sections=tuple(
            Section(title, tuple(grouped[title])) for title in SECTIONS if grouped[title]
        ),
        incoming=tuple(incoming(store, iri, labeller, skip)),
        details=details,
    )


def _group(own: list[Triple], labeller: Labeller) -> dict[str, list[Fact]]:
    by_predicate: dict[NamedNode, list[object]] = {}
    for triple in own:
        if triple.predicate not in (RDF.type, RDFS.comment):
            by_predicate.setdefault(triple.predicate, []).append(triple.object)
    grouped: dict[str, list[Fact]] = {title: [] for title in SECTIONS}
    for predicate, objects in by_predicate.items():
        values = sorted(
            (labeller.node(o) for o in objects), key=lambda n: (n.lang not in LANGS, n.text)
        )
        grouped[_section(predicate, objects)].append(Fact(labeller.node(predicate), tuple(values)))
    for facts in grouped.values():
        facts.sort(key=lambda f: f.predicate.text.lower())
    return grouped


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
    store: Backend, iri: str, labeller: Labeller, skip: frozenset[str] = frozenset()
) -> Iterator[Fact]:
    """Links to `iri` from other resources, by property; rdf:type links are left to usage counts."""
    by_predicate: dict[NamedNode, set[NamedNode]] = {}
    for quad in store.quads(None, None, NamedNode(iri)):
        subject = quad.subject
        if quad.predicate == RDF.type or quad.predicate in REIFICATION:
            continue
        if not isinstance(subject, NamedNode) or subject.value in skip:
            continue
        if not _is_fragment_of(subject, iri):
            by_predicate.setdefault(quad.predicate, set()).add(subject)
    names = {p: inverse_name(p, labeller) for p in by_predicate}
    for predicate in sorted(by_predicate, key=lambda p: names[p].text.lower()):
        subjects = sorted((labeller.node(s) for s in by_predicate[predicate]), key=lambda n: n.text)
        shown = tuple(subjects[:INCOMING_LIMIT])
        yield Fact(names[predicate], shown, more=len(subjects) - len(shown))


def inverse_name(predicate: NamedNode, labeller: Labeller) -> Node:
    """The predicate, named as read from its object's side ("has part" for "part of")."""
    node = labeller.node(predicate)
    text = INVERSE.get(predicate) or f"{node.text} (inverse)"
    return replace(node, text=text, lang="en")
