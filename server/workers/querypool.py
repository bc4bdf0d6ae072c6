"""A small pool of query worker processes, so that a runaway query can be stopped.

Untrusted queries and updates run here and nowhere else: a worker denies itself the network
(server/workers/sandbox.py) before it opens the store, and a pool whose workers cannot do that does not
start (SandboxError). Only a pool made with `sandbox=False` (for queries whose every SERVICE
target is on the allowlist) skips it.

pyoxigraph's `Store.query` cannot be interrupted, and a query that runs long before its first
row (a cartesian product, a path over the whole graph, an ORDER BY over millions of rows)
keeps a core busy until it ends. So queries run in long-lived worker processes, one job at a
time: a job that outlives its deadline has its worker killed, and a fresh worker takes its
place. Workers come from a fork server, never from a fork of the threaded web server; each
opens the store read-only itself and reopens it when `vnkg build` has swapped a new build in.
A job is a module-level function `job(store, *args)` whose arguments and result pickle: the
result is plain data (bytes), since pyoxigraph's results cannot leave the process. As with any
multiprocessing start method but fork, a new worker imports the main script again: a script
that starts a pool keeps its work under `if __name__ == "__main__":`. A worker whose query
goes over `memory` (RLIMIT_DATA) or overflows its stack dies alone: WorkerDied, and a new one.

A round trip is one pickle and one write each way, and one poll for the deadline: for a
small query it costs tens of microseconds. A worker checks that its store is still the live
build by reading the store's link (one system call), and resolves the path only when the
link has changed, or when the store is not a link.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import pickle
import resource
import select
import signal
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from vnkg.graph.store import LiveBuild
from vnkg.server.workers.sandbox import SandboxError, deny_network

T = TypeVar("T")
STARTUP_SECONDS = 60


class QueryTimeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free before the deadline."""


class WorkerDied(Exception):
    """The worker ended while running the job (e.g. it went over its memory limit)."""


class LaneFull(PoolBusy):
    """The job ran past `long_after` while `long_most` long jobs were running: stopped."""


class _Worker:
    """One worker process and the parent's ends of its two pipes (jobs out, replies in)."""

    def __init__(self, process: BaseProcess, jobs: Connection, replies: Connection) -> None:
        self.process = process
        self.jobs = jobs
        self.replies = replies
        self._poll = select.poll()
        self._poll.register(replies.fileno(), select.POLLIN)
        self.demoted = False  # a lowered priority cannot be raised again: retire it after

    def send(self, message: bytes) -> None:
        """Send a job."""
        self.jobs.send_bytes(message)

    def reply(self, timeout: float | None) -> bytes | None:
        """The reply; None if none came within `timeout` seconds (None: wait for it)."""
        wait = -1 if timeout is None else math.ceil(max(0.0, timeout) * 1000)
        if not self._poll.poll(wait):
            return None
        return self.replies.recv_bytes()

    def demote(self) -> None:
        """Run at the lowest CPU priority from now on, so that younger queries go first."""
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, 19)
        self.demoted = True

    def stop(self) -> None:
        """Kill the process (it may be stuck in a query) and reap it."""
        self.jobs.close()
        self.replies.close()
        self.process.kill()
        self.process.join(timeout=5)


