"""Serialise the whole store: Turtle, N-Triples, N-Quads, TriG, JSON-LD, deterministically."""

from __future__ import annotations

import enum
from typing import IO

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from .store import GraphStore
from .vocab import PREFIXES


class ExportFormat(enum.Enum):
    """The export formats of `vnkg export`, by file extension."""

    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"

    @property
    def rdf_format(self) -> RdfFormat:
        """The pyoxigraph format of this export."""
        return RdfFormat.from_extension(self.value)

    @property
    def is_dataset(self) -> bool:
        """True when named graphs are kept (one per source)."""
        return self.rdf_format.supports_datasets


def _quad_key(quad: Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def _triple_key(triple: Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def union_triples(store: GraphStore) -> list[Triple]:
    """The union of all graphs as distinct triples, sorted by subject, predicate, object."""
    unique = {Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    return sorted(unique, key=_triple_key)


def sorted_quads(store: GraphStore) -> list[Quad]:
    """Every quad, sorted by graph, subject, predicate, object."""
    return sorted(store.quads(), key=_quad_key)


def sorted_lines(store: GraphStore, fmt: ExportFormat) -> list[bytes]:
    """N-Triples or N-Quads lines of the store, distinct and in byte order."""
    items: list[Quad] | list[Triple] = list(store.quads()) if fmt.is_dataset else union_triples(store)
    return sorted(set(serialize(items, format=fmt.rdf_format).splitlines(keepends=True)))


def export(store: GraphStore, fmt: ExportFormat, output: IO[bytes]) -> None:
    """Write the store to `output` in `fmt`; the same store always gives the same bytes."""
    if fmt in (ExportFormat.NT, ExportFormat.NQ):
        output.writelines(sorted_lines(store, fmt))
        return
    data = sorted_quads(store) if fmt.is_dataset else union_triples(store)
    prefixes = None if fmt is ExportFormat.JSONLD else PREFIXES
    serialize(data, output, fmt.rdf_format, prefixes=prefixes)
