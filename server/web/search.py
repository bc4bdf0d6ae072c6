"""Search that finds: any word order, no case or diacritics, names with their kind, codes.

The index (every resource's names, codes, external identities and kinds, normalised once) is
read by one query once per build (`index`, a query-process job); a search ranks it in memory
(`search`, pure), then one job finds the hits' classes, parents, validity and labels
(`context`). A query names a resource by its name ("Lạng Sơn"), its name and kind in any
order and language ("Lang Son province", "tỉnh Lạng Sơn", "decree 116", "nghị định 116"), a
code (ISO 3166-2 "VN-09", GSO "06232", a document number "116/2016/NĐ-CP" or "116"), or an
external identity (Wikidata "Q33403", GeoNames "1576632").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import NamedTuple

from babel.dates import format_date
from pyoxigraph import Literal, NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import fold, strip_diacritics
from vnkg.graph.emit.vocab import ELI, OWL, PROV, RDF, RDFS, SKOS, VNKG
from vnkg.server.web import i18n, labels
from vnkg.server.web.labels import Labeller, Node

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


@dataclass(frozen=True)
class Hit:
    """A search result: the resource, its kind, where it is, when it was valid, what matched."""

    node: Node
    kind: str
    kinds: tuple[Node, ...]
    within: tuple[Node, ...]
    matched: str
    rank: Rank
    valid_from: str | None = None
    valid_until: str | None = None


class Lookup(NamedTuple):
    """A query-process job: the context and labels of `iris` (or, with none, the index)."""

    iris: tuple[str, ...]
    spool_bytes: int = 0
    spool_dir: str | None = None
    spool_name: str = ""


class Context(NamedTuple):
    """What the hits need from the store: classes, parents and validity, and every label."""

    links: dict[str, dict[str, list[object]]]  # iri -> rdf:type / vnkg:partOf / validity -> terms
    labels: labels.LabelTable


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


def context(store: Backend, job: Lookup) -> Context:
    """The job: the classes, parents and validity of the hits `job.iris`, and the labels (2 queries)."""
    links: dict[str, dict[str, list[object]]] = {iri: {} for iri in job.iris}
    hits = [NamedNode(iri) for iri in job.iris]
    for s, p, o in queries.rows(store, "search-context", {"s": hits}) if hits else []:
        links[s.value].setdefault(p.value, []).append(o)
    shown = {*hits, *(o for f in links.values() for os in f.values() for o in os)}
    named = sorted((o for o in shown if isinstance(o, NamedNode)), key=str)
    rows = queries.rows(store, "labels", {"s": named}) if named else []
    return Context(links, labels.table(rows))


def in_language(table: labels.LabelTable, lang: str) -> labels.LabelTable:
    """Each label of `table` in `lang` where there is one, else Vietnamese, English, any; the
    Vietnamese spelling when the chosen label only drops its accents ("Lạng Sơn", not "Lang Son")."""
    order = (lang, "vi", "en", "")
    chosen: labels.LabelTable = {}
    for iri, by_property in table.items():
        for prop, found in by_property.items():
            langs = {x.language or "" for x in found}
            best = next((lg for lg in order if lg in langs), None)
            kept = [x for x in found if best is None or (x.language or "") == best]
            accented = [x for x in found if x.language == "vi"]
            if best != "vi" and any(
                strip_diacritics(v.value) == k.value for v in accented for k in kept
            ):
                kept = accented
            chosen.setdefault(iri, {})[prop] = kept
    return chosen


def hits(found: Iterable[Match], known: Context, labeller: Labeller) -> list[Hit]:
    """The matches as hits, with the class, parents and validity of each for display."""
    out = []
    for match in found:
        about = known.links.get(match.entity.iri, {})
        out.append(
            Hit(
                node=labeller.node(NamedNode(match.entity.iri)),
                kind=kind_of(match.entity.iri, labeller),
                kinds=classes(
                    [*about.get(ELI.type_document.value, []), *about.get(RDF.type.value, [])],
                    labeller,
                ),
                within=parents(about.get(VNKG.partOf.value, []), labeller),
                matched=match.matched,
                rank=match.rank,
                valid_from=_date(about.get(VNKG.validFrom.value, [])),
                valid_until=_date(about.get(VNKG.validUntil.value, [])),
            )
        )
    return out


def validity(hit: Hit) -> str:
    """When the resource was valid, in the page's language ("until June 30, 2025"), or ''."""
    return validity_text(hit.valid_from, hit.valid_until)


def validity_text(valid_from: str | None, valid_until: str | None) -> str:
    """A validity interval (ISO dates, either open) in the page's language, or ''."""
    start, end = (_written(d) for d in (valid_from, valid_until))
    if start and end:
        return i18n.gettext("%(start)s to %(end)s", start=start, end=end)
    if end:
        return i18n.gettext("until %(date)s", date=end)
    return i18n.gettext("from %(date)s", date=start) if start else ""


def shown_match(hit: Hit) -> bool:
    """Whether the label or code that matched says more than the name shown (not its spelling)."""
    return bool(hit.matched) and fold(hit.matched) != fold(hit.node.text)


def _written(day: str | None) -> str:
    try:
        return format_date(date.fromisoformat(day), "long", locale=i18n.current()) if day else ""
    except ValueError:
        return day or ""


def _date(found: list[object]) -> str | None:
    return min((o.value for o in found if isinstance(o, Literal)), default=None)


def kind_of(iri: str, labeller: Labeller) -> str:
    """'province' for `{base}id/province/x`, 'vocabulary' for ontology terms, else ''."""
    local = labeller.linker.local(iri) or ""
    parts = local.strip("/").split("/")
    if parts[0] == "id" and len(parts) > 2:
        return parts[1]
    return "vocabulary" if parts[0] == "def" else ""


def parents(found: list[object], labeller: Labeller) -> tuple[Node, ...]:
    """What the resource is part of, to tell homonyms apart ("Phú Thọ" commune of which district)."""
    named = {p for p in found if isinstance(p, NamedNode)}
    return tuple(sorted((labeller.node(p) for p in named), key=lambda n: n.text))


def classes(types: list[object], labeller: Labeller) -> tuple[Node, ...]:
    """The resource's own classes and document type, the most specific first (else any class)."""
    named = {t for t in types if isinstance(t, NamedNode)}
    own = [t for t in named if t.value.startswith(str(VNKG))] or sorted(named, key=str)
    general = {str(VNKG) + "AdministrativeUnit", str(VNKG) + "LegalDocument"}
    own.sort(key=lambda t: (t.value in general, t.value))
    return tuple(labeller.node(t) for t in own)
