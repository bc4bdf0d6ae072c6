"""Data Cube observations linked to a resource, as table rows for pages and charts. Pure."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode
from vnkg.graph.backend import Backend
from vnkg.graph.emit.vocab import PROV, QB, RDF, SDMX_ATT, SDMX_DIM, SDMX_MEAS, SKOS, TIME, VNKG
from vnkg.server.web.labels import Labeller, Node

# An observation is "about" a resource when it points at it through one of these.
LINKS = (
    SDMX_DIM.refArea,
    PROV.wasDerivedFrom,
    VNKG.indicator,
    VNKG.programme,
    VNKG.organisation,
    SDMX_DIM.refPeriod,
    SDMX_ATT.unitMeasure,
)
QUDT_SYMBOL = NamedNode("http://qudt.org/schema/qudt/symbol")


@dataclass(frozen=True)
class Row:
    """One observation as the pages print it and the charts plot it."""

    node: Node
    area: Node | None
    indicator: Node | None
    period: Node | None
    x: float | None
    x_start: float | None
    value: Decimal | None
    value_max: Decimal | None
    unit: Node | None
    symbol: str
    status: Node | None
    status_key: str
    qualifier: Node | None
    qualifier_key: str
    sources: tuple[Node, ...]
    population: str
    caption: bool


def about(store: Backend, iri: str, labeller: Labeller) -> list[Row]:
    """Observations whose area, source, indicator, programme, organisation, period or unit is `iri`."""
    target = NamedNode(iri)
    found: set[NamedNode] = set()
    for predicate in LINKS:
        for quad in store.quads(None, predicate, target):
            if isinstance(quad.subject, NamedNode) and _is_observation(store, quad.subject):
                found.add(quad.subject)
    rows = [row(store, obs.value, labeller) for obs in found]
    return sorted(rows, key=_order)


def _order(r: Row) -> tuple[str, str, float, str, str]:
    return (
        r.indicator.text.lower() if r.indicator else "",
        r.area.text if r.area else "",
        r.x if r.x is not None else 0.0,
        r.status_key,
        r.node.text,
    )


def _is_observation(store: Backend, node: NamedNode) -> bool:
    return any(True for _ in store.quads(node, RDF.type, QB.Observation))


def row(store: Backend, iri: str, labeller: Labeller) -> Row:
    """The row of one observation."""
    values: dict[NamedNode, list[object]] = {}
    for quad in store.quads(NamedNode(iri), None, None):
        values.setdefault(quad.predicate, []).append(quad.object)

    def one(predicate: NamedNode) -> object | None:
        found = sorted(values.get(predicate, []), key=str)
        return found[0] if found else None

    def node(predicate: NamedNode) -> Node | None:
        term = one(predicate)
        return labeller.node(term) if term is not None else None

    period, unit, status = one(SDMX_DIM.refPeriod), one(SDMX_ATT.unitMeasure), one(VNKG.status)
    x_start, x = position(store, period) if isinstance(period, NamedNode) else (None, None)
    return Row(
        node=labeller.node(NamedNode(iri)),
        area=node(SDMX_DIM.refArea),
        indicator=node(VNKG.indicator),
        period=node(SDMX_DIM.refPeriod),
        x=x,
        x_start=x_start,
        value=_decimal(one(SDMX_MEAS.obsValue)),
        value_max=_decimal(one(VNKG.maxValue)),
        unit=node(SDMX_ATT.unitMeasure),
        symbol=symbol(unit, labeller) if isinstance(unit, NamedNode) else "",
        status=node(VNKG.status),
        status_key=_key(status),
        qualifier=node(VNKG.qualifier),
        qualifier_key=_key(one(VNKG.qualifier)),
        sources=tuple(
            sorted((labeller.node(s) for s in values.get(PROV.wasDerivedFrom, [])), key=str)
        ),
        population=_text(one(VNKG.populationGroup)),
        caption=_text(one(VNKG.inCaption)) == "true",
    )


def _key(term: object | None) -> str:
    """'target' for vnkg:Target, 'morethan' for vnkg:MoreThan: stable keys for CSS and logic."""
    return term.value.rsplit("/", 1)[-1].lower() if isinstance(term, NamedNode) else ""


def _decimal(term: object | None) -> Decimal | None:
    if not isinstance(term, Literal):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:
        return None


def _text(term: object | None) -> str:
    return term.value if isinstance(term, Literal) else ""


def symbol(unit: NamedNode, labeller: Labeller) -> str:
    """The unit's symbol ('%', 'VND') or, failing one, its label."""
    for predicate in (QUDT_SYMBOL, SKOS.notation):
        found = labeller.literals(unit.value, predicate)
        if found:
            return found[0].value
    return labeller.node(unit).text


def position(store: Backend, period: NamedNode) -> tuple[float | None, float | None]:
    """(start, x) on a time axis in years: a year sits mid-year, an interval at its last year.

    `start` (the first year's middle) is None for a year or an instant.
    """
    start = _year(store, period, VNKG.startYear)
    end = _year(store, period, VNKG.endYear)
    if end is not None:
        return (start + 0.5 if start is not None and start != end else None), end + 0.5
    for quad in store.quads(period, TIME.inXSDDate, None):
        try:
            day = dt.date.fromisoformat(quad.object.value[:10])
        except ValueError:
            continue
        days = 366 if calendar.isleap(day.year) else 365
        return None, day.year + (day.timetuple().tm_yday - 0.5) / days
    return None, None


def _year(store: Backend, period: NamedNode, predicate: NamedNode) -> float | None:
    for quad in store.quads(period, predicate, None):
        digits = quad.object.value[:4]
        if digits.isdigit():
            return float(digits)
    return None
