"""The build pipeline: seeds -> records -> checks -> quads -> store. Each stage is a call."""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from pyoxigraph import Quad

from . import dataset, resources, store, streaming
from .annotations.locate import pin
from .annotations.parse import (
    REFERENCE_KEYS,
    annotations_of,
    display_path,
    read_folder,
    read_seeds,
    seed_files,
)
from .annotations.records import Annotations
from .checks import drafts, shacl
from .checks.consistency import check
from .emit import facts
from .emit.iris import Iris
from .emit.minter import Minter
from .emit.ontology import Vocabulary, ontology_quads, vocabulary
from .emit.reference import place_triples, reference_quads
from .emit.statements import drop_repeats, in_graph
from .errors import Problem, ProblemsError
from .linking import places
from .linking.links import link_quads, statements
from .linking.places import place_annotations
from .queries import summary


@dataclass(frozen=True)
class Loaded:
    """Checked annotations with the ontology they were checked against."""

    annotations: Annotations
    ontology: list[Quad]
    iris: Iris


LOG = logging.getLogger("vnkg.build")
# Past this many records `vnkg build` leaves SHACL to `vnkg validate` (see build()).
SHACL_MAX_RECORDS = 1_000
# Past this many bytes of source files `vnkg build` streams them through worker processes.
STREAM_MIN_BYTES = 1_000_000


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of acyclic records are made.

    The records live until the build ends, so each full collection would walk them all
    again; pausing halves the load time of large seeds. Reference counting still frees.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(seeds_dir: Path, iris: Iris, *, accept_drafts: bool = False) -> Loaded:
    """Read and check a seeds directory, places resolved; raise ProblemsError listing every
    problem, each at the field it is about (a draft record is one, unless `accept_drafts`)."""
    with no_cycle_collection():
        annotations, problems = read_seeds(Path(seeds_dir))
    ontology = list(ontology_quads(resources.ontology_files(), iris))
    annotations, misplaced = place_annotations(annotations, places.bundled())
    problems += misplaced + check(annotations, terms(ontology))
    if not accept_drafts:
        problems += drafts.refused(annotations)
    if problems:
        raise ProblemsError(pin(problems))
    return Loaded(annotations, ontology, iris)


def terms(ontology: list[Quad]) -> Vocabulary:
    """The ontology's indicators and units, with the files that list them as a user types them."""
    found = vocabulary(ontology)
    folder = resources.ontology_dir()
    return replace(
        found,
        indicators_file=display_path(folder / "indicators.ttl"),
        units_file=display_path(folder / "units.ttl"),
    )


def annotation_quads(loaded: Loaded) -> tuple[list[Quad], Iterator[Quad]]:
    """The annotations as quads, emitted once: the reference graph and the source graphs.

    The reference graph is a list (the links and SHACL read it too); the source graphs stream.
    """
    mint = Minter.for_annotations(loaded.annotations, loaded.iris)
    reference = list(reference_quads(loaded.annotations, mint))
    return reference, facts.emit_sources(loaded.annotations, mint)


def shacl_check(loaded: Loaded, annotations: Iterable[Quad]) -> tuple[list[Problem], str]:
    """Validate the emitted annotations against the SHACL shapes."""
    data = shacl.to_rdflib(itertools.chain(loaded.ontology, annotations))
    ontology = shacl.to_rdflib(loaded.ontology)
    mint = Minter.for_annotations(loaded.annotations, loaded.iris)
    locations = shacl.record_locations(loaded.annotations, mint)
    return shacl.validate(data, resources.shapes_file(), ontology, locations)


def validate(seeds_dir: Path, iris: Iris, *, accept_drafts: bool = False) -> Loaded:
    """YAML checks then SHACL; raise ProblemsError on any problem."""
    loaded = load(seeds_dir, iris, accept_drafts=accept_drafts)
    reference, sources = annotation_quads(loaded)
    problems, _ = shacl_check(loaded, itertools.chain(reference, sources))
    if problems:
        raise ProblemsError(problems)
    return loaded


def record_count(annotations: Annotations) -> int:
    """How many records the annotations hold, of every kind."""
    return sum(
        len(getattr(annotations, f.name)) for f in fields(annotations) if f.name != "unreadable"
    )


def source_bytes(seeds_dir: Path) -> int:
    """The size of the source annotation files of `seeds_dir`."""
    return sum(p.stat().st_size for p in seed_files(Path(seeds_dir), "sources", []))


