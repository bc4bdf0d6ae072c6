"""Administrative units as the installed packages list them, before their IRIs are known.

`vietnamadminunits` gives the legacy (63-province) hierarchy with GSO codes and coordinates;
`graph/linking/reform.py` gives the post-reform units. `slugs` is the rule that names them in IRIs.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..emit.iris import slugify
from . import reform
from .reform import Point, point, split_type


@dataclass(frozen=True)
class Draft:
    """A unit before its slug is known; `qualifiers` are its ancestors' names, nearest first."""

    kind: str
    key: str
    parent: str | None
    full_name: str
    type_name: str
    code: str | None
    point: Point | None
    qualifiers: tuple[str, ...] = ()

    @functools.cached_property
    def name(self) -> str:
        """The name without its type word: 'Mai Sơn' for 'Huyện Mai Sơn'."""
        return split_type(self.full_name, [self.type_name])[1] if self.type_name else self.full_name

    @functools.cached_property
    def parts(self) -> tuple[str, ...]:
        """Name, then what qualifies homonyms: ancestors' names, type word, GSO code."""
        parts = (self.name, *self.qualifiers, self.type_name, self.code or "")
        return tuple(p for p in parts if p)


def draft(
    kind: str,
    key: str,
    parent: str | None,
    full_name: str,
    types: Sequence[str],
    code: str | None,
    at: Point | None,
    qualifiers: tuple[str, ...] = (),
) -> Draft:
    """A draft whose type word is read off its full name."""
    full_name = unicodedata.normalize("NFC", full_name)
    type_name, _ = split_type(full_name, types)
    return Draft(kind, key, parent, full_name, type_name, code, at, qualifiers)


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
    rows = reform.database().query(
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
        province = provinces.setdefault(
            p_key,
            draft(
                "province",
                p_key,
                None,
                r["province"],
                reform.PROVINCE_TYPES,
                r["provinceCode"],
                point(r["provinceLon"], r["provinceLat"]),
            ),
        )
        district = districts.setdefault(
            d_key,
            draft(
                "district",
                d_key,
                p_key,
                r["district"],
                [r["districtType"]],
                r["districtCode"],
                point(r["districtLon"], r["districtLat"]),
                (province.name,),
            ),
        )
        if r["ward"]:
            communes.append(
                draft(
                    "commune",
                    f"{d_key}_{r['wardKey']}",
                    d_key,
                    r["ward"],
                    [r["wardType"]],
                    r["wardCode"],
                    point(r["wardLon"], r["wardLat"]),
                    (district.name, province.name),
                )
            )
    return [*provinces.values(), *districts.values(), *communes]


def new_drafts() -> list[Draft]:
    """The 34 post-reform provinces and their communes."""
    drafts = []
    provinces: dict[str, Draft] = {}
    for u in reform.new_units():
        province = f"2025:{u.province_key}"
        if not u.commune_key:
            provinces[province] = draft(
                "province-2025", province, None, u.full_name, [u.type_name], u.code, u.point
            )
            drafts.append(provinces[province])
        else:
            key, qualifiers = f"{province}:{u.commune_key}", (provinces[province].name,)
            drafts.append(
                draft(
                    "commune-2025",
                    key,
                    province,
                    u.full_name,
                    [u.type_name],
                    u.code,
                    u.point,
                    qualifiers,
                )
            )
    return drafts
