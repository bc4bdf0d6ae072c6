"""The one module that owns the pyoxigraph Store: atomic builds and read-only access.

Layout on disk: `STORE` is a symbolic link to `.STORE.builds/<stamp>`. A build writes a new
directory beside the live one, marks it complete, then replaces the link in one `rename`, so
a reader sees either the old store or the new one, never a half-written one. Readers that
opened the old directory keep it; the two newest builds are kept for them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Variable,
)

from .backend import QueryResult

COMPLETE = "COMPLETE"
KEEP_BUILDS = 2
# Bytes of N-Quads per bulk_load call of a side-by-side load (see Documents).
LOAD_BYTES = 32 << 20


@dataclass(frozen=True)
class Documents:
    """N-Quads documents (each of whole lines) to load `loaders` bulk loads at a time.

    One bulk_load call parses all its input, then encodes and sorts it in one more thread
    (a single batch below a million quads). Loaded LOAD_BYTES at a time in `loaders`
    threads, one load parses while another sorts, and smaller batches sort faster: at 1 M
    quads on two cores, 4.1 s instead of 8.1 s for one bulk_load of the same N-Quads
    (benchmarks/RESULTS.md, "side by side"). The documents are asked for one at a time, in order, from
    whichever loader needs more: their iterator may block (workers) and keep state.
    """

    parts: Iterable[bytes]
    loaders: int = 2


class NoStore(FileNotFoundError):
    """No complete build at the store path (nothing built there yet)."""


class WriteFailed(OSError):
    """The new build could not be written (disk full, no permission); the live one is kept."""

    def __str__(self) -> str:
        return f"cannot write the new build in {self.filename}: {self.strerror}"


def builds_dir(store_path: Path) -> Path:
    """The directory holding the versioned builds of `store_path`."""
    return store_path.parent / f".{store_path.name}.builds"


def exists(store_path: Path) -> bool:
    """True when `store_path` points at a complete build."""
    return (Path(store_path) / COMPLETE).is_file()


def build(
    quads: Iterable[Quad] | Documents,
    store_path: Path,
    *,
    finish: Callable[[GraphStore], Iterable[Quad]] | None = None,
    check: Callable[[GraphStore], None] | None = None,
    then: Callable[[], Iterable[Quad]] | None = None,
) -> Path:
    """Bulk-load `quads` into a new build and swap it in; return the build directory.

    `quads` is an iterable of quads or N-Quads documents loaded side by side (Documents).
    `check` sees the store holding just `quads` and may raise (SHACL); `then()` gives quads
    added after it (links: not validated); `finish` sees the loaded store and returns quads
    to add (e.g. the dataset description).
    If anything raises, the new directory is removed and the live store is untouched.
    """
    store_path = Path(store_path)
    _check_replaceable(store_path)
    root = builds_dir(store_path)
    try:
        root.mkdir(parents=True, exist_ok=True)
        target = _write(root, quads, finish=finish, check=check, then=then)
    except OSError as error:  # pyoxigraph's carry no errno: its message is the reason
        raise WriteFailed(error.errno, error.strerror or str(error), str(root)) from error
    with _lock(root):
        _swap(store_path, target)
        _collect(root, keep=target)
        _remove_stray_links(store_path)
    return target


def update(store_path: Path, sparql: str, *, base_iri: str | None = None) -> Path:
    """Apply a SPARQL Update to a copy of the live build, swap the copy in; return it.

    The live build is never written (readers keep it open). The builds lock is held from
    the copy to the swap, so two updates cannot start from one build and lose a change.
    """
    store_path = Path(store_path)
    root = builds_dir(store_path)
    with _lock(root):
        live = GraphStore.open(store_path)
        target = _write(root, live.quads(), update=sparql, base_iri=base_iri)
        _swap(store_path, target)
        _collect(root, keep=target)
    return target


def _write(
    root: Path,
    quads: Iterable[Quad] | Documents,
    *,
    finish: Callable[[GraphStore], Iterable[Quad]] | None = None,
    check: Callable[[GraphStore], None] | None = None,
    then: Callable[[], Iterable[Quad]] | None = None,
    update: str | None = None,
    base_iri: str | None = None,
) -> Path:
    """A new complete build under `root`; if anything raises, nothing is left of it."""
    target = root / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    store: Store | None = None
    try:
        store = Store(str(target))
        if isinstance(quads, Documents):
            load(store, quads)
        else:
            store.bulk_extend(quads)
        store.flush()
        # compacted before the queries of `check` and `finish` (they run faster on it); once:
        # compacting again after `then` would rewrite everything for a few quads
        store.optimize()
        if check is not None:
            check(GraphStore(store))
        if then is not None:
            store.bulk_extend(then())
            store.flush()
        if finish is not None:
            store.extend(list(finish(GraphStore(store))))
        if update is not None:
            store.update(update, base_iri=base_iri)
        store.flush()
        store = None  # closed: the last reference
        (target / COMPLETE).write_text("ok\n")
    except BaseException as error:
        # The store is closed before its folder is removed: closing, RocksDB writes there
        # again (a failed side-by-side load left a folder half the time). The frames of the
        # error's traceback (the loaders', a check's) would keep it open past the removal.
        traceback.clear_frames(error.__traceback__)
        del store
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def load(store: Store, documents: Documents) -> None:
    """Bulk-load `documents` into `store`, `documents.loaders` loads at a time.

    The first error (of a loader or of the documents' iterator) stops every loader and is
    raised once they have stopped; what was loaded stays in `store` (a build drops it).
    """
    parts, lock, failed = iter(documents.parts), threading.Lock(), threading.Event()

    def taken() -> bytes:
        """The next LOAD_BYTES or so of documents; b"" when there are none left."""
        found: list[bytes] = []
        size = 0
        with lock:
            while size < LOAD_BYTES and not failed.is_set():
                part = next(parts, None)
                if part is None:
                    break
                found.append(part)
                size += len(part)
        return b"".join(found)

    def loader(into: Store) -> None:  # the store an argument: a frame's local, not a cell
        try:
            while data := taken():
                into.bulk_load(data, format=RdfFormat.N_QUADS)
        except BaseException:
            failed.set()
            raise

    loaders = max(1, documents.loaders)
    with ThreadPoolExecutor(loaders) as pool:
        running = [pool.submit(loader, store) for _ in range(loaders)]
    for done in running:
        done.result()


def cores() -> int:
    """The cores this process may use: how many loads, worker processes or query threads a
    build runs side by side."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _check_replaceable(store_path: Path) -> None:
    """Refuse to replace anything but our own link into builds_dir (or an empty directory).

    A link elsewhere (to /etc, to someone's data) is neither followed nor replaced.
    """
    if store_path.is_symlink():
        real = Path(os.path.realpath(store_path))
        if real.parent == Path(os.path.realpath(builds_dir(store_path))):
            return
        raise FileExistsError(
            f"{store_path} is a link to {os.readlink(store_path)}, not a vnkg store link; "
            "move it away first"
        )
    if not store_path.exists():
        return
    if store_path.is_dir() and not any(store_path.iterdir()):
        store_path.rmdir()
        return
    raise FileExistsError(f"{store_path} exists and is not a vnkg store link; move it away first")


def _swap(store_path: Path, target: Path) -> None:
    """Point `store_path` at `target` atomically."""
    link = store_path.parent / f".{store_path.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(target, store_path.parent))
    os.replace(link, store_path)


def _remove_stray_links(store_path: Path) -> None:
    """Remove the temporary links of swaps whose builder died between link and rename."""
    for link in store_path.parent.glob(f".{store_path.name}.link-*"):
        pid = link.name.rsplit("-", 1)[1]
        if pid.isdigit() and _gone(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                link.unlink()


def _gone(pid: int) -> bool:
    """True when no process has this pid."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return True
    except PermissionError:  # it runs, as another user
        return False
    return False


def _collect(root: Path, keep: Path) -> None:
    """Remove old complete builds beyond KEEP_BUILDS and abandoned partial ones.

    A build whose builder still runs is left alone even when complete: a concurrent
    `vnkg build` may be about to swap it in.
    """
    builds = sorted(p for p in root.iterdir() if p.is_dir())
    complete = [p for p in builds if (p / COMPLETE).is_file()]
    for old in complete[:-KEEP_BUILDS]:
        if old != keep and _abandoned(old, own=True):
            shutil.rmtree(old, ignore_errors=True)
    for partial in builds:
        if not (partial / COMPLETE).is_file() and _abandoned(partial):
            shutil.rmtree(partial, ignore_errors=True)


def _abandoned(build_dir: Path, *, own: bool = False) -> bool:
    """A build whose process is gone (its name carries the builder's pid); `own`: or us."""
    try:
        pid = int(build_dir.name.split("-")[1])
    except (IndexError, ValueError):
        return True
    return (own and pid == os.getpid()) or _gone(pid)


@contextlib.contextmanager
def _lock(root: Path) -> Iterator[None]:
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class GraphStore:
    """Read-only access to a built store; queries see the union of named graphs by default."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

    @classmethod
    def open(cls, store_path: Path) -> GraphStore:
        """Open the current build of `store_path` read-only."""
        real = Path(store_path).resolve()
        if not (real / COMPLETE).is_file():
            raise NoStore(f"no built store at {store_path}")
        return cls(Store.read_only(str(real)), real)

    @classmethod
    def in_memory(cls, quads: Iterable[Quad]) -> GraphStore:
        """A throw-away in-memory store (tests)."""
        store = Store()
        store.extend(quads)
        return cls(store)

    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graphs: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
        substitutions: dict[Variable, object] | None = None,
        union: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query; without `default_graphs` the default graph is the union.

        `union=False` keeps the query's own dataset (FROM / FROM NAMED), which the union
        would override.
        """
        default: list[NamedNode | BlankNode | DefaultGraph] | None = None
        if default_graphs is not None:
            default = list(default_graphs)
        named: list[NamedNode | BlankNode] | None = None
        if named_graphs is not None:
            named = list(named_graphs)
        return self._store.query(
            sparql,
            base_iri=base_iri,
            use_default_graph_as_union=union and default_graphs is None,
            default_graph=default,
            named_graphs=named,
            substitutions=substitutions,  # type: ignore[arg-type]
        )

    def quads(
        self,
        subject: NamedNode | None = None,
        predicate: NamedNode | None = None,
        obj: object | None = None,
        graph: NamedNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]:
        """Quads matching a pattern (None is a wildcard)."""
        return iter(self._store.quads_for_pattern(subject, predicate, obj, graph))  # type: ignore[arg-type]

    def named_graphs(self) -> list[NamedNode]:
        """The named graphs in the store, sorted."""
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, NamedNode)),
            key=lambda g: g.value,
        )

    def __len__(self) -> int:
        return len(self._store)

    def dump(
        self, output: IO[bytes], rdf_format: RdfFormat, *, prefixes: dict[str, str] | None = None
    ) -> None:
        """Write the whole dataset (a quad format) to `output`."""
        self._store.dump(output, rdf_format, prefixes=prefixes)


class LiveBuild:
    """The live build of a store path, reopened when `vnkg build` swaps a new one in.

    Checking costs one readlink; the path is resolved only when the link changed (or the
    store path is a build directory, not a link).
    """

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._name = os.fspath(store_path)
        self._store: GraphStore | None = None
        self._link: str | None = None  # where the store path pointed when it was opened

    def store(self) -> GraphStore:
        """The live build: the one open unless the store's link now points elsewhere."""
        link = _link(self._name)
        if self._store is None or link is None or link != self._link:
            self._store = current(self._store, self.store_path)
            self._link = link
        return self._store


def _link(path: str) -> str | None:
    """The target of the symbolic link at `path`; None when it is not one."""
    try:
        return os.readlink(path)
    except OSError:
        return None


def current(store: GraphStore | None, store_path: Path) -> GraphStore:
    """`store` while it is still the live build, else the live build opened anew."""
    if store is not None and store.path == store_path.resolve():
        return store
    return GraphStore.open(store_path)
