"""Match the places of the annotations to units of the gazetteer, by name and parent. Pure.

A name matching several units resolves only through its parent (`part_of`); a place matching
none, or whose parent did not resolve, stays unlinked, and the reason is reported. A place that
resolves must carry the unit's slug as its id, so that both are one IRI.
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
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class Resolution:
    """What one annotation place resolved to, and why not when it did not."""

    place: Place
    status: Status
    unit: UnitId | None = None
    reason: str = ""

    @property
    def linked(self) -> bool:
        """True when the place and its gazetteer unit are one IRI."""
        return self.status is Status.RESOLVED


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
    if parent is not None and parent.unit is None:
        reason = f"its parent '{parent.place.id}' is not resolved"
        return Resolution(place, Status.UNRESOLVED, reason=reason)
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
        reason = f"no {kind} named '{name}'{where} in the legacy gazetteer{others}"
        return Resolution(place, Status.UNRESOLVED, reason=reason)
    if len(found) > 1:
        reason = (
            f"{len(found)} {kind}s named '{name}' ({places_of(gazetteer, found)}): give part_of"
        )
        return Resolution(place, Status.AMBIGUOUS, reason=reason)
    return matched(place, found[0])


def matched(place: Place, unit: UnitId) -> Resolution:
    """A match; the place must use the unit's slug as id to share its IRI."""
    if place.id != unit.slug:
        reason = f"matches id/{unit.kind}/{unit.slug}: use the id '{unit.slug}'"
        return Resolution(place, Status.WRONG_ID, unit, reason)
    return Resolution(place, Status.RESOLVED, unit)


def same_spelling(a: str, b: str) -> bool:
    """Equal with diacritics, ignoring case and Unicode normal form."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def label(gazetteer: Gazetteer, unit: UnitId) -> str:
    """'Huyện Cẩm Khê'."""
    found = gazetteer.units[unit]
    return f"{found.type_name} {found.name}".strip()


def places_of(gazetteer: Gazetteer, units: Iterable[UnitId]) -> str:
    """Where homonyms are: 'Huyện Mai Sơn, Huyện Mộc Châu' (their parents)."""
    parents = [gazetteer.units[u].part_of[0] for u in units if gazetteer.units[u].part_of]
    return ", ".join(label(gazetteer, p) for p in parents)
