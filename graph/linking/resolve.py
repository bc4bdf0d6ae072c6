"""Match the places of the annotations to units of the gazetteer: by id, else by name. Pure.

A place is the unit of its kind whose slug is its id, provided its `vi` name is the unit's
name (diacritics, case and a type word aside) and its `part_of` is an ancestor of the unit.
Otherwise its name is looked up within its parent, to say which id it should have; a name
matching several units resolves only through its parent. A place the gazetteer lacks says
why with `unresolved: <reason>`; regions are not in the gazetteer.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..annotations.records import SUB_COMMUNE, Place, PlaceKind
from ..emit.iris import fold
from .gazetteer import Gazetteer, UnitId
from .reform import COMMUNE_TYPES, DISTRICT_TYPES, PROVINCE_TYPES, split_type

TYPE_WORDS = tuple(dict.fromkeys((*PROVINCE_TYPES, *DISTRICT_TYPES, *COMMUNE_TYPES)))


class Status(enum.Enum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"
    WRONG_ID = "wrong id"
    WRONG_NAME = "wrong name"
    WRONG_PARENT = "wrong parent"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class Resolution:
    """What one annotation place resolved to, and why not when it did not."""

    place: Place
    status: Status
    unit: UnitId | None = None
    reason: str = ""
    candidates: tuple[UnitId, ...] = ()  # the namesakes of an ambiguous place

    @property
    def linked(self) -> bool:
        """True when the place and its gazetteer unit are one IRI."""
        return self.status is Status.RESOLVED

    @property
    def declared(self) -> bool:
        """True when the curator said why the gazetteer has no unit for the place."""
        return self.status is Status.UNRESOLVED and self.place.unresolved is not None


def place_name(place: Place) -> str:
    """The name to match: Vietnamese when given, else any."""
    return place.name.get("vi") or next(iter(place.name.values()), "")


def resolve(places: Iterable[Place], gazetteer: Gazetteer) -> dict[str, Resolution]:
    """Resolve every place (parents first); keyed by place id, in input order."""
    by_id = {p.id: p for p in places}
    done: dict[str, Resolution] = {}

    def visit(place: Place, seen: frozenset[str]) -> Resolution:
        if place.id not in done:
            parent = enclosing(place, by_id)
            parent_res = None
            if parent is not None and parent.id not in seen:
                parent_res = visit(parent, seen | {place.id})
            done[place.id] = resolve_one(place, parent_res, gazetteer)
        return done[place.id]

    for place in by_id.values():
        visit(place, frozenset())
    return {place_id: done[place_id] for place_id in by_id}


def enclosing(place: Place, by_id: Mapping[str, Place]) -> Place | None:
    """The nearest annotated ancestor that is an administrative unit (regions are skipped)."""
    seen = {place.id}
    parent = by_id.get(place.part_of or "")
    while parent is not None and parent.kind is PlaceKind.REGION and parent.id not in seen:
        seen.add(parent.id)
        parent = by_id.get(parent.part_of or "")
    return None if parent is None or parent.id in seen else parent


def resolve_one(place: Place, parent: Resolution | None, gazetteer: Gazetteer) -> Resolution:
    """Resolve one place given its parent's resolution."""
    if place.kind is PlaceKind.REGION:
        return Resolution(place, Status.NOT_APPLICABLE, reason="regions are not in the gazetteer")
    if place.kind in SUB_COMMUNE:
        reason = "places below the commune are not in the gazetteer and have no code"
        return Resolution(place, Status.NOT_APPLICABLE, reason=reason)
    if place.unresolved is not None:
        return Resolution(place, Status.UNRESOLVED, reason=place.unresolved)
    if parent is not None and parent.unit is None:
        reason = f"its parent '{parent.place.id}' is not resolved"
        return Resolution(place, Status.UNRESOLVED, reason=reason)
    unit = UnitId.of_place(place.kind.value, place.id)
    if unit in gazetteer.units:
        return by_id(place, unit, parent, gazetteer)
    return by_name(place, parent, gazetteer)


def by_id(
    place: Place, unit: UnitId, parent: Resolution | None, gazetteer: Gazetteer
) -> Resolution:
    """The unit named by the place's id, if its name and parent agree with the gazetteer."""
    found = gazetteer.units[unit]
    if parent is not None and parent.unit not in set(gazetteer.ancestors(unit)):
        up = found.part_of[0] if found.part_of else None
        where = f" is in {describe(gazetteer, up)}" if up else " is in no unit"
        reason = f"the gazetteer's {describe(gazetteer, unit)}{where}"
        return Resolution(place, Status.WRONG_PARENT, unit, reason)
    vi = place.name.get("vi")
    names = (found.name, *found.aliases)
    allowed = {fold(n) for n in names} | {fold(f"{found.type_name} {n}") for n in names}
    if vi is not None and fold(vi) not in allowed:
        reason = f"'{vi}' is not the gazetteer's name of '{place.id}'"
        return Resolution(place, Status.WRONG_NAME, unit, reason)
    return Resolution(place, Status.RESOLVED, unit)


def by_name(place: Place, parent: Resolution | None, gazetteer: Gazetteer) -> Resolution:
    """No unit has the place's id: find its name within its parent, to say which id to use."""
    kind = place.kind.value
    type_word, name = split_type(place_name(place), TYPE_WORDS)
    named = gazetteer.named(kind, name)
    found = [
        u for u in named if not type_word or fold(gazetteer.units[u].type_name) == fold(type_word)
    ]
    within = parent.unit if parent is not None else None
    if within is not None:
        found = [u for u in found if within in set(gazetteer.ancestors(u))]
    if len(found) > 1:
        exact = [u for u in found if same_spelling(gazetteer.units[u].name, name)]
        found = exact or found
    if not found:
        where = f" in {label(gazetteer, within)}" if within else ""
        others = f"; found in {places_of(gazetteer, named)}" if named else ""
        which = "post-reform units" if kind.endswith("-2025") else "legacy gazetteer"
        reason = f"no {kind} named '{name}'{where} in the {which}{others}"
        return Resolution(place, Status.UNRESOLVED, reason=reason)
    if len(found) > 1:
        reason = (
            f"{len(found)} {kind}s named '{name}' ({places_of(gazetteer, found)}): give part_of"
        )
        return Resolution(place, Status.AMBIGUOUS, reason=reason, candidates=tuple(found))
    unit = found[0]
    reason = f"matches id/{unit.kind}/{unit.slug}: use the id '{unit.place_id}'"
    return Resolution(place, Status.WRONG_ID, unit, reason)


def same_spelling(a: str, b: str) -> bool:
    """Equal with diacritics, ignoring case and Unicode normal form."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def label(gazetteer: Gazetteer, unit: UnitId) -> str:
    """'Huyện Cẩm Khê'."""
    found = gazetteer.units[unit]
    return f"{found.type_name} {found.name}".strip()


def describe(gazetteer: Gazetteer, unit: UnitId) -> str:
    """'Hà Giang (province, GSO 02)': how messages name a unit."""
    found = gazetteer.units[unit]
    code = f", GSO {found.code}" if found.code else ""
    return f"{found.name} ({unit.kind}{code})"


def places_of(gazetteer: Gazetteer, units: Iterable[UnitId]) -> str:
    """Where homonyms are: 'Huyện Mai Sơn, Huyện Mộc Châu' (their parents)."""
    parents = [gazetteer.units[u].part_of[0] for u in units if gazetteer.units[u].part_of]
    return ", ".join(label(gazetteer, p) for p in parents)
