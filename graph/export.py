"""Serialise the whole store: Turtle, N-Triples, N-Quads, TriG, JSON-LD, deterministically.

Every format is written from sorted, distinct N-Triples or N-Quads lines, so the same store
always gives the same bytes. The lines are sorted in runs of at most `RUN` quads; a store
larger than one run is sorted on disk (sorted runs in temporary files, merged), so memory
stays bounded whatever the size of the store.
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, cast

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from . import queries
from .backend import Backend
from .emit.vocab import PREFIXES
from .store import GraphStore

# Quads sorted in memory at once (~60 MB of lines); bigger stores are merged from disk.
RUN = 250_000
WRITE_BATCH = 10_000
LINE_FORMATS = (RdfFormat.N_TRIPLES, RdfFormat.N_QUADS)  # written line by line, as sorted


def every_quad(store: Backend) -> Iterator[Quad]:
    """Every quad of the named graphs: a scan of a local store, one query to a remote one."""
    if isinstance(store, GraphStore):
        return store.quads()
    found = queries.select(store, "quads", {"prefix": Literal("")})
    return (Quad(row["s"], row["p"], row["o"], row["g"]) for row in found)


def sorted_lines(store: Backend, fmt: RdfFormat) -> Iterator[bytes]:
    """N-Triples (union of the graphs) or N-Quads lines of the store, distinct, in byte order."""
    if fmt.supports_datasets:
        return sort_unique(every_quad(store), RdfFormat.N_QUADS)
    triples = (Triple(q.subject, q.predicate, q.object) for q in every_quad(store))
    return sort_unique(triples, RdfFormat.N_TRIPLES)


def sort_unique(
    items: Iterable[Quad | Triple], line_format: RdfFormat, run: int = RUN
) -> Iterator[bytes]:
    """The distinct lines of `items` in `line_format`, sorted in runs of `run` then merged."""
    iterator = iter(items)
    first = _sorted_run(iterator, line_format, run)
    following = next(iterator, None)
    if following is None:
        yield from first
        return
    iterator = itertools.chain([following], iterator)
    with tempfile.TemporaryDirectory(prefix="vnkg-export-") as tmp:
        paths = [_spill(first, Path(tmp) / "run-0")]
        del first
        while (following := next(iterator, None)) is not None:
            iterator = itertools.chain([following], iterator)
            lines = _sorted_run(iterator, line_format, run)
            paths.append(_spill(lines, Path(tmp) / f"run-{len(paths)}"))
        yield from _merge(paths)


def _sorted_run(iterator: Iterator[Quad | Triple], line_format: RdfFormat, run: int) -> list[bytes]:
    """The next `run` items as distinct sorted lines (only the lines are held in memory)."""
    lines: set[bytes] = set()
    for start in range(0, run, WRITE_BATCH):
        batch = list(itertools.islice(iterator, min(WRITE_BATCH, run - start)))
        if not batch:
            break
        terms = cast("list[Quad]", batch)  # all quads or all triples, as `line_format` says
        lines.update((serialize(terms, format=line_format) or b"").splitlines(keepends=True))
    return sorted(lines)


def _spill(lines: list[bytes], path: Path) -> Path:
    with path.open("wb") as handle:
        handle.writelines(lines)
    return path


def _merge(paths: list[Path]) -> Iterator[bytes]:
    """Merge sorted files into one sorted stream without repeats."""
    handles = [path.open("rb", buffering=1 << 16) for path in paths]
    try:
        previous = None
        for line in heapq.merge(*handles):
            if line != previous:
                yield line
                previous = line
    finally:
        for handle in handles:
            handle.close()


def union_triples(store: Backend) -> Iterator[Triple]:
    """The union of all graphs as distinct triples, sorted by subject, predicate, object."""
    yield from _parsed(sorted_lines(store, RdfFormat.N_TRIPLES), RdfFormat.N_TRIPLES)


def sorted_quads(store: Backend) -> Iterator[Quad]:
    """Every quad, sorted by graph, subject, predicate, object (graphs as N-Triples text)."""
    if not isinstance(store, GraphStore):  # a remote store: the named graphs, in one query
        yield from _parsed_quads(sort_unique(every_quad(store), RdfFormat.N_QUADS))
        return
    graphs: list[NamedNode | DefaultGraph] = list(store.named_graphs())
    if next(store.quads(graph=DefaultGraph()), None) is not None:
        graphs.append(DefaultGraph())
    for graph in sorted(graphs, key=str):
        triples = (Triple(q.subject, q.predicate, q.object) for q in store.quads(graph=graph))
        for triple in _parsed(sort_unique(triples, RdfFormat.N_TRIPLES), RdfFormat.N_TRIPLES):
            yield Quad(triple.subject, triple.predicate, triple.object, graph)


def _parsed_quads(lines: Iterator[bytes]) -> Iterator[Quad]:
    while batch := b"".join(itertools.islice(lines, WRITE_BATCH)):
        yield from parse(batch, format=RdfFormat.N_QUADS)


def _parsed(lines: Iterator[bytes], line_format: RdfFormat) -> Iterator[Triple]:
    """Parse sorted lines back into terms, batch by batch (line order is kept)."""
    while batch := b"".join(itertools.islice(lines, WRITE_BATCH)):
        for quad in parse(batch, format=line_format):
            yield quad.triple


def export(store: Backend, fmt: RdfFormat, output: IO[bytes]) -> None:
    """Write the store to `output` in `fmt` (one of formats.DUMPS); the same store, the same bytes."""
    if fmt in LINE_FORMATS:
        lines = sorted_lines(store, fmt)
        while batch := list(itertools.islice(lines, WRITE_BATCH)):
            output.writelines(batch)
        return
    data = sorted_quads(store) if fmt.supports_datasets else union_triples(store)
    prefixes = None if fmt == RdfFormat.JSON_LD else PREFIXES
    serialize(data, output, fmt, prefixes=prefixes)
