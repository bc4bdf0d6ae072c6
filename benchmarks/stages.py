"""Where `vnkg build` spends its time: each stage of a streamed build timed on its own (JSON).

    .venv/bin/python benchmarks/stages.py SEEDS_DIR WORK_DIR

Stages, all in this one process (the real build runs the per-file work in one worker per
core, beside the loader): the reference files and the ontology; reading, checking and emitting
every source file as N-Quads (graph/streaming.py's emit_file); Oxigraph's bulk loader on those
bytes (with the ontology and the reference graph); flush + optimize; the SHACL shapes run as
SPARQL on that store (graph/checks/conformance.py); the VoID description queries. No gazetteer.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store, serialize
from vnkg.graph import dataset, pipeline, resources, streaming
from vnkg.graph.annotations.parse import REFERENCE_KEYS, annotations_of, read_folder
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.minter import Minter
from vnkg.graph.emit.ontology import ontology_quads, vocabulary
from vnkg.graph.emit.reference import reference_quads
from vnkg.graph.store import GraphStore


def stages(seeds: Path, work: Path) -> dict[str, float]:
    """Seconds per stage of a build of `seeds` (without gazetteer)."""
    iris, out = Iris(), {}
    start = time.perf_counter()
    reference = annotations_of(read_folder(seeds, "reference", REFERENCE_KEYS, []))
    ontology = list(ontology_quads(resources.ontology_files(), iris))
    terms = vocabulary(ontology)
    shared = streaming.shared_for(reference, iris, terms)
    graph = reference_quads(reference, Minter.for_annotations(reference, iris))
    head = serialize([*ontology, *graph], format=RdfFormat.N_QUADS) or b""
    out["reference files + ontology"] = time.perf_counter() - start
    with pipeline.no_cycle_collection():
        start = time.perf_counter()
        chunks = [head] + [
            streaming.emit_file(path, shared).nquads
            for path in sorted((seeds / "sources").glob("*.yaml"))
        ]
        out["read + check + emit source files (one core)"] = time.perf_counter() - start
    target = work / "stages-store"
    shutil.rmtree(target, ignore_errors=True)
    store = Store(str(target))
    start = time.perf_counter()
    store.bulk_load(input=io.BytesIO(b"".join(chunks)), format=RdfFormat.N_QUADS)
    out["bulk_load of the emitted N-Quads"] = time.perf_counter() - start
    start = time.perf_counter()
    store.flush()
    store.optimize()
    out["flush + optimize"] = time.perf_counter() - start
    start = time.perf_counter()
    found = pipeline.shapes_validator(ontology).violations(GraphStore(store))
    out["SHACL shapes as SPARQL (graph/checks/conformance.py)"] = time.perf_counter() - start
    if found:
        raise SystemExit(f"{len(found)} SHACL violations, e.g. {found[0]}")
    start = time.perf_counter()
    store.extend(dataset.describe(GraphStore(store), iris))
    out["VoID description (dataset.describe)"] = time.perf_counter() - start
    out["quads emitted"] = sum(chunk.count(b"\n") for chunk in chunks)
    del store
    shutil.rmtree(target, ignore_errors=True)
    return out


if __name__ == "__main__":
    print(json.dumps(stages(Path(sys.argv[1]), Path(sys.argv[2]))))
