"""The build pipeline: seeds -> records -> checks -> quads -> store. Each stage is a call."""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
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
from .checks import conformance, drafts, shacl
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


def shapes_validator(ontology: list[Quad]) -> conformance.Validator:
    """The SHACL shapes compiled to SPARQL under the ontology's RDFS axioms."""
    return conformance.Validator.of(resources.shapes_file(), ontology)


def shape_problems(loaded: Loaded, found: list[shacl.Violation]) -> list[Problem]:
    """SHACL violations as problems at the YAML line of the record each is about."""
    mint = Minter.for_annotations(loaded.annotations, loaded.iris)
    return shacl.problems(found, shacl.record_locations(loaded.annotations, mint))


def validate(seeds_dir: Path, iris: Iris, *, accept_drafts: bool = False) -> Loaded:
    """YAML checks then SHACL (on an in-memory store); raise ProblemsError on any problem."""
    loaded = load(seeds_dir, iris, accept_drafts=accept_drafts)
    reference, sources = annotation_quads(loaded)
    built = store.GraphStore.in_memory(itertools.chain(loaded.ontology, reference, sources))
    found = shapes_validator(loaded.ontology).violations(built)
    if found:
        raise ProblemsError(shape_problems(loaded, found))
    return loaded


def source_bytes(seeds_dir: Path) -> int:
    """The size of the source annotation files of `seeds_dir`."""
    return sum(p.stat().st_size for p in seed_files(Path(seeds_dir), "sources", []))


def build(
    seeds_dir: Path,
    store_path: Path,
    iris: Iris,
    *,
    shapes: bool = True,
    gazetteer: bool = True,
    jobs: int | None = None,
    accept_drafts: bool = False,
) -> Path:
    """Validate, then build the store atomically; return the new build directory.

    The SHACL shapes run as SPARQL on the new store before the links are added and before it
    is swapped in (`shapes=False` skips them; the YAML checks always run). Source files past
    STREAM_MIN_BYTES are streamed through `jobs` worker processes (graph/streaming.py), so
    memory does not grow with the number of facts. Draft records are refused unless
    `accept_drafts` (a preview: the graph marks them vnkg:draft).
    """
    if source_bytes(seeds_dir) > STREAM_MIN_BYTES:
        return build_streaming(
            seeds_dir,
            store_path,
            iris,
            shapes=shapes,
            gazetteer=gazetteer,
            jobs=jobs,
            accept_drafts=accept_drafts,
        )
    loaded = load(seeds_dir, iris, accept_drafts=accept_drafts)
    reference, sources = annotation_quads(loaded)
    derived = Derived(iris, shapes_validator(loaded.ontology) if shapes else None)

    def links() -> Iterator[Quad]:
        stated = statements(reference)
        return drop_repeats(
            link_quads(loaded.annotations, iris, stated=stated, gazetteer=gazetteer)
        )

    quads = drop_repeats(itertools.chain(loaded.ontology, reference, sources))
    try:
        with no_cycle_collection():
            return store.build(
                quads,
                Path(store_path),
                check=derived.check,
                then=links,
                finish=derived.finish,
            )
    except conformance.Violations as error:
        raise ProblemsError(shape_problems(loaded, error.found)) from None


@dataclass
class Derived:
    """What a build computes from its loaded store: the SHACL check (unless `validator` is
    None) beside the figures several sources report (summary.shared_figures, the costly part
    of the summary graph), both on the facts alone, before the links; then, links and
    gazetteer included, the VoID description and the rest of the summary graph.

    pyoxigraph releases the GIL while it evaluates a query, so the figures' query runs in a
    thread of its own beside the SHACL check's (one thread per core).
    """

    iris: Iris
    validator: conformance.Validator | None
    figures: list[Quad] | None = None

    def check(self, built: store.GraphStore) -> None:
        """Raise conformance.Violations if the shapes fail; keep the shared figures."""
        with ThreadPoolExecutor(1) as pool:
            shared = pool.submit(summary.shared_figures, built, self.iris)
            if self.validator is not None:
                conformance.checker(self.validator)(built)
            self.figures = shared.result()

    def finish(self, built: store.GraphStore) -> list[Quad]:
        """The VoID description of the built store, then the summary graph (the figures
        computed by check(), if it ran)."""
        description = dataset.describe(built, self.iris)
        return [*description, *summary.summarise(built, self.iris, self.figures)]


