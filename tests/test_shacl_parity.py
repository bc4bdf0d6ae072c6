"""The build's SHACL check (the shapes as SPARQL on the store) against pySHACL, the reference.

Each file of tests/data/shacl/ is a SPARQL Update that breaks the test seeds' emitted graph;
both engines must report the same violations (focus, path, message, value, YAML line) on the
graph as the store holds it. Together the files exercise every constraint component that a
shape of ontology/shapes.ttl reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from shacl_reference import reference
from vnkg.graph import pipeline, resources
from vnkg.graph.checks import shacl
from vnkg.graph.checks.conformance import Filler
from vnkg.graph.checks.shapes import COUNT_PARAMS, SH, VALUE_PARAMS, Unsupported, compile_shapes
from vnkg.graph.emit.iris import Iris
from vnkg.graph.store import GraphStore

Emitted = tuple[pipeline.Loaded, list[pyoxigraph.Quad]]

DATA = Path(__file__).parent / "data"
CASES = sorted((DATA / "shacl").glob("*.ru"))
ID = "https://w3id.org/vnkg/id/"
PREFIXES = f"""
PREFIX vnkg: <https://w3id.org/vnkg/def/>
PREFIX ind: <https://w3id.org/vnkg/def/indicator/>
PREFIX src: <https://w3id.org/vnkg/graph/source/>
PREFIX ref: <https://w3id.org/vnkg/graph/>
PREFIX obs: <{ID}observation/>
PREFIX activity: <{ID}activity/>
PREFIX province: <{ID}province/>
PREFIX district: <{ID}district/>
PREFIX legal: <{ID}legal/>
PREFIX person: <{ID}person/>
PREFIX organisation: <{ID}organisation/>
PREFIX programme: <{ID}programme/>
PREFIX source: <{ID}source/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
"""


@pytest.fixture(scope="module")
def emitted() -> Emitted:
    """The test seeds, checked, and the quads SHACL sees: ontology, reference, sources."""
    loaded = pipeline.load(DATA / "seeds", Iris())
    reference_graph, sources = pipeline.annotation_quads(loaded)
    return loaded, [*loaded.ontology, *reference_graph, *sources]


def both(emitted: Emitted, update: str) -> tuple[list[str], list[str], set[str]]:
    """The problems the build's check and pySHACL report after `update`, and pySHACL's
    constraint components."""
    loaded, quads = emitted
    store = pyoxigraph.Store()
    store.extend(quads)
    if update:
        store.update(PREFIXES + update)
    found = pipeline.shapes_validator(loaded.ontology).violations(GraphStore(store))
    stored = shacl.to_rdflib(store.quads_for_pattern(None, None, None, None))
    expected, components = reference(
        stored, resources.shapes_file(), shacl.to_rdflib(loaded.ontology)
    )
    mine = [str(p) for p in pipeline.shape_problems(loaded, found)]
    theirs = [str(p) for p in pipeline.shape_problems(loaded, expected)]
    return mine, theirs, components


def header(case: Path) -> set[str]:
    """The components a case's `# components:` line names."""
    found = re.search(r"^# components: (.+)$", case.read_text(), re.M)
    assert found, f"{case.name} lacks its # components: line"
    return set(found.group(1).split())


def test_the_test_seeds_conform_for_both(emitted: Emitted) -> None:
    mine, theirs, _ = both(emitted, "")
    assert mine == theirs == []


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_same_violations_as_pyshacl(case: Path, emitted: Emitted) -> None:
    mine, theirs, components = both(emitted, case.read_text())
    assert theirs, "the case breaks nothing"
    assert mine == theirs
    assert header(case) <= components
    assert all(re.match(r"^(seeds/|tests/|<graph>|/)", line) for line in mine), mine


def test_the_cases_exercise_every_component_the_shapes_report() -> None:
    shapes = shacl.read_shapes(resources.shapes_file())
    reported = [*shapes.subjects(SH.targetClass, None), *shapes.subjects(SH.targetSubjectsOf)]
    used = set()
    for shape in reported:
        for node in (shape, *shapes.objects(shape, SH.property)):
            for param in set(shapes.predicates(node, None)) & (VALUE_PARAMS | COUNT_PARAMS):
                used.add(COMPONENTS.get(param, _local(param)))
        if (shape, SH.sparql, None) in shapes:
            used.add("SPARQL")
    covered = set().union(*(header(case) for case in CASES))
    assert used <= covered


def test_the_cases_break_every_sparql_constraint(emitted: Emitted) -> None:
    """Each SPARQL constraint (several are written for a whole store at once: subqueries
    joined by hash) is broken by some case, so the parity above covers its text. A shape
    that sh:node refers to is reported under its referrer's message: its own checks are
    read from the plan."""
    shapes = shacl.read_shapes(resources.shapes_file())
    messages = {str(shapes.value(c, SH.message)) for c in shapes.objects(None, SH.sparql)}
    loaded, quads = emitted
    validator = pipeline.shapes_validator(loaded.ontology)
    broken = set()
    for case in CASES:
        store = pyoxigraph.Store()
        store.extend(quads)
        store.update(PREFIXES + case.read_text())
        built = GraphStore(store)
        broken |= {v.message for v in validator.violations(built)}
        fill = Filler(built, validator.schema)
        fill.untyped.update({c: fill.untyped_instances(c) for c in validator.plan.classes})
        for shape, checks in validator.plan.nested.items():  # children first, as it runs
            found = {check.message: fill.results(check) for check in checks}
            broken |= {message for message, rows in found.items() if rows}
            fill.bad[str(shape)] = sorted({row[0] for rows in found.values() for row in rows})
    assert messages - broken == set()


COMPONENTS = {SH.qualifiedValueShape: "QualifiedMinCount"}


def _local(param: rdflib.term.Node) -> str:
    name = str(param).removeprefix(str(SH))
    return name[0].upper() + name[1:]


def test_an_unknown_constraint_is_refused_not_skipped(emitted: Emitted) -> None:
    shapes = shacl.read_shapes(resources.shapes_file())
    shape = next(shapes.subjects(SH.targetClass, None))
    shapes.add((shape, SH.closed, rdflib.Literal(True)))
    loaded, _ = emitted
    with pytest.raises(Unsupported, match="closed"):
        compile_shapes(shapes, pipeline.shapes_validator(loaded.ontology).schema)
