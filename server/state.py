"""The per-app state on `app.extensions["vnkg"]`: the store, the IRI base and computed caches.

Views never open the store themselves: they call `get_store()` (like flaskr's `get_db()`).
A store given by path is opened lazily, in the serving process (never before a fork), and
reopened when `vnkg build` has swapped a new build in, so the server follows rebuilds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app
from vnkg.graph.backend import Backend
from vnkg.graph.iris import Iris
from vnkg.graph.store import LiveBuild

T = TypeVar("T")
KEY = "vnkg"


class State:
    """The store (opened on demand, reopened after a rebuild) and caches derived from it."""

    def __init__(self, iris: Iris, store_path: Path | None, store: Backend | None) -> None:
        self.iris = iris
        self.store_path = store_path
        self._live = LiveBuild(Path(store_path)) if store_path is not None else None
        self._store = store
        self._cache: dict[str, object] = {}
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
        """`compute(store)` once per build; later calls return the cached value."""
        store = self.store()
        with self._lock:
            if key in self._cache:
                return self._cache[key]  # type: ignore[return-value]
        value = compute(store)
        with self._lock:
            self._cache.setdefault(key, value)
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
