"""Smoke test of the benchmarks at a tiny size: the generator, a build of it, the report.

The benchmarks themselves (`make bench`) are not tests; this checks that their pieces work.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from pyoxigraph import NamedNode, Quad
from vnkg.graph import pipeline
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import QB, RDF
from vnkg.graph.store import GraphStore

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def bench_module(name: str) -> ModuleType:
    """A module of benchmarks/ (they import each other by bare name)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_generator_is_deterministic_by_seed(tmp_path: Path) -> None:
    generate = bench_module("generate")
    size = generate.SIZES["tiny"]
    one = files(generate.generate(tmp_path / "one", size, seed=1))
    two = files(generate.generate(tmp_path / "two", size, seed=1))
    other = files(generate.generate(tmp_path / "other", size, seed=2))
    assert one == two
    assert one != other
    assert set(one) == set(other)


def test_tiny_size_builds_with_shacl(tmp_path: Path) -> None:
    generate = bench_module("generate")
    size = generate.SIZES["tiny"]
    seeds = generate.generate(tmp_path / "seeds", size)
    pipeline.build(seeds, tmp_path / "store", Iris(), gazetteer=False)
    store = GraphStore.open(tmp_path / "store")
    observations = set(store.quads(None, RDF.type, QB.Observation))
    assert len(observations) == size.observations


def test_drop_repeats_keeps_first_occurrences_in_order() -> None:
    def quad(n: int) -> Quad:
        node = NamedNode(f"http://example.org/{n}")
        return Quad(node, node, node, node)

    stream = [quad(1), quad(2), quad(1), quad(3), quad(2), quad(1)]
    assert list(pipeline.drop_repeats(stream)) == [quad(1), quad(2), quad(3)]
    assert list(pipeline.drop_repeats(stream, window=1)) == [
        quad(1), quad(2), quad(1), quad(3), quad(2), quad(1),
    ]  # fmt: skip


def test_report_replaces_only_its_own_section(tmp_path: Path) -> None:
    report = bench_module("report")
    results = {"machine": {"cpu": "test"}, "sizes": [], "endpoint": [], "profile": None}
    path = tmp_path / "RESULTS.md"
    path.write_text("# vnkg benchmarks\n\n## Load test\n\nkept\n", encoding="utf-8")
    report.write(path, results)
    results["machine"]["cpu"] = "second run"
    report.write(path, results)
    text = path.read_text(encoding="utf-8")
    assert text.count(report.START) == 1
    assert "## Load test\n\nkept" in text
    assert "second run" in text and "| cpu | test |" not in text


def test_serving_report_says_which_targets_are_met(tmp_path: Path) -> None:
    report = bench_module("report")
    bench_module("serving")  # imports (the app, the servers, the client) resolve
    page = {"status": 200, "calls": 7, "kb": 36.0, "p50": 80.0, "p99": 95.0, "cached_p50": 1.0,
            "remote_requests": 7, "remote_p50": 90.0}  # fmt: skip
    rates = {"queries": 5, "vnkg repeated": 2000.0, "vnkg unique": 1000.0,
             "oxigraph repeated": 4000.0, "oxigraph unique": 4000.0}  # fmt: skip
    machine = {"date": "today", "cpu": "test", "load average at start": "0"}
    results = {"machine": machine, "size": "1m", "quads": 10, "pages": {"indicator": page},
               "mixes": {"lookup": rates}}  # fmt: skip
    path = tmp_path / "RESULTS.md"
    report.write_serving(path, results)
    text = path.read_text(encoding="utf-8")
    assert "| 1m: a page ≤ 10 store calls | 7.0 | yes |" in text
    assert "| 1m: cached ≥ 2.0× Oxigraph, lookup | 0.50× | **no** |" in text
    assert "| 1m: uncached ≥ 0.5× Oxigraph, lookup | 0.25× | **no** |" in text


