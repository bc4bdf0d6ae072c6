"""Gather what the store says about one resource into plain dataclasses for the pages. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from vnkg.graph.iris import strip_diacritics
from vnkg.graph.store import GraphStore
from vnkg.graph.vocab import (
    DCTERMS,
    ELI,
    FOAF,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VNKG,
)

LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS.title, ELI.title, SKOS.notation)
LANGS = ("en", "vi", "fr", "")
NAMES = frozenset({SKOS.prefLabel, SKOS.altLabel, RDFS.label, FOAF.name, DCTERMS.title, ELI.title})
CODES = frozenset({SKOS.notation, ELI.id_local})
EXTERNAL = frozenset({SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs})
PROVENANCE = frozenset({PROV.wasDerivedFrom, VNKG.hasInference})
EXTERNAL_PREFIXES = {
    "http://www.wikidata.org/entity/": "Wikidata ",
    "https://www.wikidata.org/wiki/": "Wikidata ",
    "https://sws.geonames.org/": "GeoNames ",
    "http://sws.geonames.org/": "GeoNames ",
}
SECTIONS = ("Names and codes", "Description", "Relations", "External identities", "Provenance")
INCOMING_LIMIT = 50


@dataclass(frozen=True)
class Linker:
    """Maps IRIs to the paths this server answers for them (None: not ours)."""

    base: str
    vocab: str = str(VNKG)

    def local(self, iri: str) -> str | None:
        """'/id/province/lang-son' for `{base}id/province/lang-son`, '/def/X' for vocab terms."""
        if iri.startswith(self.vocab):
            return "/def/" + iri[len(self.vocab) :]
        for area in ("id/", "graph/"):
            if iri.startswith(self.base + area):
                return "/" + iri[len(self.base) :]
        return None


@dataclass(frozen=True)
class Node:
    """An RDF term ready to print: its text, language, link and (for literals) datatype."""

    text: str
    lang: str = ""
    iri: str | None = None
    href: str | None = None
    external: bool = False
    datatype: str | None = None


@dataclass(frozen=True)
class Fact:
    """One property of the resource with all its values (or, incoming, all its subjects)."""

    predicate: Node
    values: tuple[Node, ...]
    more: int = 0


@dataclass(frozen=True)
class Section:
    """A titled group of facts on a page."""

    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Resource:
    """Everything a page shows about one IRI, except observations and usage."""

    node: Node
    labels: tuple[Node, ...]
    types: tuple[Node, ...]
    comments: tuple[Node, ...]
    sections: tuple[Section, ...]
    incoming: tuple[Fact, ...]
    details: tuple[Resource, ...] = field(default=())


class Labeller:
    """Finds display labels for IRIs, memoised for one request."""

    def __init__(self, store: GraphStore, linker: Linker) -> None:
        self.store = store
        self.linker = linker
        self._cache: dict[str, Node] = {}

    def literals(self, iri: str, predicate: NamedNode) -> list[Literal]:
        """Distinct literal values of `predicate` on `iri`."""
        found = {q.object for q in self.store.quads(NamedNode(iri), predicate, None)}
        return sorted((o for o in found if isinstance(o, Literal)), key=_literal_key)

    def node(self, term: object) -> Node:
        """A printable Node for any RDF term."""
        if isinstance(term, Literal):
            return self._literal(term)
        if isinstance(term, BlankNode):
            return Node(text="(anonymous node)")
        iri = term.value if isinstance(term, NamedNode) else str(term)
        if iri not in self._cache:
            self._cache[iri] = self._named(iri)
        return self._cache[iri]

    def _named(self, iri: str) -> Node:
        local = self.linker.local(iri)
        text, lang = self._text(iri)
        return Node(text=text, lang=lang, iri=iri, href=local or iri, external=local is None)

    def _text(self, iri: str) -> tuple[str, str]:
        for predicate in LABELS:
            label = pick_label(self.literals(iri, predicate))
            if label is not None:
                return label.value, label.language or ""
        return short_name(iri), ""

    def _literal(self, term: Literal) -> Node:
        datatype = term.datatype.value if term.datatype else None
        if term.language or datatype in (None, str(RDF) + "langString", "http://www.w3.org/2001/XMLSchema#string"):
            return Node(text=term.value, lang=term.language or "")
        return Node(text=term.value, datatype=self.node(term.datatype).text)


def _literal_key(term: Literal) -> tuple[int, str]:
    lang = term.language or ""
    return (LANGS.index(lang) if lang in LANGS else len(LANGS), term.value)


def pick_label(labels: Iterable[Literal]) -> Literal | None:
    """The label to show: English first, but the Vietnamese form when English only drops its accents."""
    by_lang = {}
    for label in sorted(labels, key=_literal_key):
        by_lang.setdefault(label.language or "", label)
    en, vi = by_lang.get("en"), by_lang.get("vi")
    if en is not None and vi is not None and strip_diacritics(vi.value) == en.value:
        return vi
    return next(iter(by_lang.values()), None)


def short_name(iri: str) -> str:
    """A compact name for an IRI without a label: 'skos:exactMatch', 'Wikidata Q1234'."""
    for namespace, name in EXTERNAL_PREFIXES.items():
        if iri.startswith(namespace):
            return name + iri[len(namespace) :]
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def exists(store: GraphStore, iri: str) -> bool:
    """True when the IRI occurs in the store as a subject or an object."""
    node = NamedNode(iri)
    return any(True for _ in store.quads(node, None, None)) or any(True for _ in store.quads(None, None, node))


def triples(store: GraphStore, iri: str) -> list[Triple]:
    """Distinct triples with `iri` as subject, in all graphs."""
    return sorted({q.triple for q in store.quads(NamedNode(iri), None, None)}, key=str)


def description(store: GraphStore, iri: str) -> list[Triple]:
    """The RDF answer for `iri`: its triples, those of its #-IRIs and blank nodes, labels of linked IRIs."""
    found: dict[Triple, None] = {}
    todo, seen = [NamedNode(iri)], set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for triple in triples(store, subject.value) if isinstance(subject, NamedNode) else _blank(store, subject):
            found[triple] = None
            obj = triple.object
            if obj not in seen and (isinstance(obj, BlankNode) or _is_fragment_of(obj, iri)):
                todo.append(obj)
    for triple in list(found):
        if isinstance(triple.object, NamedNode) and triple.object not in seen:
            for predicate in (SKOS.prefLabel, RDFS.label):
                for quad in store.quads(triple.object, predicate, None):
                    found[quad.triple] = None
    return list(found)


