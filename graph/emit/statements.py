"""Statements shared by every kind of record: labels, provenance, inferred fields."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from ..annotations.records import Record
from .iris import strip_diacritics
from .minter import Minter
from .vocab import PROV, RDF, RDFS, SKOS, VNKG

# A (subject, predicate, object) before it goes into a named graph: a plain tuple, which the
# emitters make by the million (pyoxigraph's `Triple` is the term class).
Statement = tuple[NamedNode, NamedNode, NamedNode | BlankNode | Literal]


def labels(node: NamedNode, names: dict[str, str], *, alt: bool = False) -> Iterator[Statement]:
    """skos:prefLabel per language, rdfs:label for vi/en, and the vi name without diacritics."""
    for lang, name in sorted(names.items()):
        yield node, SKOS.prefLabel, Literal(name, language=lang)
        if lang in ("vi", "en"):
            yield node, RDFS.label, Literal(name, language=lang)
        plain = strip_diacritics(name)
        if alt and lang == "vi" and plain != name:
            yield node, SKOS.altLabel, Literal(plain)


def derived_from(node: NamedNode, sources: tuple[str, ...], mint: Minter) -> Iterator[Statement]:
    """prov:wasDerivedFrom each source that reports the record."""
    for source in sources:
        yield node, PROV.wasDerivedFrom, mint.source(source)


def aspect(token: str) -> NamedNode:
    """The concept of an aspect of a record: <def/aspect/part-of>."""
    return VNKG[f"aspect/{token.replace('_', '-')}"]


def inferences(node: NamedNode, record: Record) -> Iterator[Statement]:
    """On the record itself, each aspect the curator inferred rather than read, with the
    reason: `node vnkg:inference [vnkg:aspect aspect:place ; rdfs:comment "..."@en]` (the
    inference named `{node}#inferred-{aspect}`). One pattern separates stated from inferred."""
    for token, reason in sorted(record.inferred.items()):
        inference = NamedNode(f"{node.value}#inferred-{token.replace('_', '-')}")
        yield node, VNKG.inference, inference
        yield inference, RDF.type, VNKG.Inference
        yield inference, VNKG.aspect, aspect(token)
        yield inference, RDFS.comment, Literal(reason, language="en")


def in_graph(graph: NamedNode, triples: Iterator[Statement]) -> Iterator[Quad]:
    """Put triples into a named graph."""
    for s, p, o in triples:
        yield Quad(s, p, o, graph)


# Recently emitted quads remembered to drop repeats (a record set repeats some statements).
RECENT = 4096


def drop_repeats(quads: Iterable[Quad], window: int = RECENT) -> Iterator[Quad]:
    """`quads` without those equal to one of the last `window` distinct quads (bounded memory)."""
    recent: OrderedDict[Quad, None] = OrderedDict()
    for quad in quads:
        if quad in recent:
            continue
        recent[quad] = None
        if len(recent) > window:
            recent.popitem(last=False)
        yield quad
