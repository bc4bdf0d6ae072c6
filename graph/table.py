"""The tidy table of observations for analysts: one CSV row per figure (`vnkg export --format
csv`, `/export.csv`).

Two named queries: the observations' own values sorted by observation
(graph/queries/observations-table.rq), and the names, codes and dates of what they refer to
(observations-terms.rq, as many rows as places, indicators, units, periods and sources, not
observations). Rows are written as the first query's solutions arrive, a batch at a time, with
Python's csv module; each aspect a curator inferred rather than read is flagged `true` in its
`*_inferred` column. The columns are documented in README.md ("Downloads").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

from pyoxigraph import Literal, NamedNode

from . import queries
from .backend import Backend
from .emit.vocab import DCTERMS, PROV, RDFS, SDMX_ATT, SDMX_DIM, SDMX_MEAS, SKOS, TIME, VNKG, XSD

COLUMNS = (
    "observation",
    "place",
    "place_name",
    "place_code",
    "place_inferred",
    "indicator",
    "indicator_name",
    "indicator_inferred",
    "value",
    "value_max",
    "spread_min",
    "spread_max",
    "value_inferred",
    "unit",
    "unit_name",
    "period",
    "period_name",
    "period_start",
    "period_end",
    "as_of_source",
    "period_inferred",
    "status",
    "status_inferred",
    "qualifier",
    "programme",
    "programme_inferred",
    "source",
    "source_title",
)
# The observation's own properties, by column.
OWN = {
    "place": SDMX_DIM.refArea,
    "indicator": VNKG.indicator,
    "value": SDMX_MEAS.obsValue,
    "value_max": VNKG.maxValue,
    "spread_min": VNKG.spreadMin,
    "spread_max": VNKG.spreadMax,
    "unit": SDMX_ATT.unitMeasure,
    "period": SDMX_DIM.refPeriod,
    "as_of_source": VNKG.asOfSource,
    "status": VNKG.status,
    "qualifier": VNKG.qualifier,
    "programme": VNKG.programme,
    "source": PROV.wasDerivedFrom,
}
TOKENS = ("unit", "status", "qualifier")  # concepts written as their token (skos:notation)
INFERRED = ("place", "indicator", "value", "period", "status", "programme")
ASPECT = str(VNKG) + "aspect/"
CODES = (str(VNKG) + "gsoCode", str(VNKG) + "iso3166-2Code")
BATCH = 500

Terms = dict[str, dict[str, list[Literal]]]  # node IRI -> property IRI -> literals


def lines(store: Backend) -> Iterator[str]:
    """The CSV text of the table, header first, a batch of rows at a time."""
    terms = _terms(store)
    rows = _observations(queries.select(store, "observations-table"))
    batch = [dict(zip(COLUMNS, COLUMNS, strict=True))]
    for values in rows:
        batch.append(row(values, terms))
        if len(batch) >= BATCH:
            yield _written(batch)
            batch = []
    if batch:
        yield _written(batch)


def write(store: Backend, output: IO[bytes]) -> None:
    """The table as UTF-8 CSV into `output`."""
    for text in lines(store):
        output.write(text.encode("utf-8"))


def _written(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, COLUMNS).writerows(rows)
    return buffer.getvalue()


def _observations(solutions: Iterable[object]) -> Iterator[dict[str, list[object]]]:
    """Each observation's values by property IRI (and `vnkg:aspect`), from rows sorted by it."""
    current: str | None = None
    values: dict[str, list[object]] = {}
    for solution in solutions:
        o, p, v = (solution[name] for name in ("o", "p", "v"))  # type: ignore[index]
        if o.value != current:
            if current is not None:
                yield values
            current, values = o.value, {"": [o]}
        values.setdefault(p.value, []).append(v)
    if current is not None:
        yield values


def _terms(store: Backend) -> Terms:
    found: Terms = {}
    for n, p, v in queries.rows(store, "observations-terms"):
        if isinstance(n, NamedNode) and isinstance(v, Literal):
            found.setdefault(n.value, {}).setdefault(p.value, []).append(v)
    return found


def row(values: dict[str, list[object]], terms: Terms) -> dict[str, str]:
    """The CSV row of one observation's values."""
    out = {"observation": _text(values[""])}
    for column, prop in OWN.items():
        found = values.get(prop.value, [])
        out[column] = _token(found, terms) if column in TOKENS else _text(found)
    aspects = {getattr(a, "value", "") for a in values.get(VNKG.aspect.value, [])}
    for part in INFERRED:
        out[f"{part}_inferred"] = "true" if ASPECT + part in aspects else "false"
    place, indicator, unit, period = (
        values.get(OWN[column].value, []) for column in ("place", "indicator", "unit", "period")
    )
    out["place_name"] = _label(place, terms, SKOS.prefLabel, ("vi", "en"))
    out["place_code"] = _code(place, terms)
    out["indicator_name"] = _label(indicator, terms, SKOS.prefLabel, ("en", "vi"))
    out["unit_name"] = _label(unit, terms, RDFS.label, ("en", "vi")) or _label(
        unit, terms, SKOS.prefLabel, ("en", "vi")
    )
    out["period_name"] = _label(period, terms, RDFS.label, ("",))
    day = _label(period, terms, TIME.inXSDDate, ("",))
    out["period_start"] = _label(period, terms, TIME.hasBeginning, ("",)) or day
    out["period_end"] = _label(period, terms, TIME.hasEnd, ("",)) or day
    out["as_of_source"] = out["as_of_source"] or "false"
    source = values.get(PROV.wasDerivedFrom.value, [])
    out["source_title"] = _label(source, terms, DCTERMS["title"], ("", "en", "vi", "fr"))
    return out


def _text(found: list[object]) -> str:
    return " | ".join(sorted(str(getattr(term, "value", term)) for term in found))


def _label(nodes: list[object], terms: Terms, prop: NamedNode, langs: tuple[str, ...]) -> str:
    """The first node's `prop` in the first of `langs` it has (any language after)."""
    for node in nodes:
        found = terms.get(str(getattr(node, "value", "")), {}).get(prop.value, [])
        ranked = sorted(found, key=lambda x: (_rank(x.language or "", langs), x.value))
        if ranked:
            return ranked[0].value
    return ""


def _rank(lang: str, langs: tuple[str, ...]) -> int:
    return langs.index(lang) if lang in langs else len(langs)


def _token(nodes: list[object], terms: Terms) -> str:
    """A concept's token: its plain skos:notation (not a code such as ISO 4217's)."""
    tokens = [
        n.value
        for node in nodes
        for n in terms.get(str(getattr(node, "value", "")), {}).get(SKOS.notation.value, [])
        if n.datatype == XSD.string
    ]
    return " | ".join(sorted(tokens)) or _text(nodes)


def _code(nodes: list[object], terms: Terms) -> str:
    """A place's official code: its GSO code, else its ISO 3166-2 code."""
    for code_type in CODES:
        for node in nodes:
            for code in terms.get(str(getattr(node, "value", "")), {}).get(SKOS.notation.value, []):
                if code.datatype.value == code_type:
                    return code.value
    return ""
