"""Load test: concurrent clients against the production command on 127.0.0.1 (not a test).

    .venv/bin/python benchmarks/load.py [--store DIR] [--clients 50] [--seconds 30] [--write]

Starts the README's production command (granian, 2 workers, query timeout 10 s)
over the store (default: the bundled seeds, built into a temporary directory), then runs two
phases of `--seconds` each: "mix", where every client loops over the competency queries
(ontology/queries/*.rq) and hostile requests (syntax errors, SERVICE, updates, LOAD, Graph
Store writes, long URLs, big bodies, oversized results, parser-crashing nesting, bad headers);
and "mix + runaways", the same with two more clients sending runaway queries back to back.
Prints throughput, p50/p99 latency and the status counts per phase. Any 5xx other than the
runaway queries' own 503 counts as a failure (exit status 1). `--write` puts the figures in
benchmarks/RESULTS.md between the `load:start`/`load:end` markers (other sections are kept).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import servers
from measure import store_or_bundled
from report import splice

HERE = Path(__file__).parent
QUERIES = HERE.parent / "ontology" / "queries"
BIN = Path(sys.executable).parent
START, END = "<!-- load:start -->", "<!-- load:end -->"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Call:
    """One kind of request: a name, whether it is hostile, and what to send."""

    name: str
    hostile: bool
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def form(query: str, key: str = "query") -> bytes:
    return urllib.parse.urlencode({key: query}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}


def calls() -> list[Call]:
    """The competency queries, then the hostile requests."""
    mix = [
        Call(p.stem, False, "POST", "/sparql", form(p.read_text("utf-8")), FORM)
        for p in sorted(QUERIES.glob("*.rq"))
    ]
    q = urllib.parse.quote
    return [
        *mix,
        Call("syntax-error", True, "GET", "/sparql?query=" + q("SELECT * WHERE { ?s"), headers={"Accept": JSON}),
        Call("service", True, "POST", "/sparql", form("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), FORM),
        Call("update", True, "POST", "/sparql", form("DROP ALL", "update"), FORM),
        Call("update-direct", True, "POST", "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
        Call("load", True, "POST", "/sparql", form("LOAD <http://127.0.0.1:9/x>", "update"), FORM),
        Call("graph-store-put", True, "PUT", "/store?graph=" + q("https://example.org/g"), b"<a> <b> <c> .", {"Content-Type": "application/n-triples"}),
        Call("long-url", True, "GET", "/sparql?query=" + q("ASK {}" + " " * 40_000)),
        Call("big-body", True, "POST", "/sparql", b"ASK {}" + b" " * (2 << 20), {"Content-Type": "application/sparql-query"}),
        Call("result-too-large", True, "POST", "/sparql", form("SELECT * WHERE { ?s ?p ?o }"), FORM),
        Call("deep-nesting", True, "POST", "/sparql", form("ASK { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"), FORM),
        Call("operator-chain", True, "POST", "/sparql", form("ASK { FILTER(" + "+".join(["1"] * 8000) + ") }"), FORM),
        Call("not-acceptable", True, "GET", "/sparql?query=" + q("ASK {}"), headers={"Accept": "image/png"}),
        Call("bad-graph-iri", True, "GET", "/sparql?query=" + q("ASK {}") + "&default-graph-uri=not%20an%20iri", headers={"Accept": JSON}),
        Call("not-utf-8", True, "POST", "/sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}),
        Call("no-such-page", True, "GET", "/no/such/page"),
    ]  # fmt: skip


@dataclass
class Tally:
    """What one phase saw: (call name, status, seconds) per request, and client-side errors."""

    results: list[tuple[str, int, float]] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, status: int, seconds: float) -> None:
        with self.lock:
            self.results.append((name, status, seconds))
            self.finished.append(time.perf_counter())


def send(connection: http.client.HTTPConnection, call: Call) -> int:
    """One exchange on `connection`; its status."""
    connection.request(call.method, call.path, body=call.body or None, headers=call.headers)
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()
    return response.status


def client(port: int, pool: list[Call], stop: threading.Event, tally: Tally, seed: int) -> None:
    """Send requests from `pool`, one at a time, until `stop`; status 0 is a connection error.

    Like HTTP client libraries, a request that fails on a kept-alive connection (the server
    may close an idle one just as the request leaves) is sent once more on a new connection.
    """
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while not stop.is_set():
        call = rng.choice(pool)
        start = time.perf_counter()
        status = 0
        for _ in range(2):
            reused = connection.sock is not None
            try:
                status = send(connection, call)
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                if not reused:
                    break
        tally.add(call.name, status, time.perf_counter() - start)
    connection.close()


def runaway(n: int) -> Call:
    """The runaway query of client `n` (a comment makes it its own)."""
    return Call("runaway", True, "POST", "/sparql", form(f"{RUNAWAY}\n# client {n}"), FORM)


def run_phase(port: int, clients: int, runaways: int, seconds: float) -> tuple[Tally, float]:
    """`clients` mixed clients and `runaways` runaway clients for `seconds`; the requests
    in flight at the end are waited for (and counted), the share finished in time returned."""
    mix, tally, stop = calls(), Tally(), threading.Event()
    threads = [
        threading.Thread(target=client, args=(port, mix, stop, tally, i)) for i in range(clients)
    ]
    threads += [  # each runaway client its own query (one shared would run once for both)
        threading.Thread(target=client, args=(port, [runaway(i)], stop, tally, i))
        for i in range(runaways)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    end = time.perf_counter()
    for thread in threads:
        thread.join()
    in_time = sum(1 for finished in tally.finished if finished <= end)
    return tally, in_time / len(tally.finished) if tally.finished else 1.0


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`, in milliseconds."""
    if len(values) < 2:
        return (values or [0.0])[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] * 1000


