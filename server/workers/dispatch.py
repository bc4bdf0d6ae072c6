"""Where untrusted queries and updates run: a sandboxed query process, never the web process.

An app over a store on disk starts a `QueryPool` (server/workers/querypool.py) whose processes have no
network (server/workers/sandbox.py); every query and update of `/sparql` runs there, with or without
a QUERY_TIMEOUT (`vnkg serve --timeout 0` means no time limit, not "in this thread"). A query
whose every SERVICE target is on SERVICE_ALLOWLIST runs in a second pool, the only processes
that may connect. An app given a store object (tests, embedding in a program) has no process
to send to and runs queries in the calling thread: that is not a way to serve.

How capacity is shared (README, "Limits"): one client address has at most CLIENT_QUERIES
queries running or waiting (429 past that); at most LONG_QUERIES queries may run longer than
LONG_QUERY_SECONDS, at the lowest CPU priority, and one that turns long when that lane is full
is stopped (503 busy); so the other query processes always serve short queries.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, request
from vnkg.graph import store
from vnkg.server.errors import EndpointError
from vnkg.server.limits import Limits, get_limits
from vnkg.server.state import get_state
from vnkg.server.workers.execution import Spool, run
from vnkg.server.workers.querypool import LaneFull, PoolBusy, QueryPool, QueryTimeout, WorkerDied

POOL, FEDERATED, CLIENTS = "vnkg.querypool", "vnkg.querypool.federated", "vnkg.clients"
WAITS = 3  # a query may wait this many timeouts for a free process (then 503 busy)
WAIT_WITHOUT_TIMEOUT = 30.0  # ... or this many seconds when queries have no time limit
_pool_lock = threading.Lock()
T = TypeVar("T")


def execute(
    job: Any,
    limits: Limits | None = None,
    *,
    federated: bool = False,
    task: Callable[[Any, Any], T] = run,  # type: ignore[assignment]
) -> T:
    """`task(store, job)` for the current app: in a query process when the store is on disk.

    `job` has the spool fields of `execution.Job`; `task` is a module-level function.
    """
    limits = limits or get_limits()
    pool = query_pool(current_app, limits, federated=federated)
    if pool is None:
        return task(get_state().store(), job)
    try:
        with client_slot(limits.client_queries):
            return pool.run(task, job, timeout=limits.timeout, wait=_wait(limits))
    except (QueryTimeout, PoolBusy, WorkerDied) as error:
        Spool(job.spool_bytes, job.spool_dir, job.spool_name).remove()  # a killed query's file
        raise stopped(error, limits.timeout) from None
    except PermissionError:
        raise egress_denied() from None


def apply_update(path: Path, text: str, base_iri: str) -> Path:
    """Apply a SPARQL Update to a new build of the store at `path`, in a query process."""
    limits = get_limits()
    pool = query_pool(current_app, limits)
    assert pool is not None, "updates need a store on disk"
    try:
        with client_slot(limits.client_queries):
            built: str = pool.run(
                _update, str(path), text, base_iri, timeout=None, wait=_wait(limits), fair=False
            )
    except (PoolBusy, WorkerDied) as error:
        raise stopped(error, limits.timeout) from None
    except PermissionError:
        raise egress_denied() from None
    return Path(built)


def _update(live: object, path: str, text: str, base_iri: str) -> str:
    """The update job: a copy of the live build, updated and swapped in (graph/store.py)."""
    return str(store.update(Path(path), text, base_iri=base_iri))


def _wait(limits: Limits) -> float:
    return WAITS * limits.timeout if limits.timeout else WAIT_WITHOUT_TIMEOUT


def stopped(error: Exception, timeout: float | None) -> EndpointError:
    """The 503 of a query the pool stopped, or could not start."""
    if isinstance(error, QueryTimeout):
        message = f"the query ran longer than {timeout:g} s and was stopped"
        return EndpointError(503, "query-timeout", message)
    if isinstance(error, LaneFull):
        message = "as many long-running queries as the server allows are running; retry later"
        return EndpointError(503, "busy", message, retry_after=5)
    if isinstance(error, PoolBusy):
        message = "every query worker stayed busy; retry later"
        return EndpointError(503, "busy", message, retry_after=1)
    message = "the query was stopped: it went over the memory (or stack) a query may use"
    return EndpointError(503, "query-aborted", message)


def egress_denied() -> EndpointError:
    """403: the query reached for the network, which its process does not have."""
    message = "the query tried to open a network connection; queries cannot (SERVICE, LOAD)"
    return EndpointError(403, "network-refused", message)


@contextmanager
def client_slot(most: int) -> Iterator[None]:
    """Hold one of the `most` query slots of this request's client address (429 if none)."""
    if most < 1:
        yield
        return
    counts: Counter[str] = current_app.extensions.setdefault(CLIENTS, Counter())
    client = request.remote_addr or ""
    with _pool_lock:
        if counts[client] >= most:
            message = f"this client already has {most} queries running or waiting; retry later"
            raise EndpointError(429, "too-many-queries", message, retry_after=1)
        counts[client] += 1
    try:
        yield
    finally:
        with _pool_lock:
            counts[client] -= 1
            if counts[client] <= 0:
                del counts[client]


def waiting_slot() -> AbstractContextManager[None]:
    """A client slot for a request that waits for an identical query to finish (server/cache.py):
    counted as if it ran that query, where queries are counted (in query processes)."""
    limits = get_limits()
    if limits.workers < 1 or current_app.extensions["vnkg"].store_path is None:
        return nullcontext()
    return client_slot(limits.client_queries)


def query_pool(app: Flask, limits: Limits, *, federated: bool = False) -> QueryPool | None:
    """The app's pool (the federated one: no sandbox), started on first use; None in memory."""
    path = app.extensions["vnkg"].store_path
    if limits.workers < 1 or path is None:
        return None
    key = FEDERATED if federated else POOL
    with _pool_lock:
        pool = app.extensions.get(key)
        if pool is None or pool.pid != os.getpid():  # none yet, or inherited through a fork
            # Workers import the main script again (multiprocessing does); with what it
            # imports preloaded in the fork server, a new worker starts in milliseconds.
            preload = sorted(name for name in sys.modules if name.startswith("vnkg."))
            app.extensions[key] = QueryPool(
                path,
                size=1 if federated else limits.workers,
                most=2 if federated else limits.processes,
                memory=limits.memory,
                preload=preload,
                sandbox=limits.sandbox and not federated,
                long_after=limits.long_after,
                long_most=limits.long_queries,
            )
        started: QueryPool = app.extensions[key]
        return started


def close_pool(app: Flask) -> None:
    """Stop the app's query workers (on shutdown)."""
    for key in (POOL, FEDERATED):
        pool = app.extensions.pop(key, None)
        if pool is not None:
            pool.close()
