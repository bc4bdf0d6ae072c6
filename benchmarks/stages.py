"""Where `vnkg build` spends its time: each pipeline stage timed on its own (prints JSON).

    .venv/bin/python benchmarks/stages.py SEEDS_DIR WORK_DIR

Stages: read+check the YAML, emit the quads (no store), emit + bulk-load into a fresh store,
the VoID description queries, flush + optimize. SHACL and the gazetteer are left out.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from pyoxigraph import Store
from vnkg.graph import dataset, pipeline
from vnkg.graph.iris import Iris
from vnkg.graph.store import GraphStore


def stages(seeds: Path, work: Path) -> dict[str, float]:
    """Seconds per stage of a build of `seeds` (without SHACL or gazetteer)."""
    iris, out = Iris(), {}
    start = time.perf_counter()
    loaded = pipeline.load(seeds, iris)
    out["read YAML + checks"] = time.perf_counter() - start
    with pipeline.no_cycle_collection():
        start = time.perf_counter()
        count = sum(
            1 for _ in pipeline.drop_repeats(pipeline.dataset_quads(loaded, gazetteer=False))
        )
        out["emit quads (no store)"] = time.perf_counter() - start
        target = work / "stages-store"
        shutil.rmtree(target, ignore_errors=True)
        store = Store(str(target))
        start = time.perf_counter()
        store.bulk_extend(pipeline.drop_repeats(pipeline.dataset_quads(loaded, gazetteer=False)))
        out["emit + bulk_extend"] = time.perf_counter() - start
        start = time.perf_counter()
        store.extend(dataset.describe(GraphStore(store), iris))
        out["VoID description (dataset.describe)"] = time.perf_counter() - start
        start = time.perf_counter()
        store.flush()
        store.optimize()
        out["flush + optimize"] = time.perf_counter() - start
    out["quads emitted"] = count
    del store
    shutil.rmtree(target, ignore_errors=True)
    return out


if __name__ == "__main__":
    print(json.dumps(stages(Path(sys.argv[1]), Path(sys.argv[2]))))
