"""The per-app state on `app.extensions["vnkg"]`: the store, its build, and what is cached per build.

Views never open the store themselves: they call `get_store()` (like flaskr's `get_db()`).
A store given by path is opened lazily, in the serving process (never before a fork), and
reopened when `vnkg build` has swapped a new build in, so the server follows rebuilds.

Every answer is a function of the build, so the build names them: `Build.id` is the build
directory's name for a store on disk, a hash of the graph sizes for a remote store (checked
every REMOTE_CACHE_SECONDS: `vnkg push` may replace its graphs at any time), and a token
for a store object given to the app. ETags and the result cache are keyed by it.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import Iris
from vnkg.graph.remote.endpoint import RemoteStore
from vnkg.graph.store import COMPLETE, LiveBuild

T = TypeVar("T")
KEY = "vnkg"
# A remote backend gives no sign of change (`vnkg push` may replace its graphs at any time):
# what is computed from it is recomputed after this many seconds.
REMOTE_CACHE_SECONDS = 300.0
clock = time.monotonic  # replaced in tests


@dataclass(frozen=True)
class Build:
    """Which build the app serves: an id that changes with every build, and when it was made."""

    id: str
    time: float  # seconds since the epoch: when built (remote: when first seen)


def build_of(store: Backend) -> Build | None:
    """The build of a store on disk: its directory's name and completion time."""
    path: Path | None = getattr(store, "path", None)
    if path is None:
        return None
    return Build(path.name, (path / COMPLETE).stat().st_mtime)


def remote_build(store: Backend) -> Build:
    """A remote store's build: a hash of its graphs and their sizes (one query), seen now."""
    sizes = sorted(queries.graph_sizes(store).items())
    digest = hashlib.sha256(repr(sizes).encode()).hexdigest()[:16]
    return Build(f"remote-{digest}", time.time())


class State:
    """The store (opened on demand, reopened after a rebuild) and caches derived from it."""

    def __init__(self, iris: Iris, store_path: Path | None, store: Backend | None) -> None:
        self.iris = iris
        self.store_path = store_path
        self._live = LiveBuild(Path(store_path)) if store_path is not None else None
        self._store = store
        self._cache: dict[str, tuple[float, object]] = {}  # key: (when computed, value)
        self._lock = threading.Lock()
        self._remote = isinstance(store, RemoteStore)
        self._build = None if store is None else build_of(store)
        if store is not None and self._build is None and not self._remote:
            self._build = Build(f"memory-{uuid.uuid4().hex[:16]}", time.time())

    def store(self) -> Backend:
        """The current build, reopening it (and dropping caches) when the build changed."""
        with self._lock:
            if self._live is not None:
                live = self._live.store()  # one readlink while the build is unchanged
                if live is not self._store:
                    self._store, self._cache, self._build = live, {}, build_of(live)
            if self._store is None:
                raise RuntimeError("the app has neither a store nor a store path")
            return self._store

    def build(self) -> Build:
        """The build served now (a remote store's is checked every REMOTE_CACHE_SECONDS)."""
        self.store()
        if self._remote:
            seen = self.memo("build", remote_build)
            with self._lock:  # the same graphs seen again: the same build, first seen earlier
                if self._build is None or self._build.id != seen.id:
                    self._build = seen
        assert self._build is not None
        return self._build

    def memo(self, key: str, compute: Callable[[Backend], T]) -> T:
        """`compute(store)` once per build (a remote store: every REMOTE_CACHE_SECONDS)."""
        store = self.store()
        now = clock()
        with self._lock:
            found = self._cache.get(key)
            if found is not None and (not self._remote or now - found[0] < REMOTE_CACHE_SECONDS):
                return found[1]  # type: ignore[return-value]
        value = compute(store)
        with self._lock:
            self._cache[key] = (now, value)
        return value


def init_app(app: Flask, state: State) -> None:
    """Attach `state` to `app`."""
    app.extensions[KEY] = state


def get_state() -> State:
    """The state of the current app."""
    state: State = current_app.extensions[KEY]
    return state


def get_store() -> Backend:
    """The store of the current app (the current build)."""
    return get_state().store()


def get_iris() -> Iris:
    """The IRI minter of the current app (its BASE_IRI)."""
    return get_state().iris
