"""The build pipeline: seeds -> records -> checks -> quads -> store. Each stage is a call."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from . import dataset, resources, shacl, store
from .checks import check
from .emit import emit
from .errors import Problem, ProblemsError
from .iris import Iris
from .links import link_quads
from .minter import Minter
from .ontology import ontology_quads, vocabulary
from .parse import read_seeds
from .records import Annotations


@dataclass(frozen=True)
class Loaded:
    """Checked annotations with the ontology they were checked against."""

    annotations: Annotations
    ontology: list[Quad]
    iris: Iris


def load(seeds_dir: Path, iris: Iris) -> Loaded:
    """Read and check a seeds directory; raise ProblemsError listing every problem."""
    annotations, problems = read_seeds(Path(seeds_dir))
    ontology = list(ontology_quads(resources.ontology_files(), iris))
    problems += check(annotations, vocabulary(ontology))
    if problems:
        raise ProblemsError(problems)
    return Loaded(annotations, ontology, iris)


def annotation_quads(loaded: Loaded) -> Iterator[Quad]:
    """The quads of the annotations themselves (reference and source graphs)."""
    return emit(loaded.annotations, loaded.iris)


def dataset_quads(loaded: Loaded, *, gazetteer: bool = True) -> Iterator[Quad]:
    """Everything that goes into the store: ontology, annotations, links (and gazetteer)."""
    links = link_quads(loaded.annotations, loaded.iris, gazetteer=gazetteer)
    return itertools.chain(loaded.ontology, annotation_quads(loaded), links)


def shacl_check(loaded: Loaded) -> tuple[list[Problem], str]:
    """Validate the emitted annotations against the SHACL shapes."""
    data = shacl.to_rdflib(itertools.chain(loaded.ontology, annotation_quads(loaded)))
    ontology = shacl.to_rdflib(loaded.ontology)
    mint = Minter.for_annotations(loaded.annotations, loaded.iris)
    locations = shacl.record_locations(loaded.annotations, mint)
    return shacl.validate(data, resources.shapes_file(), ontology, locations)


def validate(seeds_dir: Path, iris: Iris) -> Loaded:
    """YAML checks then SHACL; raise ProblemsError on any problem."""
    loaded = load(seeds_dir, iris)
    problems, _ = shacl_check(loaded)
    if problems:
        raise ProblemsError(problems)
    return loaded


def build(
    seeds_dir: Path, store_path: Path, iris: Iris, *, shapes: bool = True, gazetteer: bool = True
) -> Path:
    """Validate, then build the store atomically; return the new build directory."""
    loaded = validate(seeds_dir, iris) if shapes else load(seeds_dir, iris)
    quads = dataset_quads(loaded, gazetteer=gazetteer)
    return store.build(quads, Path(store_path), finish=lambda built: dataset.describe(built, iris))
