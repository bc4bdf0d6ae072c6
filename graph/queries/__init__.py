"""Named SPARQL queries: the `*.rq` files beside this module, loaded by name, bound by substitutions.

Every query is read behind the shared PREFIX block (emit/vocab.py's PREFIXES), so a file
uses the prefixes without declaring them. Values go in as `substitutions` (pyoxigraph) or,
for a remote store, as the VALUES block graph/sparqltext.py writes: never spliced into text.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from pyoxigraph import QuerySolutions, Variable

from ..backend import Backend
from ..emit.vocab import PREFIXES

Row = tuple[Any, ...]
PREFIX_BLOCK = "".join(
    f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items()
)


@functools.cache
def text(name: str) -> str:
    """The query `name`.rq behind the shared PREFIX block."""
    return PREFIX_BLOCK + (files(__name__) / f"{name}.rq").read_text(encoding="utf-8")


def names() -> list[str]:
    """The names of every query here."""
    return sorted(
        p.name.removesuffix(".rq") for p in files(__name__).iterdir() if p.name.endswith(".rq")
    )


def select(store: Backend, name: str, bound: Mapping[str, object] | None = None) -> QuerySolutions:
    """The solutions of the SELECT query `name`, its variables `bound` to terms."""
    substitutions = {Variable(k): v for k, v in bound.items()} if bound else None
    result = store.query(text(name), substitutions=substitutions)
    if not isinstance(result, QuerySolutions):
        raise TypeError(f"{name}.rq: a SELECT query was expected")
    return result


def rows(store: Backend, name: str, bound: Mapping[str, object] | None = None) -> list[Row]:
    """The solutions of `select` as tuples, in projection order."""
    solutions = select(store, name, bound)
    return [tuple(row[v] for v in solutions.variables) for row in solutions]


def graph_sizes(store: Backend, graph: object | None = None) -> dict[str, int]:
    """The number of triples of each named graph (only `graph`, when given), by graph IRI."""
    found = rows(store, "graph-sizes", {"g": graph} if graph is not None else None)
    return {g.value: int(n.value) for g, n in found}
