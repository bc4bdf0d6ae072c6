"""Facts about a SPARQL query found from its text alone, before anything is executed.

pyoxigraph parses and runs in one call and would send `SERVICE` requests over HTTP, so the
endpoint must refuse federated queries before calling it. rdflib's parser exposes the
algebra, but it is another grammar than the engine's: pyoxigraph accepts queries rdflib
rejects (`{?s ?p 1SERVICE <x> {}}` parses as a SERVICE clause), and a query the checker
cannot parse would pass unchecked. So the check is lexical, over the engine's language:
a tokenizer that knows strings, comments, IRIs, variables and prefixed names. Outside
those, SPARQL only has bare keywords, function names, numbers and `a`/`true`/`false`, and
no keyword contains another, so a bare word *containing* SERVICE is refused. The checks
err towards refusing; they never miss a clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NAME_CHARS = r"\w\\%\-\u00b7\u0300-\u036f\u203f\u2040"
TOKEN = re.compile(
    rf"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{NAME_CHARS}]+)
  | (?P<name>[{NAME_CHARS}:.]+)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(query: str) -> str:
    """Replace `\\uXXXX` / `\\UXXXXXXXX` escapes, which SPARQL allows anywhere in a query."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def bare_words(query: str) -> Iterator[str]:
    """The bare words of `query` (keywords, function names, numbers), upper-cased.

    Strings, comments, IRIs and variables are skipped; of a prefixed name or blank node
    label only the part before the colon counts (`SERVICE:x` may be `SERVICE :x`), and
    dotted runs like `?o.SERVICE` or `1.SERVICE` yield each part.
    """
    for match in TOKEN.finditer(unescape(query)):
        name = match.group("name")
        if name is None:
            continue
        head, colon, _ = name.partition(":")
        for part in (head if colon else name).split("."):
            if part:
                yield part.upper()


def _contains(query: str, keyword: str) -> bool:
    return any(keyword in word for word in bare_words(query))


def uses_service(query: str) -> bool:
    """True when `query` may contain a SERVICE clause (a federated, outgoing request)."""
    return _contains(query, "SERVICE")


def declares_dataset(query: str) -> bool:
    """True when `query` names its own dataset with FROM or FROM NAMED."""
    return _contains(query, "FROM")
