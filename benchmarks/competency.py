"""Each shipped competency query before and after the summary graph, in process, per size:
asked about one resource, and whole.

    .venv/bin/python benchmarks/competency.py --store STORE --size 1m [--write] [--quick]

Before: the query texts as they were before the summary graph (baseline-queries/, copied from
commit f735f25); after: ontology/queries/. Both run on the same store in the same run, in this
process (pyoxigraph, union default graph, answer serialised as SPARQL JSON, like the endpoint
benchmark's in-process floor).

As asked: a query whose `# parameters:` line names a source, a place or a province is bound to
the largest one of the store (the source with the most facts, the place with the most
observations, the province with the most units the articles name), the way
`vnkg query --bind` binds it (a VALUES block opening the WHERE group); a query without such a
parameter is asked whole. Whole: every query unbound, the listing of the whole graph (tens of
thousands of rows at 1m for the listing queries). The target is judged as asked.
A text whose first run exceeds its budget is reported by that one run; a text slower than
SKIP_NEXT s (a minute at the next size, ten times larger) is not run there. `--write` adds the size to RESULTS.md's
`queries:start`/`queries:end` section; the sizes measured before are kept in `--json`
(`make bench` measures every size it builds and writes the section itself).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import report
from measure import machine, percentile
from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, Store, Variable
from vnkg.graph import sparqltext

HERE = Path(__file__).resolve().parent
BEFORE, AFTER = HERE / "baseline-queries", HERE.parent / "ontology" / "queries"
START, END = "<!-- queries:start -->", "<!-- queries:end -->"
SIZES = ("tiny", "10k", "100k", "1m", "10m")
SKIP_NEXT = 6.0  # s: a minute or more at the next size, ten times larger
TARGET_MS = {"1m": 100.0, "10m": 1000.0}
# The largest resource of each kind a parameter names (most facts, observations, named units).
LARGEST = {
    "source": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?o <http://www.w3.org/ns/prov#wasDerivedFrom> ?x }"
    " GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "place": "SELECT ?x (COUNT(*) AS ?n) WHERE "
    "{ ?o <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?x }"
    " GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "province": "PREFIX vnkg: <https://w3id.org/vnkg/def/> SELECT ?x (COUNT(*) AS ?n) WHERE "
    "{ ?u vnkg:namedInArticles true ; vnkg:partOf+ ?x . ?x a vnkg:Province }"
    " GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
}


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


def _body(query: str) -> str:
    """The query without its header comments (title, question, their translations)."""
    lines = query.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "\n".join(lines[start:])


def floor_text(rows: int, columns: int) -> str:
    """A query with no join answering `rows` × `columns`: a scan, each object copied per column.

    What writing an answer of that shape costs whatever the query: the floor of a listing."""
    names = " ".join(f"?c{i}" for i in range(columns))
    copies = " ".join(f"BIND (?o AS ?c{i})" for i in range(columns))
    return f"SELECT {names} WHERE {{ {{ SELECT ?o WHERE {{ ?s ?p ?o }} LIMIT {rows} }} {copies} }}"


def largest(store: Store) -> dict[str, NamedNode]:
    """The resource each kind of parameter is bound to on this store (none when it has none)."""
    found = {}
    for kind, text in LARGEST.items():
        result = store.query(text, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        for solution in result:
            if isinstance(solution["x"], NamedNode):
                found[kind] = solution["x"]
    return found


def parameter(text: str, values: dict[str, NamedNode]) -> str | None:
    """The first variable of the query's `# parameters:` line that `values` can bind."""
    line = re.search(r"^# parameters: (.*)$", text, re.MULTILINE)
    names = re.findall(r"\?(\w+)", line[1]) if line else []
    return next((n for n in names if n in values), None)


def bench(
    store_path: Path,
    size: str,
    skip: set[str],
    skip_after: frozenset[str] = frozenset(),
    *,
    quick: bool = False,
) -> dict:
    """Before/after figures of every shipped query on one store, as asked and whole.

    `skip`: "name" (asked) or "name whole" texts not run before, `skip_after`: the same for
    the new texts (too slow at the size before)."""
    store = Store.read_only(str(store_path.resolve()))
    reps, budget = (2, 0.5) if quick else (10, 3.0)
    values = largest(store)
    found: dict = {"size": size, "quads": len(store), "machine": machine(), "queries": {}}
    found["bound to"] = {k: v.value for k, v in values.items()}
    for path in sorted(AFTER.glob("*.rq")):
        name, after = path.stem, path.read_text(encoding="utf-8")
        before = (BEFORE / path.name).read_text(encoding="utf-8")
        bound = parameter(after, values)
        entry: dict = {"parameter": bound, "rewritten": _body(before) != _body(after)}
        for way in ("asked", "whole"):
            if way == "whole" and bound is None:
                entry[way] = entry["asked"]
                continue
            key = name if way == "asked" else f"{name} whole"
            texts = {"before": before, "after": after}
            if way == "asked" and bound is not None:
                given = {Variable(bound): values[bound]}
                texts = {k: sparqltext.bind(t, given) for k, t in texts.items()}
            figures: dict = {"before": None, "after": None, "rows": None, "columns": None}
            if key not in skip_after:
                ms, figures["rows"], figures["columns"] = timed(store, texts["after"], reps, budget)
                figures["after"] = ms
            if key not in skip:
                same = not entry["rewritten"] and figures["after"] is not None
                figures["before"] = (
                    figures["after"] if same else timed(store, texts["before"], reps, budget)[0]
                )
            if way == "whole" and figures["rows"]:
                shape = floor_text(figures["rows"], figures["columns"])
                figures["floor"] = timed(store, shape, reps, budget)[0]
            entry[way] = figures
        found["queries"][name] = entry
        print(
            f"  {name}: asked {entry['asked']['after']} ms, whole {entry['whole']['after']} ms",
            flush=True,
        )
    return found


