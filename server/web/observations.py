"""Data Cube observations linked to a resource, as table rows for pages and charts. Pure.

A row is made from the observation's statements (graph/queries/facts.rq) and the page's label
table, which also holds the periods' years and the units' symbols (graph/queries/labels.rq).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode
from vnkg.graph.emit.vocab import PROV, SDMX_ATT, SDMX_DIM, SDMX_MEAS, SKOS, TIME, VNKG
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
ISO_4217 = VNKG.iso4217Code


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
    symbol: str  # the unit's symbol ('%', 'pp/yr') or currency code ('VND'); '' for a count
    unit_one: str  # the unit's label in the page's language, for one...
    unit_many: str  # ...and for any other number ('households'; the same in Vietnamese)
    status: Node | None
    status_key: str
    qualifier: Node | None
    qualifier_key: str
    sources: tuple[Node, ...]
    population: str
    caption: bool
    also: tuple[Node, ...] = ()  # the same figure's observations from other sources


def merged(rows: list[Row]) -> list[Row]:
    """One row per figure: the same figure reported by several sources is one row naming
    every source, with a link to each observation (`also`)."""
    found: dict[tuple[object, ...], Row] = {}
    for r in rows:
        key = (r.indicator, r.area, r.period, r.value, r.value_max, r.unit, r.status_key,
               r.qualifier_key, r.population)  # fmt: skip
        first = found.get(key)
        if first is None:
            found[key] = r
        else:
            sources = tuple(sorted({*first.sources, *r.sources}, key=str))
            caption = first.caption and r.caption
            found[key] = replace(
                first, sources=sources, caption=caption, also=(*first.also, r.node)
            )
    return list(found.values())


Values = dict[NamedNode, list[object]]  # an observation's properties and their values


def rows(facts: dict[str, Values], labeller: Labeller) -> list[Row]:
    """The rows of the observations whose statements are `facts` (by IRI), in table order."""
    return sorted((row(iri, values, labeller) for iri, values in facts.items()), key=_order)


def linked(values: Values) -> list[NamedNode]:
    """The IRIs an observation's row names (area, indicator, period, unit, status, sources...)."""
    return [v for vs in values.values() for v in vs if isinstance(v, NamedNode)]


def _order(r: Row) -> tuple[str, str, float, str, str]:
    return (
        r.indicator.text.lower() if r.indicator else "",
        r.area.text if r.area else "",
        r.x if r.x is not None else 0.0,
        r.status_key,
        r.node.text,
    )


def row(iri: str, values: Values, labeller: Labeller) -> Row:
    """The row of one observation, from its statements (`values`) and the page's labels."""

    def one(predicate: NamedNode) -> object | None:
        found = sorted(values.get(predicate, []), key=str)
        return found[0] if found else None

    def node(predicate: NamedNode) -> Node | None:
        term = one(predicate)
        return labeller.node(term) if term is not None else None

    period, unit, status = one(SDMX_DIM.refPeriod), one(SDMX_ATT.unitMeasure), one(VNKG.status)
    x_start, x = position(period.value, labeller) if isinstance(period, NamedNode) else (None, None)
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
        unit_one=labeller.node(unit).text if isinstance(unit, NamedNode) else "",
        unit_many=plural(unit, labeller) if isinstance(unit, NamedNode) else "",
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
    """The unit's currency code ('VND') or symbol ('%', 'pp/yr'); '' when it has neither."""
    for code in labeller.literals(unit.value, SKOS.notation):
        if code.datatype == ISO_4217:
            return code.value
    found = labeller.literals(unit.value, QUDT_SYMBOL)
    return found[0].value if found else ""


def plural(unit: NamedNode, labeller: Labeller) -> str:
    """The unit's label for a number other than one, in the page's language where it has a
    plural form ('households'), else its label ('hộ': Vietnamese has none)."""
    one = labeller.node(unit)
    for form in labeller.literals(unit.value, VNKG.pluralLabel):
        if form.language == one.lang:
            return form.value
    return one.text


def position(period: str, labeller: Labeller) -> tuple[float | None, float | None]:
    """(start, x) on a time axis in years: a year sits mid-year, an interval at its last year.

    `start` (the first year's middle) is None for a year or an instant.
    """
    start = _year(labeller.literals(period, VNKG.startYear))
    end = _year(labeller.literals(period, VNKG.endYear))
    if end is not None:
        return (start + 0.5 if start is not None and start != end else None), end + 0.5
    for literal in labeller.literals(period, TIME.inXSDDate):
        try:
            day = dt.date.fromisoformat(literal.value[:10])
        except ValueError:
            continue
        days = 366 if calendar.isleap(day.year) else 365
        return None, day.year + (day.timetuple().tm_yday - 0.5) / days
    return None, None


def _year(literals: list[Literal]) -> float | None:
    for literal in literals:
        digits = literal.value[:4]
        if digits.isdigit():
            return float(digits)
    return None
