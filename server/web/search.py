"""Label search that ignores case and diacritics ("lang son" finds Lạng Sơn).

The index (every label, normalised) is read by one query once per build; a search ranks it
in memory, then one query finds the hits' classes and parents and one their labels. The
two reading functions are query-process jobs (server/web/pages.py sends them by dispatch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import fold
from vnkg.graph.emit.vocab import RDF, VNKG
from vnkg.server.web import labels
from vnkg.server.web.labels import Labeller, Node

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


class Lookup(NamedTuple):
    """A query-process job: the context and labels of `iris` (or, with none, the index)."""

    iris: tuple[str, ...]
    spool_bytes: int = 0
    spool_dir: str | None = None
    spool_name: str = ""


class Context(NamedTuple):
    """What the hits need from the store: their classes and parents, and every label."""

    links: dict[str, dict[str, list[NamedNode]]]  # iri -> rdf:type / vnkg:partOf -> IRIs
    labels: labels.LabelTable


def index(store: Backend, job: Lookup) -> list[Entry]:
    """The job: every prefLabel, altLabel and rdfs:label of a named resource, normalised once."""
    entries: dict[tuple[str, str], Entry] = {}
    keys: dict[str, str] = {}
    for subject, label in queries.rows(store, "search-labels"):
        if isinstance(subject, NamedNode) and isinstance(label, Literal):
            text = label.value
            key = keys.get(text) or keys.setdefault(text, fold(text))
            entries[(subject.value, text)] = Entry(subject.value, text, key)
    return list(entries.values())


def context(store: Backend, job: Lookup) -> Context:
    """The job: the classes and parents of the hits `job.iris`, and the labels of all (2 queries)."""
    links: dict[str, dict[str, list[NamedNode]]] = {iri: {} for iri in job.iris}
    hits = [NamedNode(iri) for iri in job.iris]
    for s, p, o in queries.rows(store, "search-context", {"s": hits}) if hits else []:
        links[s.value].setdefault(p.value, []).append(o)
    shown = {*hits, *(o for found in links.values() for os in found.values() for o in os)}
    rows = queries.rows(store, "labels", {"s": sorted(shown, key=str)}) if shown else []
    return Context(links, labels.table(rows))


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


def hits(found: list[tuple[Rank, Entry]], known: Context, labeller: Labeller) -> list[Hit]:
    """The ranked matches as hits, with the class and parents of each for display."""
    return [
        Hit(
            node=labeller.node(NamedNode(entry.iri)),
            kind=kind_of(entry.iri, labeller),
            kinds=classes(known.links.get(entry.iri, {}).get(RDF.type.value, []), labeller),
            within=parents(known.links.get(entry.iri, {}).get(VNKG.partOf.value, []), labeller),
            matched=entry.text,
            rank=rank_,
        )
        for rank_, entry in found
    ]


def kind_of(iri: str, labeller: Labeller) -> str:
    """'province' for `{base}id/province/x`, 'vocabulary' for ontology terms, else ''."""
    local = labeller.linker.local(iri) or ""
    parts = local.strip("/").split("/")
    if parts[0] == "id" and len(parts) > 2:
        return parts[1]
    return "vocabulary" if parts[0] == "def" else ""


def parents(found: list[NamedNode], labeller: Labeller) -> tuple[Node, ...]:
    """What the resource is part of, to tell homonyms apart ("Phú Thọ" commune of which district)."""
    return tuple(sorted((labeller.node(p) for p in set(found)), key=lambda n: n.text))


def classes(types: list[NamedNode], labeller: Labeller) -> tuple[Node, ...]:
    """The resource's classes, own vocabulary first."""
    named = sorted(set(types), key=lambda t: (not t.value.startswith(str(VNKG)), t.value))
    return tuple(labeller.node(t) for t in named)
