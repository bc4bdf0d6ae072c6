"""Link quads: the gazetteer graph, official codes, 2025 successors, Wikidata/GeoNames.

No state and no I/O but the installed packages' data (graph/linking/data/external_ids.csv included).

With the gazetteer on, every unit is described in `{base}graph/gazetteer`; with it off, only
the units the articles name, their successors and the successors' provinces are, in the links
graph. External identities (`skos:exactMatch`) and their VoID linksets go to `{base}graph/links`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from importlib.resources import files

from pyoxigraph import Literal, NamedNode, Quad

from ..annotations.records import Annotations, PlaceKind
from ..emit.iris import Iris, strip_diacritics
from ..emit.statements import Statement
from ..emit.terms import PLACE_TYPES
from ..emit.vocab import DCTERMS, FOAF, GEO, RDF, RDFS, SKOS, VNKG, VOID, XSD
from .gazetteer import Gazetteer, Unit, UnitId, load
from .resolve import Resolution, Status, resolve

VALID_UNTIL = Literal("2025-06-30", datatype=XSD.date)
VALID_FROM = Literal("2025-07-01", datatype=XSD.date)
TRUE = Literal("true", datatype=XSD.boolean)
CODE_TYPES = {"country": VNKG["iso3166-1Code"], "province": VNKG["iso3166-2Code"]}


@dataclass(frozen=True)
class Target:
    """An external data set that we link to with skos:exactMatch."""

    name: str
    slug: str
    uri_space: str
    homepage: str
    suffix: str = ""

    def iri(self, local: str) -> NamedNode:
        """The external entity `local` (a Wikidata Q-id, a GeoNames id)."""
        return NamedNode(f"{self.uri_space}{local}{self.suffix}")


WIKIDATA = Target(
    "Wikidata", "wikidata", "http://www.wikidata.org/entity/", "https://www.wikidata.org/"
)
GEONAMES = Target(
    "GeoNames", "geonames", "https://sws.geonames.org/", "https://www.geonames.org/", "/"
)


@dataclass(frozen=True)
class ExternalId:
    """One row of graph/linking/data/external_ids.csv."""

    kind: str
    name: str
    wikidata: str
    geonames: str

    def links(self) -> Iterator[tuple[Target, NamedNode]]:
        """(target, external IRI) for each identifier the row gives."""
        for target, local in ((WIKIDATA, self.wikidata), (GEONAMES, self.geonames)):
            if local:
                yield target, target.iri(local)


@functools.cache
def external_ids() -> tuple[ExternalId, ...]:
    """The verified Wikidata/GeoNames identifiers shipped with vnkg."""
    text = (files("vnkg.graph.linking") / "data" / "external_ids.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(ExternalId(r["kind"], r["name"], r["wikidata"], r["geonames"]) for r in rows)


def external_unit(row: ExternalId, gazetteer: Gazetteer) -> UnitId:
    """The one unit a row names; anything else is a bug in the data file."""
    found = gazetteer.named(row.kind, row.name)
    if len(found) != 1:
        raise LookupError(f"external_ids.csv: {row.kind} {row.name!r} matches {len(found)} units")
    return found[0]


class P:
    """The predicates written per unit, built once: each `Namespace` access makes a NamedNode."""

    type = RDF.type
    pref_label = SKOS.prefLabel
    label = RDFS.label
    alt_label = SKOS.altLabel
    notation = SKOS.notation
    part_of = VNKG.partOf
    has_geometry = GEO.hasGeometry
    as_wkt = GEO.asWKT
    approximate = VNKG.approximate
    valid_from = VNKG.validFrom
    valid_until = VNKG.validUntil
    replaced_by = DCTERMS.isReplacedBy
    gso = VNKG.gsoCode
    geometry = GEO.Geometry
    wkt = GEO.wktLiteral


def unit_triples(unit: Unit, gazetteer: Gazetteer, iris: Iris) -> Iterator[Statement]:
    """Types, labels, codes, containment, geometry and validity of one unit."""
    node = iris.mint(unit.id.kind, unit.id.slug)
    for cls in PLACE_TYPES[PlaceKind(unit.id.kind.removesuffix("-2025"))]:
        yield node, P.type, cls
    name = display_name(unit)
    yield node, P.pref_label, Literal(name, language="vi")
    yield node, P.label, Literal(name, language="vi")
    if unit.type_name and name != f"{unit.type_name} {unit.name}":
        yield node, P.alt_label, Literal(f"{unit.type_name} {unit.name}", language="vi")
    if strip_diacritics(name) != name:
        yield node, P.alt_label, Literal(strip_diacritics(name))
    if unit.code:
        yield node, P.notation, Literal(unit.code, datatype=P.gso)
    if unit.iso:
        yield node, P.notation, Literal(unit.iso, datatype=CODE_TYPES[unit.id.kind])
    for parent in unit.part_of:
        yield node, P.part_of, iris.mint(parent.kind, parent.slug)
    yield from geometry_triples(node, unit)
    if unit.new:
        yield node, P.valid_from, VALID_FROM
    for successor in gazetteer.successors.get(unit.id, ()):
        yield node, P.replaced_by, iris.mint(successor.kind, successor.slug)
    if unit.id in gazetteer.successors:
        yield node, P.valid_until, VALID_UNTIL


def display_name(unit: Unit) -> str:
    """The unit's name as the gazetteer writes it: a numbered ward is "Phường 1", never "1"."""
    if unit.type_name and not any(c.isalpha() for c in unit.name):
        return f"{unit.type_name} {unit.name}"
    return unit.name


