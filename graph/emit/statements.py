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


def inferences(
    node: NamedNode, record: Record, fields: dict[str, tuple[NamedNode, NamedNode | Literal]]
) -> Iterator[Statement]:
    """Reify each field the curator inferred as a vnkg:Inference carrying the reason."""
    for field, reason in sorted(record.inferred.items()):
        if field not in fields:
            continue
        predicate, obj = fields[field]
        statement = NamedNode(f"{node.value}#inferred-{field.replace('_', '-')}")
        yield node, VNKG.hasInference, statement
        yield statement, RDF.type, VNKG.Inference
        yield statement, RDF.subject, node
        yield statement, RDF.predicate, predicate
        yield statement, RDF.object, obj
        yield statement, VNKG.reason, Literal(reason, language="en")


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
