"""Fixtures: tiny test seeds, stores built from them and from the bundled seeds, the CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph import pipeline, resources, store
from vnkg.graph.iris import Iris

DATA = Path(__file__).parent / "data"


@pytest.fixture
def seeds_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the tiny test seeds at ./seeds, with the working directory beside it."""
    target = tmp_path / "seeds"
    shutil.copytree(DATA / "seeds", target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps stdout and stderr apart."""
    return CliRunner()


@pytest.fixture(scope="session")
def test_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the tiny test seeds."""
    path = tmp_path_factory.mktemp("test-store") / "store"
    pipeline.build(DATA / "seeds", path, Iris())
    return path


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled seeds (the real data)."""
    path = tmp_path_factory.mktemp("bundled-store") / "store"
    pipeline.build(resources.bundled_seeds(), path, Iris())
    return path


@pytest.fixture(scope="session")
def bundled_graph(built_store: Path) -> store.GraphStore:
    """The bundled store opened read-only."""
    return store.GraphStore.open(built_store)