def geometry_triples(node: NamedNode, unit: Unit) -> Iterator[Statement]:
    """A WGS84 point (GeoSPARQL WKT, lon lat), marked approximate: it is a geocoded centre."""
    if unit.point is None:
        return
    geometry = NamedNode(f"{node.value}#geometry")
    lon, lat = unit.point
    yield node, P.has_geometry, geometry
    yield geometry, P.type, P.geometry
    yield geometry, P.as_wkt, Literal(f"POINT({lon} {lat})", datatype=P.wkt)
    yield geometry, P.approximate, TRUE


def article_units(resolutions: Iterable[Resolution], gazetteer: Gazetteer) -> list[UnitId]:
    """Units the articles name, their successors and the successors' parents."""
    named = [r.unit for r in resolutions if r.linked and r.unit is not None]
    successors = [s for u in named for s in gazetteer.successors.get(u, ())]
    parents = [p for s in successors for p in gazetteer.units[s].part_of]
    return list(dict.fromkeys([*named, *successors, *parents]))


def exact_matches(
    gazetteer: Gazetteer, present: set[UnitId], iris: Iris
) -> Iterator[tuple[Target, Statement]]:
    """skos:exactMatch of every described unit that has a verified identifier."""
    for row in external_ids():
        unit = external_unit(row, gazetteer)
        if unit in present:
            node = iris.mint(unit.kind, unit.slug)
            for target, external in row.links():
                yield target, (node, SKOS.exactMatch, external)


def linkset_triples(target: Target, count: int, iris: Iris) -> Iterator[Statement]:
    """A VoID linkset from the vnkg data set to `target`, and a description of the target."""
    dataset, other = iris.mint("dataset", "vnkg"), iris.mint("dataset", target.slug)
    linkset = iris.mint("dataset", f"links-{target.slug}")
    yield dataset, VOID.subset, linkset
    yield linkset, RDF.type, VOID.Linkset
    yield linkset, DCTERMS.title, Literal(f"vnkg → {target.name} (skos:exactMatch)", language="en")
    yield linkset, VOID.subjectsTarget, dataset
    yield linkset, VOID.objectsTarget, other
    yield linkset, VOID.target, dataset
    yield linkset, VOID.target, other
    yield linkset, VOID.linkPredicate, SKOS.exactMatch
    yield linkset, VOID.triples, Literal(str(count), datatype=XSD.integer)
    yield other, RDF.type, VOID.Dataset
    yield other, DCTERMS.title, Literal(target.name)
    yield other, FOAF.homepage, NamedNode(target.homepage)
    yield other, VOID.uriSpace, Literal(target.uri_space)


