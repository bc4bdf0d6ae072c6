"""What the text of a SPARQL query says, and the edits binding values needs. Pure.

SPARQL 1.1 has no parameter binding over the protocol, so pyoxigraph's `substitutions` and
`base_iri` become text for a remote store: a `VALUES` block that opens the query's WHERE
group (bound before the group's FILTERs, as a substitution is) and a `BASE` in front. A list
of values (the resources shown on a page) is such a block on either store, since a
substitution binds one term; a page of a list is a `LIMIT`/`OFFSET` written from two ints,
since SPARQL cannot bind those either. Values are written by pyoxigraph's term serialisation
(N-Triples syntax), never pasted from user text, and the edits stay on the first line they
touch so a store's error positions keep their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Variable

NAME_CHARS = r"\w\\%\-\u00b7\u0300-\u036f\u203f\u2040"
# The lexical tokens of SPARQL that matter to a check or an edit of the text (also used by
# server/endpoint/querytext.py): what is inside comments, strings, IRIs and variables is never a keyword.
TOKEN = re.compile(
    rf"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$][{NAME_CHARS}]+)
  | (?P<name>[{NAME_CHARS}:.]+)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
OPEN, CLOSE = "{(", "})"


@dataclass(frozen=True)
class Token:
    """A bare word (upper-cased) or a punctuation character, with its offset."""

    text: str
    start: int
    end: int


def tokens(query: str) -> Iterator[Token]:
    """Bare words and punctuation; comments, strings, IRIs, variables and prefixed names skipped."""
    for match in TOKEN.finditer(query):
        if match.lastgroup not in ("name", "other"):
            continue
        text = match.group("name") or match.group("other")
        if ":" in text:
            continue
        yield Token(text.upper(), match.start(), match.end())


def variables(query: str) -> set[str]:
    """The names of the variables the text uses (`?x` and `$x` alike), comments and strings aside."""
    return {m.group("var")[1:] for m in TOKEN.finditer(query) if m.lastgroup == "var"}


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; None when the text names none (not a query)."""
    return next((t.text for t in tokens(query) if t.text in FORMS), None)


def where_group(query: str) -> int | None:
    """The offset just inside the `{` that opens the outermost WHERE group, if it has one.

    The CONSTRUCT template and braces inside parentheses (`SELECT (EXISTS {…} AS ?x)`) are
    not it; a CONSTRUCT WHERE short form has no group that may take a VALUES block.
    """
    depth, form, where, template = 0, None, False, False
    for token in tokens(query):
        if form is None:
            form = token.text if token.text in FORMS else None
            continue
        if depth == 0 and token.text == "WHERE":
            if form == "CONSTRUCT" and not template:
                return None
            where = True
        elif depth == 0 and token.text == "{":
            if where or form != "CONSTRUCT":
                return token.end
            template = True
        if token.text in OPEN:
            depth += 1
        elif token.text in CLOSE:
            depth -= 1
    return None


def values_block(substitutions: dict[Variable, object]) -> str:
    """`VALUES (?a ?b) { (<x> "y") }` for one row of bindings (IRIs and literals only)."""
    return table_block(list(substitutions), [tuple(substitutions.values())])


def table_block(variables: Sequence[Variable], rows: Sequence[Sequence[object]]) -> str:
    """`VALUES (?a ?b) { (<x> "y") (<z> "w") }`: rows of bindings (IRIs and literals only)."""
    for row in rows:
        for variable, term in zip(variables, row, strict=True):
            if not isinstance(term, NamedNode | Literal):
                raise ValueError(f"cannot bind {variable} to {term!r}: not an IRI or literal")
    names = " ".join(str(v) for v in variables)
    lines = " ".join(f"({' '.join(str(t) for t in row)})" for row in rows)
    return f"VALUES ({names}) {{ {lines} }}"


def bind(query: str, substitutions: dict[Variable, object] | None) -> str:
    """`query` with its variables bound by a VALUES block (a trailing one without a group)."""
    if not substitutions:
        return query
    return with_block(query, values_block(substitutions))


def bind_table(query: str, variables: Sequence[Variable], rows: Sequence[Sequence[object]]) -> str:
    """`query` with `variables` bound to each of `rows` by one VALUES block.

    One block: pyoxigraph joins two VALUES blocks with each other before the patterns.
    """
    return with_block(query, table_block(variables, rows))


def sliced(query: str, limit: int, offset: int = 0, order: Sequence[Variable] = ()) -> str:
    """`query` answering `limit` solutions from the `offset`-th, sorted by `order` if given."""
    if int(limit) < 0 or int(offset) < 0:
        raise ValueError(f"a slice needs a limit and an offset >= 0, not {limit}, {offset}")
    by = f"\nORDER BY {' '.join(str(Variable(v.value)) for v in order)}" if order else ""
    return f"{query}{by}\nLIMIT {int(limit)} OFFSET {int(offset)}"


def with_block(query: str, block: str) -> str:
    """`query` with `block` (a VALUES block) opening its WHERE group, or trailing it."""
    at = where_group(query)
    if at is None:
        return f"{query}\n{block}"
    return f"{query[:at]} {block} {query[at:]}"


def with_base(query: str, base_iri: str | None) -> str:
    """`query` resolving relative IRIs against `base_iri` (its own BASE, if any, still wins)."""
    if base_iri is None:
        return query
    return f"BASE {NamedNode(base_iri)} {query}"
