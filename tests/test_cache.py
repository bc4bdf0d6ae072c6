"""graph/linking/cache.py: values computed from installed packages, kept on disk between runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from vnkg.graph.linking import cache, gazetteer


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNKG_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Counted:
    """A computation that counts its runs."""

    def __init__(self, value: object) -> None:
        self.value, self.runs = value, 0

    def __call__(self) -> object:
        self.runs += 1
        return self.value


def test_a_value_is_computed_once_then_read(folder: Path) -> None:
    compute = Counted({"a": (1, 2)})
    assert cache.cached("thing", "k1", compute, dict) == {"a": (1, 2)}
    assert cache.cached("thing", "k1", compute, dict) == {"a": (1, 2)}
    assert compute.runs == 1
    assert [p.name for p in folder.iterdir()] == ["thing-k1.pickle"]  # no temporary file left


def test_another_key_computes_again(folder: Path) -> None:
    compute = Counted([1])
    cache.cached("thing", "k1", compute, list)
    cache.cached("thing", "k2", compute, list)
    assert compute.runs == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_or_foreign_file_is_computed_again_and_replaced(
    folder: Path, content: bytes
) -> None:
    folder.mkdir()
    (folder / "thing-k1.pickle").write_bytes(content)  # b"\x80\x05K\x01." is the int 1
    compute = Counted(["fresh"])
    assert cache.cached("thing", "k1", compute, list) == ["fresh"]
    assert cache.cached("thing", "k1", compute, list) == ["fresh"]
    assert compute.runs == 1


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNKG_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compute = Counted([1])
    cache.cached("thing", "k1", compute, list)
    cache.cached("thing", "k1", compute, list)
    assert compute.runs == 2
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_a_file_is_left_alone(folder: Path) -> None:
    folder.write_text("not a folder")
    assert cache.cached("thing", "k1", Counted([1]), list) == [1]
    assert folder.read_text() == "not a folder"


def test_the_key_follows_the_code_and_the_package_versions(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    first = cache.key(["pycountry"], [source])
    assert cache.key(["pycountry"], [source]) == first
    source.write_text("x = 2\n")
    assert cache.key(["pycountry"], [source]) != first
    assert cache.key(["pycountry", "no-such-package-here"], [source]) != cache.key(
        ["pycountry"], [source]
    )


def test_the_default_folder_is_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VNKG_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "vnkg"


def test_the_gazetteer_read_back_is_the_gazetteer_computed(folder: Path) -> None:
    digest = cache.key(gazetteer.PACKAGES, [])
    computed = cache.cached("gazetteer", digest, gazetteer.compute, gazetteer.Gazetteer)
    read = cache.cached("gazetteer", digest, Counted(None), gazetteer.Gazetteer)  # type: ignore[arg-type]
    assert read == computed and read is not computed
    assert len(read.units) > 10_000 and read.successors
