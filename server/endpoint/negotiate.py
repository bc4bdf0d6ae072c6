"""Content negotiation, in one pure function: `decide` says what every response is.

What a response can be depends on its kind: solutions and booleans are served as SPARQL
results (JSON, XML, CSV, TSV), graphs as RDF (Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads,
TriG), a linked-data page as HTML or RDF, search hits as HTML or JSON, an error as text or
JSON, a dump in the format its URL names; and any of them gzipped when the client accepts
gzip (q > 0). Werkzeug's `MIMEAccept.best_match` weighs q-values and wildcards; pyoxigraph
maps media types and file extensions (aliases included) to its format enums. `answer_types`
makes the choice for every result kind at once, and remembers it per Accept header and
`format=` value (a pure function of its arguments: nothing of an app in it).
"""

from __future__ import annotations

import enum
from functools import lru_cache
from typing import NamedTuple

from pyoxigraph import QueryBoolean, QuerySolutions
from vnkg.graph.formats import (
    DUMPS,
    GRAPH_ALIASES,
    GRAPHS,
    PAGES,
    RESULT_ALIASES,
    RESULTS,
    Format,
    named,
)
from vnkg.graph.formats import lookup as find
from werkzeug.datastructures import Accept, MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = [
    "DUMPS",
    "GRAPHS",
    "PAGES",
    "RESULTS",
    "Format",
    "Kind",
    "Representation",
    "decide",
    "gzip_accepted",
]

HTML, JSON, TEXT = "text/html", "application/json", "text/plain"


class Kind(enum.Enum):
    """What a response carries, hence which representations it has."""

    SOLUTIONS = "solutions"  # a SELECT answer
    BOOLEAN = "boolean"  # an ASK answer
    GRAPH = "graph"  # a CONSTRUCT or DESCRIBE answer, a named graph, a description
    PAGE = "page"  # a linked-data resource: HTML for people, RDF for programs
    SEARCH = "search"  # search hits: HTML or JSON
    ERROR = "error"  # the error body: text or JSON
    DUMP = "dump"  # the whole dataset, in the format its URL names


KINDS = (Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH)  # what a query returns: `answer_types` order


class Representation(NamedTuple):
    """What a response is: its bare media type, its RDF or results format, gzipped or not."""

    media_type: str
    format: Format | None = None
    gzip: bool = False


def decide(
    kind: Kind,
    accept: MIMEAccept,
    requested: str | None = None,
    encodings: Accept | None = None,
) -> Representation | None:
    """The representation of a response of `kind`; None when none is acceptable (406).

    `requested` is what the URL names, overriding Accept: the `format=` parameter of a query
    or a search, the suffix of a page (`.ttl`), the extension of a dump. An error always has a
    representation: a page for a browser (HTML ranked above JSON and text/plain), JSON for a
    client that ranks a JSON type above text/plain, else text.
    """
    gzip = encodings is not None and gzip_accepted(encodings)
    if kind is Kind.ERROR:
        if accept[HTML] > max(accept[TEXT], _json_quality(accept)):
            return Representation(HTML)
        return Representation(JSON if _json_over_text(accept) else TEXT)
    if kind is Kind.SEARCH:
        wanted = (requested or "").lower() == "json" if requested else None
        if wanted is None:
            wanted = accept.best_match([HTML, JSON], default=HTML) == JSON
        return Representation(JSON if wanted else HTML, gzip=gzip)
    fmt: Format | None
    if kind is Kind.DUMP:
        fmt = named(DUMPS, requested or "")
    elif kind is Kind.PAGE:
        if requested:
            fmt = named(PAGES, requested)
        elif prefers_html(accept):
            return Representation(HTML, gzip=gzip)
        else:
            fmt = choose(Kind.GRAPH, accept)
    else:
        fmt = choose(kind, accept, requested)
    return None if fmt is None else Representation(media_type(fmt), fmt, gzip)


def gzip_accepted(encodings: Accept) -> bool:
    """True when Accept-Encoding gives gzip (or `*`) a quality above 0 (`gzip;q=0` refuses)."""
    return encodings["gzip"] > 0


