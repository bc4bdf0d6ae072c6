"""Values computed from installed packages, kept on disk between runs (the user's cache folder).

A value is computed by this code from the packages' data alone (e.g. the gazetteer, ~1 s a
process). It is kept as one pickle under a key that hashes the Python version, the versions of
those packages and the source of the modules that compute it, so a change to any of them
computes it afresh. A missing, unreadable or damaged file is computed again; a folder that
cannot be written is left alone. The folder: `$VNKG_CACHE` (`off`: keep nothing), else
`$XDG_CACHE_HOME/vnkg`, else `~/.cache/vnkg`. It is the user's own, like the interpreter's
`__pycache__`: whoever may write there may already change the code that runs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
OFF = "off"


def folder() -> Path | None:
    """Where cached values live; None when caching is off."""
    chosen = os.environ.get("VNKG_CACHE")
    if chosen is not None:
        return None if chosen in ("", OFF) else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vnkg"


def key(packages: Iterable[str], sources: Iterable[Path]) -> str:
    """A digest of the Python version, the installed versions of `packages` and the bytes of
    `sources`."""
    digest = hashlib.sha256(sys.version.encode())
    for package in packages:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{package}={version}".encode())
    for source in sources:
        digest.update(b"\0" + source.read_bytes())
    return digest.hexdigest()[:32]


def cached(name: str, digest: str, compute: Callable[[], T], kind: type[T]) -> T:
    """The value of `compute()`, read from the cache file of `name` and `digest` if one holds
    a `kind`; else computed and written there (atomically: a reader sees all or nothing)."""
    where = folder()
    if where is None:
        return compute()
    path = where / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as stored:
            found = pickle.load(stored)
        if isinstance(found, kind):
            return found
    except Exception:  # missing, unreadable or damaged (pickle raises many kinds): computed again
        pass
    value = compute()
    _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    """`value` pickled at `path` through a temporary file renamed into place; nothing on error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
