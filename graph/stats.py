"""Counts of a built graph, as tables: per source, class, indicator, named graph, link and code.

`stats(graph, iris)` runs one SPARQL query per table and returns `Table`s; `format_tables`
lays them out as aligned plain text. Pure apart from the queries on the given store.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, QuerySolutions

from .emit.iris import Iris
from .emit.vocab import PREFIXES
from .store import GraphStore

Cell = str | int

SPARQL_PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX schema: <https://schema.org/>
PREFIX vnkg: <https://w3id.org/vnkg/def/>
"""

SOURCES = """
SELECT ?source ?file ?triples (COUNT(DISTINCT ?obs) AS ?observations) WHERE {
  { SELECT ?source ?graph (COUNT(*) AS ?triples) WHERE {
      GRAPH ?graph { ?source a schema:NewsArticle }
      GRAPH ?graph { ?s ?p ?o }
    } GROUP BY ?source ?graph }
  OPTIONAL { GRAPH ?graph { ?source vnkg:sourceFile ?file } }
  OPTIONAL { ?obs a qb:Observation ; prov:wasDerivedFrom ?source }
} GROUP BY ?source ?file ?triples ORDER BY ?source
"""

CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?instances) ?class
"""

INDICATORS = """
SELECT ?indicator (COUNT(DISTINCT ?obs) AS ?observations) WHERE {
  ?obs a qb:Observation ; vnkg:indicator ?indicator
} GROUP BY ?indicator ORDER BY DESC(?observations) ?indicator
"""

GRAPHS = """
SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""

LINKS = r"""
SELECT ?property ?host (COUNT(*) AS ?links) WHERE {
  { SELECT DISTINCT ?property ?s ?o WHERE {
      VALUES ?property { skos:exactMatch owl:sameAs }
      ?s ?property ?o FILTER(isIRI(?o))
  } }
  BIND(REPLACE(STR(?o), "^[A-Za-z][A-Za-z0-9+.-]*://(www\\.)?([^/:?#]*).*$", "$2") AS ?host)
} GROUP BY ?property ?host ORDER BY ?property DESC(?links) ?host
"""

NOTATIONS = """
SELECT ?datatype (COUNT(*) AS ?codes) WHERE {
  { SELECT DISTINCT ?s ?code WHERE { ?s skos:notation ?code } }
  BIND(DATATYPE(?code) AS ?datatype)
} GROUP BY ?datatype ORDER BY DESC(?codes) ?datatype
"""


@dataclass(frozen=True)
class Table:
    """A titled table: column names and rows of text and counts."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def compact(iri: str, iris: Iris) -> str:
    """A short name: 'graph/source/s000', 'id/province/lang-son', 'ind:poverty-rate'."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri[len(iris.base) :] if iri.startswith(iris.base) else iri


def _cell(term: object, iris: Iris) -> Cell:
    if isinstance(term, NamedNode):
        return compact(term.value, iris)
    if isinstance(term, Literal):
        return int(term.value) if term.datatype.value.endswith("#integer") else term.value
    return ""


def _rows(graph: GraphStore, query: str, iris: Iris) -> tuple[tuple[Cell, ...], ...]:
    result = graph.query(SPARQL_PREFIXES + query)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return tuple(tuple(_cell(row[name], iris) for name in names) for row in result)


TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Sources", ("source", "file", "triples", "observations"), SOURCES),
    ("Classes", ("class", "instances"), CLASSES),
    ("Indicators", ("indicator", "observations"), INDICATORS),
    ("Named graphs", ("graph", "triples"), GRAPHS),
    ("External links", ("property", "host", "links"), LINKS),
    ("Codes (skos:notation)", ("datatype", "codes"), NOTATIONS),
)


def stats(graph: GraphStore, iris: Iris) -> list[Table]:
    """Every table of counts of `graph`."""
    return [Table(title, columns, _rows(graph, query, iris)) for title, columns, query in TABLES]


def format_table(table: Table) -> str:
    """One table as aligned plain text (counts right-aligned), with its title."""
    numeric = [
        any(isinstance(row[i], int) for row in table.rows) for i in range(len(table.columns))
    ]
    widths = [
        max(len(str(c)) for c in (name, *(row[i] for row in table.rows)))
        for i, name in enumerate(table.columns)
    ]

    def line(cells: tuple[Cell, ...]) -> str:
        parts = zip(cells, widths, numeric, strict=True)
        return "  ".join(str(c).rjust(w) if n else str(c).ljust(w) for c, w, n in parts).rstrip()

    lines = [table.title, line(table.columns), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in table.rows] or ["(none)"]
    return "\n".join(lines) + "\n"


def format_tables(tables: list[Table]) -> str:
    """All tables, separated by blank lines."""
    return "\n".join(format_table(t) for t in tables)
