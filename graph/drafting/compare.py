"""Drafts measured against curated annotations of the same article (benchmarks/suggest_report.py
runs it on the bundled articles). Pure; the drafter never sees the curated records.

A draft meets a curated observation when their figures overlap in the text. Per article:
figures found (value right), all six aspects right (value, unit, qualifier, status, period,
place), drafts that meet no curated figure nor an exclusion, places right among those found,
and indicators right among those found (not a goal of #20: a hint for the vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..annotations.records import Observation
from ..checks.evidence import occurrences
from ..checks.sources import Exclusion
from .draft import Draft, DraftObservation

COLUMNS = (
    "article",
    "curated figures",
    "found (value right)",
    "all six right",
    "drafts",
    "drafts matching nothing",
    "places right (of found)",
    "indicators right (of found)",
)


@dataclass(frozen=True)
class Row:
    """The counts of one article (or of all)."""

    name: str
    curated: int = 0
    found: int = 0
    all_right: int = 0
    drafts: int = 0
    stray: int = 0
    places: int = 0
    indicators: int = 0

    def __add__(self, other: Row) -> Row:
        return Row("overall", *(getattr(self, f) + getattr(other, f) for f in FIELDS))

    def cells(self) -> list[str]:
        """The row as table cells, with percentages."""
        return [
            self.name,
            str(self.curated),
            _share(self.found, self.curated),
            _share(self.all_right, self.curated),
            str(self.drafts),
            _share(self.stray, self.drafts),
            _share(self.places, self.found),
            _share(self.indicators, self.found),
        ]


FIELDS = ("curated", "found", "all_right", "drafts", "stray", "places", "indicators")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"


def _where(text: str, obs: Observation) -> tuple[int, int] | None:
    ev = obs.evidence
    if ev is None or ev.figure is None:
        return None
    starts = occurrences(text, ev.figure, ev.start, ev.end)
    return (starts[0], starts[0] + len(ev.figure)) if starts else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _value_right(d: DraftObservation, c: Observation) -> bool:
    if c.spread is not None:
        return d.spread_over is not None and (d.value, d.value_max) == (c.spread.min, c.spread.max)
    return d.value == c.value and d.value_max == c.value_max


def all_right(d: DraftObservation, c: Observation) -> bool:
    """Value, unit, qualifier, status, period and place as the curators have them."""
    period = c.period.text if c.period else None
    return (
        _value_right(d, c)
        and d.unit.value == c.unit
        and d.qualifier.value == c.qualifier.value
        and d.status.value == c.status.value
        and d.period.period == period
        and d.place.place == c.place
    )


def compare(
    name: str,
    text: str,
    draft: Draft,
    curated: Iterable[Observation],
    exclusions: Iterable[Exclusion],
) -> Row:
    """The counts of one article's draft against its curated observations."""
    curated = list(curated)
    spans = {c.id: _where(text, c) for c in curated}
    excluded = [(s, s + len(e.text)) for e in exclusions for s in occurrences(text, e.text)]
    drafts = {d.id: (d.at, d.at + len(d.figure)) for d in draft.observations}
    counts = dict.fromkeys(FIELDS, 0) | {"curated": len(curated), "drafts": len(drafts)}
    for c in curated:
        span = spans[c.id]
        met = [d for d in draft.observations if span and _overlaps(drafts[d.id], span)]
        right = [d for d in met if _value_right(d, c)]
        if right:
            best = max(right, key=lambda d: all_right(d, c))
            counts["found"] += 1
            counts["all_right"] += all_right(best, c)
            counts["places"] += best.place.place == c.place
            counts["indicators"] += best.indicator.value == c.indicator
    known = [s for s in spans.values() if s] + excluded
    counts["stray"] = sum(1 for d in drafts.values() if not any(_overlaps(d, k) for k in known))
    return Row(name, *(counts[f] for f in FIELDS))


def table(rows: list[Row]) -> Iterator[str]:
    """A Markdown table of the rows and their total."""
    total = sum(rows, Row("overall"))
    yield "| " + " | ".join(COLUMNS) + " |"
    yield "|" + "---|" * len(COLUMNS)
    for row in [*rows, total]:
        cells = row.cells()
        if row is total:
            cells = [f"**{c}**" for c in cells]
        yield "| " + " | ".join(cells) + " |"
