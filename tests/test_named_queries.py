"""The code's own named queries (graph/queries/*.rq): each documented, each parses and runs."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from pyoxigraph import QueryBoolean
from vnkg.graph import queries
from vnkg.graph.store import GraphStore


@pytest.mark.parametrize("name", queries.names(), ids=str)
def test_each_query_says_what_it_answers(name: str) -> None:
    first = (files(queries) / f"{name}.rq").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20


@pytest.mark.parametrize("name", queries.names(), ids=str)
def test_each_query_runs_on_a_built_store(name: str, test_store: Path) -> None:
    result = GraphStore.open(test_store).query(queries.text(name))
    if not isinstance(result, QueryBoolean):
        list(result)


def test_graph_sizes_of_one_graph_and_of_all(test_store: Path) -> None:
    store = GraphStore.open(test_store)
    every = queries.graph_sizes(store)
    graph, size = next(iter(every.items()))
    assert queries.graph_sizes(store, store.named_graphs()[0]) == {graph: size}
    assert sum(every.values()) == len(store)


@pytest.mark.parametrize("name", ["page-observation-counts", "page-observations", "page-incoming"])
def test_the_page_queries_know_the_links_of_an_observation(name: str) -> None:
    """The properties by which an observation points at a resource: the same list everywhere."""
    from vnkg.graph.emit.vocab import PREFIXES
    from vnkg.server.web.observations import LINKS

    listed = re.search(r"\bIN \(([^)]*)\)", (files(queries) / f"{name}.rq").read_text())
    assert listed is not None
    names = {n.strip() for n in listed[1].split(",")}
    expected = set()
    for link in LINKS:
        prefix, namespace = max(
            ((p, ns) for p, ns in PREFIXES.items() if link.value.startswith(ns)),
            key=lambda pair: len(pair[1]),
        )
        expected.add(f"{prefix}:{link.value[len(namespace) :]}")
    assert names == expected
