"""The 1 July 2025 reform as the installed packages give it: new units, codes, successors.

`vietnamadminunits` gives the 34-province units (names, coordinates) and its converter maps every
legacy commune (or island district) to the new commune(s) that took it over, and every legacy
province to its new province. `vietnam-provinces` is the reference list of the 34 provinces and
their communes: the codes of post-reform units come from it, matched by province and name.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vietnam_provinces import Province, Ward

from ..emit.iris import fold

NewKey = tuple[str, str]  # (new province key, new commune key) in the converter's data
Point = tuple[float, float]  # (longitude, latitude)


@dataclass(frozen=True)
class NewUnit:
    """A post-reform province (`commune_key` empty) or commune, with its official code."""

    province_key: str
    commune_key: str
    full_name: str
    type_name: str
    code: str
    point: Point | None


def point(lon: float | None, lat: float | None) -> Point | None:
    """A (lon, lat) pair, or None when the package has no coordinates."""
    return None if lon is None or lat is None else (float(lon), float(lat))


def split_type(full_name: str, type_names: Iterable[str]) -> tuple[str, str]:
    """('Tỉnh', 'Phú Thọ') from 'Tỉnh Phú Thọ': the longest matching type word is the type."""
    name = unicodedata.normalize("NFC", full_name)
    for type_name in sorted(type_names, key=len, reverse=True):
        if name.casefold().startswith(type_name.casefold() + " "):
            return type_name, name[len(type_name) + 1 :].strip()
    return "", name


def database() -> Any:
    """`vietnamadminunits`' database, imported when first needed: the package takes 0.3 s to
    import, and a gazetteer read from the cache (graph/linking/cache.py) needs none of it."""
    import vietnamadminunits.database as found  # type: ignore[import-untyped]

    return found


def converter() -> Any:
    """`vietnamadminunits`' 2025 converter tables, imported when first needed (see database)."""
    from vietnamadminunits.converter import converter_2025  # type: ignore[import-untyped]

    return converter_2025


PROVINCE_TYPES = ("Tỉnh", "Thành phố", "Thủ đô")
DISTRICT_TYPES = ("Huyện", "Quận", "Thị xã", "Thành phố")
COMMUNE_TYPES = ("Xã", "Phường", "Thị trấn", "Đặc khu")


def new_units() -> list[NewUnit]:
    """The 34 provinces then their communes, codes from `vietnam-provinces`."""
    rows = database().query(
        "SELECT province, provinceKey, provinceCode, provinceLat, provinceLon, ward, wardKey,"
        " wardLat, wardLon FROM admin_units ORDER BY provinceCode, wardCode"
    )
    codes = ward_codes()
    provinces: dict[str, NewUnit] = {}
    communes: list[NewUnit] = []
    for row in rows:
        province_code = int(row["provinceCode"])
        if row["provinceKey"] not in provinces:
            provinces[row["provinceKey"]] = new_province(row, province_code)
        code = codes.get((province_code, row["ward"]))
        if code is None:
            raise LookupError(
                f"vietnam-provinces has no commune {row['ward']!r} in {province_code}"
            )
        full_name = unicodedata.normalize("NFC", Ward.from_code(code).name)  # type: ignore[arg-type]
        type_name, _ = split_type(full_name, COMMUNE_TYPES)
        communes.append(
            NewUnit(
                row["provinceKey"],
                row["wardKey"],
                full_name,
                type_name,
                f"{code:05d}",
                point(row["wardLon"], row["wardLat"]),
            )
        )
    return [*provinces.values(), *communes]


def new_province(row: dict[str, Any], code: int) -> NewUnit:
    """A post-reform province; its code must be one of the 34 of `vietnam-provinces`."""
    official = Province.from_code(code)  # type: ignore[arg-type]
    type_name, name = split_type(row["province"], PROVINCE_TYPES)
    if not fold(official.name).endswith(fold(name)):
        raise LookupError(f"province {code}: {row['province']!r} is {official.name!r} officially")
    return NewUnit(
        row["provinceKey"],
        "",
        unicodedata.normalize("NFC", row["province"]),
        type_name,
        f"{code:02d}",
        point(row["provinceLon"], row["provinceLat"]),
    )


def ward_codes() -> dict[tuple[int, str], int]:
    """(province code, commune name as vietnamadminunits spells it) -> official code.

    Names are matched exactly first, then case- and diacritics-insensitively where that is
    unambiguous (the two packages place tone marks differently: 'Hòa' / 'Hoà').
    """
    exact: dict[tuple[int, str], int] = {}
    folded: dict[tuple[int, str], list[int]] = defaultdict(list)
    for ward in Ward.iter_all():
        province = int(ward.province_code)
        exact[(province, unicodedata.normalize("NFC", ward.name))] = int(ward.code)
        folded[(province, fold(ward.name))].append(int(ward.code))
    rows = database().query("SELECT DISTINCT provinceCode, ward FROM admin_units")
    result: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (int(row["provinceCode"]), unicodedata.normalize("NFC", row["ward"]))
        loose = folded.get((key[0], fold(key[1])), [])
        if key in exact:
            result[(key[0], row["ward"])] = exact[key]
        elif len(loose) == 1:
            result[(key[0], row["ward"])] = loose[0]
    return result


def province_successors() -> dict[str, str]:
    """Legacy province key -> the key of the post-reform province that took it over."""
    return {old: new for new, olds in converter().DICT_PROVINCE.items() for old in olds}


def commune_successors() -> dict[str, tuple[NewKey, ...]]:
    """Legacy 'province_district_commune' key -> the post-reform communes that took it over.

    Island districts without communes appear as 'province_district_' keys.
    """
    result: dict[str, list[NewKey]] = defaultdict(list)
    for province, communes in converter().DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for commune, olds in communes.items():
            for old in olds:
                result[old].append((province, commune))
    for province, divided in converter().DICT_PROVINCE_WARD_DIVIDED.items():
        for old, parts in divided.items():
            result[old].extend((province, part["newWardKey"]) for part in parts)
    return {old: tuple(dict.fromkeys(news)) for old, news in result.items()}
