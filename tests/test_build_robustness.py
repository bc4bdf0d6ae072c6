"""Builds that are killed, builds that race, and annotation files that are not YAML at all."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from processes import BIN
from pyoxigraph import RdfFormat
from vnkg.graph import pipeline, store
from vnkg.graph.cli import main
from vnkg.graph.emit.iris import Iris
from vnkg.graph.export import export

DATA = Path(__file__).parent / "data"
QUADS = 13  # in tests/data/endpoint.nq

# --- malformed annotation files, through the CLI: one `file:line:col: message`, no traceback

DEEP_BLOCK = b"places:\n" + b"".join(b" " * (2 * i) + b"- \n" for i in range(1, 60))
LAUGHS = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n".encode()
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
MERGES = b"a: &a {x: 1, y: 2}\n" + b"".join(
    f"{n}: &{n} {{<<: [{','.join([f'*{p}'] * 9)}]}}\n".encode()
    for p, n in zip("abcdefghijklmnop", "bcdefghijklmnopq", strict=True)
)
FLOOD = b"a: &a {id: x}\nplaces: [" + b",".join([b"*a"] * 1_100_000) + b"]\n"  # 3.3 MB
NFD = unicodedata.normalize("NFD", "tên")
BAD_FILES = {
    "tab-indent": (b"places:\n  - id: x\n\tkind: province\n", "3:1: YAML syntax: a tab character; indent with spaces only"),
    "duplicate-key": (b"places:\n  - id: x\n    id: y\n", "3:5: duplicate key 'id' (first given at line 2): give each key once"),
    "duplicate-key-nfc-nfd": (f"places:\n  - id: x\n    {NFD}: 1\n    tên: 2\n".encode(), "4:5: duplicate key 'tên' (first given at line 3): give each key once"),
    "binary-garbage": (bytes(random.Random(7).randrange(256) for _ in range(4096)), "1:1: file is not valid UTF-8 text"),
    "nul-byte": (b"places:\n  - id: a\x00b\n", "2:10: YAML syntax: unacceptable character #x0000: special characters are not allowed"),
    "utf-16": ("places: []\n".encode("utf-16"), "1:1: file is not valid UTF-8 text"),
    "latin-1": ("places:\n  - id: café\n".encode("latin-1"), "2:12: file is not valid UTF-8 text"),
    "huge-file": (b"places: []\n#" + b"x" * 5_000_000 + b"\n", "1:1: file is larger than 5000000 bytes"),
    "huge-value": (b'places:\n  - id: "' + b"x" * 20_000 + b'"\n', "2:9: YAML syntax: text longer than 10000 characters"),
    "deep-flow": (b"places: " + b"[" * 5000 + b"]" * 5000 + b"\n", "1:1: YAML nesting is too deep"),
    "deep-block": (DEEP_BLOCK, "41:81: YAML syntax: nesting deeper than 40 levels"),
    "billion-laughs": (LAUGHS + b"places: *i\n", "6:8: YAML syntax: aliases expand this file to more than 100000 values"),
    "merge-key-bomb": (MERGES, "6:16: YAML syntax: aliases expand this file to more than 100000 values"),
    "alias-flood": (FLOOD, "2:3010: YAML syntax: more than 1000 aliases in one file"),
    "recursive-alias": (b"places: &a [*a]\n", "1:9: YAML syntax: found unconstructable recursive node"),
    "impossible-date": (b"places:\n  - id: x\n    valid_from: 2021-13-45\n", "3:17: YAML syntax: cannot read this value: month must be in 1..12"),
    "huge-integer": (b"places:\n  - id: " + b"9" * 5000 + b"\n", "2:9: YAML syntax: cannot read this value: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"),
    "bad-int-tag": (b"places:\n  - id: !!int 0xZZ\n", "2:9: YAML syntax: cannot read this value: invalid literal for int() with base 16: 'ZZ'"),
    "bad-float-tag": (b"places:\n  - id: !!float abc\n", "2:9: YAML syntax: cannot read this value: could not convert string to float: 'abc'"),
    "surrogate-escape": (b'places:\n  - id: "\\ud800"\n', "2:9: YAML syntax: text contains an unpaired surrogate escape"),
    "python-tag": (b"places: !!python/object/apply:os.system ['true']\n", "1:9: YAML syntax: the tag '!!python/object/apply:os.system' is not allowed; remove it"),
    "two-documents": (b"places: []\n---\nplaces: []\n", "2:1: YAML syntax: a second document ('---'); a file holds one"),
    "unclosed-quote": (b'places:\n  - id: "abc\n', '2:9: YAML syntax: the quote " opened here is never closed'),
    "top-level-list": (b"- a\n- b\n", "1:1: expected a map with keys places, legal_documents, programmes, organisations"),
}  # fmt: skip


@pytest.mark.parametrize("name", BAD_FILES)
def test_malformed_yaml_gives_file_line_errors(
    name: str, seeds_dir: Path, runner: CliRunner
) -> None:
    data, expected = BAD_FILES[name]
    (seeds_dir / "reference" / "bad.yaml").write_bytes(data)
    result = runner.invoke(main, ["validate", "--seeds", "seeds"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"seeds/reference/bad.yaml:{expected}" in result.stderr.splitlines()
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["directory", "symlink-loop"])
def test_unreadable_files_are_problems_too(kind: str, seeds_dir: Path, runner: CliRunner) -> None:
    path = seeds_dir / "reference" / "odd.yaml"
    if kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("odd.yaml")
    result = runner.invoke(main, ["validate", "--seeds", "seeds"])
    assert result.exit_code == 1
    assert result.stderr.startswith("seeds/reference/odd.yaml: cannot read file: ")


def test_a_bad_file_leaves_the_live_store_alone(seeds_dir: Path, runner: CliRunner) -> None:
    args = ["build", "--seeds", "seeds", "--store", "store", "--no-gazetteer", "--skip-shacl"]
    assert runner.invoke(main, args).exit_code == 0
    live = Path("store").resolve()
    (seeds_dir / "reference" / "bad.yaml").write_bytes(b"\xff\xfe garbage")
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert Path("store").resolve() == live
    assert [p.name for p in store.builds_dir(Path("store")).iterdir() if p.is_dir()] == [live.name]


def test_names_in_nfd_build_the_same_graph_as_nfc(seeds_dir: Path, tmp_path: Path) -> None:
    nfd = tmp_path / "nfd"
    for path in seeds_dir.rglob("*.yaml"):
        target = nfd / path.relative_to(seeds_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(unicodedata.normalize("NFD", path.read_text("utf-8")), "utf-8")
    assert any(
        p.read_bytes() != (seeds_dir / p.relative_to(nfd)).read_bytes() for p in nfd.rglob("*.yaml")
    )
    dumps = []
    for seeds in (seeds_dir, nfd):
        built = tmp_path / f"{seeds.name}-store"
        pipeline.build(seeds, built, Iris(), shapes=False, gazetteer=False)
        with (tmp_path / f"{seeds.name}.nq").open("wb") as out:
            export(store.GraphStore.open(built), RdfFormat.N_QUADS, out)
        dumps.append((tmp_path / f"{seeds.name}.nq").read_bytes())
    assert dumps[0] == dumps[1]


# --- kill -9 in the middle of a build


BUILDER = """
import sys, time
from pathlib import Path
import pyoxigraph
from vnkg.graph import store

