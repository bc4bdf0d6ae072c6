"""Facts that sources written after the 1 July 2025 reform give on units the reform ended. Pure.

The one rule (seeds/README.md, "A source written after the reform"): an observation or activity
whose source was written after the reform (the source's `date` starts on or after 1 July 2025)
and whose time reaches the reform (its period ends on or after that day; undated, it holds as
of the source) may not name a unit that the reform merged or abolished (a legacy unit with
successors in the gazetteer) unless the record says why: `place_before_reform: <reason>` when
the source itself speaks of the former unit ("l'ancien district de Binh Lieu"), or
`inferred: {place: <reason>}` when that is the curator's reading (a review of the old
province's term). Otherwise the build fails at the place, naming the successor(s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from ..annotations.records import Activity, Annotations, Observation, Period, Place, Source
from ..errors import Problem
from .gazetteer import Gazetteer, UnitId
from .resolve import describe

REFORM_DAY = dt.date(2025, 7, 1)
SHOWN = 3  # successors named in a message; a district has many communes


def written_after(source: Source) -> bool:
    """True when the source's date, however precise, lies on or after 1 July 2025."""
    return source.date is not None and source.date.start >= REFORM_DAY


def reaches_reform(period: Period | None) -> bool:
    """True when a fact's period ends on or after 1 July 2025; an undated fact holds as of
    its source (only sources written after the reform are checked)."""
    return period is None or period.end >= REFORM_DAY


def check(
    a: Annotations, gazetteer: Gazetteer, known: Mapping[str, Place] | None = None
) -> list[Problem]:
    """A problem for each place of a post-reform fact that the reform ended, unmarked."""
    sources = {s.id: s for s in a.sources}
    kinds = {p.id: p.kind.value for p in (*(known or {}).values(), *a.places)}
    problems = []
    facts: tuple[Observation | Activity, ...] = (*a.observations, *a.activities)
    for record in facts:
        source = sources.get(record.source)
        if source is None or not written_after(source) or not reaches_reform(record.period):
            continue
        if "place" in record.inferred or record.place_before_reform:
            continue
        for key, ref in place_refs(record):
            unit = UnitId.of_place(kinds.get(ref, ""), ref)
            successors = gazetteer.successors.get(unit)
            if successors:
                message = ended(key[0], unit, successors, record.period, source, gazetteer)
                problems.append(Problem(record.loc, message, key))
    return problems


def place_refs(
    record: Observation | Activity,
) -> Iterator[tuple[tuple[str, int] | tuple[str], str]]:
    """(field key, place id) of every place the record names."""
    if record.place:
        yield ("place",), record.place
    for index, ref in enumerate(getattr(record, "places", ())):
        yield ("places", index), ref


def ended(
    field: str,
    unit: UnitId,
    successors: tuple[UnitId, ...],
    period: Period | None,
    source: Source,
    gazetteer: Gazetteer,
) -> str:
    """'place: Thái Nguyên (province, GSO 19) ended with the reform…; name thai-nguyen-2025…'."""
    when = period.text if period is not None else "as of the source"
    written = source.date.text if source.date is not None else ""
    shown = [f"{s.place_id} ({describe(gazetteer, s).replace(' (', ', ', 1)}" for s in successors]
    if len(shown) == 1:
        name = f"its successor {shown[0]}"
    else:
        more = ", …" if len(shown) > SHOWN else ""
        name = f"one of its {len(shown)} successors ({', '.join(shown[:SHOWN])}{more})"
    return (
        f"{field}: {describe(gazetteer, unit)} ended with the reform of 1 July 2025, and this "
        f"fact ({when}) is from a source written after it ({written}): "
        f"name {name}, or say why it is the former unit (place_before_reform: <reason> when "
        "the source says so, else inferred: {place: <reason>})"
    )
