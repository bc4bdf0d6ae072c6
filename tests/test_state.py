"""The app state caches what it computes from the store: per build, or for a while if remote."""

from __future__ import annotations

from pathlib import Path

import pytest
from vnkg.graph import store
from vnkg.graph.emit.iris import Iris
from vnkg.graph.remote.endpoint import RemoteStore
from vnkg.server import state


def counter() -> tuple[list[int], object]:
    """A compute function that counts its calls, and the list it counts in."""
    calls: list[int] = []

    def compute(_: object) -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_remote_stores_values_are_recomputed_after_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remote = state.State(Iris(), None, RemoteStore("http://127.0.0.1:9/query"))  # not asked
    calls, compute = counter()
    now = [1000.0]
    monkeypatch.setattr(state, "clock", lambda: now[0])
    assert remote.memo("k", compute) == remote.memo("k", compute) == 1  # type: ignore[arg-type]
    now[0] += state.REMOTE_CACHE_SECONDS + 1
    assert remote.memo("k", compute) == 2  # type: ignore[arg-type]
    assert len(calls) == 2


def test_a_builds_values_last_until_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store"
    store.build([], path)
    local = state.State(Iris(), path, None)
    calls, compute = counter()
    now = [1000.0]
    monkeypatch.setattr(state, "clock", lambda: now[0])
    local.memo("k", compute)  # type: ignore[arg-type]
    now[0] += state.REMOTE_CACHE_SECONDS * 10
    local.memo("k", compute)  # type: ignore[arg-type]
    assert len(calls) == 1
    store.build([], path)  # a new build: computed again
    local.memo("k", compute)  # type: ignore[arg-type]
    assert len(calls) == 2
