"""Endpoint benchmark of one size: the same queries, same client, on every target.

Targets: pyoxigraph in this process (the overhead floor), vnkg over HTTP (production
command), the Oxigraph server, and rdflib-endpoint where it can load the data in time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import servers
from client import Http, InProcess, Runner, latency, throughput
from pyoxigraph import Store
from queries import competency, lookups

CLIENTS = 4
FULL = {"lookup_reps": 200, "lookup_budget": 3.0, "cq_reps": 20, "cq_budget": 5.0,
        "lookup_seconds": 5.0, "cq_seconds": 10.0}  # fmt: skip
QUICK = {"lookup_reps": 5, "lookup_budget": 0.2, "cq_reps": 2, "cq_budget": 0.5,
         "lookup_seconds": 0.5, "cq_seconds": 0.5}  # fmt: skip
RDFLIB_TIMEOUT = 120.0
TIMEOUT = 900.0


def measure(make: Callable[[], Runner], settings: dict[str, float]) -> dict:
    """Latency of each query (sequential), then throughput of the lookup and competency mixes."""
    run = make()
    small, named = lookups(), competency()
    out: dict = {"latency": {}, "throughput": {}}
    for group, queries, reps, budget in (
        ("lookup", small, settings["lookup_reps"], settings["lookup_budget"]),
        ("competency", named, settings["cq_reps"], settings["cq_budget"]),
    ):
        for name, text in queries.items():
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
    for group, queries, seconds in (
        ("lookup", list(small.values()), settings["lookup_seconds"]),
        ("competency", list(named.values()), settings["cq_seconds"]),
    ):
        rate, failed = throughput(make, queries, clients=CLIENTS, seconds=seconds)
        out["throughput"][group] = {"qps": rate, "failed": failed}
        print(f"  throughput {group}: {rate:.1f}/s ({failed} failed)", flush=True)
    return out


def bench(built: dict, with_rdflib: bool, *, quick: bool = False) -> dict:
    """Every target on the store, N-Quads and Oxigraph store of one built size."""
    settings = QUICK if quick else FULL
    paths = built["paths"]
    result: dict = {"size": built["size"], "quads": built["quads"], "targets": {}}
    print(" in-process", flush=True)
    floor = InProcess(Store.read_only(str(Path(paths["store"]).resolve())))
    result["targets"]["in-process"] = measure(lambda: floor, settings)

    starts = [
        ("vnkg", lambda: servers.vnkg(Path(paths["store"])), TIMEOUT),
        ("oxigraph", lambda: servers.oxigraph(Path(paths["oxigraph"])), TIMEOUT),
    ]
    if with_rdflib:
        starts.append(
            (
                "rdflib-endpoint",
                lambda: servers.rdflib_endpoint(Path(paths["nquads"])),
                RDFLIB_TIMEOUT,
            )
        )
    for name, start, timeout in starts:
        print(f" {name}", flush=True)
        with start() as server:
            measured = measure(lambda url=server.url, t=timeout: Http(url, t), settings)
            measured["startup_seconds"] = server.startup_seconds
            result["targets"][name] = measured
    return result
