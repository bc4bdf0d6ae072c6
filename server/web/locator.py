"""A small locator map: a place's point among the provinces' points, drawn as inline SVG. Pure.

The points are the gazetteer's own (GeoSPARQL `POINT(lon lat)`, approximate centres): no
tiles, no outline, nothing fetched. The frame is Vietnam's bounding box, projected
equirectangularly with the longitude scaled by the cosine of the middle latitude.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WEST, EAST, SOUTH, NORTH = 102.1, 109.5, 8.4, 23.4
HEIGHT = 240
MARGIN = 8
WIDTH = round(
    (EAST - WEST) * math.cos(math.radians((SOUTH + NORTH) / 2)) / (NORTH - SOUTH) * HEIGHT
)
POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A place with a point: its IRI, longitude, latitude, and whether the 2025 reform made it."""

    iri: str
    lon: float
    lat: float
    new: bool


@dataclass(frozen=True)
class Locator:
    """What the template draws: the frame, the place's point, the others, the map links."""

    width: int
    height: int
    x: float
    y: float
    others: tuple[tuple[float, float], ...]
    lon: float
    lat: float
    osm: str


def parse(wkt: str) -> tuple[float, float] | None:
    """(lon, lat) of a WKT point, None for any other geometry."""
    found = POINT.match(wkt)
    return (float(found[1]), float(found[2])) if found else None


def project(lon: float, lat: float) -> tuple[float, float]:
    """Pixels in the frame (margin included) of a point."""
    x = MARGIN + (lon - WEST) / (EAST - WEST) * WIDTH
    y = MARGIN + (NORTH - lat) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def locate(iri: str, places: tuple[Place, ...]) -> Locator | None:
    """The map of `iri` among the provinces of its time, if it has a point in the frame."""
    own = next((p for p in places if p.iri == iri), None)
    if own is None or not (WEST <= own.lon <= EAST and SOUTH <= own.lat <= NORTH):
        return None
    others = tuple(
        project(p.lon, p.lat)
        for p in places
        if p.iri != iri and p.new == own.new and WEST <= p.lon <= EAST and SOUTH <= p.lat <= NORTH
    )
    x, y = project(own.lon, own.lat)
    lat, lon = round(own.lat, 5), round(own.lon, 5)
    osm = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=9/{lat}/{lon}"
    return Locator(WIDTH + 2 * MARGIN, HEIGHT + 2 * MARGIN, x, y, others, lon, lat, osm)
