"""The one interface the server and the CLI use to read a graph: SPARQL and the list of graphs.

Two implementations: `GraphStore` (graph/store.py, the embedded pyoxigraph store, default)
and `RemoteStore` (graph/remote/endpoint.py, any SPARQL 1.1 endpoint over HTTP, a thin
client: one request per query); which one a spec names is graph/remote/spec.py's
`open_backend`. Everything the pages, search and listings read goes through `query()` with
the named queries of graph/queries/, so a page costs a handful of queries on either store.
Solutions and booleans are pyoxigraph's own types from both; a graph is `QueryTriples`
locally and, from a remote store, triples with the same `serialize`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
    Variable,
)


class GraphResult(Protocol):
    """The triples of a CONSTRUCT or DESCRIBE: pyoxigraph's `QueryTriples` or a remote answer."""

    def __iter__(self) -> Iterator[Triple]: ...

    def serialize(
        self, output: IO[bytes] | None = None, format: RdfFormat | None = None
    ) -> bytes | None: ...


QueryResult = QuerySolutions | QueryBoolean | GraphResult


class Backend(Protocol):
    """A read-only RDF dataset that answers SPARQL; its default graph is the union of graphs."""

    path: Path | None  # the build directory of a local store (a new one after a rebuild)

    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graphs: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
        substitutions: dict[Variable, object] | None = None,
        union: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query (SyntaxError when the query does not parse)."""
        ...

    def named_graphs(self) -> list[NamedNode]:
        """The named graphs, sorted."""
        ...
