"""The gazetteer computed from the installed packages: codes, slugs, the 2025 reform."""

from __future__ import annotations

import pytest
from vietnam_provinces import Province, Ward
from vnkg.graph.linking.adminunits import Draft, slugs
from vnkg.graph.linking.gazetteer import Gazetteer, Unit, UnitId, load

# Expected values: /work/shared/reference/external-ids.md (verified identifiers).
PROVINCES = [
    ("lang-son", "Lạng Sơn", "20", "VN-09"),
    ("phu-tho", "Phú Thọ", "25", "VN-68"),
    ("quang-ninh", "Quảng Ninh", "22", "VN-13"),
    ("cao-bang", "Cao Bằng", "04", "VN-04"),
    ("thai-nguyen", "Thái Nguyên", "19", "VN-69"),
    ("son-la", "Sơn La", "14", "VN-05"),
]
DISTRICTS = [
    ("mai-son", "son-la", "125"),
    ("binh-gia", "lang-son", "181"),
    ("van-quan", "lang-son", "184"),
    ("binh-lieu", "quang-ninh", "198"),
    ("yen-lap", "phu-tho", "234"),
    ("cam-khe", "phu-tho", "235"),
    ("tan-son", "phu-tho", "240"),
]
COMMUNES = [
    ("thu-ngac", "tan-son", "08551"),
    ("ngoc-lap", "yen-lap", "08335"),
    ("chieng-mai", "mai-son", "04132"),
    ("chieng-luong", "mai-son", "04156"),
    ("chieng-chung-mai-son", "mai-son", "04129"),
    ("chieng-dong-mai-son", "mai-son", "04147"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load()


def unit(gaz: Gazetteer, kind: str, slug: str) -> Unit:
    return gaz.units[UnitId(kind, slug)]


@pytest.mark.parametrize(("slug", "name", "gso", "iso"), PROVINCES, ids=[p[0] for p in PROVINCES])
def test_province_codes(gaz: Gazetteer, slug: str, name: str, gso: str, iso: str) -> None:
    province = unit(gaz, "province", slug)
    assert (province.name, province.code, province.iso) == (name, gso, iso)
    assert province.part_of == (UnitId("country", "vietnam"),)


@pytest.mark.parametrize(("slug", "province", "gso"), DISTRICTS, ids=[d[0] for d in DISTRICTS])
def test_district_codes(gaz: Gazetteer, slug: str, province: str, gso: str) -> None:
    district = unit(gaz, "district", slug)
    assert district.code == gso
    assert district.part_of == (UnitId("province", province),)


@pytest.mark.parametrize(("slug", "district", "gso"), COMMUNES, ids=[c[0] for c in COMMUNES])
def test_commune_codes(gaz: Gazetteer, slug: str, district: str, gso: str) -> None:
    commune = unit(gaz, "commune", slug)
    assert commune.code == gso
    assert commune.part_of[0] == UnitId("district", district)


def test_homonyms_are_qualified_with_their_district(gaz: Gazetteer) -> None:
    chung = {u: unit(gaz, "commune", u.slug).code for u in gaz.named("commune", "Chiềng Chung")}
    assert chung == {
        UnitId("commune", "chieng-chung-mai-son"): "04129",
        UnitId("commune", "chieng-chung-moc-chau"): "04015",
    }
    dong = sorted(u.slug for u in gaz.named("commune", "Chieng Dong"))
    assert dong == ["chieng-dong-mai-son", "chieng-dong-tuan-giao", "chieng-dong-yen-chau"]


def test_sixty_three_legacy_provinces_with_distinct_codes(gaz: Gazetteer) -> None:
    provinces = [u for u in gaz.units.values() if u.id.kind == "province"]
    assert len(provinces) == 63
    assert len({p.code for p in provinces}) == 63
    assert len({p.iso for p in provinces if p.iso}) == 63


def test_whole_hierarchy(gaz: Gazetteer) -> None:
    kinds = [u.id.kind for u in gaz.units.values()]
    assert kinds.count("district") == 696
    assert kinds.count("commune") > 10_000
    assert all(u.part_of for u in gaz.units.values() if u.id.kind != "country")


def test_slugs_qualify_with_parent_then_grandparent_then_type_then_code() -> None:
    def draft(name: str, district: str, province: str, type_name: str, code: str) -> Draft:
        full = f"{type_name} {name}"
        return Draft("commune", code, None, full, type_name, code, None, (district, province))

    drafts = [
        draft("Chiềng Chung", "Mai Sơn", "Sơn La", "Xã", "04129"),
        draft("Chiềng Chung", "Mộc Châu", "Sơn La", "Xã", "04015"),
        draft("An Hiệp", "Châu Thành", "Bến Tre", "Xã", "1"),
        draft("An Hiệp", "Châu Thành", "Đồng Tháp", "Xã", "2"),
        draft("Yên Viên", "Gia Lâm", "Hà Nội", "Thị trấn", "3"),
        draft("Yên Viên", "Gia Lâm", "Hà Nội", "Xã", "4"),
        draft("Sa Pa", "Sa Pa", "Lào Cai", "Phường", "03001"),
        draft("Sa Pả", "Sa Pa", "Lào Cai", "Phường", "03002"),
        draft("Thu Ngạc", "Tân Sơn", "Phú Thọ", "Xã", "08551"),
    ]
    assert slugs(drafts) == [
        "chieng-chung-mai-son",
        "chieng-chung-moc-chau",
        "an-hiep-chau-thanh-ben-tre",
        "an-hiep-chau-thanh-dong-thap",
        "yen-vien-gia-lam-ha-noi-thi-tran",
        "yen-vien-gia-lam-ha-noi-xa",
        "sa-pa-sa-pa-lao-cai-phuong-03001",
        "sa-pa-sa-pa-lao-cai-phuong-03002",
        "thu-ngac",
    ]


def test_slugs_refuse_indistinguishable_units() -> None:
    twin = Draft("commune", "k", None, "Xã X", "Xã", "1", None, ("Y",))
    with pytest.raises(ValueError, match="no unique slug"):
        slugs([twin, twin])


def test_merged_provinces_point_to_their_successor(gaz: Gazetteer) -> None:
    phu_tho = UnitId("province-2025", "phu-tho")
    for slug in ("phu-tho", "vinh-phuc", "hoa-binh"):
        assert gaz.successors[UnitId("province", slug)] == (phu_tho,)
    assert gaz.units[phu_tho].code == "25"
    assert gaz.units[phu_tho].new
    assert gaz.successors[UnitId("province", "bac-kan")] == (
        UnitId("province-2025", "thai-nguyen"),
    )
    assert gaz.units[UnitId("province-2025", "thai-nguyen")].code == "19"


def test_provinces_left_whole_stay_valid(gaz: Gazetteer) -> None:
    kept = {u.slug for u in gaz.units if u.kind == "province" and u not in gaz.successors}
    assert {"lang-son", "cao-bang", "quang-ninh", "son-la"} <= kept
    assert len(kept) == 11
    post_reform = [u for u in gaz.units.values() if u.id.kind == "province-2025"]
    assert len(post_reform) + len(kept) == 34


def test_abolished_district_is_replaced_by_communes_of_its_province(gaz: Gazetteer) -> None:
    successors = gaz.successors[UnitId("district", "mai-son")]
    assert UnitId("commune-2025", "chieng-mai") in successors
    for successor in successors:
        commune = gaz.units[successor]
        assert commune.part_of[-1] == UnitId("province", "son-la")
        assert commune.code is not None and len(commune.code) == 5
    every_district = [u for u in gaz.units if u.kind == "district"]
    assert all(gaz.successors.get(d) for d in every_district)


def test_post_reform_codes_are_those_of_vietnam_provinces(gaz: Gazetteer) -> None:
    wards = {f"{int(w.code):05d}" for w in Ward.iter_all()}
    provinces = {f"{int(p.code):02d}" for p in Province.iter_all()}
    new = [u for u in gaz.units.values() if u.new]
    assert {u.code for u in new if u.id.kind == "commune-2025"} <= wards
    assert {u.code for u in new if u.id.kind == "province-2025"} <= provinces
