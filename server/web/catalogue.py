"""Listings for the term and graph pages: a class's instances, a graph's subjects, the vocabulary. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Triple
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.vocab import OWL, RDF, RDFS, SKOS
from vnkg.server.web.labels import Labeller, Node


@dataclass(frozen=True)
class Usage:
    """How an ontology term is used: as a class, a property, or a value."""

    instances: int
    examples: tuple[Node, ...]
    as_predicate: int
    as_object: int


def usage(store: Backend, iri: str, labeller: Labeller, limit: int = 100) -> Usage:
    """Counts of instances (with up to `limit` examples), of triples using it, of links to it."""
    node = NamedNode(iri)
    members = sorted({q.subject.value for q in store.quads(None, RDF.type, node)})
    examples = sorted((labeller.node(NamedNode(m)) for m in members[:limit]), key=lambda n: n.text)
    return Usage(
        instances=len(members),
        examples=tuple(examples),
        as_predicate=len({q.triple for q in store.quads(None, node, None)}),
        as_object=len({q.triple for q in store.quads(None, None, node) if q.predicate != RDF.type}),
    )


@dataclass(frozen=True)
class GraphListing:
    """The subjects of one named graph, with their classes."""

    node: Node
    triples: int
    subjects: tuple[tuple[Node, tuple[Node, ...]], ...]
    more: int


def graph_listing(store: Backend, iri: str, labeller: Labeller, limit: int = 500) -> GraphListing:
    """What the named graph `iri` holds: its triple count and its subjects (up to `limit`)."""
    graph = NamedNode(iri)
    types: dict[str, set[NamedNode]] = {}
    count = 0
    for quad in store.quads(None, None, None, graph):
        count += 1
        entry = types.setdefault(str(quad.subject), set())
        if quad.predicate == RDF.type and isinstance(quad.object, NamedNode):
            entry.add(quad.object)
    shown = sorted(types)[:limit]
    subjects = [
        (
            labeller.node(NamedNode(s[1:-1])),
            tuple(labeller.node(t) for t in sorted(types[s], key=str)),
        )
        for s in shown
        if s.startswith("<")
    ]
    subjects.sort(key=lambda pair: pair[0].text.lower())
    return GraphListing(labeller.node(graph), count, tuple(subjects), len(types) - len(shown))


def graph_triples(store: Backend, iri: str) -> list[Triple]:
    """The triples of the named graph `iri`, sorted."""
    return sorted({q.triple for q in store.quads(None, None, None, NamedNode(iri))}, key=str)


def graph_size(store: Backend, graph: NamedNode) -> int:
    """The number of triples in one named graph, counted by the store (no triple leaves it)."""
    return queries.graph_sizes(store, graph).get(graph.value, 0)


def graph_exists(store: Backend, iri: str) -> bool:
    """True when `iri` names a non-empty graph of the store."""
    return any(True for _ in store.quads(None, None, None, NamedNode(iri)))


VOCABULARY_GROUPS = (
    ("Classes", (OWL.Class, RDFS.Class)),
    (
        "Properties",
        (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property),
    ),
    ("Datatypes", (RDFS.Datatype,)),
    ("Concept schemes", (SKOS.ConceptScheme,)),
)


def vocabulary(
    store: Backend, labeller: Labeller, namespace: str
) -> list[tuple[str, tuple[Node, ...]]]:
    """The terms of `namespace` by kind; concepts grouped by scheme, other typed terms last."""
    types: dict[str, set[NamedNode]] = {}
    schemes: dict[str, set[NamedNode]] = {}
    for quad in store.quads(None, RDF.type, None):
        if isinstance(quad.subject, NamedNode) and quad.subject.value.startswith(namespace):
            types.setdefault(quad.subject.value, set()).add(quad.object)  # type: ignore[arg-type]
    for quad in store.quads(None, SKOS.inScheme, None):
        if quad.subject.value in types:
            schemes.setdefault(quad.subject.value, set()).add(quad.object)  # type: ignore[arg-type]
    groups: dict[str, list[str]] = {}
    for iri, kinds in types.items():
        groups.setdefault(_vocabulary_group(iri, kinds, schemes, labeller), []).append(iri)
    order = [title for title, _ in VOCABULARY_GROUPS]
    return [
        (
            title,
            tuple(
                sorted((labeller.node(NamedNode(i)) for i in iris), key=lambda n: n.text.lower())
            ),
        )
        for title, iris in sorted(groups.items(), key=lambda g: (_rank(g[0], order), g[0]))
    ]


def _vocabulary_group(
    iri: str, kinds: set[NamedNode], schemes: dict[str, set[NamedNode]], labeller: Labeller
) -> str:
    for title, members in VOCABULARY_GROUPS:
        if kinds & set(members):
            return title
    if iri in schemes:
        names = sorted(labeller.node(s).text for s in schemes[iri])
        return "Concepts: " + ", ".join(names)
    return "Other terms"


def _rank(title: str, order: list[str]) -> int:
    if title in order:
        return order.index(title)
    return len(order) + (1 if title == "Other terms" else 0)