def build(
    seeds_dir: Path,
    store_path: Path,
    iris: Iris,
    *,
    shapes: bool | None = True,
    gazetteer: bool = True,
    jobs: int | None = None,
    accept_drafts: bool = False,
) -> Path:
    """Validate, then build the store atomically; return the new build directory.

    `shapes=None` runs SHACL only up to SHACL_MAX_RECORDS records: pySHACL needs minutes
    past that, and the YAML checks (ids, references, units, values) still run on every record.
    Without SHACL, source files past STREAM_MIN_BYTES are streamed through `jobs` worker
    processes (graph/streaming.py), so memory does not grow with the number of facts. Draft
    records are refused unless `accept_drafts` (a preview: the graph marks them vnkg:draft).
    """
    size = source_bytes(seeds_dir)
    if shapes is not True and size > STREAM_MIN_BYTES:
        if shapes is None:
            LOG.warning("SHACL skipped: %d bytes of sources; run `vnkg validate`", size)
        return build_streaming(
            seeds_dir, store_path, iris, gazetteer=gazetteer, jobs=jobs, accept_drafts=accept_drafts
        )
    loaded = load(seeds_dir, iris, accept_drafts=accept_drafts)
    reference, sources = annotation_quads(loaded)
    count = record_count(loaded.annotations)
    if shapes is None and count > SHACL_MAX_RECORDS:
        LOG.warning("SHACL skipped: %d records > %d; run `vnkg validate`", count, SHACL_MAX_RECORDS)
    elif shapes is not False:
        kept = list(sources)  # SHACL reads them, then the store
        problems, _ = shacl_check(loaded, itertools.chain(reference, kept))
        if problems:
            raise ProblemsError(problems)
        sources = iter(kept)
    links = link_quads(loaded.annotations, iris, stated=statements(reference), gazetteer=gazetteer)
    quads = drop_repeats(itertools.chain(loaded.ontology, reference, sources, links))
    with no_cycle_collection():
        return store.build(quads, Path(store_path), finish=lambda built: described(built, iris))


def described(built: store.GraphStore, iris: Iris) -> list[Quad]:
    """What a build adds to its loaded quads: the VoID description, then the summary graph
    the named queries read (graph/queries/summary.py; computed from the facts alone, as VoID is)."""
    return [*dataset.describe(built, iris), *summary.summarise(built, iris)]


class _Rejected(Exception):
    """The streamed annotations have a problem; the full read will name it."""


def build_streaming(
    seeds_dir: Path,
    store_path: Path,
    iris: Iris,
    *,
    gazetteer: bool,
    jobs: int | None,
    accept_drafts: bool = False,
) -> Path:
    """Build from the reference files, then each source file in a worker (no SHACL).

    On any problem the build is dropped and the seeds are read again by load(), which raises
    the same ProblemsError (every problem, file and line) as a build that does not stream.
    """
    seeds_dir = Path(seeds_dir)
    problems: list[Problem] = []
    unreadable: set[str] = set()
    found = read_folder(seeds_dir, "reference", REFERENCE_KEYS, problems, unreadable)
    reference, misplaced = place_annotations(annotations_of(found, unreadable), places.bundled())
    ontology = list(ontology_quads(resources.ontology_files(), iris))
    vocab = terms(ontology)
    paths = seed_files(seeds_dir, "sources", problems)
    if not accept_drafts:
        problems += drafts.refused(reference)
    if problems or misplaced:
        load(seeds_dir, iris, accept_drafts=accept_drafts)
    shared = streaming.shared_for(reference, iris, vocab, accept_drafts=accept_drafts)
    results = streaming.file_results(paths, shared, jobs or streaming.default_jobs())
    reference_graph = list(reference_quads(reference, Minter.for_annotations(reference, iris)))
    head = itertools.chain(ontology, reference_graph)
    tally = streaming.Tally()

    def tail() -> Iterator[Quad]:
        """The places the source files took from the gazetteer, then the links of all places."""
        added = tuple(tally.places.values())
        everything = replace(reference, places=(*reference.places, *added))
        mint, graph = Minter.for_annotations(everything, iris), iris.graph("reference")
        extra = [q for p in added for q in in_graph(graph, place_triples(p, mint))]
        stated = statements(itertools.chain(reference_graph, extra))
        yield from extra
        yield from link_quads(everything, iris, stated=stated, gazetteer=gazetteer)

    def finish(built: store.GraphStore) -> list[Quad]:
        if tally.failed or tally.problems(reference, vocab):
            raise _Rejected
        return described(built, iris)

    try:
        with no_cycle_collection():
            feed = streaming.stream(head, results, tally, shared, tail)
            return store.build(feed, Path(store_path), finish=finish)
    except _Rejected:
        load(seeds_dir, iris, accept_drafts=accept_drafts)
        raise RuntimeError("the streamed build found a problem the full read does not") from None
