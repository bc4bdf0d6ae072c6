"""The queries of the endpoint benchmark: typical lookups and the competency queries."""

from __future__ import annotations

from pathlib import Path

from generate import FIRST_YEAR

QUERIES = Path(__file__).resolve().parent.parent / "ontology" / "queries"
BASE = "https://w3id.org/vnkg/"
PREFIXES = """PREFIX vnkg: <https://w3id.org/vnkg/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
"""


def lookups() -> dict[str, str]:
    """Small queries of the kind a page or an API client sends, on entities every size has."""
    commune = f"<{BASE}id/commune/p01-d01-c01>"
    district = f"<{BASE}id/district/p01-d01>"
    observation = f"<{BASE}id/observation/p01-y{FIRST_YEAR}-d01-c01-poverty-rate>"
    return {
        "ask: commune in district": f"{PREFIXES}ASK {{ {commune} vnkg:partOf {district} }}",
        "labels of a commune": f"{PREFIXES}SELECT ?label WHERE {{ {commune} skos:prefLabel ?label }}",
        "one observation": f"SELECT ?p ?o WHERE {{ {observation} ?p ?o }}",
        "facts of a commune": (
            f"{PREFIXES}SELECT ?obs ?value WHERE {{ ?obs sdmx-dimension:refArea {commune} ; "
            "sdmx-measure:obsValue ?value }"
        ),
        "any 10 triples": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
    }


def competency() -> dict[str, str]:
    """The named queries of ontology/queries/, by file stem."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))}
