"""Resolving annotation places against the gazetteer: by name and parent, never by guess."""

from __future__ import annotations

import pytest
from vnkg.graph.annotations.records import Place, PlaceKind
from vnkg.graph.errors import Location
from vnkg.graph.linking.gazetteer import UnitId, load
from vnkg.graph.linking.resolve import Resolution, Status, resolve

P = PlaceKind


def place(id_: str, kind: PlaceKind, vi: str, part_of: str | None = None) -> Place:
    return Place(
        id=id_, loc=Location("places.yaml", 1), kind=kind, name={"vi": vi}, part_of=part_of
    )


BASE = [
    place("vietnam", P.COUNTRY, "Việt Nam"),
    place("dong-bac", P.REGION, "Đông Bắc", "vietnam"),
    place("son-la", P.PROVINCE, "Sơn La", "dong-bac"),
    place("mai-son", P.DISTRICT, "Mai Sơn", "son-la"),
    place("phu-tho", P.PROVINCE, "Phú Thọ", "vietnam"),
    place("cam-khe", P.DISTRICT, "Cẩm Khê", "phu-tho"),
]


def run(*places: Place) -> dict[str, Resolution]:
    return resolve([*BASE, *places], load())


def test_base_places_resolve_to_their_units() -> None:
    result = run()
    assert result["vietnam"].unit == UnitId("country", "vietnam")
    assert result["son-la"].unit == UnitId("province", "son-la")
    assert result["mai-son"].unit == UnitId("district", "mai-son")
    assert result["dong-bac"].status is Status.NOT_APPLICABLE
    assert all(r.linked for k, r in result.items() if k != "dong-bac")


def test_homonym_resolves_through_its_parent() -> None:
    result = run(place("chieng-chung-mai-son", P.COMMUNE, "Chiềng Chung", "mai-son"))
    assert result["chieng-chung-mai-son"].status is Status.RESOLVED
    assert result["chieng-chung-mai-son"].unit == UnitId("commune", "chieng-chung-mai-son")


def test_homonym_without_parent_is_ambiguous() -> None:
    result = run(place("chieng-chung", P.COMMUNE, "Chiềng Chung"))
    res = result["chieng-chung"]
    assert res.status is Status.AMBIGUOUS and res.unit is None
    assert res.reason == (
        "2 communes named 'Chiềng Chung' (Thị xã Mộc Châu, Huyện Mai Sơn): give part_of"
    )


def test_ta_xa_under_cam_khe_stays_unresolved() -> None:
    res = run(place("ta-xa", P.COMMUNE, "Tạ Xá", "cam-khe"))["ta-xa"]
    assert res.status is Status.UNRESOLVED and res.unit is None
    assert res.reason == "no commune named 'Tạ Xá' in Huyện Cẩm Khê in the legacy gazetteer"


def test_name_found_under_another_parent_is_not_taken() -> None:
    res = run(place("chieng-mai-x", P.COMMUNE, "Chiềng Mai", "cam-khe"))["chieng-mai-x"]
    assert res.status is Status.UNRESOLVED
    assert res.reason.endswith("; found in Huyện Mai Sơn")


def test_an_id_under_the_wrong_parent_is_reported() -> None:
    res = run(place("chieng-mai", P.COMMUNE, "Chiềng Mai", "cam-khe"))["chieng-mai"]
    assert res.status is Status.WRONG_PARENT and not res.linked
    assert (
        res.reason
        == "the gazetteer's Chiềng Mai (commune, GSO 04132) is in Mai Sơn (district, GSO 125)"
    )


def test_an_id_resolves_when_its_name_agrees_with_the_gazetteer() -> None:
    result = run(
        place("thu-ngac", P.COMMUNE, "xa thu ngac"),
        place("chieng-luong", P.COMMUNE, "Chiềng Lươn", "mai-son"),
    )
    assert result["thu-ngac"].unit == UnitId("commune", "thu-ngac")
    assert result["thu-ngac"].linked
    wrong = result["chieng-luong"]
    assert wrong.status is Status.WRONG_NAME and not wrong.linked
    assert wrong.reason == "'Chiềng Lươn' is not the gazetteer's name of 'chieng-luong'"


def test_a_place_may_say_why_it_is_not_in_the_gazetteer() -> None:
    ta_xa = Place(
        id="ta-xa",
        loc=Location("places.yaml", 1),
        kind=P.COMMUNE,
        name={"vi": "Tạ Xá"},
        part_of="cam-khe",
        unresolved="merged before the gazetteer's data",
    )
    res = run(ta_xa)["ta-xa"]
    assert res.declared and res.unit is None
    assert res.reason == "merged before the gazetteer's data"


def test_matching_ignores_diacritics_case_and_type_word() -> None:
    result = run(
        place("chieng-mai", P.COMMUNE, "chieng mai", "mai-son"),
        place("chieng-luong", P.COMMUNE, "Xã Chiềng Lương", "mai-son"),
    )
    assert result["chieng-mai"].unit == UnitId("commune", "chieng-mai")
    assert result["chieng-luong"].unit == UnitId("commune", "chieng-luong")


def test_type_word_chooses_between_namesakes_of_one_parent() -> None:
    result = resolve(
        [
            place("ha-tinh", P.PROVINCE, "Hà Tĩnh"),
            place("ky-anh-ha-tinh-thi-xa", P.DISTRICT, "Thị xã Kỳ Anh", "ha-tinh"),
            place("ky-anh", P.DISTRICT, "Kỳ Anh", "ha-tinh"),
        ],
        load(),
    )
    assert result["ky-anh-ha-tinh-thi-xa"].status is Status.RESOLVED
    assert result["ky-anh"].status is Status.AMBIGUOUS


def test_wrong_id_is_reported_with_the_slug_to_use() -> None:
    res = run(place("chieng-chung", P.COMMUNE, "Chiềng Chung", "mai-son"))["chieng-chung"]
    assert res.status is Status.WRONG_ID and not res.linked
    assert res.unit == UnitId("commune", "chieng-chung-mai-son")
    assert (
        res.reason == "matches id/commune/chieng-chung-mai-son: use the id 'chieng-chung-mai-son'"
    )


@pytest.mark.parametrize("parent", ["nowhere", "ta-xa"], ids=["unresolved", "chain"])
def test_child_of_an_unresolved_place_is_unresolved(parent: str) -> None:
    result = run(
        place("nowhere", P.DISTRICT, "Nowhere", "phu-tho"),
        place("ta-xa", P.COMMUNE, "Tạ Xá", "cam-khe"),
        place("thu-ngac", P.COMMUNE, "Thu Ngạc", parent),
    )
    assert result["thu-ngac"].status is Status.UNRESOLVED
    assert result["thu-ngac"].reason == f"its parent '{parent}' is not resolved"
