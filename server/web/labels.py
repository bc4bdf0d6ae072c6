"""How a page names an RDF term: labels by language preference, local links for our IRIs. Pure.

The labels come from one query per page (graph/queries/labels.rq over every IRI the page
shows, `LabelTable`); an IRI without one is named by READABLE, its path or a prefixed name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode
from vnkg.graph.emit.iris import strip_diacritics
from vnkg.graph.emit.vocab import (
    DCTERMS,
    ELI,
    FOAF,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_ATT,
    SDMX_DIM,
    SDMX_MEAS,
    SKOS,
    TIME,
    VNKG,
)

LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS["title"], ELI["title"], SKOS.notation)
# By IRI, then by property IRI: the literals labels.rq found (labels, codes, symbols, years).
LabelTable = dict[str, dict[str, list[Literal]]]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANGS = ("en", "vi", "fr", "")
KINDS = {VNKG[k].value: k.lower() for k in ("Province", "District", "Commune", "Country")}

EXTERNAL_PREFIXES = {
    "http://www.wikidata.org/entity/": "Wikidata ",
    "https://www.wikidata.org/wiki/": "Wikidata ",
    "https://sws.geonames.org/": "GeoNames ",
    "http://sws.geonames.org/": "GeoNames ",
}
# Reused vocabulary terms are not labelled in our store; these are their names in plain English.
READABLE = {
    RDF.type: "type",
    RDF.Property: "property",
    RDFS.Class: "class",
    RDFS.Datatype: "datatype",
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    OWL.TransitiveProperty: "transitive property",
    OWL.FunctionalProperty: "functional property",
    OWL.Ontology: "ontology",
    SKOS.Concept: "concept",
    SKOS.ConceptScheme: "concept scheme",
    QB.Observation: "observation",
    QB.DataSet: "data set",
    RDFS.label: "label",
    RDFS.comment: "comment",
    RDFS.subClassOf: "subclass of",
    RDFS.subPropertyOf: "subproperty of",
    RDFS.domain: "domain",
    RDFS.range: "range",
    SKOS.prefLabel: "name",
    SKOS.altLabel: "also written",
    SKOS.notation: "code",
    SKOS.exactMatch: "same as",
    SKOS.closeMatch: "close match",
    SKOS.inScheme: "in scheme",
    SKOS.definition: "definition",
    SKOS.broader: "broader",
    OWL.sameAs: "same as",
    PROV.wasDerivedFrom: "source",
    DCTERMS["title"]: "title",
    DCTERMS.publisher: "publisher",
    DCTERMS.isReplacedBy: "replaced by",
    DCTERMS.language: "language",
    ELI.id_local: "number",
    ELI.type_document: "type of document",
    ELI.date_document: "date",
    ELI.passed_by: "passed by",
    ELI["title"]: "title",
    SCHEMA.url: "web address",
    SCHEMA.about: "about",
    FOAF.name: "name",
    QB.dataSet: "data set",
    SDMX_DIM.refArea: "area",
    SDMX_DIM.refPeriod: "period",
    SDMX_ATT.unitMeasure: "unit",
    SDMX_MEAS.obsValue: "value",
    ORG.classification: "classification",
    ORG.subOrganizationOf: "part of organisation",
    TIME.inXSDDate: "date",
    TIME.hasBeginning: "beginning",
    TIME.hasEnd: "end",
}


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
    kind: str = ""  # a place's kind: "province", "district", "commune", "country"
    since: str = ""  # a place's validity (ISO dates), when the gazetteer gives it
    until: str = ""


class Labeller:
    """Names terms from a `LabelTable` in the language `lang` where it can, each IRI's Node
    made once."""

    def __init__(self, linker: Linker, table: LabelTable | None = None, lang: str = "en") -> None:
        self.linker = linker
        self.table: LabelTable = {} if table is None else table
        self.lang = lang
        self._cache: dict[str, Node] = {}

    def literals(self, iri: str, predicate: NamedNode) -> list[Literal]:
        """Distinct literal values of `predicate` on `iri`, in language-preference order."""
        found = set(self.table.get(iri, {}).get(predicate.value, ()))
        return sorted(found, key=lambda term: _literal_key(term, self.lang))

    def label(self, iri: str, predicate: NamedNode) -> str:
        """The value of `predicate` on `iri` in the page's language (or the nearest), or ''."""
        found = pick_label(self.literals(iri, predicate), self.lang)
        return found.value if found is not None else ""

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
        kinds = [KINDS[k.value] for k in self.literals(iri, RDF.type) if k.value in KINDS]
        return Node(
            text=text,
            lang=lang,
            iri=iri,
            href=local or iri,
            external=local is None,
            kind=kinds[0] if kinds else "",
            since=self._date(iri, VNKG.validFrom),
            until=self._date(iri, VNKG.validUntil),
        )

    def _date(self, iri: str, predicate: NamedNode) -> str:
        found = self.literals(iri, predicate)
        return found[0].value[:10] if found else ""

    def _text(self, iri: str) -> tuple[str, str]:
        for predicate in LABELS:
            literals = self.literals(iri, predicate)
            if predicate == SKOS.notation:  # a code, never a token (the plain notation)
                literals = [n for n in literals if n.datatype.value != XSD_STRING]
            label = pick_label(literals, self.lang)
            if label is not None:
                return label.value, label.language or ""
        described = pick_label(self.literals(iri, RDFS.comment), self.lang)
        if described is not None:  # an activity, named by what it is
            return described.value, described.language or ""
        readable = READABLE.get(NamedNode(iri))
        if readable:
            return readable, "en"
        if self.linker.local(iri):
            return iri.rstrip("/").rsplit("/", 1)[-1].replace("#", " "), ""
        return short_name(iri), ""

    def _literal(self, term: Literal) -> Node:
        datatype = term.datatype.value if term.datatype else None
        if term.language or datatype in (
            None,
            str(RDF) + "langString",
            "http://www.w3.org/2001/XMLSchema#string",
        ):
            return Node(text=term.value, lang=term.language or "")
        return Node(text=term.value, datatype=self.node(term.datatype).text)


