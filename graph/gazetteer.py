"""The administrative units of Vietnam before and after 1 July 2025, from installed packages.

Nothing here is typed by hand: names, GSO codes, hierarchy and coordinates of the 63 legacy
provinces come from `vietnamadminunits`, ISO 3166 codes from `pycountry`, the post-reform
units and the successor of every legacy unit from `graph/reform.py`. See docs/linking.md for
the slug rule that makes each unit's IRI.
"""

from __future__ import annotations

import functools
import gettext
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pycountry
import vietnamadminunits.database as vau_db  # type: ignore[import-untyped]

from . import reform
from .iris import slugify
from .reform import Point, fold, point, split_type

COUNTRY_ISO = "VN"


@dataclass(frozen=True, order=True)
class UnitId:
    """Where a unit lives: `{base}id/{kind}/{slug}`."""

    kind: str
    slug: str


@dataclass(frozen=True)
class Unit:
    """One administrative unit; `part_of[0]` is its parent in its own hierarchy."""

    id: UnitId
    name: str
    type_name: str = ""
    code: str | None = None
    part_of: tuple[UnitId, ...] = ()
    point: Point | None = None
    iso: str | None = None
    new: bool = False  # created by the 2025 reform (valid from 1 July 2025)


@dataclass(frozen=True)
class Draft:
    """A unit before its slug is known: `parts` are its name then the slug qualifiers."""

    kind: str
    key: str
    parent: str | None
    full_name: str
    type_name: str
    code: str | None
    point: Point | None
    parts: tuple[str, ...]

    @property
    def name(self) -> str:
        return split_type(self.full_name, [self.type_name])[1] if self.type_name else self.full_name


@dataclass(frozen=True)
class Gazetteer:
    """Units by id, and the successors of the legacy units that ended on 30 June 2025."""

    units: Mapping[UnitId, Unit]
    successors: Mapping[UnitId, tuple[UnitId, ...]]
    names: Mapping[tuple[str, str], tuple[UnitId, ...]] = field(default_factory=dict)

    def named(self, kind: str, name: str) -> tuple[UnitId, ...]:
        """Units of `kind` whose name folds to the same text as `name`."""
        return self.names.get((kind, fold(name)), ())

    def ancestors(self, unit: UnitId) -> Iterator[UnitId]:
        """Parents, grandparents... in the unit's own hierarchy."""
        parents = self.units[unit].part_of
        while parents:
            yield parents[0]
            parents = self.units[parents[0]].part_of


def slugs(drafts: Sequence[Draft]) -> list[str]:
    """Each unit's shortest prefix of `parts` whose slug no other unit of the list shares."""
    result: list[str | None] = [None] * len(drafts)
    pending = list(range(len(drafts)))
    taken: set[str] = set()
    for depth in range(1, max((len(d.parts) for d in drafts), default=0) + 1):
        candidates = {i: "-".join(slugify(p) for p in drafts[i].parts[:depth]) for i in pending}
        counts = Counter(candidates.values())
        settled = [i for i in pending if counts[candidates[i]] == 1]
        settled = [i for i in settled if candidates[i] not in taken]
        for i in settled:
            result[i] = candidates[i]
        taken.update(candidates[i] for i in settled)
        pending = [i for i in pending if result[i] is None]
    if pending:
        raise ValueError(f"no unique slug for {[drafts[i].full_name for i in pending]}")
    return [s for s in result if s is not None]


def legacy_drafts() -> list[Draft]:
    """The 63 provinces, their districts and communes as `vietnamadminunits` lists them."""
    rows = vau_db.query(
        "SELECT province, provinceKey, provinceCode, provinceLat, provinceLon,"
        " district, districtType, districtKey, districtCode, districtLat, districtLon,"
        " ward, wardType, wardKey, wardCode, wardLat, wardLon"
        " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )
    provinces: dict[str, Draft] = {}
    districts: dict[str, Draft] = {}
    communes: list[Draft] = []
    for r in rows:
        p_key, d_key = r["provinceKey"], f"{r['provinceKey']}_{r['districtKey']}"
        p_type, p_name = split_type(r["province"], reform.PROVINCE_TYPES)
        d_type, d_name = split_type(r["district"], [r["districtType"]])
        p_point, d_point = point(r["provinceLon"], r["provinceLat"]), point(r["districtLon"], r["districtLat"])
        provinces.setdefault(
            p_key,
            Draft("province", p_key, None, r["province"], p_type, r["provinceCode"], p_point, (p_name, p_type, r["provinceCode"])),
        )
        districts.setdefault(
            d_key,
            Draft("district", d_key, p_key, r["district"], d_type, r["districtCode"], d_point, (d_name, p_name, d_type, r["districtCode"])),
        )
        if r["ward"]:
            c_type, c_name = split_type(r["ward"], [r["wardType"]])
            c_key = f"{d_key}_{r['wardKey']}"
            c_point = point(r["wardLon"], r["wardLat"])
            parts = (c_name, d_name, p_name, c_type, r["wardCode"])
            communes.append(Draft("commune", c_key, d_key, r["ward"], c_type, r["wardCode"], c_point, parts))
    return [*provinces.values(), *districts.values(), *communes]
