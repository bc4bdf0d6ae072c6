"""Label search that ignores case and diacritics ("lang son" finds Lạng Sơn). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from pyoxigraph import Literal, NamedNode
from vnkg.graph.iris import strip_diacritics
from vnkg.graph.store import GraphStore
from vnkg.graph.vocab import RDF, RDFS, SKOS, VNKG

from .labels import Labeller, Node

SEARCHED = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
NOT_WORD = re.compile(r"[\W_]+")


class Rank(IntEnum):
    """How well a label matches a query; lower is better."""

    EXACT = 0
    PREFIX = 1
    WORD = 2
    SUBSTRING = 3


@dataclass(frozen=True)
class Entry:
    """One searchable label of one IRI."""

    iri: str
    text: str
    key: str


@dataclass(frozen=True)
class Hit:
    """A search result: the resource, its kind, the label that matched and how well."""

    node: Node
    kind: str
    kinds: tuple[Node, ...]
    matched: str
    rank: Rank


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: 'Lạng-Sơn ' -> 'lang son'."""
    return NOT_WORD.sub(" ", strip_diacritics(text).casefold()).strip()


def index(store: GraphStore) -> list[Entry]:
    """Every prefLabel, altLabel and rdfs:label of a named resource, normalised once."""
    entries = {}
    for predicate in SEARCHED:
        for quad in store.quads(None, predicate, None):
            if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal):
                text = quad.object.value
                entries[(quad.subject.value, text)] = Entry(
                    quad.subject.value, text, normalise(text)
                )
    return list(entries.values())


def rank(key: str, query: str) -> Rank | None:
    """How `key` (a normalised label) matches `query` (normalised), or None."""
    if key == query:
        return Rank.EXACT
    if key.startswith(query):
        return Rank.PREFIX
    if f" {query}" in f" {key}":
        return Rank.WORD
    if query in key:
        return Rank.SUBSTRING
    return None


def matches(entries: list[Entry], query: str) -> list[tuple[Rank, Entry]]:
    """The best-matching label of each IRI, best first (then shorter labels, then A-Z)."""
    wanted = normalise(query)
    if not wanted:
        return []
    best: dict[str, tuple[Rank, Entry]] = {}
    for entry in entries:
        found = rank(entry.key, wanted)
        if found is None:
            continue
        current = best.get(entry.iri)
        if current is None or (found, len(entry.key)) < (current[0], len(current[1].key)):
            best[entry.iri] = (found, entry)
    return sorted(best.values(), key=lambda m: (m[0], len(m[1].key), m[1].key, m[1].iri))


def search(
    store: GraphStore, entries: list[Entry], query: str, labeller: Labeller, limit: int = 50
) -> list[Hit]:
    """Ranked hits for `query`, with the class of each resource for display."""
    return [
        Hit(
            node=labeller.node(NamedNode(entry.iri)),
            kind=kind_of(entry.iri, labeller),
            kinds=classes(store, entry.iri, labeller),
            matched=entry.text,
            rank=found,
        )
        for found, entry in matches(entries, query)[:limit]
    ]


def kind_of(iri: str, labeller: Labeller) -> str:
    """'province' for `{base}id/province/x`, 'vocabulary' for ontology terms, else ''."""
    local = labeller.linker.local(iri) or ""
    parts = local.strip("/").split("/")
    if parts[0] == "id" and len(parts) > 2:
        return parts[1]
    return "vocabulary" if parts[0] == "def" else ""


def classes(store: GraphStore, iri: str, labeller: Labeller) -> tuple[Node, ...]:
    """The resource's classes, own vocabulary first."""
    types = {q.object for q in store.quads(NamedNode(iri), RDF.type, None)}
    named = [t for t in types if isinstance(t, NamedNode)]
    named.sort(key=lambda t: (not t.value.startswith(str(VNKG)), t.value))
    return tuple(labeller.node(t) for t in named)
