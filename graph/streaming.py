"""Large builds, file by file: each source file is read, checked and emitted in a worker.

The reference files are read first (every source file refers to them); the source files then go
to a pool of worker processes, each of which returns its file's quads as N-Quads bytes, the ids
it defines and its source record. The bytes flow into Oxigraph's bulk loader, a few files a
load, two loads side by side (graph/store.py's Documents), so the main process never holds
more than a few files' records: memory stays bounded by the reference data and the ids,
whatever the number of observations.

Any problem stops the stream; the caller then reads everything again the ordinary way, whose
messages (file, line, sorted) are the contract, so both paths report exactly the same.

Workers are spawned (no fork of a process that may hold threads or an open store), so a script
that calls `pipeline.build` on large seeds needs the usual `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from .annotations.parse import SOURCE_KEYS, annotations_of, display_path, read_file
from .annotations.records import Annotations, Place, Source
from .checks.consistency import check, check_file_records, known_ids
from .checks.drafts import refused
from .emit import facts
from .emit.iris import Iris
from .emit.minter import Minter
from .emit.ontology import Vocabulary
from .emit.reference import cube_triples
from .emit.statements import drop_repeats, in_graph
from .errors import Problem
from .linking.places import bundled, place_annotations
from .store import Documents

# Files in flight per worker: enough to keep the workers busy, few enough to bound memory.
AHEAD = 2


@dataclass(frozen=True)
class Shared:
    """What every worker needs: minting, the reference ids and places, the ontology's tokens."""

    iris: Iris
    places: dict[str, Place]
    known: dict[str, set[str]]
    vocabulary: Vocabulary
    accept_drafts: bool = False


@dataclass(frozen=True)
class FileResult:
    """One source file: its N-Quads, the ids it defines by kind, its source records, the
    places it takes from the gazetteer."""

    nquads: bytes
    ids: dict[str, list[str]]
    sources: tuple[Source, ...]
    observations: int
    failed: bool
    places: tuple[Place, ...] = ()


# A worker's context: the pickled Shared it was last given, and that Shared.
_context: tuple[bytes, Shared] | None = None


def _warm() -> None:
    """A new worker: the gazetteer loaded, and the collector set for emitting.

    What lives as long as the worker (the gazetteer, then the reference places) is frozen out
    of the cyclic collector, which is then paused: each file's records are freed by reference
    counting (emit_file makes no cycles), so collections walking them only cost time (a third
    of a worker's CPU). One collection after each file keeps memory bounded all the same.
    """
    bundled()
    gc.freeze()
    gc.disable()


def _shared_of(context: bytes) -> Shared:
    """The Shared pickled in `context`, unpickled once per worker."""
    global _context
    if _context is None or _context[0] != context:
        _context = (context, pickle.loads(context))
        gc.freeze()
    return _context[1]


def shared_for(
    reference: Annotations, iris: Iris, vocabulary: Vocabulary, *, accept_drafts: bool = False
) -> Shared:
    """The worker context of a build whose reference records are `reference`."""
    places = {p.id: p for p in reference.places}
    return Shared(iris, places, known_ids(reference), vocabulary, accept_drafts)


def emit_file(path: Path, shared: Shared) -> FileResult:
    """Read, check and emit one source file (pure but for reading the file)."""
    problems: list[Problem] = []
    found = read_file(path, display_path(path), SOURCE_KEYS, problems)
    records, misplaced = place_annotations(annotations_of(found or {}), bundled(), shared.places)
    known = {**shared.known, "source": {s.id for s in records.sources}}
    problems += misplaced + check_file_records(records, shared.vocabulary, known)
    if not shared.accept_drafts:
        problems += refused(records)
    if problems:
        return FileResult(b"", {}, (), 0, failed=True)
    everything = replace(records, places=(*shared.places.values(), *records.places))
    mint = Minter.for_annotations(everything, shared.iris)
    quads = drop_repeats(facts.emit_sources(records, mint))
    ids = {
        "observation": [r.id for r in records.observations],
        "activity": [r.id for r in records.activities],
        "post": [r.id for r in records.posts],
    }
    data = serialize(quads, format=RdfFormat.N_QUADS) or b""
    observations = len(records.observations)
    return FileResult(data, ids, records.sources, observations, False, records.places)


def _emit_in_worker(path: Path, context: bytes) -> FileResult:
    try:
        return emit_file(path, _shared_of(context))
    finally:
        gc.collect()


@dataclass
class Tally:
    """What the stream has seen: ids by kind, source records, observations, failure."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    observations: int = 0
    failed: bool = False
    places: dict[str, Place] = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        """Count one file's result; a failed file or an id seen before fails the build."""
        self.failed |= result.failed
        for place in result.places:
            self.places.setdefault(place.id, place)
        for kind, ids in result.ids.items():
            seen = self.ids.setdefault(kind, set())
            self.failed |= len(ids) != len(set(ids)) or not seen.isdisjoint(ids)
            seen.update(ids)
        self.sources += result.sources
        self.observations += result.observations

    def problems(self, reference: Annotations, vocabulary: Vocabulary) -> list[Problem]:
        """Problems of the reference records and the sources, now that every source is known."""
        places = (*reference.places, *self.places.values())
        return check(replace(reference, sources=tuple(self.sources), places=places), vocabulary)


def workers(jobs: int) -> Pool:
    """`jobs` worker processes, started before their context is known: each imports the
    code and loads the gazetteer while the main process reads the reference files."""
    return multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm)


def file_results(paths: list[Path], shared: Shared, pool: Pool, jobs: int) -> Iterator[FileResult]:
    """Each file's result, in order, from the `jobs` processes of `pool`, a few files ahead."""
    context = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
    pending: deque[AsyncResult[FileResult]] = deque()
    queue = iter(paths)
    for path in queue:
        pending.append(pool.apply_async(_emit_in_worker, (path, context)))
        if len(pending) >= jobs * AHEAD:
            break
    while pending:
        result = pending.popleft().get()
        for path in queue:
            pending.append(pool.apply_async(_emit_in_worker, (path, context)))
            break
        yield result
        if result.failed:
            return


def stream(
    head: Iterable[Quad],
    results: Iterable[FileResult],
    tally: Tally,
    shared: Shared,
    tail: Callable[[], Iterable[Quad]],
    loaders: int = 2,
) -> Documents:
    """N-Quads of `head`, of every file, then of `tail()`, for `loaders` bulk loads side by
    side; `tally` counts the files as they pass (`tail` may read it)."""

    def chunks() -> Iterator[bytes]:
        yield serialize(head, format=RdfFormat.N_QUADS) or b""
        for result in results:
            tally.add(result)
            if tally.failed:
                return
            yield result.nquads
        if tally.observations:
            mint = Minter(shared.iris, {})
            cube = in_graph(shared.iris.graph("reference"), cube_triples(mint))
            yield serialize(cube, format=RdfFormat.N_QUADS) or b""
        yield serialize(tail(), format=RdfFormat.N_QUADS) or b""

    return Documents(chunks(), loaders)
