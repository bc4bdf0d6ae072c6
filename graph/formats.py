"""The formats vnkg writes, in one table: which are offered where, and the names clients use.

pyoxigraph knows every format's media type and extensions (`from_extension`,
`from_media_type`); this module only says which of them each place offers, the default first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pyoxigraph import QueryResultsFormat, RdfFormat

Format = QueryResultsFormat | RdfFormat
F = TypeVar("F", QueryResultsFormat, RdfFormat)

# SELECT and ASK answers (endpoint, `vnkg query`).
RESULTS = (
    QueryResultsFormat.JSON,
    QueryResultsFormat.XML,
    QueryResultsFormat.CSV,
    QueryResultsFormat.TSV,
)
# CONSTRUCT and DESCRIBE answers, and any graph the endpoint serves.
GRAPHS = (
    RdfFormat.TURTLE,
    RdfFormat.N_TRIPLES,
    RdfFormat.RDF_XML,
    RdfFormat.JSON_LD,
    RdfFormat.N_QUADS,
    RdfFormat.TRIG,
)
# The whole dataset: `vnkg export` and /export.{ext} (named graphs kept where the format can).
DUMPS = (
    RdfFormat.TURTLE,
    RdfFormat.N_TRIPLES,
    RdfFormat.N_QUADS,
    RdfFormat.TRIG,
    RdfFormat.JSON_LD,
)
# The tidy table of observations, one row per figure: `vnkg export --format csv`, /export.csv.
TABLES = (QueryResultsFormat.CSV,)
# A resource page's RDF forms (`/id/….ttl`), and `vnkg query --format` for graphs.
PAGES = (RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.N_TRIPLES, RdfFormat.RDF_XML)
QUERY_GRAPHS = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES)
# Media types that clients send for these formats besides the registered ones.
RESULT_ALIASES = ("application/json", "application/xml", "text/xml")
GRAPH_ALIASES = ("application/x-turtle", "application/json", "application/xml", "text/plain")
# Names clients use besides pyoxigraph's extensions (SPARQLWrapper sends `turtle`).
ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "nquads": "nq",
}
SHORT: dict[Format, str] = {QueryResultsFormat.JSON: "json", QueryResultsFormat.XML: "xml"}


def name(fmt: Format) -> str:
    """The short name of `fmt` in `--format`, `format=` and URLs: ttl, nq, jsonld, json, csv…"""
    return SHORT.get(fmt, fmt.file_extension)


def lookup(among: Sequence[F], text: str) -> F | None:
    """The format of `among` named by `text`: an extension or alias ('ttl', 'csv') or a media type."""
    text = text.strip().lower()
    table: type[F] = type(among[0])
    if "/" in text:
        found = table.from_media_type(text)
    else:
        found = table.from_extension(ALIASES.get(text, text))
    return found if found in among else None


def named(among: Sequence[F], text: str) -> F | None:
    """The format of `among` whose short name is exactly `text` (a URL suffix, a CLI choice)."""
    return next((f for f in among if name(f) == text), None)
