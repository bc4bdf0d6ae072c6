"""`RemoteStore`: the `Backend` over any SPARQL 1.1 endpoint (Oxigraph, Fuseki, Virtuoso...).

Queries go out by the SPARQL 1.1 Protocol (POST, form-encoded); answers come back as the
same pyoxigraph types a local store gives (graph/remote/answers.py).

The store must treat its default graph as the union of its named graphs (vnkg builds put
nothing in the default graph): Oxigraph `serve --union-default-graph`, Fuseki
`tdb2:unionDefaultGraph true`, Virtuoso does so unless a query names its graphs. The
`union` argument is therefore not sent anywhere. Blank nodes cannot be named in a query.
The client is thin on purpose: one HTTP request per query, nothing cached here (the app
caches answers per build, server/cache.py).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from pyoxigraph import NamedNode, Variable

from .. import queries, sparqltext
from ..backend import QueryResult
from . import answers
from .client import Answer, Client, HttpError

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
FORM = "application/x-www-form-urlencoded"


class RemoteStore:
    """A read-only `Backend` answering through a remote SPARQL query endpoint."""

    path: Path | None = None

    def __init__(
        self, endpoint: str, *, client: Client | None = None, graph_prefix: str | None = None
    ) -> None:
        self.endpoint = endpoint
        self.client = client or Client()
        self.graph_prefix = graph_prefix

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

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
        """Run `sparql` on the remote store; its dataset is the protocol's or the store's."""
        text = sparqltext.with_base(sparqltext.bind(sparql, substitutions), base_iri)
        form = sparqltext.query_form(text)
        if form is None:
            raise SyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
        params = [("query", text)]
        params += [("default-graph-uri", g.value) for g in default_graphs or []]
        params += [("named-graph-uri", g.value) for g in named_graphs or []]
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_ACCEPT
        answer = self._post(params, accept)
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                return answers.triples(answer.body, answer.media_type)
            return answers.results(answer.body, answer.media_type)
        except (ValueError, SyntaxError) as error:
            raise HttpError(self.endpoint, answer.status, f"unreadable answer: {error}") from None

    def _post(self, params: list[tuple[str, str]], accept: str) -> Answer:
        body = urllib.parse.urlencode(params).encode("utf-8")
        headers = {"Content-Type": FORM, "Accept": accept}
        try:
            return self.client.request("POST", self.endpoint, body, headers)
        except HttpError as error:
            if error.status == 400:
                raise SyntaxError(f"the store refused the query: {error.message}") from None
            raise

    def named_graphs(self) -> list[NamedNode]:
        """The named graphs holding triples (those under `graph_prefix` when set), sorted."""
        return [NamedNode(g) for g in self._sizes()]

    def _sizes(self) -> dict[str, int]:
        """The size of each named graph under `graph_prefix`, by IRI, sorted."""
        sizes = queries.graph_sizes(self)
        return {g: n for g, n in sorted(sizes.items()) if g.startswith(self.graph_prefix or "")}
