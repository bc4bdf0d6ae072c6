"""Every place the annotations use is one unit of the gazetteer, or says why not. Pure.

A place of `places.yaml` must resolve to its unit (graph/linking/resolve.py) or carry
`unresolved: <reason>`. A reference to a place (`place`, `places`, `about`, `part_of`) names a
place of `places.yaml`, or any unit of the gazetteer by its id or its GSO code: such a unit,
and the units above it, are added to the places as a copy in `places.yaml` would be (its `vi`
name, its parent), so both give the same triples. A bare id that several kinds share names the
highest level (`ha-giang`: the province, not the city); the code names any. A unit created by
the 2025 reform is named with `-2025` after its slug or code (`thai-nguyen-2025`, `"19-2025"`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..annotations.records import (
    Activity,
    Annotations,
    Observation,
    Organisation,
    Place,
    PlaceKind,
    Programme,
    Record,
    Source,
)
from ..emit.iris import REFORM_KINDS, REFORM_SUFFIX
from ..errors import Location, Problem, closest
from . import after_reform
from .gazetteer import Gazetteer, UnitId, load
from .resolve import Resolution, Status, describe, resolve

LEGACY = ("country", "province", "district", "commune")  # a bare id names the first that has it
CODE = re.compile(rf"^\d+(?:{REFORM_SUFFIX})?$")  # "026", or "19-2025" after the reform
PLACE_FIELDS: dict[type[Record], tuple[str, ...]] = {
    Place: ("part_of",),
    Programme: ("places",),
    Organisation: ("place",),
    Source: ("about",),
    Observation: ("place", "places"),
    Activity: ("place",),
}
R = TypeVar("R", bound=Record)
UNRESOLVED_HINT = "if the gazetteer lacks it, say why with 'unresolved: <reason>'"


@dataclass(frozen=True)
class Lookup:
    """Units by annotation id (slug, highest level first; `-2025` after the slug of a post-reform
    unit) and by GSO code (`-2025` after a post-reform code); all units by bare slug."""

    gazetteer: Gazetteer
    by_slug: Mapping[str, UnitId]
    by_code: Mapping[str, UnitId]
    any_kind: Mapping[str, UnitId]

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> Lookup:
        by_slug: dict[str, UnitId] = {}
        by_code: dict[str, UnitId] = {}
        any_kind: dict[str, UnitId] = {}
        for unit in sorted(gazetteer.units, key=lambda u: _rank(u.kind)):
            any_kind.setdefault(unit.slug, unit)
            suffix = REFORM_SUFFIX if unit.kind in REFORM_KINDS else ""
            by_slug.setdefault(unit.place_id, unit)
            code = gazetteer.units[unit].code
            if code:
                by_code.setdefault(code + suffix, unit)
        return cls(gazetteer, by_slug, by_code, any_kind)

    def unit(self, ref: str) -> UnitId | None:
        """The unit that `ref` names: a GSO code (digits, `-2025` after the reform) or an id."""
        return self.by_code.get(ref) if CODE.match(ref) else self.by_slug.get(ref)


@functools.cache
def bundled() -> Lookup:
    """The lookup over the installed packages' gazetteer, made once per process."""
    return Lookup.of(load())


def _rank(kind: str) -> int:
    return LEGACY.index(kind) if kind in LEGACY else len(LEGACY)


def place_annotations(
    a: Annotations, lookup: Lookup, known: Mapping[str, Place] | None = None
) -> tuple[Annotations, list[Problem]]:
    """`a` with every place reference resolved and the gazetteer units it uses added as places;
    and every problem: unknown places, places that disagree with the gazetteer.

    `known`: places defined elsewhere (the reference files, when source files stream).
    """
    defined = {**(known or {}), **{p.id: p for p in a.places}}
    used: dict[UnitId, Location] = {}
    problems: list[Problem] = []
    rewritten = references(a, defined, lookup, used, problems)
    added = list(added_places(used, defined, lookup, problems))
    if rewritten.places:
        everything = [*(known or {}).values(), *rewritten.places, *added]
        resolutions = resolve(everything, lookup.gazetteer)
        problems += place_problems(resolutions, [p.id for p in rewritten.places], lookup)
    placed = replace(rewritten, places=(*rewritten.places, *added))
    problems += after_reform.check(placed, lookup.gazetteer, known)
    return placed, problems