class QueryPool:
    """Query worker processes over the store at `store_path`, each with `memory` bytes at most.

    `size` workers are kept ready. When every one is busy (say, with runaway queries) a query
    gets a new worker, up to `most` at once, so a few stuck queries do not hold up the rest;
    workers beyond `size` end when they finish. Past `most`, queries wait for a free worker.

    Fairness: a job still running after `long_after` seconds is *long*. At most `long_most`
    long jobs run at once, at the lowest CPU priority; a job that turns long while that lane
    is full is stopped (LaneFull). So `most - long_most` workers are always free or held by a
    young job, and a short query never waits behind runaways.
    """

    def __init__(
        self,
        store_path: Path,
        *,
        size: int = 2,
        most: int | None = None,
        memory: int | None = None,
        preload: Sequence[str] = (),
        sandbox: bool = True,
        long_after: float | None = None,
        long_most: int | None = None,
    ) -> None:
        self.store_path = Path(store_path).absolute()  # not resolved: follow the build link
        self.pid = os.getpid()
        self.size = max(1, size)
        self.most = max(self.size, most or 2 * self.size)
        self.memory = memory
        self.sandbox = sandbox
        self.long_after = long_after
        self.long_most = max(1, min(long_most or self.size, self.most - 1))
        self._long = 0
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__, *preload])
        self._ready = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._starting = 0
        self._closed = False
        self._finalizer = weakref.finalize(self, _stop_all, self._all, self.pid)
        for _ in range(self.size):
            self._idle.append(self._start())
        # A spare is started in the background whenever the last idle worker is taken, so
        # that a query arriving while every worker is busy does not wait for a process start.
        # The thread holds the pool weakly: a pool nobody uses is collected, its workers end.
        self._keeper = threading.Thread(target=_keep_spares, args=(weakref.ref(self),), daemon=True)
        self._keeper.start()

    def _start(self) -> _Worker:
        # Two one-way pipes: a pipe wakes the other side sooner than a socket pair does.
        jobs_in, jobs_out = self._context.Pipe(duplex=False)
        replies_in, replies_out = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=serve,
            args=(jobs_in, replies_out, str(self.store_path), self.memory, self.sandbox),
            daemon=True,
        )
        process.start()
        jobs_in.close()
        replies_out.close()
        worker = _Worker(process, jobs_out, replies_in)
        try:  # the worker says when its store is open, or why it cannot serve
            if not replies_in.poll(STARTUP_SECONDS):
                raise EOFError
            refusal = replies_in.recv()
        except (EOFError, OSError):
            worker.stop()
            raise WorkerDied("a query worker did not start") from None
        if refusal is not None:
            worker.stop()
            raise SandboxError(f"query processes cannot be denied the network: {refusal}")
        self._all.add(worker)
        return worker

    def run(
        self,
        job: Callable[..., T],
        *args: Any,
        timeout: float | None,
        wait: float | None = None,
        fair: bool = True,
    ) -> T:
        """`job(store, *args)` in a worker: `wait` s for one, `timeout` s (None: no limit).

        `fair=False` exempts the job from the long-query lane (an update must not be cut).
        """
        waiting = wait if wait is not None else (timeout or STARTUP_SECONDS)
        worker = self._acquire(time.monotonic() + waiting)
        healthy = False
        message = pickle.dumps((job, args), pickle.HIGHEST_PROTOCOL)
        try:
            worker.send(message)
            ok, value = pickle.loads(self._await(worker, timeout, fair))
            healthy = True
        except (EOFError, OSError):
            raise WorkerDied("the query worker stopped while running the query") from None
        finally:
            self._release(worker, healthy)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _await(self, worker: _Worker, timeout: float | None, fair: bool) -> bytes:
        """The reply within `timeout`; past `long_after` the job is demoted, or stopped."""
        deadline = None if timeout is None else time.monotonic() + timeout
        reply: bytes | None = None
        lane = fair and self.long_after is not None
        if lane and self.long_after is not None and (timeout is None or self.long_after < timeout):
            reply = worker.reply(self.long_after)
            if reply is not None:
                return reply
            with self._ready:
                if self._long >= self.long_most:
                    raise LaneFull(f"{self._long} long queries are running, the most allowed")
                self._long += 1
            try:
                worker.demote()
                reply = worker.reply(None if deadline is None else deadline - time.monotonic())
            finally:
                with self._ready:
                    self._long -= 1
        else:
            reply = worker.reply(timeout)
        if reply is None:
            raise QueryTimeout(f"the query ran longer than {timeout:g} s")
        return reply

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker, or a new one while fewer than `most` run, or wait for one."""
        with self._ready:
            while not self._idle:
                if self._closed:
                    raise PoolBusy("the query workers are shutting down")
                if len(self._all) + self._starting < self.most:
                    self._starting += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolBusy("every query worker is busy")
                self._ready.wait(remaining)
            else:
                worker = self._idle.pop()
                if not self._idle:
                    self._ready.notify_all()  # the keeper starts a spare
                return worker
        try:
            return self._start()
        finally:
            with self._ready:
                self._starting -= 1

    def _release(self, worker: _Worker, healthy: bool) -> None:
        """Back to the idle list; or stopped, when it failed, is extra, or the pool closed."""
        with self._ready:
            keep = healthy and not worker.demoted and not self._closed
            keep = keep and len(self._idle) < self.size
            if keep:
                self._idle.append(worker)
            else:
                self._all.discard(worker)
            self._ready.notify_all()  # a waiting query, or the keeper (to refill `size`)
        if not keep:
            worker.stop()

    def _keep_a_spare(self, wait: float) -> bool:
        """Start one worker if none is idle and fewer than `most` exist; False once closed."""
        with self._ready:
            if not self._closed and not self._spare_needed():
                self._ready.wait(wait)
            if self._closed:
                return False
            if not self._spare_needed():
                return True
            self._starting += 1
        worker: _Worker | None = None
        try:
            worker = self._start()
        except (WorkerDied, SandboxError, OSError):  # OSError: the fork server is gone (exit)
            time.sleep(1)  # the next query will start one itself, and say why it fails
        finally:
            with self._ready:
                self._starting -= 1
                if worker is not None and not self._closed:
                    self._idle.append(worker)
                    self._ready.notify_all()
        if worker is not None and self._closed:
            worker.stop()
        return True

    def _spare_needed(self) -> bool:
        """Fewer than `size` workers, or none idle (and none starting), below `most`."""
        total = len(self._all) + self._starting
        return total < self.most and (total < self.size or not (self._idle or self._starting))

    def close(self) -> None:
        """Stop every worker, busy or not."""
        with self._ready:
            self._closed = True
            self._idle.clear()
            self._ready.notify_all()
        self._finalizer()


def _keep_spares(pool: weakref.ref[QueryPool]) -> None:
    """The keeper thread: a spare whenever one is needed, until the pool is closed or gone."""
    while (live := pool()) is not None and live._keep_a_spare(wait=1.0):
        del live


def _stop_all(workers: set[_Worker], owner: int) -> None:
    if os.getpid() != owner:  # a forked copy of the pool: the workers are not ours
        return
    for worker in list(workers):
        worker.stop()
    workers.clear()


def serve(
    jobs: Connection,
    replies: Connection,
    store_path: str,
    memory: int | None,
    sandbox: bool = True,
) -> None:
    """A worker's loop: receive a job, run it on the current build, send back its result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    if sandbox:
        try:
            deny_network()  # before anything else: before the store, before any job
        except SandboxError as error:
            replies.send(str(error))
            return
    if memory:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    live = LiveBuild(Path(store_path))
    with contextlib.suppress(OSError):  # open now, so the first query does not wait
        live.store()
    replies.send(None)
    while True:
        try:
            job, args = pickle.loads(jobs.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, job(live.store(), *args))
        except Exception as error:
            reply = (False, error)
        try:
            replies.send_bytes(_dumps(reply))
        except OSError:  # the server went away
            return


def _dumps(reply: tuple[bool, Any]) -> bytes:
    """`reply` pickled; a result or an exception that does not pickle becomes an error."""
    try:
        return pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
