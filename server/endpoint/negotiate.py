"""Content negotiation for SPARQL results, in one pure function: `choose`.

The result *type* decides the offers: solutions and booleans are served as SPARQL results
(JSON, XML, CSV, TSV), graphs as RDF (Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG).
Werkzeug's `MIMEAccept.best_match` weighs q-values and wildcards; pyoxigraph maps media
types and file extensions (aliases included) to its format enums. `answer_types` makes the
choice for every kind at once, and remembers it per Accept header and `format=` value.
"""

from __future__ import annotations

import enum
from functools import lru_cache

from pyoxigraph import QueryBoolean, QuerySolutions
from vnkg.graph.formats import GRAPH_ALIASES, GRAPHS, RESULT_ALIASES, RESULTS, Format
from vnkg.graph.formats import lookup as find
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

HTML = "text/html"


class Kind(enum.Enum):
    """What a query returns, hence which formats can carry it."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


KINDS = tuple(Kind)  # the order of `answer_types`

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
    return GRAPHS if kind is Kind.GRAPH else RESULTS


def media_type(fmt: Format) -> str:
    """The bare media type of `fmt` (no parameters)."""
    return fmt.media_type.split(";")[0].strip()


def offers(kind: Kind) -> list[str]:
    """Media types offered for `kind`, in order of preference, aliases last."""
    aliases = GRAPH_ALIASES if kind is Kind.GRAPH else RESULT_ALIASES
    return [media_type(f) for f in formats(kind)] + list(aliases)


def lookup(kind: Kind, name: str) -> Format | None:
    """The format named by a `format=` value: an extension ('ttl', 'csv') or a media type."""
    return find(formats(kind), name)


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
