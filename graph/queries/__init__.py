"""Named SPARQL queries: the `*.rq` files beside this module, loaded by name, bound by substitutions.

Every query is read behind the shared PREFIX block (emit/vocab.py's PREFIXES), so a file
uses the prefixes without declaring them. Values go in as `substitutions` (pyoxigraph) or,
for a remote store, as the VALUES block graph/sparqltext.py writes: never spliced into text.
A list of values (a tuple or list of terms) is a VALUES block on either store, and a page of
a sorted query a LIMIT/OFFSET, both written by graph/sparqltext.py from terms and ints.

A query that binds a variable by substitution projects it (pyoxigraph requires it), and uses
it in FILTER or BIND only in its outermost group (or an OPTIONAL's own filter): a remote
store gets the value as a VALUES block there, which nested groups do not see.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from importlib.resources import files
from typing import Any, NamedTuple

from pyoxigraph import QueryBoolean, QuerySolutions, Variable

from .. import sparqltext
from ..backend import Backend, GraphResult
from ..emit.vocab import PREFIXES

Row = tuple[Any, ...]
PREFIX_BLOCK = "".join(
    f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items()
)


class Slice(NamedTuple):
    """Which solutions of a query: `limit` of them from the `offset`-th, sorted by `order`
    (a query may sort itself instead; without either, in the store's own order)."""

    limit: int
    offset: int = 0
    order: tuple[str, ...] = ()


@functools.cache
def text(name: str) -> str:
    """The query `name`.rq behind the shared PREFIX block."""
    return PREFIX_BLOCK + (files(__name__) / f"{name}.rq").read_text(encoding="utf-8")


def names() -> list[str]:
    """The names of every query here."""
    return sorted(
        p.name.removesuffix(".rq") for p in files(__name__).iterdir() if p.name.endswith(".rq")
    )


def bound_text(
    name: str,
    bound: Mapping[str, object] | None = None,
    part: Slice | None = None,
    *,
    inline: bool = False,
) -> tuple[str, dict[Variable, object] | None]:
    """The text of `name` with its list values (and slice) written in, and the substitutions.

    `inline` writes every value in (one VALUES block): pyoxigraph plans a query before it
    substitutes, so a query whose plan depends on which variable is bound (a page's `?iri`)
    runs far faster when the plan can see the value (a scan of 100 000 triples, or one lookup).
    """
    query = text(name)
    if part is not None:
        order = [Variable(v) for v in part.order]
        query = sparqltext.sliced(query, part.limit, part.offset, order)
    given = dict(bound or {})
    scalars = {Variable(k): v for k, v in given.items() if not isinstance(v, list | tuple)}
    columns = {
        Variable(k): list(v) if isinstance(v, list | tuple) else [v]
        for k, v in given.items()
        if inline or isinstance(v, list | tuple)
    }
    if columns:
        rows = list(itertools.product(*columns.values()))
        query = sparqltext.bind_table(query, list(columns), rows)
    return query, (None if inline or not scalars else scalars)


def select(
    store: Backend,
    name: str,
    bound: Mapping[str, object] | None = None,
    part: Slice | None = None,
    *,
    inline: bool = False,
) -> QuerySolutions:
    """The solutions of the SELECT query `name`, its variables `bound` to terms (or lists)."""
    query, substitutions = bound_text(name, bound, part, inline=inline)
    result = store.query(query, substitutions=substitutions)
    if not isinstance(result, QuerySolutions):
        raise TypeError(f"{name}.rq: a SELECT query was expected")
    return result


def rows(
    store: Backend,
    name: str,
    bound: Mapping[str, object] | None = None,
    part: Slice | None = None,
    *,
    inline: bool = False,
) -> list[Row]:
    """The solutions of `select` as tuples, in projection order."""
    solutions = select(store, name, bound, part, inline=inline)
    return [tuple(row[v] for v in solutions.variables) for row in solutions]


def graph_sizes(store: Backend, graph: object | None = None) -> dict[str, int]:
    """The number of triples of each named graph (only `graph`, when given), by graph IRI."""
    found = rows(store, "graph-sizes", {"g": graph} if graph is not None else None)
    return {g.value: int(n.value) for g, n in found}


def construct(store: Backend, name: str, bound: Mapping[str, object] | None = None) -> GraphResult:
    """The triples of the CONSTRUCT query `name`, its variables `bound` to terms."""
    query, substitutions = bound_text(name, bound)
    result = store.query(query, substitutions=substitutions)
    if isinstance(result, QuerySolutions | QueryBoolean):
        raise TypeError(f"{name}.rq: a CONSTRUCT query was expected")
    return result


def ask(store: Backend, name: str, bound: Mapping[str, object] | None = None) -> bool:
    """The answer of the ASK query `name`, its variables `bound` to terms."""
    query, substitutions = bound_text(name, bound)
    result = store.query(query, substitutions=substitutions)
    if not isinstance(result, QueryBoolean):
        raise TypeError(f"{name}.rq: an ASK query was expected")
    return bool(result)
