"""Endpoint benchmark of one size: the same queries, same client, on every target.

Targets: pyoxigraph in this process (the overhead floor), vnkg over HTTP (production
command), the Oxigraph server, and rdflib-endpoint where it can load the data in time.

Some competency queries grow much faster than the data (an ORDER BY over every fact, a
self-join of all observations). So that a run ends: a query that took more than SLOW s
in process is not sent to the servers (its time is the engine's, not HTTP's), one that took
more than NEXT_SIZE s is not run at the next size, and the competency throughput mix holds
only the queries answered in under MIX s in process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import servers
from client import Http, InProcess, Runner, latency, throughput
from pyoxigraph import Store
from queries import competency, lookups

CLIENTS = 4
FULL = {"lookup_reps": 200, "lookup_budget": 2.0, "cq_reps": 10, "cq_budget": 3.0,
        "lookup_seconds": 4.0, "cq_seconds": 6.0}  # fmt: skip
QUICK = {"lookup_reps": 5, "lookup_budget": 0.2, "cq_reps": 2, "cq_budget": 0.5,
         "lookup_seconds": 0.5, "cq_seconds": 0.5}  # fmt: skip
SLOW, NEXT_SIZE, MIX = 10.0, 1.0, 1.0
RDFLIB_TIMEOUT = 30.0
TIMEOUT = 900.0


def all_queries() -> dict[str, tuple[str, str]]:
    """name -> (group, text) of every benchmark query."""
    named = {n: ("lookup", q) for n, q in lookups().items()}
    return named | {n: ("competency", q) for n, q in competency().items()}


def measure(
    make: Callable[[], Runner],
    queries: dict[str, tuple[str, str]],
    mixes: dict[str, list[str]],
    settings: dict[str, float],
) -> dict:
    """Latency of each query (sequential), then the throughput of each mix of query names."""
    run = make()
    out: dict = {"latency": {}, "throughput": {}}
    for name, (group, text) in queries.items():
        reps, budget = (settings[f"{'cq' if group == 'competency' else group}_{k}"]
                        for k in ("reps", "budget"))  # fmt: skip
        sample = latency(run, text, reps=int(reps), budget=budget)
        out["latency"][name] = {
            "group": group,
            "n": len(sample.times_ms),
            "p50": sample.p50,
            "p99": sample.p99,
            "errors": list(sample.errors),
        }
        print(f"  {name}: p50 {sample.p50:.2f} ms {sample.errors or ''}", flush=True)
    getattr(run, "close", lambda: None)()
    for mix, names in mixes.items():
        ok = [n for n in names if n in out["latency"] and not out["latency"][n]["errors"]]
        texts = [queries[n][1] for n in ok]
        seconds = settings["lookup_seconds" if mix == "lookup" else "cq_seconds"]
        rate, failed = (
            throughput(make, texts, clients=CLIENTS, seconds=seconds) if texts else (0, 0)
        )
        out["throughput"][mix] = {"qps": rate, "failed": failed, "queries": len(texts)}
        print(f"  throughput {mix}: {rate:.1f}/s over {len(texts)} ({failed} failed)", flush=True)
    return out


def bench(built: dict, with_rdflib: bool, skip: dict[str, str], *, quick: bool = False) -> dict:
    """Every target on one built size; `skip` maps query names to why they are left out."""
    settings, paths = QUICK if quick else FULL, built["paths"]
    everything = all_queries()
    queries = {n: q for n, q in everything.items() if n not in skip}
    lookup_names = [n for n, (group, _) in queries.items() if group == "lookup"]
    result: dict = {"size": built["size"], "quads": built["quads"], "targets": {}}
    print(" in-process", flush=True)
    floor = InProcess(Store.read_only(str(Path(paths["store"]).resolve())))
    floor_mixes = {"lookup": lookup_names}
    measured = measure(lambda: floor, queries, floor_mixes, settings)
    times = {n: r["p50"] / 1000 for n, r in measured["latency"].items() if not r["errors"]}
    slow = {n: f"{times.get(n, 0):.0f} s in process" for n in queries if times.get(n, SLOW) >= SLOW}
    fast = [n for n, (g, _) in queries.items() if g == "competency" and times.get(n, MIX) < MIX]
    mixes = {"lookup": lookup_names, "competency": fast}
    texts = [queries[n][1] for n in fast]
    rate, failed = throughput(lambda: floor, texts, clients=CLIENTS, seconds=settings["cq_seconds"])
    measured["throughput"]["competency"] = {"qps": rate, "failed": failed, "queries": len(fast)}
    result["targets"]["in-process"] = measured
    served = {n: q for n, q in queries.items() if n not in slow}
    starts = [
        ("vnkg", lambda: servers.vnkg(Path(paths["store"])), TIMEOUT),
        ("vnkg-no-pool", lambda: servers.vnkg(Path(paths["store"]), pool=False), TIMEOUT),
        ("oxigraph", lambda: servers.oxigraph(Path(paths["oxigraph"])), TIMEOUT),
    ]
    if with_rdflib:
        rdflib = ("rdflib-endpoint", lambda: servers.rdflib_endpoint(Path(paths["nquads"])))
        starts.append((*rdflib, RDFLIB_TIMEOUT))
    for name, start, timeout in starts:
        print(f" {name}", flush=True)
        with start() as server:
            make = lambda url=server.url, t=timeout: Http(url, t)  # noqa: E731
            measured = measure(make, served, mixes, settings)
            measured["startup_seconds"] = server.startup_seconds
            result["targets"][name] = measured
    result["skipped"] = {**skip, **{n: f"not sent to servers: {why}" for n, why in slow.items()}}
    result["next_skip"] = {
        **skip,
        **{
            n: f"{t:.1f} s in process at {built['size']}" for n, t in times.items() if t > NEXT_SIZE
        },
    }
    result["mix"] = {"lookup": lookup_names, "competency": fast}
    return result
