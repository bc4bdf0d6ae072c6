"""A query's syntax error told for people: where (line, column), what was expected, and for an
undeclared prefix which one and which the query declares. Pure.

pyoxigraph's message reads `error at 1:28: expected one of Prefix not found, ['%'], ['-' |
'0' ..= '9' | …` (600 characters of character ranges for a prefix the query never declared);
its column is in characters, 1-based, and may lie one past the end of the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnkg.graph.sparqltext import TOKEN

POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
UNKNOWN_PREFIX = "Prefix not found"
# A character class of the parser's expectations: ['%'] or ['A' ..= 'Z' | …]
CHAR_CLASS = re.compile(r"\[[^\[\]]*(?:'[^']*'[^\[\]]*)*\]")
DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)


@dataclass(frozen=True)
class SyntaxDetail:
    """What the UI and a client need to show a syntax error."""

    line: int
    column: int  # 1-based; where the problem starts (an undeclared prefix: its first letter)
    expected: str  # what the parser expected there, without its character ranges
    prefix: str | None = None  # an undeclared prefix, without its colon ('' for `:name`)
    declared: tuple[str, ...] = ()  # the prefixes the query declares

    def message(self) -> str:
        """One line: `error at L:C: …`."""
        where = f"error at {self.line}:{self.column}"
        if self.prefix is None:
            return f"{where}: {self.expected}"
        known = ", ".join(f"{name}:" for name in self.declared) or "none"
        return f"{where}: the prefix {self.prefix}: is not declared (declared: {known})"

    def fields(self) -> dict[str, object]:
        """The machine-readable fields added to the JSON error body."""
        found: dict[str, object] = {"line": self.line, "column": self.column}
        if self.prefix is None:
            found["expected"] = self.expected
        else:
            found |= {"prefix": self.prefix, "declared": list(self.declared)}
        return found


def explain(message: str, query: str) -> SyntaxDetail | None:
    """The detail of the parser's `message` about `query`; None when it names no position."""
    found = POSITION.search(message)
    if found is None:
        return None
    line, column, rest = int(found[1]), int(found[2]), found[3]
    declared = tuple(dict.fromkeys(DECLARED.findall(query)))
    found_name = undeclared(query, declared, offset(query, line, column), UNKNOWN_PREFIX in rest)
    if found_name is not None:
        start, prefix = found_name
        before = query[:start]
        at_line = before.count("\n") + 1
        return SyntaxDetail(at_line, start - before.rfind("\n"), rest, prefix, declared)
    return SyntaxDetail(line, column, readable(rest))


def offset(query: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column in `query`."""
    lines = query.split("\n")
    return sum(len(text) + 1 for text in lines[: line - 1]) + column - 1


def undeclared(
    query: str, declared: tuple[str, ...], until: int, named: bool
) -> tuple[int, str] | None:
    """(offset, prefix) of the prefixed name with an undeclared prefix nearest before `until`
    (the parser stops there, though its position may lie further on and, for `:name` or a
    predicate, need not say "Prefix not found"); when the parser `named` the problem, else the
    first such name anywhere."""
    found: list[tuple[int, str]] = []
    for token in TOKEN.finditer(query):
        name = token.group("name")
        if name and ":" in name and not name.startswith("."):
            prefix = name.split(":", 1)[0]
            if prefix not in declared and not query[: token.start()].rstrip().upper().endswith(
                "PREFIX"
            ):
                found.append((token.start(), prefix))
    before = [item for item in found if item[0] < until]
    if before:
        return before[-1]
    return found[0] if found and named else None


def readable(expected: str) -> str:
    """The parser's expectations without its character ranges (`[_]`, `['%']`, …)."""
    kept = CHAR_CLASS.sub("", expected.replace(UNKNOWN_PREFIX, ""))
    kept = re.sub(r"\s*,(\s*,)+", ",", kept)
    return re.sub(r"(one of)\s*,\s*|,\s*$|\s+$", lambda m: m[1] + " " if m[1] else "", kept)
