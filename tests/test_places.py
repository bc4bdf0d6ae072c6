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
            "reform; name the unit as it was before 1 July 2025",
        ),
        (
            '"99999"',
            "place: unknown place '99999': no place of the reference files and no unit of the "
            "gazetteer has this id or GSO code",
        ),
    ],
    ids=["reform-unit", "unknown-code"],
)
def test_a_place_that_is_no_legacy_unit_is_refused(direct: Path, place: str, message: str) -> None:
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
