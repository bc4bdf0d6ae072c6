"""Run the SHACL shapes, compiled to SPARQL (graph/checks/shapes.py), on a built store.

The store holds what pySHACL would see: the ontology, the reference and the source graphs (the
build adds links, the gazetteer and the description after this check). The instances that
only rdfs:domain/range make so and the nodes failing a shape that sh:node refers to are found
first, so each check's placeholders become constants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad
from rdflib.namespace import NamespaceManager

from ..backend import Backend
from .schema import Schema
from .shacl import Violation, namespaces, path_text, read_shapes
from .shapes import PLACEHOLDER, Check, Plan, Screen, compile_shapes

Term = NamedNode | BlankNode | Literal
STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Validator:
    """The compiled shapes and how to print their results."""

    plan: Plan
    schema: Schema
    shapes: rdflib.Graph
    names: NamespaceManager

    @classmethod
    def of(cls, shapes: Path, ontology: Iterable[Quad]) -> Validator:
        """The shapes of `shapes` under the RDFS axioms of `ontology`."""
        graph, schema = read_shapes(shapes), Schema.of(ontology)
        return cls(compile_shapes(graph, schema), schema, graph, namespaces(graph))

    def violations(self, store: Backend) -> list[Violation]:
        """Every violation in `store` (its default graph, the union of its graphs)."""
        fill = Filler(store, self.schema)
        for cls in sorted(self.plan.classes):
            fill.find_untyped(cls)
        for shape, checks in self.plan.nested.items():
            fill.bad[str(shape)] = sorted(
                {focus for check in checks for focus, *_ in fill.run(check)}, key=str
            )
        found = set()
        for check in self.plan.checks:
            for focus, path, value in fill.run(check):
                shown = self.term(path) if path is not None else self.path(check)
                value = focus if value is None and check.focus_value else value
                found.add(Violation(focus.value, shown, check.message, self.value(value)))
        return sorted(found, key=str)

    def path(self, check: Check) -> str:
        return path_text(check.path, self.shapes, self.names)

    def term(self, term: Term) -> str:
        return rdflib_term(term).n3(self.names)

    def value(self, term: Term | None) -> str | None:
        return None if term is None else self.term(term)


class Violations(Exception):
    """The new store violates the shapes; the build that raised it is dropped."""

    def __init__(self, found: list[Violation]) -> None:
        super().__init__(f"{len(found)} SHACL violation(s)")
        self.found = found


def checker(validator: Validator) -> Callable[[Backend], None]:
    """A store check (graph/store.py's `check`) raising Violations when the shapes fail."""

    def check(store: Backend) -> None:
        found = validator.violations(store)
        if found:
            raise Violations(found)

    return check


def rdflib_term(term: Term) -> rdflib.term.Identifier:
    """The rdflib term of a pyoxigraph term (as rdflib would parse it from N-Triples)."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == STRING:  # a simple literal, as rdflib reads it
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


class Filler:
    """Runs checks on a store, their placeholders filled with what the store holds."""

    def __init__(self, store: Backend, schema: Schema) -> None:
        self.store = store
        self.schema = schema
        self.untyped: dict[str, list[Term]] = {}
        self.bad: dict[str, list[Term]] = {}
        self.values: list[Term] = []
        self._screened: dict[str, set[str]] = {}

    def find_untyped(self, cls: str) -> None:
        query = self.schema.untyped_instances(cls)
        found = [] if query is None else [row[0] for row in self.store.query(query)]  # type: ignore[union-attr]
        self.untyped[cls] = found

    def run(self, check: Check) -> Iterator[tuple[Term, Term | None, Term | None]]:
        """(focus, path, value) of each result of `check` (none when its screens say so)."""
        if check.screens and not any(self.screened(s) for s in check.screens):
            return
        if check.values is not None:
            failing = self.store.query(PLACEHOLDER.sub(self._fill, check.values))
            self.values = [row[0] for row in failing]  # type: ignore[union-attr]
            if not self.values:
                return
        for row in self.store.query(PLACEHOLDER.sub(self._fill, check.query)):  # type: ignore[union-attr]
            yield row["this"], _get(row, "path"), _get(row, "value")

    def screened(self, screen: Screen) -> bool:
        """Whether `screen` finds something (its query run once per validation)."""
        if screen.query not in self._screened:
            rows = self.store.query(PLACEHOLDER.sub(self._fill, screen.query))
            self._screened[screen.query] = {str(row[0]) for row in rows}  # type: ignore[union-attr]
        found = self._screened[screen.query]
        return bool(found) if screen.key is None else f"<{screen.key}>" in found

    def _fill(self, match: re.Match[str]) -> str:
        kind, term, var = match.groups()
        if kind == "values":
            return f"VALUES {var} {{ {' '.join(str(n) for n in self.values if _constant(n))} }}"
        nodes = [n for n in (self.bad if kind == "bad" else self.untyped)[term] if _constant(n)]
        listed = " ".join(str(n) for n in nodes)
        if kind == "targets":
            return f"UNION {{ VALUES {var} {{ {listed} }} }}" if nodes else ""
        return f"({var} IN ({', '.join(str(n) for n in nodes)}))" if nodes else "false"


def _constant(term: Term) -> bool:
    """Blank nodes cannot be named in a query (the data emitted has none)."""
    return not isinstance(term, BlankNode)


def _get(row: object, name: str) -> Term | None:
    try:
        return row[name]  # type: ignore[index,no-any-return]
    except (KeyError, IndexError, ValueError):
        return None
