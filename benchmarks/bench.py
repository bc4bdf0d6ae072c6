"""`make bench`: build, export and endpoint benchmarks at each size, and the serving path
(pages, the result cache: benchmarks/serving.py) at the profiled size; writes benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/bench.py [--sizes 10k,100k,1m,10m] [--work DIR] [--out FILE]
    .venv/bin/python benchmarks/bench.py --build-only   # builds, floors, bundled seeds, stages

Benchmarks, not tests: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

import abuse
import competency
import endpoint
import report
import serving
from generate import SIZES, generate
from measure import machine, run

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
FLOOR = """import sys
from pyoxigraph import RdfFormat, Store
store = Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=RdfFormat.N_QUADS)
store.flush()
"""


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work may share the cores)."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def floor_of(nquads: Path, work: Path, name: str) -> dict:
    """pyoxigraph's bulk_load of `nquads` into a fresh store, in a fresh process."""
    floor_dir = work / f"floor-{name}"
    shutil.rmtree(floor_dir, ignore_errors=True)
    floor = run([sys.executable, "-c", FLOOR, str(nquads), str(floor_dir)]).check("bulk_load")
    shutil.rmtree(floor_dir, ignore_errors=True)
    return floor.__dict__


def bundled_bench(work: Path) -> dict:
    """`vnkg build` of the bundled seeds as a curator runs it (SHACL, gazetteer) against
    bulk_load of its own export."""
    store, nquads = work / "store-bundled", work / "bundled.nq"
    for path in (store, work / ".store-bundled.builds"):
        shutil.rmtree(path, ignore_errors=True)
    load = load_average()
    build = run([str(BIN / "vnkg"), "build", "--store", str(store)]).check("vnkg build")
    quads = int(re.search(r"\((\d+) quads\)", build.output).group(1))  # type: ignore[union-attr]
    run([str(BIN / "vnkg"), "export", "--store", str(store), "--format", "nq",
         "-o", str(nquads)]).check("vnkg export")  # fmt: skip
    floor = floor_of(nquads, work, "bundled")
    return {"quads": quads, "build": build.__dict__, "floor": floor, "load": load}


def build_bench(name: str, work: Path) -> dict:
    """Generate, build, export, and the floors (pyoxigraph bulk_load, `oxigraph load`)."""
    seeds, store, nquads = work / f"seeds-{name}", work / f"store-{name}", work / f"{name}.nq"
    for path in (seeds, store, work / f".store-{name}.builds"):
        shutil.rmtree(path, ignore_errors=True)
    generate(seeds, SIZES[name])
    load = load_average()
    build = run([str(BIN / "vnkg"), "build", "--seeds", str(seeds), "--store", str(store),
                 "--no-gazetteer"]).check("vnkg build")  # fmt: skip
    quads = int(re.search(r"\((\d+) quads\)", build.output).group(1))  # type: ignore[union-attr]
    export = run([str(BIN / "vnkg"), "export", "--store", str(store), "--format", "nq",
                  "-o", str(nquads)]).check("vnkg export")  # fmt: skip
    oxigraph_dir = work / f"oxigraph-{name}"
    shutil.rmtree(oxigraph_dir, ignore_errors=True)
    floor = floor_of(nquads, work, name)
    side_dir = work / f"side-{name}"
    shutil.rmtree(side_dir, ignore_errors=True)
    side = run([sys.executable, str(HERE / "side_load.py"), str(nquads), str(side_dir)])
    shutil.rmtree(side_dir, ignore_errors=True)
    oxigraph = run([str(BIN / "oxigraph"), "load", "--location", str(oxigraph_dir),
                    "--file", str(nquads)]).check("oxigraph load")  # fmt: skip
    return {
        "size": name,
        "observations": SIZES[name].observations,
        "quads": quads,
        "shacl": "skipped" if "SHACL skipped" in build.output else "run",
        "build": build.__dict__,
        "export": export.__dict__,
        "floor": floor,
        "side_load": side.check("side-by-side load").__dict__,
        "load": load,
        "oxigraph_load": oxigraph.__dict__,
        "paths": {
            "seeds": str(seeds),
            "store": str(store),
            "nquads": str(nquads),
            "oxigraph": str(oxigraph_dir),
        },
    }


def stage_profile(seeds: str, work: Path) -> dict:
    """Seconds per build stage, measured in a fresh process."""
    result = run([sys.executable, str(HERE / "stages.py"), seeds, str(work)]).check("stages")
    return json.loads(result.output.strip().splitlines()[-1])


def main() -> None:
    """Run every benchmark of the chosen sizes and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m,10m")
    parser.add_argument("--endpoint-sizes", default="10k,100k,1m,10m")
    parser.add_argument("--rdflib-sizes", default="10k,100k")
    parser.add_argument("--profile-size", default="1m")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vnkg-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke runs)")
    parser.add_argument("--abuse-seconds", type=float, default=20, help="per phase; 0: skip")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="only the build section: builds, floors, the bundled seeds, the stage profile",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "sizes": [], "endpoint": [], "profile": None}
    print("[bench] build of the bundled seeds", flush=True)
    results["bundled"] = bundled_bench(args.work)
    skip: dict[str, str] = {}
    slow_baselines: set[str] = set()
    slow_texts: frozenset[str] = frozenset()
    for name in args.sizes.split(","):
        print(f"[bench] build {name}", flush=True)
        built = build_bench(name, args.work)
        results["sizes"].append(built)
        if name == args.profile_size:
            print(f"[bench] stage profile {name}", flush=True)
            results["profile"] = {"size": name, **stage_profile(built["paths"]["seeds"], args.work)}
        report.write_build(args.out, results)
        (args.work / "results.json").write_text(json.dumps(results, indent=1))
        if args.build_only:
            continue
        if name == args.profile_size:
            paths = built["paths"]
            found = serving.bench(Path(paths["store"]), Path(paths["oxigraph"]), quick=args.quick)
            report.write_serving(args.out, {"machine": machine(), "size": name, **found})
        print(f"[bench] competency queries before/after {name}", flush=True)
        store = Path(built["paths"]["store"])
        found = competency.bench(store, name, slow_baselines, slow_texts, quick=args.quick)
        slow_baselines |= competency.slow(found)
        slow_texts = frozenset(competency.slow(found, "after"))
        results.setdefault("queries", {})[name] = found
        competency.write(args.out, results["queries"])
        if name in args.endpoint_sizes.split(","):
            print(f"[bench] endpoint {name}", flush=True)
            with_rdflib = name in args.rdflib_sizes.split(",")
            measured = endpoint.bench(built, with_rdflib, skip, quick=args.quick)
            skip = measured["next_skip"]
            results["endpoint"].append(measured)
        (args.work / "results.json").write_text(json.dumps(results, indent=1))
        report.write(args.out, results)
    if args.build_only:
        print(f"[bench] wrote the build section of {args.out}", flush=True)
        return
    report.write(args.out, results)
    if args.abuse_seconds:
        print("[bench] abuse phases (the production server, the bundled store)", flush=True)
        abuse.write(args.out, None, ["production"], args.abuse_seconds)
    print(f"[bench] wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
