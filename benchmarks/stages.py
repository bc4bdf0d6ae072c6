"""Where `vnkg build` spends its time: each stage of a streamed build, timed as it runs (JSON).

    .venv/bin/python benchmarks/stages.py SEEDS_DIR WORK_DIR

The stages run as in graph/pipeline.py's build_streaming, in this one process and its workers:
the reference files and the ontology; the source files read, checked and emitted by one
worker process per core, their N-Quads streamed into Oxigraph's bulk loader as they come (one
wall time for the two; the workers' CPU beside it); flush + optimize; the SHACL shapes run as SPARQL (graph/checks/conformance.py, one thread per
core) beside the figures several sources report (the summary graph's costly query), as
pipeline.Derived.check runs them (the wall time of the pair, and each one's own time as it ran
beside the other); then the VoID description (dataset.describe, two threads) and the rest of the
summary graph, as pipeline.Derived.finish computes them. No gazetteer, no links.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, Store
from vnkg.graph import dataset, pipeline, resources, streaming
from vnkg.graph.annotations.parse import REFERENCE_KEYS, annotations_of, read_folder
from vnkg.graph.checks import conformance
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.minter import Minter
from vnkg.graph.emit.ontology import ontology_quads, vocabulary
from vnkg.graph.emit.reference import reference_quads
from vnkg.graph.linking import places
from vnkg.graph.queries import summary
from vnkg.graph.store import GraphStore, cores, load

STREAMED = "read + check + emit source files in {jobs} workers, streamed into bulk_load"
WORKERS_CPU = "(CPU seconds of those workers, not wall time)"
CHECK = "SHACL shapes beside the shared figures (pipeline.Derived.check)"
SHACL = "(SHACL shapes as SPARQL, {jobs} threads, as they ran beside the figures)"
SUMMARY = "(figures several sources report, summary.shared_figures, as it ran beside SHACL)"
VOID = "VoID description, 2 threads (dataset.describe)"
REST = "the rest of the summary graph (summary.summarise)"


def stages(seeds: Path, work: Path, jobs: int | None = None) -> dict[str, float]:
    """Seconds per stage of a build of `seeds` (without gazetteer)."""
    iris, jobs, out = Iris(), jobs or cores(), {}
    target = work / "stages-store"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    with streaming.workers(jobs) as pool, pipeline.no_cycle_collection():
        found = annotations_of(read_folder(seeds, "reference", REFERENCE_KEYS, []))
        reference, _ = places.place_annotations(found, places.bundled())
        ontology = list(ontology_quads(resources.ontology_files(), iris))
        shared = streaming.shared_for(reference, iris, vocabulary(ontology))
        graph = list(reference_quads(reference, Minter.for_annotations(reference, iris)))
        out["reference files + ontology"] = time.perf_counter() - start
        start = time.perf_counter()
        paths = sorted((seeds / "sources").glob("*.yaml"))
        tally = streaming.Tally()
        results = streaming.file_results(paths, shared, pool, jobs)
        feed = streaming.stream([*ontology, *graph], results, tally, shared, list, jobs)
        store = Store(str(target))
        load(store, feed)
        out[STREAMED.format(jobs=jobs)] = time.perf_counter() - start
        pool.terminate()
        pool.join()
    out[WORKERS_CPU] = _children_cpu()
    start = time.perf_counter()
    store.flush()
    store.optimize()
    out["flush + optimize"] = time.perf_counter() - start
    built = GraphStore(store)
    times, figures = _checked(built, pipeline.shapes_validator(ontology), iris, jobs)
    out.update(times)
    start = time.perf_counter()
    dataset.describe(built, iris)
    out[VOID] = time.perf_counter() - start
    start = time.perf_counter()
    summary.summarise(built, iris, figures)
    out[REST] = time.perf_counter() - start
    out["quads emitted"] = len(store)
    del store, built
    shutil.rmtree(target, ignore_errors=True)
    return out


def _checked(
    built: GraphStore, validator: conformance.Validator, iris: Iris, jobs: int
) -> tuple[dict[str, float], list[Quad]]:
    """pipeline.Derived.check's two computations, side by side, each timed as it runs; the
    figures."""
    own: dict[str, float] = {}

    def timed(label: str, compute: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            start = time.perf_counter()
            try:
                return compute()
            finally:
                own[label] = time.perf_counter() - start

        return run

    start = time.perf_counter()
    with ThreadPoolExecutor(1) as pool:
        derived = pool.submit(timed(SUMMARY, lambda: summary.shared_figures(built, iris)))
        violations = timed(SHACL, lambda: validator.violations(built))()
        figures = derived.result()
    if violations:
        raise SystemExit(f"{len(violations)} SHACL violations, e.g. {violations[0]}")
    shacl = SHACL.format(jobs=jobs)
    times = {CHECK: time.perf_counter() - start, shacl: own[SHACL], SUMMARY: own[SUMMARY]}
    return times, figures


def _children_cpu() -> float:
    """User + system CPU seconds of the ended child processes."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


if __name__ == "__main__":
    print(json.dumps(stages(Path(sys.argv[1]), Path(sys.argv[2]))))