def references(
    a: Annotations,
    defined: Mapping[str, Place],
    lookup: Lookup,
    used: dict[UnitId, Location],
    problems: list[Problem],
) -> Annotations:
    """`a` with GSO codes replaced by ids; gazetteer units referred to go into `used`."""
    check = "place" not in a.unreadable

    def fix(record: R) -> R:
        changed: dict[str, Any] = {}
        for field in PLACE_FIELDS[type(record)]:
            value = getattr(record, field)
            refs = value if isinstance(value, tuple) else (value,) if value else ()
            out = []
            for index, ref in enumerate(refs):
                key = (field, index) if isinstance(value, tuple) else (field,)
                out.append(_resolved(ref, defined, lookup, used, record.loc))
                if out[-1] is None and check:
                    message = unknown_place(field, ref, defined, lookup)
                    problems.append(Problem(record.loc, message, key))
            names = tuple(o or r for o, r in zip(out, refs, strict=True))
            if names != refs:
                changed[field] = names if isinstance(value, tuple) else names[0]
        return replace(record, **changed) if changed else record

    return replace(
        a,
        places=tuple(fix(r) for r in a.places),
        programmes=tuple(fix(r) for r in a.programmes),
        organisations=tuple(fix(r) for r in a.organisations),
        sources=tuple(fix(r) for r in a.sources),
        observations=tuple(fix(r) for r in a.observations),
        activities=tuple(fix(r) for r in a.activities),
    )


def _resolved(
    ref: str,
    defined: Mapping[str, Place],
    lookup: Lookup,
    used: dict[UnitId, Location],
    loc: Location,
) -> str | None:
    """The place id `ref` stands for (a GSO code becomes its unit's id), or None if unknown."""
    if ref in defined:
        return ref
    unit = lookup.unit(ref)
    if unit is None:
        return None
    used.setdefault(unit, loc)
    return unit.place_id


def unknown_place(field: str, ref: str, defined: Mapping[str, Place], lookup: Lookup) -> str:
    """'place: unknown place 'ha-gaing' (…); did you mean ha-giang (Hà Giang, province, …)?'."""
    message = (
        f"{field}: unknown place '{ref}': no place of the reference files and no unit of the "
        "gazetteer has this id or GSO code"
    )
    other = lookup.any_kind.get(ref)
    if other is not None:
        found = describe(lookup.gazetteer, other)
        return (
            f"{field}: '{ref}' is {found}, a unit of the 2025 reform: its id is '{other.place_id}'"
        )
    near = closest(ref, [*defined, *lookup.by_slug], n=2, cutoff=0.8)
    if near:
        message += "; did you mean " + " or ".join(_shown(n, defined, lookup) for n in near) + "?"
    return message


def _shown(ref: str, defined: Mapping[str, Place], lookup: Lookup) -> str:
    """'ha-giang (Hà Giang, province, GSO 02)'."""
    if ref in defined:
        return f"{ref} ({place_label(defined[ref])}, {defined[ref].kind.value})"
    return with_id(lookup.gazetteer, lookup.by_slug[ref])


def added_places(
    used: Mapping[UnitId, Location],
    defined: Mapping[str, Place],
    lookup: Lookup,
    problems: list[Problem],
) -> Iterator[Place]:
    """The gazetteer units used without a copy in places.yaml, and those above them."""
    added: set[str] = set()
    for first, loc in used.items():
        unit: UnitId | None = first
        while unit is not None and unit.place_id not in added:
            found = lookup.gazetteer.units[unit]
            if unit.place_id in defined:
                place = defined[unit.place_id]
                if place.kind.value != unit.kind:
                    problems.append(Problem(loc, _clash(unit, place, lookup)))
                break
            added.add(unit.place_id)
            parent = found.part_of[0] if found.part_of else None
            yield Place(
                id=unit.place_id,
                loc=loc,
                kind=PlaceKind(unit.kind),
                name={"vi": found.name},
                part_of=parent.place_id if parent else None,
            )
            unit = parent


