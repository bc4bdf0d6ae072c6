"""Checks across records: ids, references, units and plausibility. Pure: records in, problems out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..annotations.records import Annotations, PlaceKind, Qualifier, Record
from ..emit.ontology import Vocabulary
from ..errors import Problem

PARENT_KINDS = {
    PlaceKind.COUNTRY: set(),
    PlaceKind.REGION: {PlaceKind.COUNTRY},
    PlaceKind.PROVINCE: {PlaceKind.COUNTRY, PlaceKind.REGION},
    PlaceKind.DISTRICT: {PlaceKind.PROVINCE},
    PlaceKind.COMMUNE: {PlaceKind.DISTRICT, PlaceKind.PROVINCE},
}
PERCENT_UNITS = {"percent"}


def check(annotations: Annotations, vocabulary: Vocabulary) -> list[Problem]:
    """Every cross-record problem of `annotations`, sorted."""
    problems = [
        *duplicate_ids(annotations),
        *unknown_references(annotations),
        *place_hierarchy(annotations),
        *observation_values(annotations, vocabulary),
        *inferred_fields_set(annotations),
    ]
    return sorted(problems)


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
        *inferred_fields_set(a),
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
        "delivered_by": "organisation",
        "organisation": "organisation",
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
    """Unknown indicator or unit, a value its unit forbids, a range without a bound."""
    for obs in a.observations:
        if obs.indicator not in vocabulary.indicators:
            yield Problem(obs.loc, f"indicator: unknown indicator '{obs.indicator}'")
        if obs.unit not in vocabulary.units:
            yield Problem(obs.loc, f"unit: unknown unit '{obs.unit}'")
        for value in (obs.value, obs.value_max):
            if value is not None and obs.unit in PERCENT_UNITS and not 0 <= value <= 100:
                yield Problem(obs.loc, f"value: {value} is not a percentage between 0 and 100")
        if (obs.value_max is not None) != (obs.qualifier is Qualifier.RANGE):
            yield Problem(obs.loc, "value_max: give it exactly when the qualifier is range")
        elif obs.value_max is not None and obs.value_max < obs.value:
            yield Problem(obs.loc, f"value_max: {obs.value_max} is below value {obs.value}")
        if (
            obs.unit not in PERCENT_UNITS
            and obs.value < Decimal(0)
            and "change" not in obs.indicator
        ):
            yield Problem(obs.loc, f"value: {obs.value} is negative")


def inferred_fields_set(a: Annotations) -> Iterator[Problem]:
    """An `inferred:` entry for a field the record leaves empty."""
    for _, records in _kinds(a):
        for record in records:
            for field in record.inferred:
                if getattr(record, field, None) in (None, "", ()):
                    yield Problem(
                        record.loc, f"inferred: '{field}' is marked inferred but has no value"
                    )
