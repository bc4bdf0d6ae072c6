"""One client for every server: SPARQL GET over keep-alive HTTP/1.1, and the in-process floor."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from measure import percentile
from pyoxigraph import QueryResultsFormat, Store

JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Sample:
    """Latencies of one query on one target (ms), and the failures seen."""

    times_ms: tuple[float, ...]
    errors: tuple[str, ...] = ()

    @property
    def p50(self) -> float:
        return percentile(self.times_ms, 0.50)

    @property
    def p99(self) -> float:
        return percentile(self.times_ms, 0.99)


class Http:
    """A keep-alive connection to one SPARQL endpoint URL; reconnects after a failure."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname or "", parts.port or 80, parts.path
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def __call__(self, query: str) -> str | None:
        """Run `query`; None on success, else the failure (status or exception)."""
        target = f"{self.path}?{urllib.parse.urlencode({'query': query})}"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request("GET", target, headers={"Accept": JSON})
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return type(error).__name__
        if response.will_close:
            self.close()
        return None if response.status == 200 else f"HTTP {response.status}"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class InProcess:
    """The overhead floor: the same query on pyoxigraph in this process, serialised as JSON."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, query: str) -> str | None:
        result = self.store.query(query, use_default_graph_as_union=True)
        result.serialize(format=QueryResultsFormat.JSON)  # type: ignore[union-attr]
        return None

    def close(self) -> None:
        """Nothing to close."""


Runner = Callable[[str], str | None]


def made_unique(query: str, n: int) -> str:
    """`query` made unique by a comment: a result cache evaluates it anew, an engine ignores it."""
    return f"{query}\n# {n}"


def latency(run: Runner, query: str, *, reps: int, budget: float) -> Sample:
    """Sequential latencies after one warm-up: `reps` runs, fewer when `budget` s is spent.

    A query whose first (cold) run alone exceeds the budget is reported by that run only.
    Each run is made unique (a comment), so that vnkg's result cache does not answer it: this
    measures evaluation (benchmarks/serving.py measures the cache).
    """
    start = time.perf_counter()
    error = run(made_unique(query, 0))
    first = (time.perf_counter() - start) * 1000
    if error:
        return Sample((), (error,))
    if first > budget * 1000:
        return Sample((first,))
    errors: list[str] = []
    times: list[float] = []
    spent_until = time.perf_counter() + budget
    while len(times) < reps and (time.perf_counter() < spent_until or len(times) < 1):
        start = time.perf_counter()
        error = run(made_unique(query, len(times) + 1))
        if error:
            errors.append(error)
            break
        times.append((time.perf_counter() - start) * 1000)
    return Sample(tuple(times), tuple(errors))


def throughput(
    make: Callable[[], Runner],
    queries: Sequence[str],
    *,
    clients: int,
    seconds: float,
    unique: bool = True,
) -> tuple[float, int]:
    """Answered queries per second with `clients` concurrent clients, and the failures.

    `unique`: each query made unique by a comment (evaluated, never answered from a cache).
    """
    done, failed = [0] * clients, [0] * clients
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        run = make()
        turn = index
        while time.perf_counter() < deadline:
            query = queries[turn % len(queries)]
            error = run(made_unique(query, turn * clients + index) if unique else query)
            turn += 1
            if error:
                failed[index] += 1
            else:
                done[index] += 1
        getattr(run, "close", lambda: None)()

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start), sum(failed)
