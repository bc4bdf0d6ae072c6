"""Label search that ignores case and diacritics ("lang son" finds Lạng Sơn). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from pyoxigraph import Literal, NamedNode
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import fold
from vnkg.graph.emit.vocab import RDF, RDFS, SKOS, VNKG
from vnkg.server.web.labels import Labeller, Node

SEARCHED = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
ENTITY_KIND = re.compile(r"/id/([a-z0-9]+)(-\d{4})?/[^/]+$")
# Among equally good matches, larger units first, then the other entities, then later editions
# (`province-2025`) after the units the articles knew.
LEVELS = {"country": 0, "region": 1, "province": 2, "district": 4, "commune": 5}


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

    def order(self) -> tuple[int, int]:
        """Tie-break between equal matches: (administrative level, later edition)."""
        found = ENTITY_KIND.search(self.iri)
        if found is None:
            return (3, 0)
        return (LEVELS.get(found[1], 3), 1 if found[2] else 0)


@dataclass(frozen=True)
class Hit:
    """A search result: the resource, its kind, the label that matched and how well."""

    node: Node
    kind: str
    kinds: tuple[Node, ...]
    within: tuple[Node, ...]
    matched: str
    rank: Rank


def index(store: Backend) -> list[Entry]:
    """Every prefLabel, altLabel and rdfs:label of a named resource, normalised once."""
    entries: dict[tuple[str, str], Entry] = {}
    keys: dict[str, str] = {}
    for predicate in SEARCHED:
        for quad in store.quads(None, predicate, None):
            if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal):
                text = quad.object.value
                key = keys.get(text) or keys.setdefault(text, fold(text))
                entries[(quad.subject.value, text)] = Entry(quad.subject.value, text, key)
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
    wanted = fold(query)
    if not wanted:
        return []
    best: dict[str, tuple[Rank, Entry]] = {}
    for entry in entries:
        if wanted not in entry.key:  # every rank implies a substring: skip the rest fast
            continue
        found = rank(entry.key, wanted)
        if found is None:
            continue
        current = best.get(entry.iri)
        mine = (found, len(entry.key), entry.text)  # ties: code-point order, not store order
        if current is None or mine < (current[0], len(current[1].key), current[1].text):
            best[entry.iri] = (found, entry)
    return sorted(
        best.values(), key=lambda m: (m[0], m[1].order(), len(m[1].key), m[1].key, m[1].iri)
    )


def search(
    store: Backend, entries: list[Entry], query: str, labeller: Labeller, limit: int = 50
) -> list[Hit]:
    """Ranked hits for `query`, with the class of each resource for display."""
    return [
        Hit(
            node=labeller.node(NamedNode(entry.iri)),
            kind=kind_of(entry.iri, labeller),
            kinds=classes(store, entry.iri, labeller),
            within=parents(store, entry.iri, labeller),
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


def parents(store: Backend, iri: str, labeller: Labeller) -> tuple[Node, ...]:
    """What the resource is part of, to tell homonyms apart ("Phú Thọ" commune of which district)."""
    found = {q.object for q in store.quads(NamedNode(iri), VNKG.partOf, None)}
    return tuple(sorted((labeller.node(p) for p in found), key=lambda n: n.text))


def classes(store: Backend, iri: str, labeller: Labeller) -> tuple[Node, ...]:
    """The resource's classes, own vocabulary first."""
    types = {q.object for q in store.quads(NamedNode(iri), RDF.type, None)}
    named = [t for t in types if isinstance(t, NamedNode)]
    named.sort(key=lambda t: (not t.value.startswith(str(VNKG)), t.value))
    return tuple(labeller.node(t) for t in named)
