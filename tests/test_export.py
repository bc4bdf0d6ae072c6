"""Exports parse with rdflib and pyoxigraph, round-trip to the same graph, and are deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic
from vnkg.graph import pipeline, store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.export import ExportFormat, export

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def exported(path: Path, fmt: ExportFormat) -> bytes:
    out = io.BytesIO()
    export(store.GraphStore.open(path), fmt, out)
    return out.getvalue()


def union(path: Path) -> rdflib.Graph:
    """The store's union graph, through canonical N-Triples."""
    return rdflib.Graph().parse(data=exported(path, ExportFormat.NT), format="nt")


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=[f.value for f in ExportFormat])
def test_export_round_trips(test_store: Path, fmt: ExportFormat) -> None:
    data = exported(test_store, fmt)
    parsed = rdflib.Dataset()
    parsed.parse(data=data, format=RDFLIB_FORMATS[fmt.value])
    triples = rdflib.Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        triples.add((s, p, o))
    assert isomorphic(triples, union(test_store))
    assert list(pyoxigraph.parse(data, format=fmt.rdf_format))


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_dataset_formats_keep_one_graph_per_source(test_store: Path, fmt: str) -> None:
    quads = list(
        pyoxigraph.parse(
            exported(test_store, ExportFormat(fmt)), format=ExportFormat(fmt).rdf_format
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
    text = exported(test_store, ExportFormat.TTL).decode()
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#>" in text
    subject = "<https://w3id.org/vnkg/id/province/lang-son>"
    assert text.count(f"\n{subject} ") == 1


def test_two_builds_give_byte_identical_nquads(tmp_path: Path) -> None:
    seeds = Path(__file__).parent / "data" / "seeds"
    first, second = tmp_path / "one", tmp_path / "two"
    pipeline.build(seeds, first, Iris(), gazetteer=False)
    pipeline.build(seeds, second, Iris(), gazetteer=False)
    a, b = exported(first, ExportFormat.NQ), exported(second, ExportFormat.NQ)
    assert a == b
    lines = a.decode().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) > 50


def test_exports_carry_the_void_description(test_store: Path) -> None:
    quads = list(
        pyoxigraph.parse(exported(test_store, ExportFormat.NQ), format=pyoxigraph.RdfFormat.N_QUADS)
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
    data = {
        (q.subject, q.predicate, q.object)
        for q in quads
        if "graph/dataset" not in str(q.graph_name)
    }
    assert stated == len(data)
