"""The ontology as quads, and the indicator and unit tokens it defines."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from .iris import Iris
from .vocab import IND, RDF, UNIT, VNKG


@dataclass(frozen=True)
class Vocabulary:
    """The indicator and unit tokens the ontology defines, each indicator's unit, and the files
    that list them (for messages)."""

    indicators: frozenset[str]
    units: frozenset[str]
    indicator_units: Mapping[str, str] = field(default_factory=dict)
    indicators_file: str = "ontology/indicators.ttl"
    units_file: str = "ontology/units.ttl"


def ontology_quads(paths: list[Path], iris: Iris) -> Iterator[Quad]:
    """Every triple of the ontology files, in the ontology named graph."""
    graph = iris.graph("ontology")
    for path in paths:
        for triple in parse(path=str(path), format=RdfFormat.TURTLE):
            yield Quad(triple.subject, triple.predicate, triple.object, graph)


def vocabulary(quads: list[Quad]) -> Vocabulary:
    """Indicator and unit tokens: local names of vnkg:Indicator and vnkg:Unit individuals."""
    indicators, units, measured = set(), set(), {}
    for quad in quads:
        if not isinstance(quad.subject, NamedNode):
            continue
        iri = quad.subject.value
        if quad.predicate == VNKG.unit and isinstance(quad.object, NamedNode):
            measured[iri.removeprefix(IND.iri)] = quad.object.value.removeprefix(UNIT.iri)
        if quad.predicate != RDF.type:
            continue
        if quad.object == VNKG.Indicator and iri.startswith(IND.iri):
            indicators.add(iri[len(IND.iri) :])
        elif quad.object == VNKG.Unit and iri.startswith(UNIT.iri):
            units.add(iri[len(UNIT.iri) :])
    units_of = {token: unit for token, unit in measured.items() if token in indicators}
    return Vocabulary(frozenset(indicators), frozenset(units), units_of)
