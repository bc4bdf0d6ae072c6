"""The serving path at one size (issue #16): pages and the result cache, against Oxigraph.

    .venv/bin/python benchmarks/serving.py --store STORE [--oxigraph DIR] [--quick] [--write]

- Pages: the queries each page costs (a counting store, in process), its size, its latency
  through vnkg as deployed (gunicorn, the production app; each request made unique by a
  `?v=` parameter, so that the result cache cannot answer) and cached (the same URL again);
  over the Oxigraph server (`--backend`): the HTTP requests a page sends it, and its latency.
- Query mixes: the lookups and the competency queries answered in under a second in
  process, 4 concurrent clients, through the same client on vnkg and on the Oxigraph server
  loaded from the same export: repeated as they are (vnkg answers from its cache) and each
  made unique by a comment (evaluated every time).

`--write` puts the tables in RESULTS.md between the serving markers; `make bench` runs it
at the profiled size. Without `--oxigraph`, the store is exported and loaded by `oxigraph load`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import report
import servers
from client import Http, InProcess, latency, throughput
from endpoint import CLIENTS, MIX, all_queries
from generate import FIRST_YEAR
from measure import machine, percentile, run
from pyoxigraph import Store
from vnkg.graph.remote.client import Client
from vnkg.graph.remote.endpoint import RemoteStore
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HTML = {"Accept": "text/html"}


def pages() -> list[tuple[str, str]]:
    """(name, path) of the pages measured, on entities every generated size has."""
    return [
        ("province", "/id/province/p01"),
        ("commune", "/id/commune/p01-d01-c01"),
        ("indicator", "/def/indicator/poverty-rate"),
        ("indicator, page 3", "/def/indicator/poverty-rate?page=3"),
        ("class", "/def/Commune"),
        ("observation", f"/id/observation/p01-y{FIRST_YEAR}-d01-c01-poverty-rate"),
        ("source", f"/id/source/p01-y{FIRST_YEAR}"),
        ("source graph", f"/graph/source/p01-y{FIRST_YEAR}"),
        ("search", "/search?q=p01-d01"),
    ]


class CountingStore:
    """A local store that counts the queries the app sends it."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner, self.calls, self.path = inner, 0, None

    def query(self, sparql: str, **options: Any) -> Any:
        self.calls += 1
        return self.inner.query(sparql, **options)

    def named_graphs(self) -> Any:
        return self.inner.named_graphs()


class CountingClient(Client):
    """The remote store's HTTP client, counting requests."""

    sent = 0

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.sent += 1
        return super().request(*args, **kwargs)


def costs(store: Path) -> dict[str, dict[str, float]]:
    """Queries, bytes and in-process milliseconds of each page's first (uncached) request."""
    counting = CountingStore(GraphStore.open(store))
    app = create_app(store=counting, test_config={"TESTING": True})  # type: ignore[arg-type]
    client = app.test_client()
    client.get("/search?q=warm-up", headers=HTML)  # the search index: once per build
    found = {}
    for name, path in pages():
        counting.calls = 0
        start = time.perf_counter()
        response = client.get(path, headers=HTML)
        seconds = time.perf_counter() - start
        found[name] = {"status": response.status_code, "calls": counting.calls,
                       "kb": len(response.data) / 1024, "in_process_ms": seconds * 1000}  # fmt: skip
    return found


def page_times(base: str, path: str, n: int, *, unique: bool) -> list[float]:
    """Milliseconds of `n` GETs of `path` on one keep-alive connection (after one warm-up)."""
    host, port = base.removeprefix("http://").split("/")[0].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    times = []
    for i in range(n + 1):
        glue = "&" if "?" in path else "?"
        target = f"{path}{glue}v={time.monotonic_ns()}" if unique else path
        start = time.perf_counter()
        conn.request("GET", target, headers=HTML)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{target}: HTTP {response.status}")
        if i:
            times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def served_pages(store: Path, n: int) -> dict[str, dict[str, float]]:
    """p50/p99 of each page through vnkg as deployed, uncached (unique URLs) and cached."""
    found = {}
    with servers.vnkg(store) as server:
        base = server.url.removesuffix("/sparql")
        for name, path in pages():
            cold, warm = (
                page_times(base, path, n, unique=True),
                page_times(base, path, n, unique=False),
            )
            found[name] = {"p50": percentile(cold, 0.5), "p99": percentile(cold, 0.99),
                           "cached_p50": percentile(warm, 0.5)}  # fmt: skip
    return found


