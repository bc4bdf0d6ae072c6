"""SHACL validation with pySHACL, violations mapped back to the YAML that produced them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyshacl
import rdflib
from pyoxigraph import Quad, RdfFormat, Triple, serialize

from ..annotations.records import Annotations
from ..emit.minter import Minter
from ..errors import Location, Problem

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


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


def validate(
    data: rdflib.Graph, shapes: Path, ontology: rdflib.Graph, locations: dict[str, Location]
) -> tuple[list[Problem], str]:
    """Run the shapes over `data`; return one Problem per violation and pySHACL's text report."""
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    if conforms:
        return [], str(text)
    problems = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "constraint violated"
        value = report.value(result, SH.value)
        if value is not None:
            message = f"{message} (value {value.n3(report.namespace_manager)})"
        where = locations.get(str(focus)) or _owner(str(focus), locations) or Location("<graph>")
        shown_path = f" {path.n3(report.namespace_manager)}" if path is not None else ""
        problems.append(Problem(where, f"SHACL: <{focus}>{shown_path}: {message}"))
    return sorted(problems), str(text)


def _owner(iri: str, locations: dict[str, Location]) -> Location | None:
    """The location of the record whose IRI `iri` extends (e.g. its #inferred-… statement)."""
    return locations.get(iri.split("#", 1)[0])
