"""Builds are atomic: a failed or interrupted build leaves the previous store intact."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from vnkg.graph import store

EX = "http://example.org/"


def quads(n: int) -> list[Quad]:
    return [
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}p"), Literal(str(i)), NamedNode(f"{EX}g"))
        for i in range(n)
    ]


def count(path: Path) -> int:
    return len(store.GraphStore.open(path))


def test_build_swaps_in_a_complete_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert not store.exists(path)
    store.build(quads(3), path)
    assert store.exists(path) and path.is_symlink()
    assert count(path) == 3
    store.build(quads(5), path)
    assert count(path) == 5


def test_failed_build_leaves_previous_store_queryable(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.build(quads(3), path)
    before = path.resolve()

    def broken():
        yield from quads(2)
        raise ValueError("annotation exploded half-way")

    with pytest.raises(ValueError, match="half-way"):
        store.build(broken(), path)
    assert path.resolve() == before
    graph = store.GraphStore.open(path)
    assert len(graph) == 3
    assert bool(graph.query(f"ASK {{ <{EX}s2> ?p ?o }}"))
    leftovers = [p for p in store.builds_dir(path).iterdir() if p.is_dir() and p != before]
    assert leftovers == []


def test_reader_keeps_its_snapshot_across_a_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.build(quads(3), path)
    reader = store.GraphStore.open(path)
    store.build(quads(7), path)
    assert len(reader) == 3
    assert count(path) == 7


def test_old_builds_are_collected(tmp_path: Path) -> None:
    path = tmp_path / "store"
    for n in range(1, 5):
        store.build(quads(n), path)
    complete = [p for p in store.builds_dir(path).iterdir() if (p / store.COMPLETE).exists()]
    assert len(complete) == store.KEEP_BUILDS


def test_abandoned_partial_build_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.build(quads(1), path)
    partial = store.builds_dir(path) / "20200101T000000-999999999-1"
    partial.mkdir()
    store.build(quads(2), path)
    assert not partial.exists()
    assert count(path) == 2


def test_a_dead_builders_temporary_link_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.build(quads(1), path)
    stray = tmp_path / ".store.link-999999999"  # no such process
    stray.symlink_to(os.path.relpath(path.resolve(), tmp_path))
    living = tmp_path / f".store.link-{os.getppid()}"  # a process that runs: left alone
    living.symlink_to("elsewhere")
    store.build(quads(2), path)
    assert not stray.is_symlink()
    assert living.is_symlink()
    assert count(path) == 2


def test_foreign_directory_at_store_path_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.mkdir()
    (path / "precious").write_text("x")
    with pytest.raises(FileExistsError, match="not a vnkg store link"):
        store.build(quads(2), path)
    assert (path / "precious").read_text() == "x"
    (path / "precious").unlink()
    store.build(quads(2), path)
    assert path.is_symlink() and count(path) == 2


def test_open_missing_store_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no built store"):
        store.GraphStore.open(tmp_path / "nothing")


def documents(found: list[Quad], per: int) -> list[bytes]:
    """`found` as N-Quads documents of `per` quads each (one repeated in the next)."""
    return [
        serialize(found[max(0, i - 1) : i + per], format=RdfFormat.N_QUADS) or b""
        for i in range(0, len(found), per)
    ]


@pytest.mark.parametrize("loaders", [1, 2, 3])
def test_documents_loaded_side_by_side_are_every_quad_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loaders: int
) -> None:
    monkeypatch.setattr(store, "LOAD_BYTES", 200)  # a few documents a load: many loads
    path, expected = tmp_path / "store", quads(500)
    store.build(store.Documents(documents(expected, 7), loaders), path)
    built = store.GraphStore.open(path)
    assert sorted(map(str, built.quads())) == sorted(map(str, expected))


def test_a_failing_feed_of_documents_leaves_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "LOAD_BYTES", 200)
    path = tmp_path / "store"
    store.build(quads(3), path)
    before = path.resolve()

    def broken() -> Iterator[bytes]:
        yield from documents(quads(100), 5)
        raise ValueError("a worker failed half-way")

    with pytest.raises(ValueError, match="half-way"):
        store.build(store.Documents(broken(), 2), path)
    assert path.resolve() == before and count(path) == 3
    assert [p for p in store.builds_dir(path).iterdir() if p.is_dir() and p != before] == []


def test_a_bad_document_fails_the_load(tmp_path: Path) -> None:
    path = tmp_path / "store"
    parts = [*documents(quads(50), 5), b"<http://example.org/s> not n-quads .\n"]
    with pytest.raises(SyntaxError):
        store.build(store.Documents(parts, 2), path)
    assert not store.exists(path)
