"""Serialise the whole store: Turtle, N-Triples, N-Quads, TriG, JSON-LD, deterministically.

Every format is written from sorted, distinct N-Triples or N-Quads lines, so the same store
always gives the same bytes. The lines are sorted in runs of at most `RUN` quads; a store
larger than one run is sorted on disk (sorted runs in temporary files, merged), so memory
stays bounded whatever the size of the store.

JSON-LD is compacted with the project's published context (ontology/context.jsonld, served at
`{base}context.jsonld` and referred to by that IRI): rdflib's JSON-LD serializer compacts the
quads of one named graph a batch of whole subjects at a time (pyoxigraph writes expanded
JSON-LD only), so memory stays bounded by a batch too.
"""

from __future__ import annotations

import heapq
import itertools
import json
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import rdflib
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from . import queries, resources
from .backend import Backend
from .emit.iris import DEFAULT_BASE
from .emit.vocab import PREFIXES
from .store import GraphStore

# Quads sorted in memory at once (~60 MB of lines); bigger stores are merged from disk.
RUN = 250_000
WRITE_BATCH = 10_000
LINE_FORMATS = (RdfFormat.N_TRIPLES, RdfFormat.N_QUADS)  # written line by line, as sorted
CONTEXT = "context.jsonld"  # the JSON-LD context's name, under the base IRI and in ontology/
JSONLD_BATCH = 20_000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


def export(store: Backend, fmt: RdfFormat, output: IO[bytes], *, base: str = DEFAULT_BASE) -> None:
    """Write the store to `output` in `fmt` (one of formats.DUMPS); the same store, the same
    bytes. JSON-LD refers to its context as `{base}context.jsonld`."""
    if fmt == RdfFormat.JSON_LD:
        output.writelines(compact_jsonld(store, base + CONTEXT))
        return
    if fmt in LINE_FORMATS:
        lines = sorted_lines(store, fmt)
        while batch := list(itertools.islice(lines, WRITE_BATCH)):
            output.writelines(batch)
        return
    data = sorted_quads(store) if fmt.supports_datasets else union_triples(store)
    serialize(data, output, fmt, prefixes=PREFIXES)


def context() -> dict[str, Any]:
    """The JSON-LD context of the exports and pages (ontology/context.jsonld)."""
    found: dict[str, Any] = json.loads(resources.context_file().read_text(encoding="utf-8"))
    return found


def compact_jsonld(store: Backend, context_iri: str) -> Iterator[bytes]:
    """The store as compact JSON-LD: one object per named graph, its nodes compacted with the
    published context in batches of whole subjects (at most about `JSONLD_BATCH` triples)."""
    terms = context()["@context"]
    yield b'{"@context":' + json.dumps(context_iri).encode() + b',"@graph":['
    for number, (graph, quads) in enumerate(itertools.groupby(sorted_quads(store), _graph_of)):
        named = b'"@id":' + json.dumps(graph).encode() + b"," if graph else b""
        yield (b"," if number else b"") + b"{" + named + b'"@graph":['
        for index, batch in enumerate(_subject_batches(quads)):
            nodes = _compacted(batch, terms)
            yield (b"," if index and nodes else b"") + b",".join(nodes)
        yield b"]}"
    yield b"]}\n"


def compact_document(triples: Iterable[Quad | Triple]) -> bytes:
    """A few triples (a resource's description) as one compact JSON-LD document, the published
    context written in so that a client needs nothing else to read it."""
    terms = context()["@context"]
    nodes = _compacted(list(triples), terms)
    head = b'{"@context":' + json.dumps(terms, ensure_ascii=False).encode()
    return head + b',"@graph":[' + b",".join(nodes) + b"]}"


def _graph_of(quad: Quad) -> str:
    return "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name.value)


def _subject_batches(quads: Iterable[Quad]) -> Iterator[list[Quad | Triple]]:
    """`quads` (sorted by subject) in lists of whole subjects, about JSONLD_BATCH quads each."""
    batch: list[Quad | Triple] = []
    for _, same in itertools.groupby(quads, lambda q: q.subject):
        batch.extend(same)
        if len(batch) >= JSONLD_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _compacted(quads: list[Quad | Triple], terms: dict[str, Any]) -> list[bytes]:
    """The node objects of `quads`' triples, compacted with `terms` by rdflib, as JSON texts."""
    graph = rdflib.Graph()
    for quad in quads:
        graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
    document = json.loads(graph.serialize(format="json-ld", context=terms))
    document.pop("@context", None)
    nodes = document.get("@graph", [document] if document else [])
    ordered = sorted((_canonical(node) for node in nodes), key=lambda n: str(n.get("@id", "")))
    return [json.dumps(node, ensure_ascii=False, sort_keys=True).encode() for node in ordered]


def _canonical(value: Any) -> Any:
    """`value` with its sets of values in one order (rdflib's follows Python's string hashing)."""
    if isinstance(value, dict):
        return {key: v if key == "@list" else _canonical(v) for key, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _rdflib(term: object) -> rdflib.term.Node:
    """The rdflib term of a pyoxigraph term (literals keep their lexical form)."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language, normalize=False)
        datatype = None if term.datatype.value == XSD_STRING else rdflib.URIRef(term.datatype.value)
        return rdflib.Literal(term.value, datatype=datatype, normalize=False)
    return rdflib.BNode(getattr(term, "value", str(term)))
