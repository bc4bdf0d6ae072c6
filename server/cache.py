"""The result cache: serialised answers kept per build, within a byte budget, least recently used out.

The store does not change between builds, so an answer is a function of the build, the exact
query text, its dataset, and the representation asked for: that is the key. Concurrent
identical requests are evaluated once (single flight): the first computes, the others wait
for its answer, or its error, each holding one of its client's query slots while it waits
(CLIENT_QUERIES counts them as if they ran). A new build (a swap, or a remote store whose graphs changed)
empties the cache. Answers too large to hold in memory (spooled to a file, streamed) are not
cached, nor errors. Counts are on `/status` and on each query's log line.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, current_app, g
from vnkg.server.state import get_state
from vnkg.server.workers.dispatch import waiting_slot

T = TypeVar("T")
HIT, MISS, WAITED = "hit", "miss", "waited"
KEY, BYTES = "vnkg.results", "RESULT_CACHE_BYTES"
DEFAULTS: dict[str, Any] = {
    BYTES: 64 << 20,  # serialised answers kept in memory, per app (per gunicorn worker)
    "CACHE_MAX_AGE": 300,  # seconds a client or proxy may reuse an answer (Cache-Control)
}
_create = threading.Lock()


@dataclass
class _Flight:
    """An evaluation in progress: those who wait for it, and what it gave."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    size: int | None = None  # None: an answer for one request only (a spool file)
    error: BaseException | None = None


class ResultCache:
    """A least-recently-used map of answers of one build, at most `max_bytes` of them."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.build: str | None = None
        self.hits = self.misses = self.waits = self.evictions = 0
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._flights: dict[tuple[str, Hashable], _Flight] = {}
        self._lock = threading.Lock()

    def fetch(
        self,
        build: str,
        key: Hashable,
        compute: Callable[[], T],
        size: Callable[[T], int | None],
        shared: Callable[[BaseException], bool] = lambda error: True,
        waiting: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> tuple[T, str]:
        """The answer for `key` in `build`, and how it was found (hit, miss or waited).

        `size(value)` is the bytes the answer holds, or None for an answer that serves one
        request only (a spool file): not kept, and those who waited for it evaluate anew. They
        get the first evaluation's error too, if `shared(error)`; else they evaluate again.
        Each waits inside `waiting()` (the app: holding one of its client's query slots, so
        that identical requests cannot queue past the client's cap).
        """
        while True:
            found = self._attempt(build, key, compute, size, shared, waiting)
            if found is not None:
                return found[0], found[1]
            # the evaluation we waited for failed in a way that is its own (not shared): again

    def _attempt(
        self,
        build: str,
        key: Hashable,
        compute: Callable[[], T],
        size: Callable[[T], int | None],
        shared: Callable[[BaseException], bool],
        waiting: Callable[[], AbstractContextManager[object]],
    ) -> tuple[T, str] | None:
        with self._lock:
            if build != self.build:
                self._clear(build)
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[0], HIT
            flight = self._flights.get((build, key))  # not another build's evaluation
            leader = flight is None
            if flight is None:
                flight = self._flights[(build, key)] = _Flight()
                self.misses += 1
            else:
                self.waits += 1
        if not leader:
            with waiting():
                flight.done.wait()
            if flight.error is None and flight.size is not None:
                return flight.value, WAITED
            if flight.error is None:  # a one-off answer (a file streamed, then removed): our own
                return compute(), MISS
            if shared(flight.error):
                raise flight.error
            return None
        try:
            flight.value = compute()
            flight.size = size(flight.value)
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                self._flights.pop((build, key), None)
                if flight.error is None and self.build == build:
                    self._keep(key, flight.value, flight.size)
            flight.done.set()
        return flight.value, MISS

    def _keep(self, key: Hashable, value: object, size: int | None) -> None:
        if size is None or size > self.max_bytes:
            return
        self._entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.bytes -= dropped
            self.evictions += 1

    def _clear(self, build: str) -> None:
        self._entries.clear()
        self.bytes = 0
        self.build = build

    def counts(self) -> dict[str, int]:
        """Hits, misses, waits (single flight), evictions, bytes and entries held."""
        with self._lock:
            return {
                "hits": self.hits,
                "misses": self.misses,
                "waits": self.waits,
                "evictions": self.evictions,
                "bytes": self.bytes,
                "entries": len(self._entries),
                "max_bytes": self.max_bytes,
            }


def get_cache() -> ResultCache:
    """The result cache of the current app (made on first use, RESULT_CACHE_BYTES)."""
    app = current_app
    found: ResultCache | None = app.extensions.get(KEY)
    if found is None:
        with _create:
            found = app.extensions.setdefault(KEY, ResultCache(int(app.config[BYTES])))
    return found


def fetch(key: Hashable, compute: Callable[[], T], size: Callable[[T], int | None]) -> T:
    """The answer for `key` in the current build, through the app's cache; noted for the log."""
    build = get_state().build().id
    value, how = get_cache().fetch(build, key, compute, size, shared=_shared, waiting=waiting_slot)
    g.vnkg_cache = how
    return value


def _shared(error: BaseException) -> bool:
    """An error a waiting request shares: all but the first request's own client cap (429)."""
    return getattr(error, "code", None) != 429


def init_app(app: Flask) -> None:
    """Register the defaults: the byte budget and how long clients may reuse an answer."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
