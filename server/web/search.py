"""Search that finds: any word order, no case or diacritics, names with their kind, codes.

The index (every resource's names, codes, external identities and kinds, normalised once) is
read by one query once per build (`index`, a query-process job); a search ranks it in memory
(`search`, pure); server/web/hits.py then shows one page of the matches. A query names a resource by its name ("Lạng Sơn"), its name and kind in any
order and language ("Lang Son province", "tỉnh Lạng Sơn", "decree 116", "nghị định 116"), a
code (ISO 3166-2 "VN-09", GSO "06232", a document number "116/2016/NĐ-CP" or "116"), or an
external identity (Wikidata "Q33403", GeoNames "1576632").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import fold
from vnkg.graph.emit.vocab import ELI, OWL, PROV, RDF, RDFS, SKOS

ENTITY_KIND = re.compile(r"/id/([a-z0-9]+)(-\d{4})?/[^/]+$")
# Among equally good matches, larger units first, then the other entities, then later editions
# (`province-2025`) after the units the articles knew.
LEVELS = {"country": 0, "region": 1, "province": 2, "district": 4, "commune": 5}
MOST_CHARACTERS = 200  # of a query: longer ones are cut (the work per request stays bounded)
MOST_WORDS = 8
MOST_SUGGESTIONS = 5
EXTERNAL = re.compile(r"(?:wikidata\.org/entity/(Q\d+)|geonames\.org/(\d+))/?$")
NAMES = {SKOS.prefLabel.value, SKOS.altLabel.value, RDFS.label.value, ELI.id_local.value}
KINDS = {RDF.type.value, ELI.type_document.value}


class Rank(IntEnum):
    """How well a resource matches a query; lower is better."""

    EXACT = 0  # a name or a code is the query
    PREFIX = 1  # a name starts with the query
    PHRASE = 2  # a name holds the query's words, in order
    WORDS = 3  # a name holds the query's words, in any order
    KIND = 4  # the query names only the resource's kind ("decree")
    PARTIAL = 5  # a name has words starting with each of the query's words
    SUBSTRING = 6  # the query is part of a name


@dataclass(frozen=True)
class Entity:
    """One searchable resource: its names (text, normalised), codes, kinds, whether sourced."""

    iri: str
    names: tuple[tuple[str, str], ...]
    codes: tuple[tuple[str, str], ...] = ()  # (code as written, normalised)
    kinds: tuple[str, ...] = ()
    sourced: bool = False
    blob: str = field(default="", compare=False)

    def order(self) -> tuple[int, int, int]:
        """Tie-break between equal matches: what the sources state, administrative level, edition."""
        found = ENTITY_KIND.search(self.iri)
        level, later = (3, 0) if found is None else (LEVELS.get(found[1], 3), 1 if found[2] else 0)
        return (0 if self.sourced else 1, level, later)


class Index(NamedTuple):
    """The search index of a build: its resources, the words naming each kind, every word."""

    entities: tuple[Entity, ...]
    kinds: dict[str, tuple[str, ...]]  # class or document type IRI -> its normalised names
    words: tuple[str, ...]
    squeezed: dict[str, str]  # every normalised name without its spaces -> the name


class Match(NamedTuple):
    """A resource found, how well, and by which of its names."""

    rank: Rank
    entity: Entity
    matched: str


class Found(NamedTuple):
    """One page of the matches of a query, their total, and what to try when there are none."""

    query: str
    matches: list[Match]
    total: int
    suggestion: str | None = None
    closest: tuple[Match, ...] = ()


class Lookup(NamedTuple):
    """A query-process job: the context and labels of `iris` (or, with none, the index)."""

    iris: tuple[str, ...]
    spool_bytes: int = 0
    spool_dir: str | None = None
    spool_name: str = ""


def index(store: Backend, job: Lookup) -> Index:
    """The job: every resource's names, codes, identities and kinds, normalised once (a query)."""
    found: dict[str, dict[str, set[object]]] = {}
    for s, p, o in queries.rows(store, "search-labels"):
        if isinstance(s, NamedNode) and isinstance(p, NamedNode):
            found.setdefault(s.value, {}).setdefault(p.value, set()).add(o)
    entities = tuple(_entity(iri, about) for iri, about in found.items())
    names = {e.iri: e for e in entities}
    kinds = {k for e in entities for k in e.kinds if k in names}
    words = sorted({w for e in entities for _, key in e.names for w in key.split()})
    phrases = {k: tuple(sorted({key for _, key in names[k].names}, key=len)) for k in kinds}
    squeezed = {key.replace(" ", ""): key for e in entities for _, key in e.names}
    return Index(entities, phrases, tuple(words), squeezed)


