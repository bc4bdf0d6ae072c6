"""The summary graph (graph/queries/summary.py) and the competency queries that read it.

Each shipped query answers on the bundled store what its text before the summary graph
(benchmarks/baseline-queries/, kept for the benchmark's before/after table) answers on the
same store without that graph: the same rows, as many times each, in the same order of the
ORDER BY values. GROUP_CONCAT lists are compared as sets: SPARQL leaves their order open.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions
from vnkg.graph import dataset, queries, resources, stats
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import VNKG
from vnkg.graph.store import GraphStore

BASELINE = Path(__file__).resolve().parent.parent / "benchmarks" / "baseline-queries"
SHIPPED = sorted(p.stem for p in resources.queries_dir().glob("*.rq"))
LISTS = {"sourceList", "inferred", "places"}  # GROUP_CONCAT columns of the shipped queries
SUMMARY = Iris().graph("summary")
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
SUMMARY_TERMS = ("vnkg:sortKey", "vnkg:periodLabel", "vnkg:observationCount", "vnkg:alsoReportedBy")


def text(folder: Path, name: str) -> str:
    return (folder / f"{name}.rq").read_text(encoding="utf-8")


def body(query: str) -> str:
    """The query without its header comments (title, question and their translations)."""
    lines = query.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "\n".join(lines[start:])


REWRITTEN = [
    n for n in SHIPPED if body(text(BASELINE, n)) != body(text(resources.queries_dir(), n))
]


def answer(store: GraphStore, text: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """Column names and rows (terms as N-Triples; GROUP_CONCAT lists sorted) of `text`."""
    result = store.query(text)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return names, [tuple(_cell(n, s[n]) for n in names) for s in result]


def _cell(name: str, term: object) -> str | None:
    if term is None:
        return None
    if name in LISTS and isinstance(term, Literal):
        return " ".join(sorted(term.value.replace(", ", " ").split()))
    return str(term)


def order_columns(text: str, names: list[str]) -> list[int]:
    """The projected columns the query sorts on, in the ORDER BY's order."""
    found = re.search(r"^ORDER BY (.*)$", text, re.MULTILINE)
    keys = re.findall(r"\?(\w+)", found[1]) if found else []
    return [names.index(k) for k in keys if k in names]


def test_every_shipped_query_has_its_text_before_the_summary_graph() -> None:
    assert sorted(p.stem for p in BASELINE.glob("*.rq")) == SHIPPED


@pytest.mark.parametrize("name", sorted(set(SHIPPED) - set(REWRITTEN)), ids=str)
def test_a_query_left_as_it_was_reads_no_summary_term(name: str) -> None:
    assert not any(term in text(resources.queries_dir(), name) for term in SUMMARY_TERMS)


@pytest.mark.parametrize("name", REWRITTEN, ids=str)
def test_the_same_answer_with_and_without_the_summary_graph(
    name: str, bundled_graph: GraphStore, without_summary: GraphStore
) -> None:
    before, after = text(BASELINE, name), text(resources.queries_dir(), name)
    old_names, old = answer(without_summary, before)
    new_names, new = answer(bundled_graph, after)
    assert new_names == old_names
    assert Counter(new) == Counter(old)
    keys = order_columns(before, old_names)
    assert [tuple(r[i] for i in keys) for r in new] == [tuple(r[i] for i in keys) for r in old]


def test_queries_that_read_the_summary_graph_answer_less_without_it(
    without_summary: GraphStore,
) -> None:
    """The test above compares something: without the summary the new texts find nothing."""
    text = (resources.queries_dir() / "facts-in-several-sources.rq").read_text(encoding="utf-8")
    assert answer(without_summary, text)[1] == []


def test_the_summary_changes_no_count_but_the_graph_sizes(
    bundled_graph: GraphStore, without_summary: GraphStore
) -> None:
    with_it = {t.title: t.rows for t in stats.stats(bundled_graph, Iris())}
    without = {t.title: t.rows for t in stats.stats(without_summary, Iris())}
    sizes = with_it.pop("Named graphs")
    assert with_it == {k: v for k, v in without.items() if k != "Named graphs"}
    extra = [row for row in sizes if row not in without["Named graphs"]]
    assert [row[0] for row in extra] == ["graph/summary"]


def test_void_counts_the_facts_without_the_summary(bundled_graph: GraphStore) -> None:
    """VoID is computed before the summary graph exists: the same figures as a store that
    never had one (its own description aside)."""
    derived = {SUMMARY, Iris().graph("dataset")}
    facts = GraphStore.in_memory(q for q in bundled_graph.quads() if q.graph_name not in derived)
    expected = {(str(s), p.value, str(o)) for s, p, o in dataset.statistics(facts, Iris())}
    stored = {
        (str(q.subject), q.predicate.value, str(q.object))
        for q in bundled_graph.quads(graph=Iris().graph("dataset"))
    }
    assert expected <= stored
    assert any(p == VOID_TRIPLES for _, p, _ in expected)


def test_sort_keys_follow_the_names_and_labels(bundled_graph: GraphStore) -> None:
    found = bundled_graph.query(
        queries.PREFIX_BLOCK
        + "SELECT ?name ?key WHERE { VALUES ?class { vnkg:Province vnkg:District vnkg:Commune } "
        "?place a ?class ; vnkg:sortKey ?key ; skos:prefLabel ?name FILTER (LANG(?name) = 'vi') }"
    )
    assert isinstance(found, QuerySolutions)
    pairs = sorted((int(s["key"].value), s["name"].value) for s in found)
    assert len(pairs) > 100
    names = [name for _, name in pairs]
    assert names == sorted(names)
    assert len({k for k, _ in pairs}) == len(set(names))  # equal names, equal keys


def test_observation_counts_are_the_observations_of_each_indicator(
    bundled_graph: GraphStore,
) -> None:
    counted = bundled_graph.query(
        "SELECT ?i (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o <https://w3id.org/vnkg/def/indicator> ?i }"
        " GROUP BY ?i"
    )
    assert isinstance(counted, QuerySolutions)
    expected = {s["i"]: int(s["n"].value) for s in counted}
    stored = {
        q.subject: int(q.object.value)
        for q in bundled_graph.quads(predicate=VNKG.observationCount, graph=SUMMARY)
    }
    assert stored == expected and sum(expected.values()) > 50


def test_a_figure_two_sources_report_links_each_observation_to_the_other_source(
    bundled_graph: GraphStore,
) -> None:
    links = list(bundled_graph.quads(predicate=VNKG.alsoReportedBy, graph=SUMMARY))
    assert links
    for link in links:
        own = next(
            bundled_graph.quads(link.subject, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"))
        )
        assert own.object != link.object