def slow(found: dict, key: str = "before") -> set[str]:
    """The texts (`name` asked, `name whole`) whose `key` version is too slow for the next size."""
    out = set()
    for name, q in found["queries"].items():
        for way, label in (("asked", name), ("whole", f"{name} whole")):
            if (q[way][key] or 1e9) / 1000 > SKIP_NEXT:
                out.add(label)
    return out


def _ms(value: float | None) -> str:
    if value is None:
        return "not run"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _ratio(q: dict) -> str:
    both = q["before"] and q["after"]
    return f"{q['before'] / q['after']:.1f}×" if both else "–"


def _shape(q: dict) -> str:
    return "–" if q["rows"] is None else f"{q['rows']:,} × {q['columns']}"


def table(found: dict) -> list[str]:
    """The Markdown table of one size."""
    target = TARGET_MS.get(found["size"])
    head = f"### {found['size']} ({found['quads']:,} quads; load average {found['machine']['load average at start']})"
    bound = ", ".join(f"?{k} = <{v}>" for k, v in found.get("bound to", {}).items())
    out = [head, "", f"Bound to: {bound or 'nothing (no source, place or province)'}.", "",
           "| query | asked about | rows × columns | before p50 ms | after p50 ms | before / after | target "
           "| whole: rows × columns | whole: before ms | whole: after ms | whole: floor ms |",
           "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"]  # fmt: skip
    for name, q in found["queries"].items():
        asked, whole = q["asked"], q["whole"]
        met = "–" if target is None else ("yes" if (asked["after"] or 1e9) < target else "**no**")
        label = name if q["rewritten"] else f"{name} (unchanged)"
        about = f"one ?{q['parameter']}" if q["parameter"] else "whole"
        rest = ("same", "", "", "") if q["parameter"] is None else (
            _shape(whole), _ms(whole["before"]), _ms(whole["after"]),
            _ms(whole.get("floor")) if whole["rows"] else "–")  # fmt: skip
        out.append(
            f"| {label} | {about} | {_shape(asked)} | {_ms(asked['before'])} | {_ms(asked['after'])} "
            f"| {_ratio(asked)} | {met} | {' | '.join(rest)} |"
        )
    return out


def slowest(found: dict, way: str) -> tuple[str, float | None]:
    """The shipped query slowest `way` ("asked" or "whole") at one size, and its p50 ms
    (None: some query was not run, too slow at the size before)."""
    times = {name: q[way]["after"] for name, q in found["queries"].items()}
    if any(ms is None for ms in times.values()):
        return next(name for name, ms in times.items() if ms is None), None
    name = max(times, key=lambda n: times[n])
    return name, times[name]


def targets(sizes: dict[str, dict]) -> list[str]:
    """The issue's table: the slowest shipped query per size, as asked and whole."""
    out = ["| size | slowest as asked | p50 ms | target | met | slowest whole | p50 ms |",
           "|---|---|---:|---|---|---|---:|"]  # fmt: skip
    for size in [s for s in SIZES if s in sizes]:
        asked, whole = slowest(sizes[size], "asked"), slowest(sizes[size], "whole")
        target = TARGET_MS.get(size)
        met = "–" if target is None else ("yes" if (asked[1] or 1e9) < target else "**no**")
        goal = "–" if target is None else f"< {target:,.0f} ms"
        out.append(
            f"| {size} | {asked[0]} | {_ms(asked[1])} | {goal} | {met} | {whole[0]} "
            f"| {_ms(whole[1])} |"
        )
    return out


def write(path: Path, sizes: dict[str, dict]) -> None:
    """The per-query section of RESULTS.md, every size measured so far."""
    lines = ["## Competency queries before and after the summary graph (`benchmarks/competency.py`)",
             "", "In process, p50 of up to 10 runs (3 s budget), answer serialised as SPARQL JSON. "
             "Target (issue #18): < 100 ms at 1m, < 1 s at 10m, judged on each query as asked: "
             "bound to the largest source, place or province its `# parameters:` line names "
             "(`vnkg query --bind`), whole when it names none. The whole listings beside it "
             "(every fact of every source: tens of thousands of rows) are what `/export.csv` "
             "serves, made once per build. Their floor is a query with no join answering as many "
             "rows and columns (a scan, each value copied per column): what writing an answer "
             "of that shape as JSON costs in pyoxigraph, whatever the query."]  # fmt: skip
    lines += ["", *targets(sizes)]
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
