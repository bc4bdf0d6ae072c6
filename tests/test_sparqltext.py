"""Binding variables and a base IRI into SPARQL text for a remote store, as pyoxigraph binds them."""

from __future__ import annotations

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    Store,
    Variable,
)
from vnkg.graph.sparqltext import bind, query_form, where_group, with_base

X = NamedNode("http://example.org/x")
BOUND = {Variable("s"): X}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX select: <http://e/> ASK { ?select select:a ?x }", "ASK"),
        ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ('BASE <http://e/> DESCRIBE <x>  # "SELECT"', "DESCRIBE"),
        ("select * {}", "SELECT"),
        ("INSERT DATA { <a> <b> <c> }", None),
    ],
)
def test_query_form_skips_prefixes_comments_and_names(query: str, form: str | None) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "?s ?p ?o"),
        ("SELECT * { ?s ?p ?o }", "?s ?p ?o"),
        ('SELECT (EXISTS { ?s ?p "}" } AS ?e) WHERE { ?s ?p ?o }', "?s ?p ?o"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "?s ?p ?o"),
        ("SELECT * FROM <http://e/where#x> WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "{ SELECT"),
        ("ASK { ?s ?p '{' }", "?s ?p '{'"),
    ],
)
def test_values_open_the_outermost_where_group(query: str, before: str) -> None:
    bound = bind(query, BOUND)
    assert f"{{ VALUES (?s) {{ (<http://example.org/x>) }} {before}" in " ".join(bound.split())
    assert "\n" not in bound  # the query's lines keep their numbers


def test_a_query_without_a_group_gets_a_trailing_values_clause() -> None:
    assert where_group("CONSTRUCT WHERE { ?s ?p ?o }") is None
    assert bind("DESCRIBE ?s", BOUND) == "DESCRIBE ?s\nVALUES (?s) { (<http://example.org/x>) }"


def test_literals_are_written_by_pyoxigraph_not_pasted() -> None:
    evil = Literal('"} } DROP ALL #', language="en")
    bound = bind("SELECT ?s WHERE { ?s ?p ?o }", {Variable("o"): evil})
    assert list(Store().query(bound)) == []  # it parses: the literal stayed a literal
    assert r'"\"} } DROP ALL #"@en' in bound


def test_blank_nodes_cannot_be_bound() -> None:
    with pytest.raises(ValueError, match="not an IRI or literal"):
        bind("SELECT * { ?s ?p ?o }", {Variable("s"): BlankNode()})


def test_base_goes_in_front_on_the_same_line() -> None:
    assert (
        with_base("SELECT * { <a> ?p ?o }", "http://e/b/")
        == "BASE <http://e/b/> SELECT * { <a> ?p ?o }"
    )
    assert with_base("SELECT 1", None) == "SELECT 1"


QUERIES = [
    "SELECT ?s ?o WHERE { ?s <http://e/p> ?o }",
    "SELECT ?s ?o WHERE { ?x <http://e/p> ?o FILTER (?x = ?s) }",
    "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "ASK { ?s <http://e/p> 2 }",
]


@pytest.mark.parametrize("query", QUERIES)
def test_bound_text_answers_as_pyoxigraph_substitutions(query: str) -> None:
    store = Store()
    for s, o in [("a", 1), ("a", 2), ("b", 3)]:
        store.add(_quad(s, o))
    bound = {Variable("s"): NamedNode("http://e/a")}
    expected = _rows(store.query(query, substitutions=bound))
    assert _rows(store.query(bind(query, bound))) == expected


def _quad(s: str, o: int) -> Quad:
    return Quad(NamedNode(f"http://e/{s}"), NamedNode("http://e/p"), Literal(o))


def _rows(result: object) -> object:
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        return sorted(str([row[v] for v in result.variables]) for row in result)
    return sorted(map(str, result))  # type: ignore[call-overload]