def remote_pages(query_url: str, n: int) -> dict[str, dict[str, float]]:
    """HTTP requests to the Oxigraph server per page (uncached), and the page's p50 (in process)."""
    client = CountingClient()
    app = create_app(store=RemoteStore(query_url, client=client), test_config={"TESTING": True})
    web = app.test_client()
    web.get("/status")  # the build's id (the graphs' sizes): every REMOTE_CACHE_SECONDS
    web.get("/search?q=warm-up", headers=HTML)
    found = {}
    for name, path in pages():
        before = client.sent
        web.get(path, headers=HTML)
        requests = client.sent - before
        times = []
        for i in range(n):
            start = time.perf_counter()
            glue = "&" if "?" in path else "?"
            web.get(f"{path}{glue}v={i}", headers=HTML)
            times.append((time.perf_counter() - start) * 1000)
        found[name] = {"requests": requests, "p50": percentile(times, 0.5)}
    return found


def mixes(store: Path, quick: bool) -> dict[str, list[str]]:
    """The lookups, and the competency queries answered in under MIX s in process."""
    floor = InProcess(Store.read_only(str(store.resolve())))
    queries = all_queries()
    fast = []
    for group, text in queries.values():
        if group == "competency":
            sample = latency(floor, text, reps=1, budget=MIX)
            if not sample.errors and sample.p50 < MIX * 1000:
                fast.append(text)
    lookups = [text for group, text in queries.values() if group == "lookup"]
    return {"lookup": lookups, "competency": fast}


def mix_rates(store: Path, oxigraph: Path, quick: bool) -> dict[str, dict[str, float]]:
    """Queries per second of each mix on vnkg and Oxigraph, repeated and made unique."""
    seconds = 1.0 if quick else 5.0
    found: dict[str, dict[str, float]] = {}
    chosen = mixes(store, quick)
    for target, start in (
        ("vnkg", lambda: servers.vnkg(store)),
        ("oxigraph", lambda: servers.oxigraph(oxigraph)),
    ):
        with start() as server:
            make = lambda url=server.url: Http(url, 600)  # noqa: E731
            for mix, texts in chosen.items():
                warm = make()
                for text in texts:  # the repeated mix in its steady state: each answer cached
                    warm(text)
                for mode in ("repeated", "unique"):
                    rate, failed = throughput(
                        make, texts, clients=CLIENTS, seconds=seconds, unique=mode == "unique"
                    )
                    found.setdefault(mix, {"queries": len(texts)})[f"{target} {mode}"] = rate
                    print(f"  {target} {mix} {mode}: {rate:.1f}/s ({failed} failed)", flush=True)
    return found


def loaded(store: Path, work: Path) -> Path:
    """An Oxigraph server store of the same data: `vnkg export`, then `oxigraph load`."""
    nquads, target = work / "export.nq", work / "oxigraph"
    run(
        [str(BIN / "vnkg"), "export", "--store", str(store), "--format", "nq", "-o", str(nquads)]
    ).check("export")
    run([str(BIN / "oxigraph"), "load", "--location", str(target), "--file", str(nquads)]).check(
        "oxigraph load"
    )
    return target


def bench(store: Path, oxigraph: Path, *, quick: bool = False) -> dict[str, Any]:
    """Every measure of this module at one built size."""
    n = 5 if quick else 30
    print("[serving] page costs", flush=True)
    result: dict[str, Any] = {"quads": len(GraphStore.open(store)), "pages": costs(store)}
    print("[serving] pages served", flush=True)
    for name, times in served_pages(store, n).items():
        result["pages"][name].update(times)
    print("[serving] pages over the Oxigraph server", flush=True)
    with servers.oxigraph(oxigraph) as server:
        for name, found in remote_pages(server.url, n).items():
            result["pages"][name].update({f"remote_{k}": v for k, v in found.items()})
    print("[serving] query mixes", flush=True)
    result["mixes"] = mix_rates(store, oxigraph, quick)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--oxigraph", type=Path, help="an Oxigraph server store of the same data")
    parser.add_argument("--size", default="", help="the size's name, for the report")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true", help="splice the tables into RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnkg-serving-") as tmp:
        oxigraph = args.oxigraph or loaded(args.store, Path(tmp))
        results = {
            "machine": machine(),
            "size": args.size,
            **bench(args.store, oxigraph, quick=args.quick),
        }
    print(json.dumps(results, indent=1))
    if args.write:
        report.write_serving(HERE / "RESULTS.md", results)


if __name__ == "__main__":
    main()
