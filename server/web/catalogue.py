"""Counts and listings for the term, graph and vocabulary pages, from named-query rows. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode
from vnkg.graph.emit.vocab import OWL, RDF, RDFS, SKOS
from vnkg.server.web.labels import Labeller, Node


@dataclass(frozen=True)
class Pager:
    """Where one page of a list starts in it: the list's `total`, page `page` of `size` items."""

    total: int
    page: int
    size: int

    @property
    def first(self) -> int:
        """The position (1-based) of the first item on this page."""
        return (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        """The position of the last item on this page."""
        return min(self.total, self.page * self.size)

    @property
    def next(self) -> int | None:
        """The next page, if the list goes on."""
        return self.page + 1 if self.page * self.size < self.total else None

    @property
    def previous(self) -> int | None:
        """The previous page, if this is not the first."""
        return self.page - 1 if self.page > 1 else None


@dataclass(frozen=True)
class Usage:
    """How an ontology term is used: as a class (its instances), a property, or a value."""

    instances: int
    examples: tuple[Node, ...]
    as_predicate: int
    as_object: int
    pager: Pager


@dataclass(frozen=True)
class GraphListing:
    """The IRIs one named graph describes, with the classes it gives them, one page of them."""

    node: Node
    triples: int
    subjects: tuple[tuple[Node, tuple[Node, ...]], ...]
    pager: Pager


def listing(
    graph: str,
    sizes: tuple[int, int],
    rows: list[tuple[str, list[str]]],
    pager: Pager,
    names: Labeller,
) -> GraphListing:
    """The listing of `graph` ((triples, subjects) in `sizes`) from (subject, classes) rows."""
    subjects = [
        (names.node(NamedNode(s)), tuple(names.node(NamedNode(c)) for c in sorted(classes)))
        for s, classes in rows
    ]
    subjects.sort(key=lambda pair: (pair[0].text.lower(), pair[0].iri or ""))
    return GraphListing(names.node(NamedNode(graph)), sizes[0], tuple(subjects), pager)


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
    rows: list[tuple[object, object, object]], labeller: Labeller
) -> list[tuple[str, tuple[Node, ...]]]:
    """The terms of vocabulary.rq's (term, type, scheme) rows by kind; concepts by scheme."""
    types: dict[str, set[NamedNode]] = {}
    schemes: dict[str, set[NamedNode]] = {}
    for term, kind, scheme in rows:
        if isinstance(term, NamedNode) and isinstance(kind, NamedNode):
            types.setdefault(term.value, set()).add(kind)
            if isinstance(scheme, NamedNode):
                schemes.setdefault(term.value, set()).add(scheme)
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
