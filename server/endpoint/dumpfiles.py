"""Whole-graph downloads made once per build, kept as files, then served from them.

A dump of the whole store costs seconds to a minute of CPU (compact JSON-LD most), so it is
written once per build and format into `DUMP_DIR/<store>/<build>/` (default: the system's temporary
directory), with a gzipped twin, and every later request is a file read. One writer at a time
per file (an `flock` across threads and worker processes); the others wait for it and read
what it wrote. A file appears under its name only when complete (`os.replace`); the folders
of earlier builds are removed when a new build's first file is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from flask import current_app
from vnkg.server.state import get_state, get_store

DEFAULTS = {"DUMP_DIR": None}  # None: <temporary directory>/vnkg-dumps
COPY = 1 << 20


def root() -> Path:
    """Where this app keeps the dump files of its store: one folder per store served."""
    configured = current_app.config.get("DUMP_DIR")
    top = Path(configured) if configured else Path(tempfile.gettempdir()) / "vnkg-dumps"
    where = getattr(get_store(), "path", None)
    served = str(where.parent if where else current_app.config.get("BACKEND"))
    return top / hashlib.sha256(served.encode()).hexdigest()[:16]


def dump_file(name: str, produce: Callable[[IO[bytes]], None], *, gzipped: bool) -> Path:
    """The file `name` of the current build (its `.gz` twin if `gzipped`), made once."""
    build = re.sub(r"[^A-Za-z0-9._-]", "_", get_state().build().id)
    folder = root() / build
    plain = made(folder / name, produce)
    if not gzipped:
        return plain
    return made(folder / f"{name}.gz", lambda out: _gzip(plain, out))


def made(target: Path, produce: Callable[[IO[bytes]], None]) -> Path:
    """`target`, written by `produce` unless an earlier request (or another process) did."""
    if target.exists():
        return target
    fresh = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.with_name(target.name + ".lock")):
        if target.exists():
            return target
        descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as out:
                produce(out)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    if fresh:
        _prune(target.parent)
    return target


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _gzip(source: Path, out: IO[bytes]) -> None:
    with source.open("rb") as plain, gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as packed:
        shutil.copyfileobj(plain, packed, COPY)


def _prune(current: Path) -> None:
    """Remove the folders of other builds (a reader mid-download keeps its open file)."""
    for other in current.parent.iterdir():
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def chunks(path: Path, size: int = 1 << 16) -> Iterator[bytes]:
    """The bytes of `path`, a piece at a time, opened when the first piece is asked for (an
    answer never sent holds no file open)."""
    with path.open("rb") as handle:
        while piece := handle.read(size):
            yield piece
