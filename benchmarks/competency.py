"""Each shipped competency query before and after the summary graph, in process, per size.

    .venv/bin/python benchmarks/competency.py --store STORE --size 1m [--write] [--quick]

Before: the query texts as they were before the summary graph (baseline-queries/, copied from
commit f735f25); after: ontology/queries/. Both run on the same store in the same run, in this
process (pyoxigraph, union default graph, answer serialised as SPARQL JSON, like the endpoint
benchmark's in-process floor). Also timed: the new text with `LIMIT 100` (what evaluating and
sorting cost without writing every row) and the number of rows and columns of the answer.
A text whose first run exceeds its budget is reported by that one run; a baseline slower than
SKIP_NEXT s is not run at the next size. `--write` adds the size to RESULTS.md's
`queries:start`/`queries:end` section; the sizes measured before are kept in `--json`
(`make bench` measures every size it builds and writes the section itself).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import report
from measure import machine, percentile
from pyoxigraph import QueryResultsFormat, QuerySolutions, Store

HERE = Path(__file__).resolve().parent
BEFORE, AFTER = HERE / "baseline-queries", HERE.parent / "ontology" / "queries"
START, END = "<!-- queries:start -->", "<!-- queries:end -->"
SIZES = ("tiny", "10k", "100k", "1m", "10m")
SKIP_NEXT = 10.0
TARGET_MS = {"1m": 100.0, "10m": 1000.0}


def timed(store: Store, text: str, reps: int, budget: float) -> tuple[float, int, int]:
    """p50 ms of running `text` and serialising its answer; its rows and columns."""
    times: list[float] = []
    rows = columns = 0
    started = time.perf_counter()
    while len(times) < reps and (not times or time.perf_counter() - started < budget):
        begin = time.perf_counter()
        result = store.query(text, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        data = result.serialize(format=QueryResultsFormat.JSON) or b""
        times.append((time.perf_counter() - begin) * 1000)
        if len(times) == 1:
            answer = json.loads(data)
            rows, columns = len(answer["results"]["bindings"]), len(answer["head"]["vars"])
    return percentile(times, 0.5), rows, columns


def bench(
    store_path: Path,
    size: str,
    skip: set[str],
    skip_after: frozenset[str] = frozenset(),
    *,
    quick: bool = False,
) -> dict:
    """Before/after figures of every shipped query on one store; `skip`: baselines not run,
    `skip_after`: new texts not run (too slow at the size before)."""
    store = Store.read_only(str(store_path.resolve()))
    reps, budget = (2, 0.5) if quick else (10, 3.0)
    found: dict = {"size": size, "quads": len(store), "machine": machine(), "queries": {}}
    for path in sorted(AFTER.glob("*.rq")):
        name, after = path.stem, path.read_text(encoding="utf-8")
        before = (BEFORE / path.name).read_text(encoding="utf-8")
        entry: dict = {"after": None, "first100": None, "rows": None, "columns": None}
        if name not in skip_after:
            new_ms, entry["rows"], entry["columns"] = timed(store, after, reps, budget)
            entry["after"] = new_ms
            if new_ms < budget * 1000:  # past it, LIMIT 100 costs the same (ORDER BY sees all)
                entry["first100"] = timed(store, f"{after.rstrip()}\nLIMIT 100\n", reps, budget)[0]
        if name in skip:
            entry["before"] = None
        else:
            same = before == after and entry["after"] is not None
            entry["before"] = entry["after"] if same else timed(store, before, reps, budget)[0]
        entry["rewritten"] = before != after
        found["queries"][name] = entry
        print(f"  {name}: before {entry['before']} ms, after {entry['after']} ms", flush=True)
    return found


def slow(found: dict, key: str = "before") -> set[str]:
    """The queries whose `key` text is too slow to run at the next size."""
    return {n for n, q in found["queries"].items() if (q[key] or 1e9) / 1000 > SKIP_NEXT}


def _ms(value: float | None) -> str:
    if value is None:
        return "not run"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(found: dict) -> list[str]:
    """The Markdown table of one size."""
    target = TARGET_MS.get(found["size"])
    head = f"### {found['size']} ({found['quads']:,} quads; load average {found['machine']['load average at start']})"
    out = [head, "", "| query | rows × columns | before p50 ms | after p50 ms | before / after "
           "| after, LIMIT 100 ms | target |", "|---|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    for name, q in found["queries"].items():
        both = q["before"] and q["after"] and q["rewritten"]
        ratio = f"{q['before'] / q['after']:.1f}×" if both else "–"
        met = "–" if target is None else ("yes" if (q["after"] or 1e9) < target else "**no**")
        shape = "–" if q["rows"] is None else f"{q['rows']:,} × {q['columns']}"
        label = name if q["rewritten"] else f"{name} (unchanged)"
        out.append(
            f"| {label} | {shape} | {_ms(q['before'])} | {_ms(q['after'])} "
            f"| {ratio} | {_ms(q['first100'])} | {met} |"
        )
    return out


def write(path: Path, sizes: dict[str, dict]) -> None:
    """The per-query section of RESULTS.md, every size measured so far."""
    lines = ["## Competency queries before and after the summary graph (`benchmarks/competency.py`)",
             "", "In process, p50 of up to 10 runs (3 s budget), answer serialised as SPARQL JSON. "
             "Target (issue #18): < 100 ms at 1m, < 1 s at 10m."]  # fmt: skip
    for size in [s for s in SIZES if s in sizes] + [s for s in sizes if s not in SIZES]:
        lines += ["", *table(sizes[size])]
    report.splice(path, START, END, lines)


def main() -> None:
    """Measure one store and, with --write, add it to RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--size", required=True, choices=SIZES)
    parser.add_argument("--skip", default="", help="baselines not to run, comma-separated")
    parser.add_argument("--skip-after", default="", help="new texts not to run")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=Path("/tmp/vnkg-bench/queries.json"))
    args = parser.parse_args()
    skip, skip_after = (set(filter(None, s.split(","))) for s in (args.skip, args.skip_after))
    found = bench(args.store, args.size, skip, frozenset(skip_after), quick=args.quick)
    if args.write:
        sizes = json.loads(args.json.read_text()) if args.json.exists() else {}
        sizes[args.size] = found
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(sizes, indent=1) + "\n")
        write(args.out, sizes)


if __name__ == "__main__":
    main()
