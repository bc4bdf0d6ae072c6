"""The ontology as quads, and the indicator and unit tokens it defines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from .iris import Iris
from .vocab import IND, RDF, UNIT, VNKG


@dataclass(frozen=True)
class Vocabulary:
    """The indicator and unit tokens the ontology defines."""

    indicators: frozenset[str]
    units: frozenset[str]


def ontology_quads(paths: list[Path], iris: Iris) -> Iterator[Quad]:
    """Every triple of the ontology files, in the ontology named graph."""
    graph = iris.graph("ontology")
    for path in paths:
        for triple in parse(path=str(path), format=RdfFormat.TURTLE):
            yield Quad(triple.subject, triple.predicate, triple.object, graph)


def vocabulary(quads: list[Quad]) -> Vocabulary:
    """Indicator and unit tokens: local names of vnkg:Indicator and vnkg:Unit individuals."""
    indicators, units = set(), set()
    for quad in quads:
        if quad.predicate != RDF.type or not isinstance(quad.subject, NamedNode):
            continue
        iri = quad.subject.value
        if quad.object == VNKG.Indicator and iri.startswith(IND.iri):
            indicators.add(iri[len(IND.iri) :])
        elif quad.object == VNKG.Unit and iri.startswith(UNIT.iri):
            units.add(iri[len(UNIT.iri) :])
    return Vocabulary(frozenset(indicators), frozenset(units))
