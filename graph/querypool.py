"""A small pool of query worker processes, so that a runaway query can be stopped.

pyoxigraph's `Store.query` cannot be interrupted, and a query that runs long before its first
row (a cartesian product, a path over the whole graph, an ORDER BY over millions of rows)
keeps a core busy until it ends. So queries run in long-lived worker processes, one job at a
time: a job that outlives its deadline has its worker killed, and a fresh worker takes its
place. Workers come from a fork server, never from a fork of the threaded web server; each
opens the store read-only itself and reopens it when `vnkg build` has swapped a new build in.
A job is a module-level function `job(store, *args)` whose arguments and result pickle: the
result is plain data (bytes), since pyoxigraph's results cannot leave the process.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from .store import GraphStore

T = TypeVar("T")


class QueryTimeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free before the deadline."""


class WorkerDied(Exception):
    """The worker ended while running the job (e.g. it went over its memory limit)."""


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def stop(self) -> None:
        """Kill the process (it may be stuck in a query) and reap it."""
        self.conn.close()
        self.process.kill()
        self.process.join(timeout=5)


class QueryPool:
    """`size` worker processes over the store at `store_path`, each with `memory` bytes at most."""

    def __init__(
        self,
        store_path: Path,
        *,
        size: int = 2,
        memory: int | None = None,
        preload: Sequence[str] = (),
    ) -> None:
        self.store_path = Path(store_path).absolute()  # not resolved: follow the build link
        self.memory = memory
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__, *preload])
        self._ready = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.append(self._start())
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(child, str(self.store_path), self.memory), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    def run(self, job: Callable[..., T], *args: Any, timeout: float) -> T:
        """`job(store, *args)` in a worker, within `timeout` seconds (waiting included)."""
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline)
        healthy = False
        try:
            worker.conn.send((job, args))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"the query ran longer than {timeout:g} s")
            ok, value = worker.conn.recv()
            healthy = True
        except (EOFError, OSError):
            raise WorkerDied("the query worker stopped while running the query") from None
        finally:
            self._release(worker, healthy)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _acquire(self, deadline: float) -> _Worker:
        with self._ready:
            while not self._idle:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise PoolBusy("every query worker is busy")
                self._ready.wait(remaining)
            return self._idle.pop()

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            self._all.discard(worker)
            worker.stop()
        with self._ready:
            if self._closed:
                self._all.discard(worker)
                worker.stop()
                return
            self._idle.append(worker if healthy else self._start())
            self._ready.notify()

    def close(self) -> None:
        """Stop every worker, busy or not."""
        with self._ready:
            self._closed = True
            self._idle.clear()
            self._ready.notify_all()
        self._finalizer()


def _stop_all(workers: set[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()
    workers.clear()


def serve(conn: Connection, store_path: str, memory: int | None) -> None:
    """A worker's loop: receive a job, run it on the current build, send back its result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    if memory:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    store: GraphStore | None = None
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            store = current(store, Path(store_path))
            reply: tuple[bool, Any] = (True, job(store, *args))
        except Exception as error:
            reply = (False, error)
        try:
            conn.send(reply)
        except Exception as error:  # a result or an exception that does not pickle
            conn.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


def current(store: GraphStore | None, store_path: Path) -> GraphStore:
    """`store` while it is still the live build, else the live build opened anew."""
    if store is not None and store.path == store_path.resolve():
        return store
    return GraphStore.open(store_path)
