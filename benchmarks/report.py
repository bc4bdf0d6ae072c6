"""benchmarks/RESULTS.md: the tables and ratios of one `make bench` run, between markers.

Only the text between START and END is replaced, so sections others append (the load test)
and the hand-written analysis below the tables survive a new run.
"""

from __future__ import annotations

import statistics
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BUILD_START, BUILD_END = "<!-- build:start -->", "<!-- build:end -->"
BUILD_RATIO, BUNDLED_RATIO = 2.0, 3.0  # issue #18: build / floor at 1m, bundled / its floor
TARGETS = ("in-process", "vnkg", "vnkg-no-pool", "oxigraph", "rdflib-endpoint")


def write(path: Path, results: dict) -> None:
    """Replace the generated sections of `path` (or create the file) with `results`."""
    write_build(path, results)
    splice(path, START, END, section(results))


def write_build(path: Path, results: dict) -> None:
    """Replace the build section of `path`: build, validation and floors per size."""
    lines = ["## Build and validation (`make bench`)", ""]
    lines += ["| machine | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in results["machine"].items()]
    lines += ["", *build_table(results["sizes"]), *bundled_lines(results.get("bundled"))]
    lines += ["", *profile_table(results.get("profile")), "", *build_targets(results)]
    splice(path, BUILD_START, BUILD_END, lines)


def splice(path: Path, start: str, end: str, lines: list[str]) -> None:
    """Put `lines` between the `start` and `end` markers of `path` (appended if missing),
    keeping every other section of the file."""
    body = "\n".join([start, *lines, end])
    old = path.read_text(encoding="utf-8") if path.exists() else "# vnkg benchmarks\n\n"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + body + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(new, encoding="utf-8")


def section(results: dict) -> list[str]:
    """The generated Markdown lines."""
    lines = ["## Performance and scale (`make bench`)", ""]
    lines += ["| machine | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in results["machine"].items()]
    for size in results["endpoint"]:
        lines += ["", *latency_table(size)]
    lines += ["", *throughput_table(results["endpoint"]), "", *targets(results)]
    return lines


def _mib(value: float) -> str:
    return f"{value:,.0f}"


def build_table(sizes: list[dict]) -> list[str]:
    """Build, export and floors per size."""
    out = [
        "### Build and export",
        "",
        "`vnkg build --no-gazetteer` (the SHACL shapes checked on every record: SHACL `run`),",
        "`vnkg export --format nq`; load average sampled before each size's build;",
        "floor: pyoxigraph `Store.bulk_load` of the exported N-Quads into a fresh store, in a fresh",
        "process; `oxigraph load` is the Rust CLI on the same file; side by side: the same file",
        "loaded as a streamed build loads (graph/store.py's `load`: bulk loads of 32 MiB, two at a",
        "time; benchmarks/side_load.py), in a fresh process. Peak = maximum resident memory.",
        "",
        "| size | observations | quads | SHACL | build s | quads/s | build peak MiB | floor s "
        "| floor peak MiB | build / floor | side by side s | oxigraph load s | export s "
        "| export peak MiB | load |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in sizes:
        build, floor = s["build"], s["floor"]
        side = f"{s['side_load']['seconds']:.1f}" if "side_load" in s else "–"
        out.append(
            f"| {s['size']} | {s['observations']:,} | {s['quads']:,} | {s['shacl']} "
            f"| {build['seconds']:.1f} | {s['quads'] / build['seconds']:,.0f} "
            f"| {_mib(build['peak_mib'])} | {floor['seconds']:.1f} | {_mib(floor['peak_mib'])} "
            f"| {build['seconds'] / floor['seconds']:.2f} | {side} "
            f"| {s['oxigraph_load']['seconds']:.1f} "
            f"| {s['export']['seconds']:.1f} | {_mib(s['export']['peak_mib'])} "
            f"| {s.get('load', '–')} |"
        )
    return out


def bundled_lines(bundled: dict | None) -> list[str]:
    """`vnkg build` of the bundled seeds (gazetteer included) against bulk_load of its export."""
    if not bundled:
        return []
    build, floor = bundled["build"]["seconds"], bundled["floor"]["seconds"]
    return [
        "",
        f"Bundled seeds (`vnkg build`, SHACL and gazetteer included, {bundled['quads']:,} quads): "
        f"build {build:.1f} s, `bulk_load` of its own export {floor:.1f} s: "
        f"**{build / floor:.2f}×** (load average {bundled.get('load', '–')}).",
    ]


def build_targets(results: dict) -> list[str]:
    """The build targets of issue #18, measured."""
    out = ["### Build targets", "", "| target | measured | met |", "|---|---|---|"]
    bundled = results.get("bundled")
    if bundled:
        ratio = bundled["build"]["seconds"] / bundled["floor"]["seconds"]
        out.append(
            f"| bundled `vnkg build` ≤ {BUNDLED_RATIO:.0f}× `bulk_load` of its export "
            f"| {ratio:.2f}× | {_yes(ratio <= BUNDLED_RATIO)} |"
        )
    for s in results["sizes"]:
        ratio = s["build"]["seconds"] / s["floor"]["seconds"]
        goal = f" (target ≤ {BUILD_RATIO:.0f}×)" if s["size"] == "1m" else ""
        met = _yes(ratio <= BUILD_RATIO) if s["size"] == "1m" else "reported"
        out.append(
            f"| {s['size']}: build / floor, SHACL {s['shacl']}{goal} | {ratio:.2f}× | {met} |"
        )
    return out


def profile_table(profile: dict | None) -> list[str]:
    """Seconds per build stage at the profiled size."""
    if not profile:
        return []
    out = [f"### Where the build time goes ({profile['size']}, stages timed as they run)", ""]
    out += ["Rows in parentheses are parts of the row above them, not further stages.", ""]
    out += ["| stage | seconds |", "|---|---:|"]
    out += [f"| {k} | {v:.1f} |" for k, v in profile.items() if k not in ("size", "quads emitted")]
    return out


def _cell(row: dict | None) -> str:
    if row is None:
        return "–"
    if row["errors"]:
        return f"failed ({row['errors'][0]})"
    if row["n"] == 1:
        return f"{row['p50']:.1f} (1 run)"
    return f"{row['p50']:.2f} / {row['p99']:.2f}"


def latency_table(size: dict) -> list[str]:
    """p50 / p99 per query and target at one size, and vnkg's p50 over in-process."""
    targets = [t for t in TARGETS if t in size["targets"]]
    out = [f"### Latency at {size['size']} ({size['quads']:,} quads): ms, p50 / p99", ""]
    out.append("| query | " + " | ".join(targets) + " | vnkg / in-process (p50) |")
    out.append("|---|" + "---:|" * (len(targets) + 1))
    skipped = size.get("skipped", {})
    for name in [*size["targets"]["in-process"]["latency"], *skipped]:
        if name in size["targets"]["in-process"]["latency"] and name in skipped:
            continue
        rows = [size["targets"][t]["latency"].get(name) for t in targets]
        cells = [_cell(r) if r else ("skipped" if name in skipped else "–") for r in rows]
        out.append(f"| {name} | " + " | ".join(cells) + f" | {_ratio(size, name)} |")
    out += ["", *[f"- {name}: {why}" for name, why in skipped.items()]]
    return out


def _ratio(size: dict, name: str) -> str:
    ratio = overhead(size, name)
    return "–" if ratio is None else f"{ratio:.2f}"


def overhead(size: dict, name: str) -> float | None:
    """vnkg's p50 over the in-process p50 for one query."""
    base = size["targets"]["in-process"]["latency"].get(name)
    if base is None:
        return None
    vnkg = size["targets"].get("vnkg", {}).get("latency", {}).get(name)
    if not vnkg or vnkg["errors"] or base["errors"] or not base["p50"]:
        return None
    return float(vnkg["p50"] / base["p50"])


def throughput_table(sizes: list[dict]) -> list[str]:
    """Queries per second of each mix, 4 concurrent clients, and vnkg's ratios."""
    out = ["### Throughput: answered queries per second, 4 concurrent clients", ""]
    out += [
        "The lookup mix cycles through the five lookups; the competency mix through the",
        "competency queries answered in under 1 s in process at that size (how many in brackets).",
        "",
    ]
    out.append(
        "| size | mix | " + " | ".join(TARGETS) + " | vnkg / rdflib-endpoint | vnkg / oxigraph |"
    )
    out.append("|---|---|" + "---:|" * (len(TARGETS) + 2))
    for size in sizes:
        for mix in ("lookup", "competency"):
            rates = {t: size["targets"][t]["throughput"][mix]["qps"] for t in size["targets"]}
            cells = [f"{rates[t]:,.1f}" if t in rates else "–" for t in TARGETS]
            ratios = [_div(rates, "vnkg", other) for other in ("rdflib-endpoint", "oxigraph")]
            count = size["targets"]["in-process"]["throughput"][mix].get("queries", "?")
            row = [f"{mix} ({count})", *cells, *ratios]
            out.append(f"| {size['size']} | " + " | ".join(row) + " |")
    return out


def _div(rates: dict, a: str, b: str) -> str:
    if a not in rates or b not in rates or not rates[b]:
        return "–"
    return f"{rates[a] / rates[b]:.2f}"


def targets(results: dict) -> list[str]:
    """Each target of the issue, the value measured, and whether it is met."""
    out = ["### Targets", "", "| target | measured | met |", "|---|---|---|"]
    for s in results["sizes"]:
        if s["size"] == "10m":
            for what in ("build", "export"):
                peak = s[what]["peak_mib"]
                limit = "" if what == "build" else " (< 500 MB)"
                out.append(
                    f"| 10m {what} peak memory{limit} | {peak:,.0f} MiB "
                    f"| {_yes(peak * 1.048576 < 500) if what == 'export' else 'reported'} |"
                )
    for size in results["endpoint"]:
        small = [
            overhead(size, n)
            for n, r in size["targets"]["in-process"]["latency"].items()
            if r["group"] == "lookup"
        ]
        small = [r for r in small if r is not None]
        if small:
            median = statistics.median(small)
            out.append(
                f"| {size['size']}: vnkg p50 ≤ 1.5× in-process, lookups (median) "
                f"| {median:.2f}× | {_yes(median <= 1.5)} |"
            )
        for other, goal in (("rdflib-endpoint", 5.0), ("oxigraph", 0.5)):
            for mix in ("lookup", "competency"):
                rates = {t: v["throughput"][mix]["qps"] for t, v in size["targets"].items()}
                if rates.get(other):
                    ratio = rates["vnkg"] / rates[other]
                    out.append(
                        f"| {size['size']}: vnkg throughput ≥ {goal}× {other}, {mix} mix "
                        f"| {ratio:.2f}× | {_yes(ratio >= goal)} |"
                    )
    return out


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


SERVING_START, SERVING_END = "<!-- serving:start -->", "<!-- serving:end -->"
PAGE_CALLS, PAGE_MS, PAGE_KB, PAGE_REQUESTS = 10, 300, 300, 10
CACHED_RATIO, UNCACHED_RATIO, LOOKUP_RATIO = 2.0, 0.7, 0.5


def write_serving(path: Path, results: dict) -> None:
    """Replace the serving section of `path` with `results` (benchmarks/serving.py)."""
    splice(path, SERVING_START, SERVING_END, serving_section(results))


def serving_section(results: dict) -> list[str]:
    """The pages and query-mix tables of benchmarks/serving.py, and the targets of #16."""
    machine = results["machine"]
    lines = [
        f"## Serving: pages and the result cache (`benchmarks/serving.py`, {results['size']})",
        "",
        f"{machine['date']}, {machine['cpu']}, load average at start {machine['load average at start']};"
        f" {results['quads']:,} quads. Pages: queries counted in process (first request, nothing"
        " cached); latency through vnkg as deployed (the README's production command), each"
        " request made unique by `?v=` (evaluated) or repeated (cached); `--backend`: the same"
        " app in process over the Oxigraph server (HTTP requests it received).",
        "",
        "| page | status | queries | KB | p50 ms | p99 ms | cached p50 ms | remote: requests | remote p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in results["pages"].items():
        lines.append(
            f"| {name} | {p['status']} | {p['calls']} | {p['kb']:.0f} | {p['p50']:.1f} | "
            f"{p['p99']:.1f} | {p['cached_p50']:.2f} | {p['remote_requests']} | {p['remote_p50']:.1f} |"
        )
    lines += ["", *mix_table(results["mixes"]), "", *serving_targets(results)]
    return lines


def mix_table(mixes: dict) -> list[str]:
    """Queries per second, 4 clients, repeated (vnkg: from its cache) and made unique."""
    out = [
        "Query mixes, 4 concurrent clients, the same client (`benchmarks/client.py`) on both:"
        " repeated as they are, and each made unique by a comment.",
        "",
        "| mix | vnkg repeated | vnkg unique | oxigraph repeated | oxigraph unique "
        "| repeated / oxigraph | unique / oxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mix, r in mixes.items():
        out.append(
            f"| {mix} ({r['queries']}) | {r['vnkg repeated']:,.1f} | {r['vnkg unique']:,.1f} "
            f"| {r['oxigraph repeated']:,.1f} | {r['oxigraph unique']:,.1f} "
            f"| {r['vnkg repeated'] / r['oxigraph repeated']:.2f} "
            f"| {r['vnkg unique'] / r['oxigraph unique']:.2f} |"
        )
    return out


def serving_targets(results: dict) -> list[str]:
    """Each target of issue #16 at this size, measured, met or not."""
    size, pages = results["size"], results["pages"]
    worst = {
        k: max(p[k] for p in pages.values()) for k in ("calls", "p50", "kb", "remote_requests")
    }
    out = ["| target | measured (worst page) | met |", "|---|---|---|"]
    for key, goal, text in (
        ("calls", PAGE_CALLS, f"{size}: a page ≤ {PAGE_CALLS} store calls"),
        ("p50", PAGE_MS, f"{size}: a page p50 < {PAGE_MS} ms"),
        ("kb", PAGE_KB, f"{size}: a page < {PAGE_KB} KB"),
        (
            "remote_requests",
            PAGE_REQUESTS,
            f"{size}: a page ≤ {PAGE_REQUESTS} HTTP requests (--backend)",
        ),
    ):
        met = worst[key] <= goal if key in ("calls", "remote_requests") else worst[key] < goal
        out.append(f"| {text} | {worst[key]:,.1f} | {_yes(met)} |")
    mixes = results["mixes"]
    for mix, r in mixes.items():
        cached = r["vnkg repeated"] / r["oxigraph repeated"]
        out.append(
            f"| {size}: cached ≥ {CACHED_RATIO}× Oxigraph, {mix} | {cached:.2f}× | {_yes(cached >= CACHED_RATIO)} |"
        )
        goal = LOOKUP_RATIO if mix == "lookup" else UNCACHED_RATIO
        uncached = r["vnkg unique"] / r["oxigraph unique"]
        out.append(
            f"| {size}: uncached ≥ {goal}× Oxigraph, {mix} | {uncached:.2f}× | {_yes(uncached >= goal)} |"
        )
    return out
