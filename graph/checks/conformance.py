"""Run the SHACL shapes, compiled to SPARQL (graph/checks/shapes.py), on a built store.

The store holds what pySHACL would see: the ontology, the reference and the source graphs (the
build adds links, the gazetteer and the description after this check). The instances that
only rdfs:domain/range make so and the nodes failing a shape that sh:node refers to are found
first, so each check's placeholders become constants.

The queries of each of those steps run side by side in threads (pyoxigraph releases the GIL
while it evaluates a query), one per core; the violations are sorted, so the result does not
depend on which query ends first.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad
from rdflib.namespace import NamespaceManager

from ..backend import Backend
from ..store import cores
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

    def violations(self, store: Backend, *, threads: int | None = None) -> list[Violation]:
        """Every violation in `store` (its default graph, the union of its graphs), its
        queries run `threads` at a time (default: one per core)."""
        fill = Filler(store, self.schema)
        classes = sorted(self.plan.classes)
        with ThreadPoolExecutor(threads or cores()) as pool:
            fill.untyped.update(
                zip(classes, pool.map(fill.untyped_instances, classes), strict=True)
            )
            # Every screen is queued before the checks (run by the first check that needs it, a
            # screen would keep the other threads waiting: at 1m two threads were blocked 1.4 s
            # on one); this thread meanwhile runs the shapes that sh:node refers to, children
            # first, one after another.
            every = [*itertools.chain(*self.plan.nested.values()), *self.plan.checks]
            screens = {screen.query: screen for check in every for screen in check.screens}
            screened = [pool.submit(fill.screened, screen) for screen in screens.values()]
            for shape, checks in self.plan.nested.items():
                bad = [fill.results(check) for check in checks]
                fill.bad[str(shape)] = sorted({row[0] for rows in bad for row in rows}, key=str)
            for done in screened:
                done.result()
            results = list(pool.map(fill.results, self.plan.checks))
        found = set()
        for check, rows in zip(self.plan.checks, results, strict=True):
            for focus, path, value in rows:
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
    """Runs checks on a store, their placeholders filled with what the store holds.

    Several threads may run checks at once once `untyped` (and, for a check that uses it,
    `bad`) is filled: a screen is run once, by whichever thread asks first (violations()
    queues every screen before the checks).
    """

    def __init__(self, store: Backend, schema: Schema) -> None:
        self.store = store
        self.schema = schema
        self.untyped: dict[str, list[Term]] = {}
        self.bad: dict[str, list[Term]] = {}
        self._screened: dict[str, set[str]] = {}
        self._screening: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def untyped_instances(self, cls: str) -> list[Term]:
        """The instances of `cls` that only rdfs:domain/range make so."""
        query = self.schema.untyped_instances(cls)
        return [] if query is None else [row[0] for row in self.store.query(query)]  # type: ignore[union-attr]

    def results(self, check: Check) -> list[tuple[Term, Term | None, Term | None]]:
        """Every result of `check`, read in the calling thread."""
        return list(self.run(check))

    def run(self, check: Check) -> Iterator[tuple[Term, Term | None, Term | None]]:
        """(focus, path, value) of each result of `check` (none when its screens say so)."""
        if check.screens and not any(self.screened(s) for s in check.screens):
            return
        values: list[Term] = []
        if check.values is not None:
            failing = self.store.query(self._filled(check.values, values))
            values = [row[0] for row in failing]  # type: ignore[union-attr]
            if not values:
                return
        for row in self.store.query(self._filled(check.query, values)):  # type: ignore[union-attr]
            yield row["this"], _get(row, "path"), _get(row, "value")

    def screened(self, screen: Screen) -> bool:
        """Whether `screen` finds something (its query run once per validation)."""
        with self._lock:
            lock = self._screening.setdefault(screen.query, threading.Lock())
        with lock:
            if screen.query not in self._screened:
                rows = self.store.query(self._filled(screen.query, []))
                self._screened[screen.query] = {str(row[0]) for row in rows}  # type: ignore[union-attr]
        found = self._screened[screen.query]
        return bool(found) if screen.key is None else f"<{screen.key}>" in found

    def _filled(self, query: str, values: list[Term]) -> str:
        """`query` with its placeholders written in (`values`: the failing values)."""
        return PLACEHOLDER.sub(lambda match: self._fill(match, values), query)

    def _fill(self, match: re.Match[str], values: list[Term]) -> str:
        kind, term, var = match.groups()
        if kind == "values":
            return f"VALUES {var} {{ {' '.join(str(n) for n in values if _constant(n))} }}"
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