def preference(lang: str) -> tuple[str, ...]:
    """The order in which labels are chosen for a page in `lang`: it, then vi → en → any."""
    return (lang, *(candidate for candidate in ("vi", "en", "fr", "") if candidate != lang))


def _literal_key(term: Literal, lang: str = "en") -> tuple[int, str]:
    order = preference(lang)
    found = term.language or ""
    return (order.index(found) if found in order else len(order), term.value)


def pick_label(labels: Iterable[Literal], lang: str = "en") -> Literal | None:
    """The label to show in `lang` (else vi → en → any), but the Vietnamese form when the
    chosen one only drops its accents ("Lạng Sơn", not "Lang Son")."""
    by_lang: dict[str, Literal] = {}
    for label in sorted(labels, key=lambda term: _literal_key(term, lang)):
        by_lang.setdefault(label.language or "", label)
    chosen = next(iter(by_lang.values()), None)
    vi = by_lang.get("vi")
    if chosen is not None and vi is not None and strip_diacritics(vi.value) == chosen.value:
        return vi
    return chosen


def short_name(iri: str) -> str:
    """A compact name for an IRI without a label: 'skos:exactMatch', 'Wikidata Q1234'."""
    for namespace, name in EXTERNAL_PREFIXES.items():
        if iri.startswith(namespace):
            return name + iri[len(namespace) :].strip("/")
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def table(rows: Iterable[tuple[object, object, object]]) -> LabelTable:
    """A LabelTable from (subject, property, literal) rows of labels.rq."""
    found: LabelTable = {}
    for s, p, o in rows:
        if isinstance(s, NamedNode) and isinstance(p, NamedNode) and isinstance(o, Literal):
            found.setdefault(s.value, {}).setdefault(p.value, []).append(o)
    return found


def named(terms: Iterable[object]) -> Iterator[NamedNode]:
    """The IRIs among `terms`, and the datatypes of its literals that are not XSD/RDF's."""
    builtin = (str(RDF), "http://www.w3.org/2001/XMLSchema#")
    for term in terms:
        if isinstance(term, NamedNode):
            yield term
        elif isinstance(term, Literal) and not term.datatype.value.startswith(builtin):
            yield term.datatype
