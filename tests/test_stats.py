"""Counts of a built graph (`stats`), their layout, and `vnkg stats`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad
from vnkg.graph.cli import main
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import OWL, SKOS, VNKG
from vnkg.graph.stats import Table, format_table, stats
from vnkg.graph.store import GraphStore


@pytest.fixture(scope="module")
def tables(test_store: Path) -> dict[str, Table]:
    """The tables of the store built from the tiny test seeds, by title."""
    return {t.title: t for t in stats(GraphStore.open(test_store), Iris())}


def test_sources_count_triples_and_observations(test_store: Path, tables: dict) -> None:
    graph = GraphStore.open(test_store)
    quads = {
        sid: len(list(graph.quads(graph=Iris().source_graph(sid)))) for sid in ("t001", "t002")
    }
    assert tables["Sources"].rows == (
        ("id/source/t001", "t001.txt", quads["t001"], 6),
        ("id/source/t002", "t002.txt", quads["t002"], 1),
    )
    assert quads["t001"] > quads["t002"] > 0


def test_indicators_count_observations(tables: dict) -> None:
    assert tables["Indicators"].rows == (
        ("ind:poverty-rate", 3),
        ("ind:near-poverty-rate", 1),
        ("ind:poverty-rate-annual-reduction", 1),
        ("ind:poverty-rate-reduction", 1),
        ("ind:preferential-credit-volume", 1),
    )


def test_classes_count_instances_most_first(tables: dict) -> None:
    counts = dict(tables["Classes"].rows)
    assert counts["qb:Observation"] == 7
    assert counts["schema:NewsArticle"] == 2
    assert counts["org:Membership"] == 1
    assert counts["vnkg:SupportActivity"] == 2
    column = [n for _, n in tables["Classes"].rows]
    assert column == sorted(column, reverse=True)


def test_named_graphs_count_their_triples(test_store: Path, tables: dict) -> None:
    graph = GraphStore.open(test_store)
    expected = {
        Iris().graph(g).value[len(Iris().base) :]: len(list(graph.quads(graph=Iris().graph(g))))
        for g in ("reference", "source/t001", "source/t002")
    }
    counts = dict(tables["Named graphs"].rows)
    assert {g: counts[g] for g in expected} == expected
    assert sum(counts.values()) == len(graph)


def test_links_grouped_by_host_and_codes_by_datatype() -> None:
    a, b = NamedNode("https://w3id.org/vnkg/id/province/a"), NamedNode("https://example.org/b")
    g = NamedNode("https://w3id.org/vnkg/graph/links")
    quads = [
        Quad(a, SKOS.exactMatch, NamedNode("http://www.wikidata.org/entity/Q1"), g),
        Quad(b, SKOS.exactMatch, NamedNode("http://www.wikidata.org/entity/Q2"), g),
        Quad(b, SKOS.exactMatch, NamedNode("http://www.wikidata.org/entity/Q2")),
        Quad(a, SKOS.exactMatch, NamedNode("https://sws.geonames.org/1/"), g),
        Quad(a, OWL.sameAs, NamedNode("http://dbpedia.org/resource/A"), g),
        Quad(a, SKOS.exactMatch, Literal("not an IRI"), g),
        Quad(a, SKOS.notation, Literal("20", datatype=VNKG.gsoCode), g),
        Quad(b, SKOS.notation, Literal("21", datatype=VNKG.gsoCode), g),
        Quad(a, SKOS.notation, Literal("VN-09", datatype=VNKG["iso3166-2Code"]), g),
        Quad(b, SKOS.notation, Literal("x"), g),
    ]
    tables = {t.title: t for t in stats(GraphStore.in_memory(quads), Iris())}
    assert tables["External links"].rows == (
        ("owl:sameAs", "dbpedia.org", 1),
        ("skos:exactMatch", "wikidata.org", 2),
        ("skos:exactMatch", "sws.geonames.org", 1),
    )
    assert tables["Codes (skos:notation)"].rows == (
        ("vnkg:gsoCode", 2),
        ("xsd:string", 1),
        ("vnkg:iso3166-2Code", 1),
    )
    assert tables["Sources"].rows == ()


def test_format_table_aligns_columns() -> None:
    table = Table("Things", ("name", "count"), (("a-long-name", 5), ("b", 1234)))
    assert format_table(table) == (
        "Things\nname         count\n-----------  -----\na-long-name      5\nb             1234\n"
    )
    assert format_table(Table("None", ("x",), ())).endswith("-\n(none)\n")


def test_stats_command(test_store: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats", "--store", str(test_store)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Sources"
    t002 = next(line.split() for line in lines if line.startswith("id/source/t002"))
    assert (t002[1], t002[-1]) == ("t002.txt", "1")
    for title in ("Classes", "Indicators", "Named graphs", "External links", "Codes"):
        assert any(line.startswith(title) for line in lines)
    missing = runner.invoke(main, ["stats", "--store", "nowhere"])
    assert missing.exit_code == 1 and "run `vnkg build` first" in missing.stderr
