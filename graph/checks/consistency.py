"""Checks across records: ids, references, units and plausibility. Pure: records in, problems out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..annotations.records import (
    SUB_COMMUNE,
    Annotations,
    PlaceKind,
    Qualifier,
    Record,
    Role,
)
from ..emit.ontology import Vocabulary
from ..errors import Problem
from .inferences import inferred_fields_set, unmarked_readings

PARENT_KINDS = {
    PlaceKind.COUNTRY: set(),
    PlaceKind.REGION: {PlaceKind.COUNTRY},
    PlaceKind.PROVINCE: {PlaceKind.COUNTRY, PlaceKind.REGION},
    PlaceKind.DISTRICT: {PlaceKind.PROVINCE},
    PlaceKind.COMMUNE: {PlaceKind.DISTRICT, PlaceKind.PROVINCE},
    **{kind: {PlaceKind.COMMUNE} for kind in SUB_COMMUNE},
}
PERCENT_UNITS = {"percent"}
ROLES = tuple(role.value for role in Role)


def check(annotations: Annotations, vocabulary: Vocabulary) -> list[Problem]:
    """Every cross-record problem of `annotations`, sorted."""
    problems = [
        *duplicate_ids(annotations),
        *unknown_references(annotations),
        *place_hierarchy(annotations),
        *observation_values(annotations, vocabulary),
        *fact_checks(annotations),
    ]
    return sorted(problems)


def fact_checks(a: Annotations) -> Iterator[Problem]:
    """Checks of the facts of each source: dates, evidence, inferences, legal numbers."""
    yield from inferred_fields_set(a)
    yield from unmarked_readings(a)
    yield from undated_without_source_date(a)
    yield from evidence_fields(a)
    for doc in a.legal_documents:
        if doc.number is None and not doc.name:
            yield Problem(doc.loc, "legal document: give its number or, when it has none, a name")


def duplicate_ids(a: Annotations) -> Iterator[Problem]:
    """Two records of the same kind with one id."""
    for kind, records in _kinds(a):
        seen: dict[str, Record] = {}
        for record in records:
            if record.id in seen:
                first = seen[record.id].loc
                yield Problem(
                    record.loc, f"duplicate {kind} id '{record.id}' (first defined at {first})"
                )
            else:
                seen[record.id] = record


def _kinds(a: Annotations) -> Iterator[tuple[str, tuple[Record, ...]]]:
    yield "place", a.places
    yield "legal document", a.legal_documents
    yield "programme", a.programmes
    yield "organisation", a.organisations
    yield "source", a.sources
    yield "observation", a.observations
    yield "activity", a.activities
    yield "post", a.posts


def known_ids(a: Annotations) -> dict[str, set[str]]:
    """The ids a reference can name, by kind."""
    return {
        "place": {p.id for p in a.places},
        "legal document": {d.id for d in a.legal_documents},
        "programme": {p.id for p in a.programmes},
        "organisation": {o.id for o in a.organisations},
        "source": {s.id for s in a.sources},
    }


def check_file_records(
    a: Annotations, vocabulary: Vocabulary, known: dict[str, set[str]]
) -> list[Problem]:
    """The problems of one source file's records, given the ids the other files define.

    For builds that stream file by file; duplicates across files and the reference records
    are checked by the caller.
    """
    problems = [
        *duplicate_ids(a),
        *unknown_references(a, known),
        *observation_values(a, vocabulary),
        *fact_checks(a),
    ]
    return sorted(problems)


def unknown_references(
    a: Annotations, known: dict[str, set[str]] | None = None
) -> Iterator[Problem]:
    """A field naming an id that no record of the expected kind has (in `a`, or `known`)."""
    ids = known_ids(a)
    for kind, extra in (known or {}).items():
        ids[kind] = ids[kind] | extra
    refs = {
        "part_of": "place",
        "place": "place",
        "places": "place",
        "about": "place",
        "legal_basis": "legal document",
        "passed_by": "organisation",
        "coordinated_by": "organisation",
        "sub_organization_of": "organisation",
        "organisation": "organisation",
        **{role: "organisation" for role in ROLES},
        "programme": "programme",
        "sources": "source",
    }
    for kind, records in _kinds(a):
        for record in records:
            for field, target in refs.items():
                if kind == "programme" and field == "part_of":
                    target = "programme"
                for ref in _values(getattr(record, field, None)):
                    if ref not in ids[target]:
                        yield Problem(record.loc, f"{field}: unknown {target} id '{ref}'")


def _values(value: object) -> Iterable[str]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (str(value),)


def place_hierarchy(a: Annotations) -> Iterator[Problem]:
    """A unit inside a unit of the wrong level, or containment that loops."""
    by_id = {p.id: p for p in a.places}
    for place in a.places:
        parent = by_id.get(place.part_of or "")
        if parent and parent.kind not in PARENT_KINDS[place.kind]:
            yield Problem(
                place.loc,
                f"a {place.kind.value} cannot be part of a {parent.kind.value} ('{parent.id}')",
            )
        seen, current = {place.id}, parent
        while current is not None and current.part_of:
            if current.part_of in seen:
                yield Problem(place.loc, f"part_of loops through '{current.part_of}'")
                break
            seen.add(current.id)
            current = by_id.get(current.part_of)


def observation_values(a: Annotations, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Unknown indicator or unit, a value its unit forbids, a range without a bound, a value
    and a spread together."""
    for obs in a.observations:
        if obs.indicator not in vocabulary.indicators:
            yield Problem(obs.loc, f"indicator: unknown indicator '{obs.indicator}'")
        if obs.unit not in vocabulary.units:
            yield Problem(obs.loc, f"unit: unknown unit '{obs.unit}'")
        if (obs.value is None) == (obs.spread is None):
            yield Problem(obs.loc, "value: give either a value or a spread across units")
        if obs.spread is not None and obs.value_max is not None:
            yield Problem(obs.loc, "value_max: a spread has no value_max (give spread: min, max)")
        spread: tuple[Decimal, ...] = (obs.spread.min, obs.spread.max) if obs.spread else ()
        for value in (obs.value, obs.value_max, *spread):
            if value is not None and obs.unit in PERCENT_UNITS and not 0 <= value <= 100:
                yield Problem(obs.loc, f"value: {value} is not a percentage between 0 and 100")
        if obs.spread is None and (obs.value_max is not None) != (obs.qualifier is Qualifier.RANGE):
            yield Problem(obs.loc, "value_max: give it exactly when the qualifier is range")
        elif obs.value is not None and obs.value_max is not None and obs.value_max < obs.value:
            yield Problem(obs.loc, f"value_max: {obs.value_max} is below value {obs.value}")
        if obs.spread is not None and obs.qualifier is Qualifier.RANGE:
            yield Problem(obs.loc, "qualifier: a spread across units is not a range")
        lowest = obs.value if obs.value is not None else spread[0]
        if obs.unit not in PERCENT_UNITS and lowest < Decimal(0) and "change" not in obs.indicator:
            yield Problem(obs.loc, f"value: {lowest} is negative")


def undated_without_source_date(a: Annotations) -> Iterator[Problem]:
    """An observation without a period is as of its source: the source needs a date."""
    dated = {s.id for s in a.sources if s.date is not None}
    for obs in a.observations:
        if obs.period is None and obs.source not in dated:
            yield Problem(
                obs.loc,
                f"period: the observation is undated, so it is as of its source, "
                f"and source '{obs.source}' has no date: give the source's date (date:)",
            )


def evidence_fields(a: Annotations) -> Iterator[Problem]:
    """An observation's evidence names the figure as written."""
    for obs in a.observations:
        if obs.evidence is not None and obs.evidence.figure is None:
            yield Problem(
                obs.evidence.loc, "evidence: an observation needs its figure as written (figure:)"
            )
