"""Places in the build: gazetteer units named directly, and places that disagree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat
from vnkg.graph import pipeline, store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.errors import ProblemsError
from vnkg.graph.export import sorted_lines

BASE = "https://w3id.org/vnkg/id/"
# An article on Hà Giang and on Mai Sơn, neither of which the test seeds' places.yaml has:
# the province by its id, the district by its GSO code.
DIRECT = """source: {id: g001, file: g.txt, title: {en: G}, publisher: X, url_note: none, language: en}
observations:
  - id: g001-rate
    indicator: poverty-rate
    place: ha-giang
    period: 2024
    value: 31.5
    unit: percent
    status: achieved
    qualifier: exact
activities:
  - id: g001-credit
    support: [credit]
    status: achieved
    place: "125"
"""
# The same article with the three units copied into places.yaml, as before.
COPIES = """places:
  - id: ha-giang
    kind: province
    name: {vi: Hà Giang}
    part_of: vietnam
  - id: son-la
    kind: province
    name: {vi: Sơn La}
    part_of: vietnam
  - id: mai-son
    kind: district
    name: {vi: Mai Sơn}
    part_of: son-la
"""


def quads(seeds: Path, target: Path, *, streamed: bool = False) -> list[bytes]:
    """The sorted N-Quads of a build of `seeds` (no SHACL, no gazetteer graph)."""
    with pytest.MonkeyPatch.context() as patch:
        if streamed:
            patch.setattr(pipeline, "STREAM_MIN_BYTES", 0)
        pipeline.build(seeds, target, Iris(), shapes=False, gazetteer=False, jobs=2)
    return list(sorted_lines(store.GraphStore.open(target), RdfFormat.N_QUADS))


def problems(seeds: Path) -> list[str]:
    with pytest.raises(ProblemsError) as raised:
        pipeline.load(seeds, Iris())
    return [str(p) for p in raised.value.problems]


@pytest.fixture
def direct(seeds_dir: Path) -> Path:
    """The test seeds with an article naming gazetteer units that places.yaml lacks."""
    (seeds_dir / "sources" / "g001.yaml").write_text(DIRECT, encoding="utf-8")
    return seeds_dir


def test_gazetteer_units_are_usable_by_id_and_code(direct: Path) -> None:
    loaded = pipeline.load(direct, Iris())
    places = {p.id: p for p in loaded.annotations.places}
    assert places["ha-giang"].name == {"vi": "Hà Giang"}
    assert (places["mai-son"].kind.value, places["mai-son"].part_of) == ("district", "son-la")
    assert places["son-la"].part_of == "vietnam"
    (activity,) = [a for a in loaded.annotations.activities if a.source == "g001"]
    assert activity.place == "mai-son"


def test_a_gazetteer_unit_gives_the_triples_of_a_copy(direct: Path, tmp_path: Path) -> None:
    used = quads(direct, tmp_path / "direct")
    (direct / "reference" / "copies.yaml").write_text(COPIES, encoding="utf-8")
    source = direct / "sources" / "g001.yaml"
    source.write_text(DIRECT.replace('place: "125"', "place: mai-son"), encoding="utf-8")
    assert quads(direct, tmp_path / "copied") == used
    assert any(f"<{BASE}district/mai-son> ".encode() in line for line in used)


def test_a_streamed_build_takes_the_same_units(direct: Path, tmp_path: Path) -> None:
    assert quads(direct, tmp_path / "b", streamed=True) == quads(direct, tmp_path / "a")


@pytest.mark.parametrize(
    ("place", "message"),
    [
        (
            "muong-chanh",
            "place: 'muong-chanh' is Mường Chanh (commune-2025, GSO 04117), a unit of the 2025 "
            "reform: its id is 'muong-chanh-2025'",
        ),
        (
            '"99999"',
            "place: unknown place '99999': no place of the reference files and no unit of the "
            "gazetteer has this id or GSO code",
        ),
    ],
    ids=["reform-unit", "unknown-code"],
)
def test_a_place_that_is_no_unit_id_is_refused(direct: Path, place: str, message: str) -> None:
    source = direct / "sources" / "g001.yaml"
    source.write_text(DIRECT.replace("place: ha-giang", f"place: {place}"), encoding="utf-8")
    assert problems(direct) == [f"seeds/sources/g001.yaml:5:12: {message}"]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        (
            "{id: mai-son, kind: district, name: {vi: Mai Sơn}, part_of: lang-son}",
            "2:65: part_of: the gazetteer's Mai Sơn (district, GSO 125) is in Sơn La "
            "(province, GSO 14), not in 'lang-son'",
        ),
        (
            "{id: chieng-chung, kind: commune, name: {vi: Chiềng Chung}}",
            "2:10: id: no commune has the id 'chieng-chung', and its name fits "
            "chieng-chung-moc-chau (Chiềng Chung, commune, GSO 04015), chieng-chung-mai-son "
            "(Chiềng Chung, commune, GSO 04129): use one of these ids",
        ),
        (
            "{id: thu-ngac, kind: commune, name: {vi: Thu Ngạc}, unresolved: not found}",
            "2:69: unresolved: the gazetteer has Thu Ngạc (commune, GSO 08551) under this id; "
            "remove 'unresolved' if it is this place, else give the place another id",
        ),
    ],
    ids=["wrong-parent", "ambiguous", "unresolved-but-known"],
)
def test_a_place_that_disagrees_with_the_gazetteer_is_refused(
    seeds_dir: Path, place: str, message: str
) -> None:
    (seeds_dir / "reference" / "more.yaml").write_text(f"places:\n  - {place}\n", encoding="utf-8")
    assert problems(seeds_dir) == [f"seeds/reference/more.yaml:{message}"]


# An article written after the 1 July 2025 reform, on units the reform created: the merged
# province by its id, a commune by its post-reform code ("-2025" after either).
POST = """source: {id: g002, file: g.txt, title: {en: G}, publisher: X, url_note: none, language: en,
  date: 2025-07-01/2025-12-31}
