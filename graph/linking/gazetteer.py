"""The administrative units of Vietnam before and after 1 July 2025, from installed packages.

Nothing here is typed by hand: names, GSO codes, hierarchy and coordinates of the 63 legacy
provinces come from `vietnamadminunits`, ISO 3166 codes from `pycountry`, the post-reform
units and the successor of every legacy unit from `graph/linking/reform.py`. See docs/linking.md for
the slug rule that makes each unit's IRI.
"""

from __future__ import annotations

import functools
import gettext
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pycountry

from ..emit.iris import fold, place_id, place_slug, slugify
from . import cache, reform
from .adminunits import Draft, legacy_drafts, new_drafts, slugs
from .reform import Point

COUNTRY_ISO = "VN"


@dataclass(frozen=True, order=True)
class UnitId:
    """Where a unit lives: `{base}id/{kind}/{slug}`."""

    kind: str
    slug: str

    @classmethod
    def of_place(cls, kind: str, place: str) -> UnitId:
        """The unit an annotation place id names: `thai-nguyen-2025` of kind province-2025 is
        id/province-2025/thai-nguyen (graph/emit/iris.py has the rule)."""
        return cls(kind, place_slug(kind, place))

    @property
    def place_id(self) -> str:
        """The id annotations name the unit by: its slug, with -2025 for a post-reform unit."""
        return place_id(self.kind, self.slug)


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


def continuations(drafts: Mapping[str, Draft]) -> dict[str, str]:
    """Post-reform key -> legacy key, for units the reform left whole, named and coded as before.

    Such a unit took over exactly one legacy unit, which went to it alone, and kept its full
    name and code: it keeps its legacy IRI (e.g. the 11 provinces that were not merged).
    """
    pairs: list[tuple[str, tuple[str | tuple[str, str], ...]]] = [
        (old, (new,)) for old, new in reform.province_successors().items()
    ]
    pairs += reform.commune_successors().items()
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
    subdivisions = pycountry.subdivisions.get(country_code=COUNTRY_ISO) or []  # type: ignore[no-untyped-call]
    folded = [(fold(s.name), s.code) for s in subdivisions]
    result = {}
    for name in names:
        exact = [code for iso_name, code in folded if iso_name == fold(name)]
        suffix = [code for iso_name, code in folded if iso_name.endswith(" " + fold(name))]
        match = exact or suffix
        if len(match) == 1:
            result[name] = match[0]
    return result


def country() -> Unit:
    """Vietnam, named in Vietnamese from pycountry's translations."""
    record = pycountry.countries.get(alpha_2=COUNTRY_ISO)
    if record is None:
        raise LookupError(f"pycountry has no country {COUNTRY_ISO}")
    vietnamese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"])
    english = (getattr(record, "common_name", record.name), record.name)
    name = unicodedata.normalize("NFC", vietnamese.gettext(record.name))
    return Unit(UnitId("country", slugify(english[0])), name, iso=COUNTRY_ISO, aliases=english)


# What the gazetteer is computed from: these packages' data and these modules' code.
PACKAGES = ("vietnamadminunits", "vietnam-provinces", "pycountry")
MODULES = ("linking/gazetteer.py", "linking/adminunits.py", "linking/reform.py", "emit/iris.py")


@functools.cache
def load() -> Gazetteer:
    """The whole gazetteer, once per process: from the cache (graph/linking/cache.py) when the same
    packages and code computed it before, else computed from the installed packages' data."""
    code = Path(__file__).resolve().parent.parent
    digest = cache.key(PACKAGES, (code / module for module in MODULES))
    return cache.cached("gazetteer", digest, compute, Gazetteer)


def compute() -> Gazetteer:
    """The whole gazetteer, from the installed packages' data."""
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
        parent = drafts[new].parent
        if parent:  # a commune: also directly part of its post-reform province
            unit = units[ids[old]]
            units[unit.id] = replace(unit, part_of=(*unit.part_of, ids[parent]))
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
