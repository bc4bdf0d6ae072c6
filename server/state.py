"""The per-app state on `app.extensions["vnkg"]`: the store, the IRI base and computed caches.

Views never open the store themselves: they call `get_store()` (like flaskr's `get_db()`).
A store given by path is opened lazily, in the serving process (never before a fork), and
reopened when `vnkg build` has swapped a new build in, so the server follows rebuilds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import Iris
from vnkg.graph.store import LiveBuild

T = TypeVar("T")
KEY = "vnkg"
# A remote backend gives no sign of change (`vnkg push` may replace its graphs at any time):
# what is computed from it is recomputed after this many seconds.
REMOTE_CACHE_SECONDS = 300.0
clock = time.monotonic  # replaced in tests


class State:
    """The store (opened on demand, reopened after a rebuild) and caches derived from it."""

    def __init__(self, iris: Iris, store_path: Path | None, store: Backend | None) -> None:
        self.iris = iris
        self.store_path = store_path
        self._live = LiveBuild(Path(store_path)) if store_path is not None else None
        self._store = store
        self._cache: dict[str, tuple[float, object]] = {}  # key: (when computed, value)
        self._lock = threading.Lock()

    def store(self) -> Backend:
        """The current build, reopening it (and dropping caches) when the build changed."""
        with self._lock:
            if self._live is not None:
                live = self._live.store()  # one readlink while the build is unchanged
                if live is not self._store:
                    self._store, self._cache = live, {}
            if self._store is None:
                raise RuntimeError("the app has neither a store nor a store path")
            return self._store

    def memo(self, key: str, compute: Callable[[Backend], T]) -> T:
        """`compute(store)` once per build (a remote store: every REMOTE_CACHE_SECONDS)."""
        store = self.store()
        now = clock()
        with self._lock:
            found = self._cache.get(key)
            if found is not None and (
                self._live is not None or now - found[0] < REMOTE_CACHE_SECONDS
            ):
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
    return current_app.extensions[KEY]  # type: ignore[no-any-return]


def get_store() -> Backend:
    """The store of the current app (the current build)."""
    return get_state().store()


def get_iris() -> Iris:
    """The IRI minter of the current app (its BASE_IRI)."""
    return get_state().iris