def _json_over_text(accept: MIMEAccept) -> bool:
    """True when some JSON type (`application/json`, any `…+json`) outranks text/plain."""
    return _json_quality(accept) > accept[TEXT]


def _json_quality(accept: MIMEAccept) -> float:
    """The best quality `accept` gives a JSON type (`application/json`, any `…+json`)."""
    named_json = [q for value, q in accept if value.endswith("+json")]
    return float(max([accept[JSON], *named_json]))


CACHED_CHARS = 1024  # Accept headers and `format=` values up to this long are remembered


def kind_of(result: object) -> Kind:
    """The kind of a pyoxigraph query result."""
    if isinstance(result, QuerySolutions):
        return Kind.SOLUTIONS
    if isinstance(result, QueryBoolean):
        return Kind.BOOLEAN
    return Kind.GRAPH


def formats(kind: Kind) -> tuple[Format, ...]:
    """The formats that can carry `kind`, the default first."""
    return GRAPHS if kind in (Kind.GRAPH, Kind.PAGE) else RESULTS


def media_type(fmt: Format) -> str:
    """The bare media type of `fmt` (no parameters)."""
    return fmt.media_type.split(";")[0].strip()


def offers(kind: Kind) -> list[str]:
    """Media types offered for `kind`, in order of preference, aliases last."""
    if kind is Kind.PAGE:
        return [HTML, *offers(Kind.GRAPH)]
    aliases = GRAPH_ALIASES if kind is Kind.GRAPH else RESULT_ALIASES
    return [media_type(f) for f in formats(kind)] + list(aliases)


def lookup(kind: Kind, name: str) -> Format | None:
    """The format named by a `format=` value: an extension ('ttl', 'csv') or a media type."""
    if kind in (Kind.GRAPH, Kind.PAGE):
        return find(GRAPHS, name)
    return find(RESULTS, name)


def choose(kind: Kind, accept: MIMEAccept, requested: str | None = None) -> Format | None:
    """The format to answer with, or None when nothing acceptable can be served (406).

    An explicit `requested` format (the `format=` parameter) overrides `accept`. A missing
    Accept header, and a browser's that ranks HTML first, get the default format.
    """
    if requested:
        return lookup(kind, requested)
    if not accept.provided:
        return formats(kind)[0]
    best = accept.best_match([*offers(kind), HTML])
    if best is None:
        return None
    if best == HTML:
        return formats(kind)[0]
    return lookup(kind, best)


def answer_types(accept: str | None, requested: str | None) -> tuple[str | None, ...]:
    """The media type for each kind (`KINDS` order; None: 406), remembered for short values."""
    if len(accept or "") + len(requested or "") <= CACHED_CHARS:
        return _remembered_types(accept, requested)
    return _answer_types(accept, requested)


def _answer_types(accept: str | None, requested: str | None) -> tuple[str | None, ...]:
    parsed = parse_accept_header(accept, MIMEAccept)  # as Werkzeug's `request.accept_mimetypes`
    chosen = (choose(kind, parsed, requested) for kind in KINDS)
    return tuple(None if fmt is None else media_type(fmt) for fmt in chosen)


_remembered_types = lru_cache(maxsize=256)(_answer_types)


@lru_cache(maxsize=64)
def header_for(kind: Kind, media: str) -> str:
    """The Content-Type header for a media type that `answer_types` chose for `kind`."""
    fmt = lookup(kind, media)
    if fmt is None:
        raise ValueError(f"no {kind.value} format for {media}")
    return content_type(fmt)


def prefers_html(accept: MIMEAccept, kind: Kind = Kind.GRAPH) -> bool:
    """True when the client ranks HTML above every machine format of `kind` (a browser)."""
    return accept.provided and accept.best_match([*offers(kind), HTML]) == HTML


def content_type(fmt: Format) -> str:
    """The Content-Type header for `fmt`, with the charset on textual types."""
    value = fmt.media_type
    if value.startswith("text/") and "charset" not in value:
        value += "; charset=utf-8"
    return value
