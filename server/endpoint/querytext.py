"""Facts about a SPARQL query found from its text alone, before anything is executed.

These checks give the friendly, fast answer (400 before a query process is even asked); they
are not the boundary: the query processes cannot open network sockets at all
(server/workers/sandbox.py). rdflib's parser exposes the algebra, but it is another grammar than the
engine's: pyoxigraph accepts queries rdflib rejects (`{?s ?p 1SERVICE <x> {}}` parses as a
SERVICE clause). So the check is lexical, over the engine's language, and lexes as
pyoxigraph 0.5 does: `\\uXXXX` escapes count only inside strings and IRIs (the engine does not
apply SPARQL's escape pre-pass, so `"\\u0022"` is a one-character string, and
`\\u0053ERVICE` is a syntax error, never a keyword). A tokenizer that knows strings,
comments, IRIs, variables and prefixed names finds the bare words; SPARQL has no keyword that
contains another, so a bare word *containing* SERVICE is refused. The checks err towards
refusing; tests/test_querytext.py compares them with the engine on generated spellings.

Every request asks several of these questions of one text (SERVICE? FROM? how deeply
nested?), so `facts` answers them all in one pass, and remembers the answers for the most
recent short texts: a client repeating a query does not have it scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from vnkg.graph.sparqltext import TOKEN

UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

OPENING, CLOSING = frozenset("({["), frozenset(")}]")
OPERATORS = frozenset("+-*/|&=!<>^") | {"UNION"}
CACHED_CHARS = 8192  # texts up to this long have their facts remembered ...
CACHED_TEXTS = 512  # ... this many of them (4 MiB of ASCII text at most)


@dataclass(frozen=True)
class Facts:
    """What one scan of a query text finds: keywords that matter, and how deep it goes."""

    service: bool  # a bare word contains SERVICE
    dataset: bool  # a bare word contains FROM
    deepest: int  # deepest nesting of brackets
    operators: int  # operators and UNIONs (a chain of them overflows the parser)


def facts(query: str) -> Facts:
    """The facts of `query`, remembered for recent short texts."""
    return _remembered(query) if len(query) <= CACHED_CHARS else scan(query)


def scan(query: str) -> Facts:
    """Scan `query` once, outside strings, IRIs and comments."""
    service = dataset = False
    depth = deepest = operators = 0
    for match in TOKEN.finditer(query):
        name = match.group("name")
        token = match.group("other") or (name or "").upper()
        if token in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif token in CLOSING:
            depth -= 1
        elif token in OPERATORS:
            operators += 1
        else:  # `1-1-1` is one name token to the tokenizer, and a chain to the parser
            operators += token.count("-")
        for word in _name_words(name) if name is not None else ():
            service = service or "SERVICE" in word
            dataset = dataset or "FROM" in word
    return Facts(service, dataset, deepest, operators)


_remembered = lru_cache(maxsize=CACHED_TEXTS)(scan)


def _name_words(name: str) -> Iterator[str]:
    """The bare words of one name token (see `bare_words`)."""
    head, colon, _ = name.partition(":")
    for part in (head if colon else name).split("."):
        if part:
            yield part.upper()


def bare_words(query: str) -> Iterator[str]:
    """The bare words of `query` (keywords, function names, numbers), upper-cased.

    Strings, comments, IRIs and variables are skipped; of a prefixed name or blank node
    label only the part before the colon counts (`SERVICE:x` may be `SERVICE :x`), and
    dotted runs like `?o.SERVICE` or `1.SERVICE` yield each part.
    """
    for match in TOKEN.finditer(query):
        name = match.group("name")
        if name is not None:
            yield from _name_words(name)


def uses_service(query: str) -> bool:
    """True when `query` may contain a SERVICE clause (a federated, outgoing request)."""
    return facts(query).service


def declares_dataset(query: str) -> bool:
    """True when `query` names its own dataset with FROM or FROM NAMED."""
    return facts(query).dataset


def iri_text(token: str) -> str | None:
    """The IRI an IRIREF token (`<…>`) stands for, its `\\u` escapes decoded; None if invalid."""
    try:
        return UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])
    except (ValueError, OverflowError):  # beyond U+10FFFF: the engine refuses the query too
        return None