def _clash(unit: UnitId, place: Place, lookup: Lookup) -> str:
    return (
        f"the gazetteer's {describe(lookup.gazetteer, unit)} has the id '{unit.place_id}', which "
        f"places.yaml gives to a {place.kind.value}: copy the {unit.kind} into places.yaml "
        "under another id with 'unresolved: <reason>'"
    )


def place_problems(
    resolutions: Mapping[str, Resolution], ids: list[str], lookup: Lookup
) -> Iterator[Problem]:
    """A problem for each place `ids` names that is neither its unit nor declared absent."""
    gazetteer = lookup.gazetteer
    for res in (resolutions[i] for i in ids):
        place, unit = res.place, res.unit
        shown = describe(gazetteer, unit) if unit is not None else ""
        if res.declared and UnitId.of_place(place.kind.value, place.id) in gazetteer.units:
            same = describe(gazetteer, UnitId.of_place(place.kind.value, place.id))
            message = (
                f"unresolved: the gazetteer has {same} under this id; "
                "remove 'unresolved' if it is this place, else give the place another id"
            )
            yield Problem(place.loc, message, ("unresolved",))
        elif res.status is Status.WRONG_NAME:
            yield Problem(place.loc, f"name: {res.reason}; did you mean {shown}?", ("name", "vi"))
        elif res.status is Status.WRONG_PARENT:
            message = f"part_of: {res.reason}, not in '{place.part_of}'"
            yield Problem(place.loc, message, ("part_of",))
        elif res.status is Status.WRONG_ID and unit is not None:
            message = (
                f"id: '{place.id}' would make a second {place_label(place)} beside the "
                f"gazetteer's; use the gazetteer's id, {with_id(gazetteer, unit)}"
            )
            yield Problem(place.loc, message, ("id",))
        elif res.status is Status.AMBIGUOUS:
            found = ", ".join(with_id(gazetteer, u) for u in res.candidates)
            message = (
                f"id: no {place.kind.value} has the id '{place.id}', and its name fits "
                f"{found}: use one of these ids"
            )
            yield Problem(place.loc, message, ("id",))
        elif res.status is Status.UNRESOLVED and not res.declared:
            up = resolutions.get(place.part_of or "")
            parent = up.unit if up is not None else None
            yield Problem(place.loc, _unresolved(res, parent, lookup), ("id",))


def place_label(place: Place) -> str:
    """'Hà Giang' (the place's Vietnamese name, or its id)."""
    return place.name.get("vi") or place.id


def _unresolved(res: Resolution, parent: UnitId | None, lookup: Lookup) -> str:
    """Not found by id nor by name: the units of its kind (in its parent) with a near id."""
    gazetteer, kind = lookup.gazetteer, res.place.kind.value
    ids = [
        u.place_id
        for u in gazetteer.units
        if u.kind == kind and (parent is None or parent in set(gazetteer.ancestors(u)))
    ]
    near = closest(res.place.id, ids, n=2, cutoff=0.8)
    shown = [with_id(gazetteer, UnitId.of_place(kind, pid)) for pid in near]
    hint = f"; did you mean {' or '.join(shown)}?" if shown else ""
    return f"id: {res.reason}{hint} ({UNRESOLVED_HINT})"


def with_id(gazetteer: Gazetteer, unit: UnitId) -> str:
    """'ha-giang (Hà Giang, province, GSO 02)'."""
    return f"{unit.place_id} ({describe(gazetteer, unit).replace(' (', ', ', 1)}"