observations:
  - id: g002-rate
    indicator: poverty-rate
    place: thai-nguyen-2025
    period: 2025
    value: 4.5
    unit: percent
    status: achieved
    qualifier: exact
activities:
  - id: g002-credit
    support: [credit]
    status: achieved
    place: "04117-2025"
"""


@pytest.fixture
def post(seeds_dir: Path) -> Path:
    """The test seeds with an article naming units created by the reform."""
    (seeds_dir / "sources" / "g002.yaml").write_text(POST, encoding="utf-8")
    return seeds_dir


def test_post_reform_units_resolve_by_id_and_code(post: Path) -> None:
    loaded = pipeline.load(post, Iris())
    places = {p.id: p for p in loaded.annotations.places}
    province = places["thai-nguyen-2025"]
    assert (province.kind.value, province.name, province.part_of) == (
        "province-2025",
        {"vi": "Thái Nguyên"},
        "vietnam",
    )
    commune = places["muong-chanh-2025"]  # in Sơn La, which the reform left whole
    assert (commune.kind.value, commune.part_of) == ("commune-2025", "son-la")
    (activity,) = [a for a in loaded.annotations.activities if a.source == "g002"]
    assert activity.place == "muong-chanh-2025"


def test_a_post_reform_unit_is_emitted_with_its_validity(post: Path, tmp_path: Path) -> None:
    lines = quads(post, tmp_path / "post")
    province = f"<{BASE}province-2025/thai-nguyen>"
    valid_from = '<https://w3id.org/vnkg/def/validFrom> "2025-07-01"^^'
    assert any(line.decode().startswith(f"{province} {valid_from}") for line in lines)
    area = f"<http://purl.org/linked-data/sdmx/2009/dimension#refArea> {province}"
    assert any(area in line.decode() for line in lines)
    assert not any(f"<{BASE}province-2025/thai-nguyen-2025>".encode() in line for line in lines)
    assert any(f"<{BASE}commune-2025/muong-chanh> ".encode() in line for line in lines)


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ({}, []),
        (
            {"place: thai-nguyen-2025": "place: bac-kan"},
            [
                "seeds/sources/g002.yaml:6:12: place: Bắc Kạn (province, GSO 06) ended with the "
                "reform of 1 July 2025, and this fact (2025) is from a source written after it "
                "(2025-07-01/2025-12-31): name its successor thai-nguyen-2025 (Thái Nguyên, "
                "province-2025, GSO 19), or say why it is the former unit (place_before_reform: "
                "<reason> when the source says so, else inferred: {place: <reason>})"
            ],
        ),
        (
            {"place: thai-nguyen-2025": "place: bac-kan\n    inferred: {place: A term review.}"},
            [],
        ),
        (
            {"place: thai-nguyen-2025": "place: bac-kan\n    place_before_reform: It says former."},
            [],
        ),
        ({"place: thai-nguyen-2025": "place: bac-kan", "period: 2025": "period: 2024"}, []),
        (
            {
                "place: thai-nguyen-2025": "place: bac-kan",
                "date: 2025-07-01/2025-12-31": "date: 2025",
            },
            [],
        ),
    ],
    ids=["post-reform-unit", "ended-unit", "inferred", "before-reform", "earlier", "year-only"],
)
def test_a_post_reform_fact_on_an_ended_unit_says_why(
    post: Path, change: dict[str, str], found: list[str]
) -> None:
    text = POST
    for old, new in change.items():
        text = text.replace(old, new)
    (post / "sources" / "g002.yaml").write_text(text, encoding="utf-8")
    if not found:
        pipeline.load(post, Iris())
    else:
        assert problems(post) == found
