"""Large-seed builds stream source files through worker processes: same store, same errors."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat
from vnkg.graph import pipeline, resources, store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.errors import ProblemsError
from vnkg.graph.export import sorted_lines

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
# A decree whose year is not the year of its date: only the SHACL shapes see it.
WRONG_YEAR = """legal_documents:
  - id: nd-cp-1-2020
    number: 1/2020/ND-CP
    type: decree
    year: 2020
    date: 2019-12-30
"""


def nquads(store_path: Path) -> list[bytes]:
    """The sorted N-Quads export of a built store."""
    return list(sorted_lines(store.GraphStore.open(store_path), RdfFormat.N_QUADS))


def build(seeds: Path, target: Path, *, streamed: bool) -> Path:
    """Build `seeds` without SHACL or gazetteer, streamed through two workers or not."""
    if streamed:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pipeline, "STREAM_MIN_BYTES", 0)
            return pipeline.build(seeds, target, Iris(), shapes=False, gazetteer=False, jobs=2)
    return pipeline.build(seeds, target, Iris(), shapes=False, gazetteer=False)


def problems(seeds: Path, target: Path, *, streamed: bool) -> list[str]:
    """The problems a build of `seeds` reports, as printed."""
    with pytest.raises(ProblemsError) as raised:
        build(seeds, target, streamed=streamed)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    "seeds", [resources.bundled_seeds(), DATA / "seeds"], ids=["bundled", "test"]
)
def test_streamed_build_holds_the_same_quads(seeds: Path, tmp_path: Path) -> None:
    build(seeds, tmp_path / "a", streamed=False)
    build(seeds, tmp_path / "b", streamed=True)
    ordinary, streamed = nquads(tmp_path / "a"), nquads(tmp_path / "b")
    assert len(streamed) > 100
    assert streamed == ordinary


@pytest.mark.parametrize(
    "name",
    [
        "unknown_reference",
        "duplicate_key",
        "tab_indent",
        "unknown_unit",
        "wrong_level",
        "duplicate_id",
    ],
)
def test_streamed_build_reports_what_the_ordinary_build_does(
    name: str, seeds_dir: Path, tmp_path: Path
) -> None:
    text = (BAD / f"{name}.yaml").read_text(encoding="utf-8")
    into = "reference" if "# into: reference" in text else "sources"
    (seeds_dir / into / f"{name}.yaml").write_text(text, encoding="utf-8")
    expected = problems(seeds_dir, tmp_path / "a" / "store", streamed=False)
    assert expected
    assert problems(seeds_dir, tmp_path / "b" / "store", streamed=True) == expected


def test_ids_repeated_across_streamed_files_are_reported(seeds_dir: Path, tmp_path: Path) -> None:
    shutil.copy(seeds_dir / "sources" / "t001.yaml", seeds_dir / "sources" / "t003.yaml")
    found = problems(seeds_dir, tmp_path / "store", streamed=True)
    assert any("sources/t003.yaml" in p and "duplicate source id 't001'" in p for p in found)
    assert any("duplicate observation id" in p for p in found)


def test_a_failed_streamed_build_keeps_the_live_store(seeds_dir: Path, tmp_path: Path) -> None:
    live = tmp_path / "store"
    build(seeds_dir, live, streamed=True)
    before = nquads(live)
    (seeds_dir / "sources" / "zz.yaml").write_bytes((BAD / "unknown_reference.yaml").read_bytes())
    problems(seeds_dir, live, streamed=True)
    assert nquads(live) == before
    assert [p.name for p in store.builds_dir(live).iterdir() if p.is_dir()] == [live.resolve().name]


def test_a_shape_violation_fails_a_streamed_build_and_keeps_the_live_store(
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        generate = importlib.import_module("generate")
    finally:
        sys.path.remove(str(BENCHMARKS))
    seeds = generate.generate(tmp_path / "seeds", generate.SIZES["tiny"])
    live = tmp_path / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "STREAM_MIN_BYTES", 0)
        pipeline.build(seeds, live, Iris(), gazetteer=False, jobs=2)
        before = nquads(live)
        (seeds / "reference" / "legal.yaml").write_text(WRONG_YEAR, encoding="utf-8")
        with pytest.raises(ProblemsError) as raised:
            pipeline.build(seeds, live, Iris(), gazetteer=False, jobs=2)
    [problem] = raised.value.problems
    assert problem.location.path.endswith("seeds/reference/legal.yaml")
    assert problem.location.line == 2
    assert problem.message == (
        "SHACL: <https://w3id.org/vnkg/id/legal/nd-cp-1-2020>: vnkg:year differs from the year "
        'of eli:date_document (value "2020"^^xsd:gYear)'
    )
    assert nquads(live) == before
    assert [p.name for p in store.builds_dir(live).iterdir() if p.is_dir()] == [live.resolve().name]
