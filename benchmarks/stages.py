"""Where `vnkg build` spends its time: each stage of a streamed build, timed as it runs (JSON).

    .venv/bin/python benchmarks/stages.py SEEDS_DIR WORK_DIR

The stages run as in graph/pipeline.py's build_streaming, in this one process and its workers:
the reference files and the ontology; the source files read, checked and emitted by one
worker process per core, their N-Quads streamed into Oxigraph's bulk loader as they come (one
wall time for the two; the workers' CPU beside it); flush + optimize; the SHACL shapes run as
SPARQL (graph/checks/conformance.py, one thread per core); the VoID description and the
summary graph computed side by side as pipeline.described does (the wall time of the pair,
and each one's own time as it ran beside the other). No gazetteer, no links.
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

from pyoxigraph import RdfFormat, Store
from vnkg.graph import dataset, pipeline, resources, streaming
from vnkg.graph.annotations.parse import REFERENCE_KEYS, annotations_of, read_folder
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.minter import Minter
from vnkg.graph.emit.ontology import ontology_quads, vocabulary
from vnkg.graph.emit.reference import reference_quads
from vnkg.graph.linking import places
from vnkg.graph.queries import summary
from vnkg.graph.store import GraphStore

STREAMED = "read + check + emit source files in {jobs} workers, streamed into bulk_load"
WORKERS_CPU = "(CPU seconds of those workers, not wall time)"
SHACL = "SHACL shapes as SPARQL, {jobs} threads (graph/checks/conformance.py)"
FINISH = "VoID description and summary graph side by side (pipeline.described)"
VOID = "(VoID description, dataset.describe, as it ran beside the summary)"
SUMMARY = "(summary graph, summary.summarise, as it ran beside VoID)"


def stages(seeds: Path, work: Path, jobs: int | None = None) -> dict[str, float]:
    """Seconds per stage of a build of `seeds` (without gazetteer)."""
    iris, jobs, out = Iris(), jobs or streaming.default_jobs(), {}
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
        feed = streaming.stream([*ontology, *graph], results, tally, shared, list)
        store = Store(str(target))
        store.bulk_load(input=feed, format=RdfFormat.N_QUADS)
        out[STREAMED.format(jobs=jobs)] = time.perf_counter() - start
        pool.terminate()
        pool.join()
    out[WORKERS_CPU] = _children_cpu()
    start = time.perf_counter()
    store.flush()
    store.optimize()
    out["flush + optimize"] = time.perf_counter() - start
    built = GraphStore(store)
    start = time.perf_counter()
    violations = pipeline.shapes_validator(ontology).violations(built)
    out[SHACL.format(jobs=jobs)] = time.perf_counter() - start
    if violations:
        raise SystemExit(f"{len(violations)} SHACL violations, e.g. {violations[0]}")
    out.update(_finish(built, iris))
    out["quads emitted"] = len(store)
    del store, built
    shutil.rmtree(target, ignore_errors=True)
    return out


def _finish(built: GraphStore, iris: Iris) -> dict[str, float]:
    """pipeline.described's two computations, side by side, each timed as it runs."""
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
    with ThreadPoolExecutor(2) as pool:
        void = pool.submit(timed(VOID, lambda: dataset.describe(built, iris)))
        derived = pool.submit(timed(SUMMARY, lambda: summary.summarise(built, iris)))
        void.result(), derived.result()
    return {FINISH: time.perf_counter() - start, VOID: own[VOID], SUMMARY: own[SUMMARY]}


def _children_cpu() -> float:
    """User + system CPU seconds of the ended child processes."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


if __name__ == "__main__":
    print(json.dumps(stages(Path(sys.argv[1]), Path(sys.argv[2]))))
