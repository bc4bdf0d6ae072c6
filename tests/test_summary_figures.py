"""vnkg:alsoReportedBy in the summary graph (graph/queries/summary.py): the same figure is the
same indicator, place (IRI), period label and value, whatever the places are called."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad
from vnkg.graph import resources
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.ontology import ontology_quads
from vnkg.graph.emit.vocab import (
    IND,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_DIM,
    SDMX_MEAS,
    SKOS,
    TIME,
    VNKG,
    XSD,
)
from vnkg.graph.queries import summary
from vnkg.graph.store import GraphStore

IRIS = Iris()
# Two communes of one name in two provinces, and one period.
HERE, NAMESAKE = IRIS.mint("commune", "an-lac-a"), IRIS.mint("commune", "an-lac-b")
PERIOD = IRIS.mint("period", "2020")


def source(n: int) -> NamedNode:
    return IRIS.mint("source", f"article-{n}")


def observation(n: int, place: NamedNode, value: str = "12.5") -> list[tuple[object, ...]]:
    """Observation `n`, from source `n`: the same indicator, period and value as the others."""
    obs = IRIS.mint("observation", f"obs-{n}")
    return [
        (obs, RDF.type, QB.Observation),
        (obs, VNKG.indicator, IND["poverty-rate"]),
        (obs, SDMX_DIM.refArea, place),
        (obs, SDMX_DIM.refPeriod, PERIOD),
        (obs, SDMX_MEAS.obsValue, Literal(value, datatype=XSD.decimal)),
        (obs, PROV.wasDerivedFrom, source(n)),
        (source(n), RDF.type, SCHEMA.NewsArticle),
    ]


def also_reported(*observations: list[tuple[object, ...]]) -> set[tuple[str, str]]:
    """(observation, other source) of every vnkg:alsoReportedBy of a store holding these."""
    graph = IRIS.graph("reference")
    places = [(place, RDF.type, VNKG.Commune) for place in (HERE, NAMESAKE)] + [
        (place, SKOS.prefLabel, Literal("An Lạc", language="vi")) for place in (HERE, NAMESAKE)
    ]
    period = [(PERIOD, RDF.type, TIME.Instant), (PERIOD, RDFS.label, Literal("2020"))]
    triples = [*places, *period, *(t for o in observations for t in o)]
    quads = [*ontology_quads(resources.ontology_files(), IRIS)]
    quads += [Quad(*t, graph) for t in triples]  # type: ignore[misc]
    found = summary.summarise(GraphStore.in_memory(quads), IRIS)
    return {
        (q.subject.value.rsplit("/", 1)[1], q.object.value.rsplit("/", 1)[1])
        for q in found
        if q.predicate == VNKG.alsoReportedBy
    }


def test_two_sources_of_one_figure_at_one_place_report_each_other() -> None:
    found = also_reported(observation(1, HERE), observation(2, HERE))
    assert found == {("obs-1", "article-2"), ("obs-2", "article-1")}


def test_two_places_of_one_name_are_not_the_same_figure() -> None:
    assert also_reported(observation(1, HERE), observation(2, NAMESAKE)) == set()


def test_a_different_value_is_not_the_same_figure() -> None:
    assert also_reported(observation(1, HERE), observation(2, HERE, "12.6")) == set()
