"""Exports parse with rdflib and pyoxigraph, round-trip to the same graph, and are deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import RdfFormat
from rdflib.compare import isomorphic
from vnkg.graph import pipeline, store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.export import export
from vnkg.graph.formats import DUMPS, name

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def exported(path: Path, fmt: RdfFormat) -> bytes:
    out = io.BytesIO()
    export(store.GraphStore.open(path), fmt, out)
    return out.getvalue()


def union(path: Path) -> rdflib.Graph:
    """The store's union graph, through canonical N-Triples."""
    return rdflib.Graph().parse(data=exported(path, RdfFormat.N_TRIPLES), format="nt")


@pytest.mark.parametrize("fmt", DUMPS, ids=name)
def test_export_round_trips(test_store: Path, fmt: RdfFormat) -> None:
    data = exported(test_store, fmt)
    parsed = rdflib.Dataset()
    parsed.parse(data=data, format=RDFLIB_FORMATS[name(fmt)])
    triples = rdflib.Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        triples.add((s, p, o))
    assert isomorphic(triples, union(test_store))
    assert list(pyoxigraph.parse(data, format=fmt))


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_dataset_formats_keep_one_graph_per_source(test_store: Path, fmt: str) -> None:
    quads = list(
        pyoxigraph.parse(
            exported(test_store, RdfFormat.from_extension(fmt)),
            format=RdfFormat.from_extension(fmt),
        )
    )
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, pyoxigraph.NamedNode)}
    base = Iris().base
    assert {
        f"{base}graph/source/t001",
        f"{base}graph/source/t002",
        f"{base}graph/reference",
        f"{base}graph/ontology",
    } <= graphs


def test_turtle_uses_prefixes_and_groups_subjects(test_store: Path) -> None:
    text = exported(test_store, RdfFormat.TURTLE).decode()
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#>" in text
    subject = "<https://w3id.org/vnkg/id/province/lang-son>"
    assert text.count(f"\n{subject} ") == 1


@pytest.mark.slow  # two builds
def test_two_builds_give_byte_identical_nquads(tmp_path: Path) -> None:
    seeds = Path(__file__).parent / "data" / "seeds"
    first, second = tmp_path / "one", tmp_path / "two"
    pipeline.build(seeds, first, Iris(), gazetteer=False)
    pipeline.build(seeds, second, Iris(), gazetteer=False)
    a, b = exported(first, RdfFormat.N_QUADS), exported(second, RdfFormat.N_QUADS)
    assert a == b
    lines = a.decode().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) > 50


def test_exports_carry_the_void_description(test_store: Path) -> None:
    quads = list(
        pyoxigraph.parse(
            exported(test_store, RdfFormat.N_QUADS), format=pyoxigraph.RdfFormat.N_QUADS
        )
    )
    base = Iris().base
    described = {
        q.predicate.value: q.object
        for q in quads
        if q.graph_name == pyoxigraph.NamedNode(f"{base}graph/dataset")
        and q.subject == pyoxigraph.NamedNode(f"{base}id/dataset/vnkg")
    }
    assert (
        described["http://purl.org/dc/terms/license"].value
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    stated = int(described["http://rdfs.org/ns/void#triples"].value)
    # VoID counts the facts: not its own description, nor the summary graph derived after it
    data = {
        (q.subject, q.predicate, q.object)
        for q in quads
        if not any(f"graph/{name}" in str(q.graph_name) for name in ("dataset", "summary"))
    }
    assert stated == len(data)
    assert any("graph/summary" in str(q.graph_name) for q in quads)  # exported all the same
