"""What `vnkg build` refuses in one line, leaving the live store as it was: a full disk, links
out of the seeds directory, a --store that is not a vnkg store link (issue #13)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph import pipeline, store
from vnkg.graph.cli import main

BUILD = ["build", "--seeds", "seeds", "--store", "store", "--no-gazetteer", "--skip-shacl"]
SECRET = "SECRET-8d3f"
OUTSIDE = "symbolic link out of the seeds directory; not read"


def _answers(store_path: Path) -> bool:
    return bool(store.GraphStore.open(store_path).query("ASK { ?s ?p ?o }"))


@pytest.fixture
def live(seeds_dir: Path, runner: CliRunner) -> Path:
    """A first build at ./store; the build directory it points at."""
    assert runner.invoke(main, BUILD).exit_code == 0
    return Path("store").resolve()


# --- a full disk


class FullDisk:
    """A pyoxigraph Store on a disk that fills up at the first bulk write."""

    def __init__(self, path: str, error: OSError) -> None:
        Path(path).mkdir()
        (Path(path) / "000001.sst").write_bytes(b"half a table")
        self.error = error

    def bulk_extend(self, quads: Iterable[object]) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "No space left on device"),
        (  # what pyoxigraph raises: no errno, RocksDB's message
            OSError("IO error: No space left on device: While appending to file: 000001.sst"),
            "IO error: No space left on device: While appending to file: 000001.sst",
        ),
    ],
    ids=["errno", "pyoxigraph"],
)
def test_a_full_disk_is_one_line_and_the_live_store_still_answers(
    live: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(store, "Store", lambda path: FullDisk(path, error))
        result = runner.invoke(main, BUILD)
    assert result.exit_code == 1
    builds = store.builds_dir(Path("store"))
    assert result.stderr == f"Error: cannot write the new build in {builds}: {reason}\n"
    assert Path("store").resolve() == live
    assert [p.name for p in builds.iterdir() if p.is_dir()] == [live.name]  # partial removed
    assert _answers(Path("store"))


# --- links out of the seeds directory


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the seeds with an annotation file whose values must not be shown."""
    path = tmp_path / "outside"
    path.mkdir()
    (path / "private.yaml").write_text(f"places:\n  - id: {SECRET}\n    kind: {SECRET}\n")
    return path


@pytest.mark.parametrize(
    ("folder", "stream_min_bytes"),
    [("reference", pipeline.STREAM_MIN_BYTES), ("sources", 0)],
    ids=["reference", "sources-streamed"],
)
def test_a_file_link_out_of_the_seeds_is_refused_unread(
    seeds_dir: Path,
    outside: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
    stream_min_bytes: int,
) -> None:
    monkeypatch.setattr(pipeline, "STREAM_MIN_BYTES", stream_min_bytes)
    (seeds_dir / folder / "more.yaml").symlink_to(outside / "private.yaml")
    result = runner.invoke(main, [*BUILD, "--jobs", "1"])
    assert result.exit_code == 1
    assert f"seeds/{folder}/more.yaml: {OUTSIDE}" in result.stderr.splitlines()
    assert SECRET not in result.output and "outside" not in result.output
    assert not Path("store").exists()


@pytest.mark.parametrize("folder", ["reference", "sources"])
def test_a_folder_link_out_of_the_seeds_is_refused_unread(
    seeds_dir: Path, outside: Path, runner: CliRunner, folder: str
) -> None:
    shutil.rmtree(seeds_dir / folder)
    (seeds_dir / folder).symlink_to(outside, target_is_directory=True)
    result = runner.invoke(main, BUILD)
    assert result.exit_code == 1
    assert f"seeds/{folder}: {OUTSIDE}" in result.stderr.splitlines()
    assert SECRET not in result.output and "private" not in result.output


def test_a_link_inside_the_seeds_is_read(seeds_dir: Path, runner: CliRunner) -> None:
    (seeds_dir / "drafts").mkdir()
    (seeds_dir / "drafts" / "bad.yaml").write_text("places: [1\n")
    (seeds_dir / "reference" / "bad.yaml").symlink_to("../drafts/bad.yaml")
    result = runner.invoke(main, BUILD)
    assert result.exit_code == 1
    assert result.stderr.startswith("seeds/drafts/bad.yaml:1:9: YAML syntax: ")


# --- a --store that vnkg did not make


@pytest.mark.parametrize("kind", ["link-to-etc", "link-to-a-directory", "dangling-link", "dir"])
def test_a_store_path_vnkg_did_not_make_is_refused_untouched(
    seeds_dir: Path, tmp_path: Path, runner: CliRunner, kind: str
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data").write_text("x")
    path = Path("store")
    if kind == "dir":
        shutil.copytree(precious, path)
    else:
        path.symlink_to({"link-to-etc": "/etc", "dangling-link": "nowhere"}.get(kind, precious))
    before = os.readlink(path) if path.is_symlink() else None
    result = runner.invoke(main, BUILD)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: store ") and "not a vnkg store link; move it away first" in line
    assert (os.readlink(path) if path.is_symlink() else None) == before
    assert not store.builds_dir(path).exists()
    assert (precious / "data").read_text() == "x"


@pytest.mark.parametrize("kind", ["absent", "empty-dir", "vnkg-link", "vnkg-link-dangling"])
def test_a_store_path_vnkg_may_replace(live: Path, runner: CliRunner, kind: str) -> None:
    path = Path("store") if kind.startswith("vnkg") else Path(f"store-{kind}")
    if kind == "empty-dir":
        path.mkdir()
    elif kind == "vnkg-link-dangling":
        shutil.rmtree(live)
    result = runner.invoke(main, [*BUILD[:4], str(path), *BUILD[5:]])
    assert result.exit_code == 0, result.output
    assert _answers(path)
