"""Where the bundled ontology, shapes, queries and seeds are, installed or not."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir(package: str) -> Path:
    """The directory of an installed package (the distribution installs unzipped)."""
    return Path(str(files(package)))


def bundled_seeds() -> Path:
    """The annotations shipped with vnkg."""
    return package_dir("vnkg.seeds")


def ontology_dir() -> Path:
    """The ontology folder: vnkg.ttl, shapes.ttl, indicators.ttl, units.ttl, schemes.ttl."""
    return package_dir("vnkg.ontology")


def context_file() -> Path:
    """The JSON-LD context of the exports (ontology/context.jsonld)."""
    return ontology_dir() / "context.jsonld"


def ontology_files() -> list[Path]:
    """The ontology's Turtle files, without the SHACL shapes."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    """The SHACL shapes the data must satisfy."""
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    """The named, documented SPARQL queries."""
    return ontology_dir() / "queries"
