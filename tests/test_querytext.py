"""The lexical checks on query text: SERVICE (refused before execution) and FROM.

Where rdflib's parser accepts a query, its algebra is the oracle; the other cases are the
ones the engine (pyoxigraph) accepts but rdflib does not, or deliberate tricks.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery
from vnkg.server.endpoint.querytext import (
    CACHED_CHARS,
    bare_words,
    declares_dataset,
    facts,
    uses_service,
)

# (query, uses SERVICE, declares a dataset); all parse in rdflib and pyoxigraph.
ORACLE = [
    ("SELECT * { ?s ?p ?o }", False, False),
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True, False),
    ("select * { service silent <http://x/> { ?s ?p ?o } }", True, False),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", True, False),
    ("SELECT * { { SELECT ?s { SERVICE <http://x/> { ?s ?p ?o } } } }", True, False),
    ("SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }", True, False),
    ("SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?s ?p ?o } }", True, False),
    ("SELECT * { ?s ?p 'SERVICE <http://x/> {}' }", False, False),
    ('SELECT * { ?s ?p """multi\nline "SERVICE" text""" }', False, False),
    ("SELECT * { ?s ?p 'it\\'s SERVICE' }", False, False),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}", False, False),
    ("SELECT * { <http://x/SERVICE#FROM> ?p ?o }", False, False),
    ("PREFIX ex: <http://e/> SELECT ?service { ?service ex:serviceType ex:SERVICE }", False, False),
    ("SELECT ?from { ?from ?p $SERVICE }", False, False),
    ("SELECT * { ?s ?p ?o FILTER(?o<3 && ?o>1) }", False, False),
    ("SELECT * FROM <http://g/> { ?s ?p ?o }", False, True),
    ("SELECT * FROM NAMED <http://g/> { GRAPH ?g { ?s ?p ?o } }", False, True),
    ("ASK FROM <http://g/> { ?s ?p ?o }", False, True),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://g/> WHERE { ?s ?p ?o }", False, True),
    ("DESCRIBE ?s FROM <http://g/> WHERE { ?s ?p ?o }", False, True),
]


def _rdflib(query: str) -> tuple[bool, bool]:
    """(SERVICE, FROM) as rdflib's parser and algebra see them."""
    parsed = parseQuery(query)
    names: list[str] = []
    traverse(translateQuery(parsed).algebra, lambda n: names.append(getattr(n, "name", "")))
    has_dataset = "datasetClause" in parsed[1]
    return "ServiceGraphPattern" in names, has_dataset


@pytest.mark.parametrize(("query", "service", "dataset"), ORACLE, ids=range(len(ORACLE)))
def test_agrees_with_rdflib_algebra(query: str, service: bool, dataset: bool) -> None:
    assert _rdflib(query) == (service, dataset)
    assert (uses_service(query), declares_dataset(query)) == (service, dataset)


# Queries pyoxigraph runs as a SERVICE clause that a naive keyword scan would miss. Port 1
# is refused by its HTTP client before connecting, which proves the clause was reached.
CLOSED = "http://127.0.0.1:1/"
ENGINE_ONLY = [
    f"SELECT * {{ ?s ?p 1SERVICE <{CLOSED}> {{}} }}",
    f"SELECT * {{ ?s ?p trueSERVICE <{CLOSED}> {{}} }}",
    f"SELECT * WHERE{{{{}}SERVICE<{CLOSED}>{{}}}}",
    f"SELECT * {{ FILTER(1<2)SERVICE<{CLOSED}>{{}} }}",
    f"PREFIX : <{CLOSED}> SELECT * {{ {{}} SERVICE:y {{}} }}",
]


@pytest.mark.parametrize("query", ENGINE_ONLY, ids=range(len(ENGINE_ONLY)))
def test_service_glued_to_other_tokens_is_found(query: str) -> None:
    store = Store()
    subject, predicate = NamedNode("http://e/s"), NamedNode("http://e/p")
    store.extend([Quad(subject, predicate, Literal(1)), Quad(subject, predicate, Literal(True))])
    with pytest.raises(OSError, match="port 1"):
        list(store.query(query))  # type: ignore[arg-type]
    assert uses_service(query)


def test_an_unterminated_string_errs_towards_refusing() -> None:
    assert uses_service("SELECT * { ?s ?p 'oops } SERVICE <http://x/> {} }")


def test_bare_words_keep_only_keywords_and_prefixes() -> None:
    query = "PREFIX ex: <http://e/> SELECT ?x (COUNT(*) AS ?n) { ?x a ex:T ; ex:p 'y' } GROUP BY ?x"
    words = ["PREFIX", "EX", "SELECT", "COUNT", "AS", "A", "EX", "EX", "GROUP", "BY"]
    assert list(bare_words(query)) == words


@pytest.mark.parametrize(("query", "service", "dataset"), ORACLE, ids=range(len(ORACLE)))
def test_facts_hold_for_remembered_and_long_texts(query: str, service: bool, dataset: bool) -> None:
    long = "# " + "x" * CACHED_CHARS + "\n" + query  # too long to be remembered: scanned anew
    for text in (query, query, long, long):
        found = facts(text)
        assert (found.service, found.dataset) == (service, dataset)


def test_facts_count_nesting_and_operators() -> None:
    found = facts("SELECT ?s { { ?s ?p ?o FILTER((1+2-3) = 0) } UNION { ?s ?p 'a(b+c' } }")
    assert (found.deepest, found.operators) == (4, 4)  # + - = UNION; the string does not count
    assert facts("ASK { FILTER(1-1-1) }").operators == 2  # one name token to the scanner
