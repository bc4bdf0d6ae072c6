"""SHACL violations as problems at the YAML line that produced them; pySHACL, the reference.

Builds run the shapes as SPARQL on the new store (graph/checks/conformance.py); pySHACL runs
the same shapes in the tests (tests/shacl_reference.py), which hold both to the same violations. Both print a violation
alike: focus node, path, message, value, each term as pySHACL's report graph writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import Quad, RdfFormat, Triple, serialize
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..annotations.records import Annotations
from ..emit.minter import Minter
from ..errors import Location, Problem

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One validation result, its terms already written out."""

    focus: str
    path: str
    message: str
    value: str | None


def read_shapes(shapes: Path) -> rdflib.Graph:
    """The shapes graph."""
    return rdflib.Graph().parse(shapes, format="turtle")


def namespaces(shapes: rdflib.Graph) -> NamespaceManager:
    """The prefixes pySHACL's report graph has: rdflib's core ones and the shapes graph's."""
    report = rdflib.Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    return report.namespace_manager


def path_text(path: Node | None, graph: rdflib.Graph, names: NamespaceManager) -> str:
    """A result path as text: a predicate by its prefixed name, a path in SPARQL syntax."""
    if path is None:
        return ""
    if isinstance(path, rdflib.URIRef):
        return path.n3(names)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        inner = Collection(graph, alternatives)
        return "(" + " | ".join(path_text(p, graph, names) for p in inner) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(inverse, graph, names)
    return "(" + " / ".join(path_text(p, graph, names) for p in Collection(graph, path)) + ")"


def to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    """The union of `quads` as an rdflib Graph, through N-Triples."""
    triples = (Triple(q.subject, q.predicate, q.object) for q in quads)
    return rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


def record_locations(annotations: Annotations, mint: Minter) -> dict[str, Location]:
    """The YAML location of every entity IRI the annotations define."""
    iri = mint.iris.mint
    pairs = [
        *((mint.place(r.id), r.loc) for r in annotations.places),
        *((mint.legal(r.id), r.loc) for r in annotations.legal_documents),
        *((mint.programme(r.id), r.loc) for r in annotations.programmes),
        *((mint.organisation(r.id), r.loc) for r in annotations.organisations),
        *((mint.source(r.id), r.loc) for r in annotations.sources),
        *((iri("observation", r.id), r.loc) for r in annotations.observations),
        *((iri("activity", r.id), r.loc) for r in annotations.activities),
        *((iri("membership", r.id), r.loc) for r in annotations.posts),
    ]
    return {node.value: loc for node, loc in pairs}


def problems(violations: Iterable[Violation], locations: dict[str, Location]) -> list[Problem]:
    """One Problem per violation, at the YAML location of its focus node (or its record's)."""
    found = set()
    for v in violations:
        where = locations.get(v.focus) or _owner(v.focus, locations) or Location("<graph>")
        shown_path = f" {v.path}" if v.path else ""
        value = f" (value {v.value})" if v.value is not None else ""
        found.add(Problem(where, f"SHACL: <{v.focus}>{shown_path}: {v.message}{value}"))
    return sorted(found)


def _owner(iri: str, locations: dict[str, Location]) -> Location | None:
    """The location of the record whose IRI `iri` extends (e.g. its #inferred-… statement)."""
    return locations.get(iri.split("#", 1)[0])
