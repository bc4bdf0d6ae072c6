"""Exports parse with rdflib and pyoxigraph, round-trip to the same graph, and are deterministic."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from flask.testing import FlaskClient
from pyoxigraph import RdfFormat
from rdflib.compare import isomorphic
from vnkg.graph import pipeline, store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.graph.export import context, export
from vnkg.graph.formats import DUMPS, name

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def exported(path: Path, fmt: RdfFormat) -> bytes:
    out = io.BytesIO()
    export(store.GraphStore.open(path), fmt, out)
    data = out.getvalue()
    return with_context(data) if fmt == RdfFormat.JSON_LD else data


def with_context(data: bytes) -> bytes:
    """Compact JSON-LD with its published context (referred to by IRI) written in, so that a
    parser reads it without fetching https://w3id.org/vnkg/context.jsonld."""
    document = json.loads(data)
    assert document["@context"] == Iris().base + "context.jsonld"
    document["@context"] = context()["@context"]
    return json.dumps(document).encode()


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


def test_compact_json_ld_has_the_same_quads_as_n_quads(test_store: Path) -> None:
    """Read back with rdflib, the compact JSON-LD is the N-Quads export, graph by graph."""
    compact = rdflib.Dataset().parse(data=exported(test_store, RdfFormat.JSON_LD), format="json-ld")
    nquads = rdflib.Dataset().parse(data=exported(test_store, RdfFormat.N_QUADS), format="nquads")

    def graphs(found: rdflib.Dataset) -> dict[str, set[tuple[object, ...]]]:
        by_graph: dict[str, set[tuple[object, ...]]] = {}
        for s, p, o, g in found.quads((None, None, None, None)):
            by_graph.setdefault(str(g), set()).add((s, p, o))
        return by_graph

    assert graphs(compact) == graphs(nquads) and len(graphs(nquads)) > 3


def test_compact_json_ld_uses_the_published_context(test_store: Path) -> None:
    out = io.BytesIO()
    export(
        store.GraphStore.open(test_store), RdfFormat.JSON_LD, out, base="https://example.org/kg/"
    )
    document = json.loads(out.getvalue())
    assert document["@context"] == "https://example.org/kg/context.jsonld"
    text = out.getvalue().decode()
    assert '"prefLabel": ' in text and '"skos:prefLabel": ' not in text  # a term, as a key
    assert '"vnkg:Province"' in text and '"@type": ' in text
    assert "http://www.w3.org/2004/02/skos/core#" not in text


def test_the_context_declares_every_prefix_of_the_project() -> None:
    terms = context()["@context"]
    assert {k: v for k, v in terms.items() if isinstance(v, str)} == PREFIXES


def test_json_ld_bytes_do_not_depend_on_string_hashing(test_store: Path) -> None:
    """rdflib orders a node's values by Python's (randomised) hashing; the export must not."""
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        vnkg = str(Path(sys.executable).parent / "vnkg")
        command = [vnkg, "export", "--store", str(test_store)]
        done = subprocess.run([*command, "--format", "jsonld"], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    assert runs[0] == runs[1] and len(runs[0]) > 1000


def test_a_page_in_json_ld_is_compact_with_the_context_written_in(web_client: FlaskClient) -> None:
    response = web_client.get("/id/province/lang-son", headers={"Accept": "application/ld+json"})
    document = json.loads(response.data)
    assert document["@context"] == context()["@context"]
    node = next(n for n in document["@graph"] if n["@id"].endswith("/id/province/lang-son"))
    assert {"@language": "vi", "@value": "Lạng Sơn"} in node["prefLabel"]
    parsed = rdflib.Graph().parse(data=response.data, format="json-ld")
    expanded = web_client.get("/id/province/lang-son.nt").get_data(as_text=True)
    assert isomorphic(parsed, rdflib.Graph().parse(data=expanded, format="nt"))
