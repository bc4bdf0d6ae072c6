"""Counts of a built graph, as tables: per source, class, indicator, named graph, link and code.

`stats(graph, iris)` runs one named query (graph/queries/) per table and returns `Table`s; `format_tables`
lays them out as aligned plain text. Pure apart from the queries on the given store.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from . import queries
from .emit.iris import Iris
from .emit.vocab import PREFIXES
from .store import GraphStore

Cell = str | int


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
    return tuple(tuple(_cell(term, iris) for term in row) for row in queries.rows(graph, query))


TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Sources", ("source", "file", "triples", "observations"), "stats-sources"),
    ("Classes", ("class", "instances"), "stats-classes"),
    ("Indicators", ("indicator", "observations"), "stats-indicators"),
    ("Named graphs", ("graph", "triples"), "graph-sizes"),
    ("External links", ("property", "host", "links"), "stats-links"),
    ("Codes (skos:notation)", ("datatype", "codes"), "stats-notations"),
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