path, phase, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

def hang():
    marker.write_text("reached")
    time.sleep(600)

def quads():
    yield from pyoxigraph.parse(path=sys.argv[4])
    if phase == "loading":
        hang()

if phase == "before-swap":
    store._swap = lambda *args: hang()
store.build(quads(), path, finish=(lambda built: hang() or []) if phase == "finishing" else None)
"""


def _valid(store_path: Path) -> int:
    """The size of the live build; fails if the link does not lead to a complete build."""
    assert store.exists(store_path)
    return len(store.GraphStore.open(store_path))


def _left_over(store_path: Path) -> list[str]:
    builds = store.builds_dir(store_path)
    return sorted(p.name for p in builds.iterdir() if p.is_dir() and not (p / "COMPLETE").exists())


@pytest.fixture
def endpoint_copy(tmp_path: Path) -> Path:
    """A store of tests/data/endpoint.nq in tmp_path."""
    path = tmp_path / "store"
    store.build(pyoxigraph.parse(path=DATA / "endpoint.nq"), path)
    return path


@pytest.mark.parametrize("phase", ["loading", "finishing", "before-swap"])
def test_kill_9_during_a_build_leaves_the_store_valid(
    endpoint_copy: Path, tmp_path: Path, phase: str
) -> None:
    marker = tmp_path / "marker"
    args = [str(endpoint_copy), phase, str(marker), str(DATA / "web.trig")]
    builder = subprocess.Popen([sys.executable, "-c", BUILDER, *args])
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), "the builder never reached its phase"
    builder.send_signal(signal.SIGKILL)
    builder.wait()
    assert _valid(endpoint_copy) == QUADS
    store.build(pyoxigraph.parse(path=DATA / "endpoint.nq"), endpoint_copy)  # the next build
    assert _valid(endpoint_copy) == QUADS
    assert _left_over(endpoint_copy) == []


@pytest.mark.parametrize("delay", [0.4, 1.2])
def test_kill_9_of_the_cli_at_any_moment_leaves_the_store_valid(
    seeds_dir: Path, runner: CliRunner, delay: float
) -> None:
    args = ["build", "--seeds", "seeds", "--store", "store", "--no-gazetteer", "--skip-shacl"]
    assert runner.invoke(main, args).exit_code == 0
    size = _valid(Path("store"))
    builder = subprocess.Popen([BIN / "vnkg", *args], stdout=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait()
    assert _valid(Path("store")) == size


CONCURRENT = """
import sys, time
import pyoxigraph
from vnkg.graph import store

time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # start together
store.build(pyoxigraph.parse(path=sys.argv[2]), sys.argv[1])
"""


def test_concurrent_builds_all_succeed_and_leave_one_valid_store(endpoint_copy: Path) -> None:
    at = str(time.time() + 1.0)
    args = [str(endpoint_copy), str(DATA / "endpoint.nq"), at]
    builders = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT, *args], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [builder.communicate(timeout=60)[1] for builder in builders]
    assert [b.returncode for b in builders] == [0, 0, 0, 0], errors
    assert _valid(endpoint_copy) == QUADS
    assert _left_over(endpoint_copy) == []
    builds = [p for p in store.builds_dir(endpoint_copy).iterdir() if p.is_dir()]
    assert all(_valid(build) == QUADS for build in builds)  # none half-deleted either