Said = Set[tuple[object, object, object]]


def statements(quads: Iterable[Quad]) -> Said:
    """The (s, p, o) of `quads`: what another graph says already, for `link_quads`."""
    return {(q.subject, q.predicate, q.object) for q in quads}


def link_quads(
    annotations: Annotations, iris: Iris, *, stated: Said, gazetteer: bool = True
) -> Iterator[Quad]:
    """All quads of the linking layer (gazetteer graph when on, links graph always).

    What the reference graph says of the places (`stated`) is not repeated: queries see the
    union of the graphs, where a triple stated in two graphs counts twice.
    """
    gaz = load()
    links = iris.graph("links")
    if gazetteer:
        units, graph = list(gaz.units), iris.graph("gazetteer")
    else:
        units, graph = article_units(resolve(annotations.places, gaz).values(), gaz), links
    for unit in units:
        for s, p, o in unit_triples(gaz.units[unit], gaz, iris):
            if (s, p, o) not in stated:
                yield Quad(s, p, o, graph)
    matches = list(exact_matches(gaz, set(units), iris))
    for _, (s, p, o) in matches:
        yield Quad(s, p, o, links)
    for target in (WIKIDATA, GEONAMES):
        count = sum(1 for t, _ in matches if t is target)
        for s, p, o in linkset_triples(target, count, iris):
            yield Quad(s, p, o, links)


@dataclass(frozen=True)
class LinkReport:
    """How many places of each kind link to each target, and the places left unlinked."""

    resolutions: tuple[Resolution, ...]
    counts: dict[str, dict[str, int]]

    @property
    def unlinked(self) -> list[Resolution]:
        """Places that did not become a gazetteer IRI, with their reason (regions excepted)."""
        return [
            r
            for r in self.resolutions
            if not r.linked and r.reason and r.status is not Status.NOT_APPLICABLE
        ]

    def lines(self) -> list[str]:
        """The report as text, one line per kind then one per unlinked place."""
        out = [
            f"{kind}: " + ", ".join(f"{n} {target}" for target, n in targets.items())
            for kind, targets in self.counts.items()
        ]
        for r in self.unlinked:
            name = next(iter(r.place.name.values()), "")
            out.append(
                f"{r.place.loc}: {r.status.value} {r.place.kind.value} '{r.place.id}' ({name}): {r.reason}"
            )
        return out


def link_report(annotations: Annotations) -> LinkReport:
    """Resolve the annotation places and count their links, per kind and target."""
    gaz = load()
    resolutions = tuple(resolve(annotations.places, gaz).values())
    with_ids = {external_unit(r, gaz): r for r in external_ids()}
    counts: dict[str, dict[str, int]] = {}
    for res in resolutions:
        kind = counts.setdefault(res.place.kind.value, {"places": 0})
        kind["places"] += 1
        unit = gaz.units[res.unit] if res.linked and res.unit is not None else None
        if unit is None:
            continue
        row = with_ids.get(unit.id)
        for target, hit in (
            ("gazetteer", True),
            ("GSO code", unit.code is not None),
            ("ISO 3166", unit.iso is not None),
            (WIKIDATA.name, row is not None and bool(row.wikidata)),
            (GEONAMES.name, row is not None and bool(row.geonames)),
            ("replaced 2025", unit.id in gaz.successors),
        ):
            kind[target] = kind.get(target, 0) + int(hit)
    return LinkReport(resolutions, counts)