def _blank(store: GraphStore, node: BlankNode) -> list[Triple]:
    return sorted({q.triple for q in store.quads(node, None, None)}, key=str)  # type: ignore[arg-type]


def _is_fragment_of(term: object, iri: str) -> bool:
    return isinstance(term, NamedNode) and term.value.startswith(iri + "#")


def resource(
    store: GraphStore, iri: str, labeller: Labeller, skip: frozenset[str] = frozenset()
) -> Resource:
    """The facts of `iri` grouped in sections, labels, types, incoming links except from `skip`."""
    own = triples(store, iri)
    grouped = _group(own, labeller)
    labels = tuple(labeller.node(t.object) for t in own if t.predicate == SKOS.prefLabel)
    if not labels:
        labels = tuple(labeller.node(t.object) for t in own if t.predicate == RDFS.label)
    details = tuple(
        resource(store, t.object.value, labeller) for t in own if _is_fragment_of(t.object, iri)
    )
    return Resource(
        node=labeller.node(NamedNode(iri)),
        labels=labels,
        types=tuple(labeller.node(t.object) for t in own if t.predicate == RDF.type),
        comments=tuple(labeller.node(t.object) for t in own if t.predicate == RDFS.comment),
        sections=tuple(Section(title, tuple(grouped[title])) for title in SECTIONS if grouped[title]),
        incoming=tuple(incoming(store, iri, labeller, skip)),
        details=details,
    )


def _group(own: list[Triple], labeller: Labeller) -> dict[str, list[Fact]]:
    by_predicate: dict[NamedNode, list[object]] = {}
    for triple in own:
        if triple.predicate not in (RDF.type, RDFS.comment):
            by_predicate.setdefault(triple.predicate, []).append(triple.object)
    grouped: dict[str, list[Fact]] = {title: [] for title in SECTIONS}
    for predicate, objects in by_predicate.items():
        values = sorted((labeller.node(o) for o in objects), key=lambda n: (n.lang not in LANGS, n.text))
        grouped[_section(predicate, objects)].append(Fact(labeller.node(predicate), tuple(values)))
    for facts in grouped.values():
        facts.sort(key=lambda f: f.predicate.text.lower())
    return grouped


def _section(predicate: NamedNode, objects: list[object]) -> str:
    if predicate in NAMES or predicate in CODES:
        return SECTIONS[0]
    if predicate in EXTERNAL:
        return SECTIONS[3]
    if predicate in PROVENANCE:
        return SECTIONS[4]
    if all(isinstance(o, Literal) for o in objects):
        return SECTIONS[1]
    return SECTIONS[2]


def incoming(
    store: GraphStore, iri: str, labeller: Labeller, skip: frozenset[str] = frozenset()
) -> Iterator[Fact]:
    """Links to `iri` from other resources, by property; rdf:type links are left to usage counts."""
    by_predicate: dict[NamedNode, set[NamedNode]] = {}
    for quad in store.quads(None, None, NamedNode(iri)):
        subject = quad.subject
        if quad.predicate == RDF.type or not isinstance(subject, NamedNode) or subject.value in skip:
            continue
        if not _is_fragment_of(subject, iri):
            by_predicate.setdefault(quad.predicate, set()).add(subject)
    for predicate in sorted(by_predicate, key=lambda p: labeller.node(p).text.lower()):
        subjects = sorted((labeller.node(s) for s in by_predicate[predicate]), key=lambda n: n.text)
        shown = tuple(subjects[:INCOMING_LIMIT])
        yield Fact(labeller.node(predicate), shown, more=len(subjects) - len(shown))