def test_abuse_report_says_whether_the_production_server_held() -> None:
    attacks, abuse_report = bench_module("attacks"), bench_module("abuse_report")
    held = attacks.Tally(latencies=[0.002] * 100, outcomes=[("503 query-timeout", 10.0)])
    starved = attacks.Tally(latencies=[0.002] * 90 + [10.0] * 10, failures=["timeout"] * 10)
    refusals = {
        name: (next(iter(sorted(ok))), 0.01, 0) for name, ok in abuse_report.EXPECTED.items()
    }
    found = {"command": ["/venv/bin/granian", "--port", "1"], "refusals": refusals}
    assert abuse_report.holds({**found, "phases": {"idle": held, "runaway": held}})
    assert not abuse_report.holds({**found, "phases": {"idle": held, "runaway": starved}})
    lines = abuse_report.section(
        {"production": {**found, "phases": {"runaway": starved}}}, 20, "today", 64, ["waitress"]
    )
    assert "| production | `granian --port 1` |" in lines
    assert any(line.startswith("| production | runaway | 100 | 2 | 10000 |") for line in lines)


def test_competency_benchmark_times_each_query_before_and_after(tmp_path: Path) -> None:
    generate, competency = bench_module("generate"), bench_module("competency")
    seeds = generate.generate(tmp_path / "seeds", generate.SIZES["tiny"])
    store = tmp_path / "store"
    pipeline.build(seeds, store, Iris(), shapes=False, gazetteer=False)
    skip, skip_after = {"credit-disbursed", "facts-of-a-source whole"}, frozenset({"indicators"})
    found = competency.bench(store, "1m", skip, skip_after, quick=True)
    queries = found["queries"]
    assert set(queries) == {p.stem for p in competency.AFTER.glob("*.rq")}
    assert set(found["bound to"]) == {"source", "place", "province"}
    credit, facts = queries["credit-disbursed"], queries["facts-of-a-source"]
    assert credit["parameter"] == "place" and facts["parameter"] == "source"
    assert credit["asked"]["before"] is None and credit["whole"]["before"] > 0  # skipped as asked
    assert facts["whole"]["before"] is None and facts["asked"]["before"] > 0
    # asked about the largest source: some of the facts, not all of them
    assert 0 < facts["asked"]["rows"] < facts["whole"]["rows"]
    assert facts["whole"]["floor"] > 0 and "floor" not in facts["asked"]  # the listing's floor
    indicators = queries["indicators"]
    assert indicators["parameter"] is None and indicators["asked"] is indicators["whole"]
    assert indicators["asked"]["after"] is None and indicators["asked"]["before"] is not None
    # nothing near a minute on tiny seeds: only what was skipped stays skipped at the next size
    assert competency.slow(found, "after") == {"indicators", "indicators whole"}
    out = tmp_path / "RESULTS.md"
    out.write_text("# results\n\nanalysis kept\n")
    competency.write(out, {"1m": found})
    text = out.read_text()
    # the table: the slowest query as asked is named with its time and verdict
    name, ms = competency.slowest(found, "asked")
    assert name == "indicators" and ms is None  # not run: reported, never called fast
    assert "| 1m | indicators | not run | < 100 ms | **no** |" in text
    assert "analysis kept" in text and "| credit-disbursed |" in text and "not run" in text


def test_stage_profile_times_each_stage_of_a_tiny_build(tmp_path: Path) -> None:
    generate, stages = bench_module("generate"), bench_module("stages")
    seeds = generate.generate(tmp_path / "seeds", generate.SIZES["tiny"])
    found = stages.stages(seeds, tmp_path, jobs=1)
    pipeline.build(seeds, tmp_path / "store", Iris(), gazetteer=False)
    built = GraphStore.open(tmp_path / "store")
    facts = sum(
        1
        for q in built.quads()
        if q.graph_name.value.rsplit("/", 1)[1] not in ("dataset", "summary", "links")
    )
    assert found["quads emitted"] == facts
    shacl = found[stages.SHACL.format(jobs=1)]
    assert found[stages.CHECK] >= max(shacl, found[stages.SUMMARY]) > 0
    assert found[stages.VOID] > 0 and found[stages.REST] > 0
    assert found[stages.WORKERS_CPU] > 0
    assert not (tmp_path / "stages-store").exists()