def summary(
    name: str, tally: Tally, seconds: float, in_time: float, hostile: set[str]
) -> tuple[list[str], int]:
    """Markdown rows for a phase, and its count of unexpected 5xx (and connection errors).

    Throughput counts the requests finished within the phase's `seconds` (`in_time` share).
    """
    rows, bad = [], 0
    groups = {
        "competency queries": [r for r in tally.results if r[0] not in hostile],
        "hostile requests": [r for r in tally.results if r[0] in hostile and r[0] != "runaway"],
        "runaway queries": [r for r in tally.results if r[0] == "runaway"],
        "all": tally.results,
    }
    for group, results in groups.items():
        if not results:
            continue
        times = [r[2] for r in results]
        statuses = collections.Counter(r[1] for r in results)
        unexpected = sum(n for s, n in statuses.items() if s >= 500 or s == 0)
        if group in ("competency queries", "hostile requests"):
            bad += unexpected
        counts = ", ".join(f"{s or 'conn. error'}: {n}" for s, n in sorted(statuses.items()))
        rows.append(
            f"| {name} | {group} | {len(results)} | {len(results) * in_time / seconds:.1f} "
            f"| {percentile(times, 0.5):.0f} | {percentile(times, 0.99):.0f} "
            f"| {unexpected} | {counts} |"
        )
    return rows, bad


def start_server(store: Path, timeout: float) -> tuple[subprocess.Popen[bytes], int]:
    """The README's production command on a free port; returns the process and the port."""
    port = servers.free_port()
    command, _ = servers.production(port)
    command[0] = str(BIN / command[0])
    env = {**os.environ, "VNKG_STORE": str(store), "VNKG_QUERY_TIMEOUT": str(timeout)}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sparql?query=ASK%20%7B%7D", headers={"Accept": JSON})
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("the server did not start")


def report(
    args: argparse.Namespace, quads: int, rows: list[str], bad: int, before: tuple[float, ...]
) -> list[str]:
    """The Markdown section."""
    import pyoxigraph

    load = ", ".join(f"{x:.1f}" for x in before)
    after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    setup = (
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores (load average before the run "
        f"{load}, after {after}: other work shared the machine), Python "
        f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, {quads:,} quads "
        "(the bundled seeds). Server: the README's production command (granian, 2 workers; "
        "each worker keeps 2 query processes, up to 4 when they are busy; query "
        f"timeout {args.timeout:g} s) on 127.0.0.1. Clients: {args.clients} threads in one "
        "Python process on the same cores, one request at a time each, no pause, "
        f"{args.seconds:g} s per phase; `mix + runaways` adds 2 clients sending a 3-pattern "
        "cartesian COUNT back to back. Hostile requests: a syntax error, SERVICE, SPARQL "
        "Update (form and body), LOAD, a Graph Store PUT, a 40 kB URL, a 2 MiB body, a "
        "228 k-row result, 3 000 nested parentheses, an 8 000-term `1+1+…` chain, a refused "
        "Accept, a bad graph IRI, a non-UTF-8 body, a 404. req/s counts the requests "
        "finished within the phase; latencies in ms; 5xx includes connection errors."
    )
    return [
        "## Load test (`benchmarks/load.py`)",
        "",
        setup,
        "",
        "| phase | requests | n | req/s | p50 | p99 | 5xx | statuses |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"5xx or connection errors on competency and hostile requests: **{bad}**. The runaway "
        "queries' 503 (`query-timeout`; `busy` if no query process frees up in time) is "
        "their designed answer. Regenerate: `.venv/bin/python benchmarks/load.py --write`.",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: the bundled seeds)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=10, help="the server's query timeout")
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()
    from vnkg.graph import store

    with tempfile.TemporaryDirectory() as tmp:
        path = store_or_bundled(args.store, tmp)
        quads = len(store.GraphStore.open(path))
        before = os.getloadavg()
        process, port = start_server(path, args.timeout)
        try:
            hostile = {c.name for c in calls() if c.hostile} | {"runaway"}
            rows, bad = [], 0
            for name, runaways in (("mix", 0), ("mix + runaways", 2)):
                tally, in_time = run_phase(port, args.clients, runaways, args.seconds)
                phase_rows, phase_bad = summary(name, tally, args.seconds, in_time, hostile)
                rows, bad = rows + phase_rows, bad + phase_bad
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    lines = report(args, quads, rows, bad, before)
    print("\n".join(lines))
    if args.write:
        splice(HERE / "RESULTS.md", START, END, lines)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