def _entity(iri: str, about: dict[str, set[object]]) -> Entity:
    texts = sorted({o.value for p in NAMES for o in about.get(p, ()) if isinstance(o, Literal)})
    names = tuple((t, fold(t)) for t in texts)
    written = {o.value for o in about.get(SKOS.notation.value, ()) if isinstance(o, Literal)}
    for number in about.get(ELI.id_local.value, ()):  # "116/2016/ND-CP" is cited as "116"
        written.add(str(getattr(number, "value", "")).split("/")[0])
    for same in (*about.get(SKOS.exactMatch.value, ()), *about.get(OWL.sameAs.value, ())):
        external = EXTERNAL.search(str(getattr(same, "value", "")))
        if external:
            written.add(external[1] or external[2])
    codes = tuple(sorted((c, fold(c)) for c in written if fold(c)))
    kinds = tuple(sorted(str(getattr(k, "value", "")) for p in KINDS for k in about.get(p, ())))
    blob = " ".join(key for _, key in (*names, *codes))
    sourced = PROV.wasDerivedFrom.value in about
    return Entity(iri, names, codes, kinds, sourced, blob)


def normalised(query: str) -> str:
    """The query as search compares it: folded, at most MOST_WORDS words of MOST_CHARACTERS."""
    return " ".join(fold(query[:MOST_CHARACTERS]).split()[:MOST_WORDS])


def search(found: Index, query: str, start: int = 0, size: int = 50) -> Found:
    """The matches of `query` from position `start`, `size` of them, best first; suggestions."""
    wanted = normalised(query)
    ranked = _ranked(found, wanted)
    if ranked or not wanted:
        return Found(wanted, ranked[start : start + size], len(ranked))
    for suggestion in suggestions(found, wanted):
        closest = _ranked(found, suggestion)
        if closest:
            return Found(wanted, [], 0, suggestion, tuple(closest[:MOST_SUGGESTIONS]))
    return Found(wanted, [], 0)


def _ranked(found: Index, wanted: str) -> list[Match]:
    if not wanted:
        return []
    rests: dict[tuple[str, ...], tuple[str, bool]] = {}
    best: list[tuple[tuple[object, ...], Match]] = []
    for entity in found.entities:
        if entity.kinds not in rests:
            rests[entity.kinds] = _without_kinds(wanted, entity.kinds, found.kinds)
        rest, named = rests[entity.kinds]
        match = rank_entity(entity, wanted)
        if named:
            kind_match = rank_entity(entity, rest) if rest else Match(Rank.KIND, entity, "")
            if kind_match is not None and (match is None or kind_match.rank < match.rank):
                match = kind_match
        if match is not None:
            key = (match.rank, *entity.order(), len(match.matched), match.matched, entity.iri)
            best.append((key, match))
    best.sort(key=lambda pair: pair[0])
    return [match for _, match in best]


def _without_kinds(
    wanted: str, kinds: tuple[str, ...], phrases: dict[str, tuple[str, ...]]
) -> tuple[str, bool]:
    """The query without the words naming one of `kinds` ("lang son province" -> "lang son")."""
    padded, named = f" {wanted} ", False
    for kind in kinds:
        for phrase in sorted(phrases.get(kind, ()), key=len, reverse=True):
            if f" {phrase} " in padded:
                padded, named = padded.replace(f" {phrase} ", " ", 1), True
                break
    return " ".join(padded.split()), named


def rank_entity(entity: Entity, wanted: str) -> Match | None:
    """How `entity` matches the normalised query `wanted`, by its best name or code."""
    tokens = wanted.split()
    if not tokens or not all(t in entity.blob for t in tokens):  # fast refusal of most
        return None
    best: tuple[Rank, int, str] | None = None
    for text, key in entity.names:
        found = rank(key, wanted, tokens)
        if found is not None and (best is None or (found, len(key), text) < best):
            best = (found, len(key), text)
    code = next((text for text, key in entity.codes if key == wanted), None)
    if code is not None and (best is None or best[0] is not Rank.EXACT):
        return Match(Rank.EXACT, entity, code)
    return None if best is None else Match(best[0], entity, best[2])


def rank(key: str, query: str, tokens: list[str] | None = None) -> Rank | None:
    """How `key` (a normalised name) matches `query` (normalised), or None."""
    if key == query:
        return Rank.EXACT
    if key.startswith(query):
        return Rank.PREFIX
    if f" {query} " in f" {key} ":
        return Rank.PHRASE
    words = key.split()
    tokens = tokens if tokens is not None else query.split()
    if all(t in words for t in tokens):
        return Rank.WORDS
    if all(any(w.startswith(t) for w in words) for t in tokens):
        return Rank.PARTIAL
    if query in key:
        return Rank.SUBSTRING
    return None


def suggestions(found: Index, wanted: str) -> Iterator[str]:
    """Queries close to `wanted`: each unknown word replaced by the closest known one
    ("lang sn" -> "lang son"), then the name closest to it spaces aside ("langson")."""
    known = set(found.words)
    words = []
    for word in wanted.split():
        close = [] if word in known else difflib.get_close_matches(word, found.words, 1, 0.75)
        words.append(close[0] if close else word)
    if words != wanted.split():
        yield " ".join(words)
    for name in difflib.get_close_matches(wanted.replace(" ", ""), found.squeezed, 1, 0.8):
        yield found.squeezed[name]
