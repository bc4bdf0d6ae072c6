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
    aliases: tuple[str, ...] = ()  # other names it is found by (the country's English names)


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
        p_point, d_point = (
            point(r["provinceLon"], r["provinceLat"]),
            point(r["districtLon"], r["districtLat"]),
        )
        provinces.setdefault(
            p_key,
            Draft(
                "province",
                p_key,
                None,
                r["province"],
                p_type,
                r["provinceCode"],
                p_point,
                (p_name, p_type, r["provinceCode"]),
            ),
        )
        districts.setdefault(
            d_key,
            Draft(
                "district",
                d_key,
                p_key,
                r["district"],
                d_type,
                r["districtCode"],
                d_point,
                (d_name, p_name, d_type, r["districtCode"]),
            ),
        )
        if r["ward"]:
            c_type, c_name = split_type(r["ward"], [r["wardType"]])
            c_key = f"{d_key}_{r['wardKey']}"
            c_point = point(r["wardLon"], r["wardLat"])
            parts = (c_name, d_name, p_name, c_type, r["wardCode"])
            communes.append(
                Draft("commune", c_key, d_key, r["ward"], c_type, r["wardCode"], c_point, parts)
            )
    return [*provinces.values(), *districts.values(), *communes]


def new_drafts() -> list[Draft]:
    """The 34 post-reform provinces and their communes."""
    drafts = []
    names: dict[str, str] = {}
    for u in reform.new_units():
        province = f"2025:{u.province_key}"
        name = split_type(u.full_name, [u.type_name])[1]
        if not u.commune_key:
            names[province] = name
            parts = (name, u.type_name, u.code)
            drafts.append(
                Draft(
                    "province-2025",
                    province,
                    None,
                    u.full_name,
                    u.type_name,
                    u.code,
                    u.point,
                    parts,
                )
            )
        else:
            key = f"{province}:{u.commune_key}"
            parts = (name, names[province], u.type_name, u.code)
            drafts.append(
                Draft(
                    "commune-2025", key, province, u.full_name, u.type_name, u.code, u.point, parts
                )
            )
    return drafts


def continuations(drafts: Mapping[str, Draft]) -> dict[str, str]:
    """Post-reform key -> legacy key, for units the reform left whole, named and coded as before.

    Such a unit took over exactly one legacy unit, which went to it alone, and kept its full
    name and code: it keeps its legacy IRI (e.g. the 11 provinces that were not merged).
    """
    pairs = [(old, (new,)) for old, new in reform.province_successors().items()]
    pairs += list(reform.commune_successors().items())
    sources: dict[str, list[str]] = defaultdict(list)
    for old, news in pairs:
        for new in news:
            sources[new_key(new)].append(old)
    result = {}
    for old, news in pairs:
        if len(news) != 1 or old not in drafts:
            continue
        new = new_key(news[0])
        before, after = drafts[old], drafts[new]
        if (
            sources[new] == [old]
            and fold(before.full_name) == fold(after.full_name)
            and before.code == after.code
        ):
            result[new] = old
    return result


def new_key(new: str | tuple[str, str]) -> str:
    """The draft key of a post-reform province key or (province, commune) key pair."""
    return f"2025:{new}" if isinstance(new, str) else f"2025:{new[0]}:{new[1]}"


def assign_ids(drafts: Sequence[Draft]) -> dict[str, UnitId]:
    """Draft key -> unit id; slugs are unique within each kind."""
    by_kind: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        by_kind[draft.kind].append(draft)
    return {
        d.key: UnitId(kind, slug)
        for kind, group in by_kind.items()
        for d, slug in zip(group, slugs(group), strict=True)
    }


def iso_codes(names: Sequence[str]) -> dict[str, str]:
    """Legacy province name -> ISO 3166-2 code from `pycountry`.

    Names match when they fold equal, or when the ISO name ends with the province's name
    ('Thừa Thiên-Huế' for Huế); a name matching several subdivisions gets none.
    """
    subdivisions = pycountry.subdivisions.get(country_code=COUNTRY_ISO) or []
    result = {}
    for name in names:
        exact = [s.code for s in subdivisions if fold(s.name) == fold(name)]
        suffix = [s.code for s in subdivisions if fold(s.name).endswith(" " + fold(name))]
        match = exact or suffix
        if len(match) == 1:
            result[name] = match[0]
    return result


def country() -> Unit:
    """Vietnam, named in Vietnamese from pycountry's translations."""
    record = pycountry.countries.get(alpha_2=COUNTRY_ISO)
    vietnamese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"])
    english = (getattr(record, "common_name", record.name), record.name)
    name = unicodedata.normalize("NFC", vietnamese.gettext(record.name))
    return Unit(UnitId("country", slugify(english[0])), name, iso=COUNTRY_ISO, aliases=english)


@functools.cache
def load() -> Gazetteer:
    """The whole gazetteer, computed once per process from the installed packages' data."""
    drafts = {d.key: d for d in [*legacy_drafts(), *new_drafts()]}
    continued = continuations(drafts)
    ids = assign_ids([d for d in drafts.values() if d.key not in continued])
    ids.update({new: ids[old] for new, old in continued.items()})
    nation = country()
    isos = iso_codes([d.name for d in drafts.values() if d.kind == "province"])
    units: dict[UnitId, Unit] = {nation.id: nation}
    for draft in drafts.values():
        if draft.key in continued:
            continue
        parents = (ids[draft.parent],) if draft.parent else (nation.id,)
        units[ids[draft.key]] = Unit(
            ids[draft.key],
            unicodedata.normalize("NFC", draft.name),
            draft.type_name,
            draft.code,
            parents,
            draft.point,
            isos.get(draft.name) if draft.kind == "province" else None,
            new=draft.kind.endswith("-2025"),
        )
    for new, old in continued.items():
        if drafts[new].parent:  # a commune: also directly part of its post-reform province
            unit = units[ids[old]]
            units[unit.id] = Unit(
                **{**vars(unit), "part_of": (*unit.part_of, ids[drafts[new].parent])}
            )
    successors = successor_ids(drafts, ids, continued)
    return Gazetteer(units, successors, name_index(units))


def successor_ids(
    drafts: Mapping[str, Draft], ids: Mapping[str, UnitId], continued: Mapping[str, str]
) -> dict[UnitId, tuple[UnitId, ...]]:
    """Legacy unit -> the post-reform units that replaced it; continuing units have none."""
    kept = set(continued.values())
    found: dict[str, list[UnitId]] = defaultdict(list)
    for old, new in reform.province_successors().items():
        found[old].append(ids[new_key(new)])
    for old, news in reform.commune_successors().items():
        district = old.rsplit("_", 1)[0]
        targets = [ids[new_key(n)] for n in news]
        found[district].extend(targets)
        if old in drafts:
            found[old].extend(targets)
    return {
        ids[old]: tuple(dict.fromkeys(targets))
        for old, targets in found.items()
        if old not in kept and old in drafts
    }


def name_index(units: Mapping[UnitId, Unit]) -> dict[tuple[str, str], tuple[UnitId, ...]]:
    """(kind, folded name) -> units of that kind with that name."""
    index: dict[tuple[str, str], list[UnitId]] = defaultdict(list)
    for unit in units.values():
        for name in dict.fromkeys(fold(n) for n in (unit.name, *unit.aliases)):
            index[(unit.id.kind, name)].append(unit.id)
    return {key: tuple(ids) for key, ids in index.items()}