class _Rejected(Exception):
    """The streamed annotations have a problem; the full read will name it."""


def build_streaming(
    seeds_dir: Path,
    store_path: Path,
    iris: Iris,
    *,
    shapes: bool = True,
    gazetteer: bool,
    jobs: int | None,
    accept_drafts: bool = False,
) -> Path:
    """Build from the reference files, then each source file in a worker; SHACL on the store.

    On any problem the build is dropped and the seeds are read again by load(), which raises
    the same ProblemsError (every problem, file and line) as a build that does not stream;
    SHACL violations are mapped to their YAML lines by that full read too.
    """
    seeds_dir, jobs = Path(seeds_dir), jobs or store.cores()
    with streaming.workers(jobs) as pool:  # they start while the reference files are read
        problems: list[Problem] = []
        unreadable: set[str] = set()
        found = read_folder(seeds_dir, "reference", REFERENCE_KEYS, problems, unreadable)
        reference, misplaced = place_annotations(
            annotations_of(found, unreadable), places.bundled()
        )
        ontology = list(ontology_quads(resources.ontology_files(), iris))
        vocab = terms(ontology)
        paths = seed_files(seeds_dir, "sources", problems)
        if not accept_drafts:
            problems += drafts.refused(reference)
        if problems or misplaced:
            load(seeds_dir, iris, accept_drafts=accept_drafts)
        shared = streaming.shared_for(reference, iris, vocab, accept_drafts=accept_drafts)
        results = streaming.file_results(paths, shared, pool, jobs)
        reference_graph = list(reference_quads(reference, Minter.for_annotations(reference, iris)))
        head = itertools.chain(ontology, reference_graph)
        tally = streaming.Tally()
        derived = Derived(iris, shapes_validator(ontology) if shapes else None)
        tail = _StreamTail(reference, reference_graph, tally, iris, gazetteer)

        def check(built: store.GraphStore) -> None:
            pool.terminate()  # the stream has ended: no worker is needed any more
            if tally.failed or tally.problems(reference, vocab):
                raise _Rejected
            derived.check(built)

        try:
            with no_cycle_collection():
                feed = streaming.stream(head, results, tally, shared, tail.places, jobs)
                return store.build(
                    feed,
                    Path(store_path),
                    check=check,
                    then=tail.links,
                    finish=derived.finish,
                )
        except conformance.Violations as error:
            loaded = load(seeds_dir, iris, accept_drafts=accept_drafts)
            raise ProblemsError(shape_problems(loaded, error.found)) from None
        except _Rejected:
            load(seeds_dir, iris, accept_drafts=accept_drafts)
            raise RuntimeError(
                "the streamed build found a problem the full read does not"
            ) from None


@dataclass
class _StreamTail:
    """What a streamed build adds after the source files: the places they took from the
    gazetteer (validated with them), then the links of every place (added after SHACL)."""

    reference: Annotations
    reference_graph: list[Quad]
    tally: streaming.Tally
    iris: Iris
    gazetteer: bool
    extra: list[Quad] | None = None

    def _everything(self) -> Annotations:
        added = tuple(self.tally.places.values())
        return replace(self.reference, places=(*self.reference.places, *added))

    def places(self) -> list[Quad]:
        """The reference graph's quads of the places the source files took from the gazetteer."""
        everything, graph = self._everything(), self.iris.graph("reference")
        mint = Minter.for_annotations(everything, self.iris)
        added = self.tally.places.values()
        self.extra = [q for p in added for q in in_graph(graph, place_triples(p, mint))]
        return self.extra

    def links(self) -> Iterator[Quad]:
        """The links of every place (reference and gazetteer graphs)."""
        stated = statements(itertools.chain(self.reference_graph, self.extra or []))
        everything = self._everything()
        return link_quads(everything, self.iris, stated=stated, gazetteer=self.gazetteer)
