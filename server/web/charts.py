"""Time-series charts of observations: pure geometry for a small inline-SVG template.

A series is one indicator in one unit, charted only when it has two points or more (a single
figure is read from the key-figures table). A value of one year is a point; a value over a
period (2021–2024) is a bar spanning that period, labelled; achieved values are filled circles
on a solid line, targets and plans hollow diamonds on a dashed one. The same figure reported by
two sources is drawn once and says so. Every point is a link to its observation, with its
label (qualifier included) written beside it; labels that would overlap are moved apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from vnkg.server.web.observations import Row

WIDTH, HEIGHT = 420, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 46, 26
CHAR = 7.2  # px per character of a label at the charts' font size (an estimate for layout)
LINE = 16  # px between two labels stacked
DASHED = {"target", "plan"}
Scale = Callable[[float], float]
Label = Callable[[Row], str]


@dataclass(frozen=True)
class Point:
    """One plotted figure, in pixels: a point (a year) or a bar (`x_start`: a period)."""

    x: float
    y: float
    y_max: float | None
    x_start: float | None
    status: str
    label: str
    title: str
    href: str | None
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"
    sources: int = 1


@dataclass(frozen=True)
class Tick:
    """An axis tick: pixel position and text."""

    at: float
    text: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws for one indicator's series."""

    title: str
    unit: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    zero: float
    solid: str
    dashed: str
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    statuses: tuple[str, ...]
    bars: bool


def series(rows: Iterable[Row]) -> list[tuple[str, str, list[Row]]]:
    """Rows with a value and a period as (title, unit, rows) per indicator and unit, only
    those of two figures or more (distinct periods, statuses or values); longest first."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        if r.value is not None and r.x is not None and r.indicator is not None:
            unit = r.symbol or r.unit_many or r.unit_one
            groups.setdefault((r.indicator.text, unit), []).append(r)
    found = [(title, unit, members) for (title, unit), members in groups.items()]
    found = [g for g in found if len({_figure(r) for r in g[2]}) >= 2]
    return sorted(found, key=lambda g: (-len({r.x for r in g[2]}), g[0].lower(), g[1]))


def _figure(r: Row) -> tuple[object, ...]:
    """What makes two rows the same figure (reported by two sources, say)."""
    return (r.x, r.x_start, r.value, r.value_max, r.status_key, r.qualifier_key)


def nice_step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 x 10^n) giving about `count` intervals over `span`."""
    raw = span / count if span > 0 else 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def chart(
    title: str, unit: str, rows: list[Row], label: Label, tick: Callable[[float], str]
) -> Chart:
    """Lay out one series: `label(row)` writes a figure, `tick(value)` an axis value."""
    rows = sorted(rows, key=lambda r: (r.x, r.status_key))
    xs = [v for r in rows for v in (r.x, r.x_start) if v is not None]
    ys = [float(v) for r in rows for v in (r.value, r.value_max) if v is not None]
    x_lo, x_hi = min(xs) - 0.5, max(xs) + 0.5
    step = nice_step(max(ys) - min(0.0, min(ys)))
    y_lo = min(0.0, math.floor(min(ys) / step) * step)
    y_hi = max(step, math.ceil(max(ys) / step) * step)
    if y_hi <= max(ys):
        y_hi += step

    def px(x: float) -> float:
        return round(LEFT + (x - x_lo) / (x_hi - x_lo) * (WIDTH - LEFT - RIGHT), 1)

    def py(y: float) -> float:
        return round(HEIGHT - BOTTOM - (y - y_lo) / (y_hi - y_lo) * (HEIGHT - TOP - BOTTOM), 1)

    points = place_labels(_merge([_point(r, label(r), px, py) for r in rows], rows))
    lines = [p for p in points if p.x_start is None]
    solid = [p for p in _one_per_x(lines) if p.status not in DASHED]
    planned = [p for p in _one_per_x(lines) if p.status in DASHED]
    if planned and solid:
        before = [p for p in solid if p.x <= planned[0].x]
        planned = before[-1:] + planned
    return Chart(
        title=title,
        unit=unit,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        zero=py(max(y_lo, 0.0)),
        solid=_path(solid),
        dashed=_path(planned),
        points=tuple(points),
        x_ticks=tuple(Tick(px(year + 0.5), str(year)) for year in _years(x_lo, x_hi)),
        y_ticks=tuple(Tick(py(v), tick(v)) for v in _steps(y_lo, y_hi, step)),
        statuses=tuple(sorted({p.status for p in points})),
        bars=any(p.x_start is not None for p in points),
    )


def _point(r: Row, label: str, px: Scale, py: Scale) -> Point:
    """A row in pixels; a period's bar spans from its first year's start to its last's end."""
    assert r.value is not None and r.x is not None
    status = r.status.text if r.status else ""
    period = r.period.text if r.period else ""
    sources = "; ".join(s.text for s in r.sources)
    title = " — ".join(part for part in (period, label, status, sources) if part)
    start = px(r.x_start - 0.5) if r.x_start is not None else None
    return Point(
        x=px(r.x + 0.5) if r.x_start is not None else px(r.x),
        y=py(float(r.value)),
        y_max=py(float(r.value_max)) if r.value_max is not None else None,
        x_start=start,
        status=r.status_key or "unknown",
        label=label,
        title=title,
        href=r.node.href,
    )


def _merge(points: list[Point], rows: list[Row]) -> list[Point]:
    """One point per figure: the same figure from several sources is drawn once, counted."""
    merged: dict[tuple[object, ...], Point] = {}
    for p, r in zip(points, rows, strict=True):
        key = _figure(r)
        if key in merged:
            first = merged[key]
            merged[key] = replace(
                first, sources=first.sources + 1, title=f"{first.title}; {p.title}"
            )
        else:
            merged[key] = p
    return list(merged.values())


def place_labels(points: list[Point]) -> list[Point]:
    """Each label above its figure, moved up (else below) while it would overlap one placed
    before it: no two labels collide."""
    placed: list[tuple[float, float, float, float]] = []
    found = []
    for p in sorted(points, key=lambda p: p.x):
        centre = (p.x_start + p.x) / 2 if p.x_start is not None else p.x
        width = (len(p.label) + (12 if p.sources > 1 else 0)) * CHAR  # "(2 sources)"
        anchor, left = "middle", centre - width / 2
        if left < LEFT:
            anchor, left = "start", max(LEFT, centre - 6)
        elif left + width > WIDTH - 2:
            anchor, left = "end", min(WIDTH - 2, centre + 6) - width
        top = min(p.y, p.y_max if p.y_max is not None else p.y) - 10
        tries = [top - i * LINE for i in range(4)] + [p.y + 22 + i * LINE for i in range(3)]
        y = next((t for t in tries if not _overlaps((left, t, width), placed)), tries[0])
        y = max(12.0, y)
        placed.append((left, y - 12, left + width, y + 3))
        x = {"middle": centre, "start": left, "end": left + width}[anchor]
        found.append(replace(p, label_x=round(x, 1), label_y=round(y, 1), anchor=anchor))
    return found


def _overlaps(
    box: tuple[float, float, float], placed: list[tuple[float, float, float, float]]
) -> bool:
    left, y, width = box
    return any(
        left < right and other_left < left + width and y - 12 < bottom and top < y + 3
        for other_left, top, right, bottom in placed
    )


def _one_per_x(points: Iterable[Point]) -> list[Point]:
    seen: dict[tuple[float, bool], Point] = {}
    for p in points:
        seen.setdefault((p.x, p.status in DASHED), p)
    return sorted(seen.values(), key=lambda p: p.x)


def _path(points: list[Point]) -> str:
    if len(points) < 2:
        return ""
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))


def _years(lo: float, hi: float) -> list[int]:
    """Years whose middle lies in [lo, hi], thinned to at most 6 ticks."""
    years = list(range(math.ceil(lo - 0.5), math.floor(hi - 0.5) + 1))
    stride = max(1, math.ceil(len(years) / 6))
    return years[::stride]


def _steps(lo: float, hi: float, step: float) -> list[float]:
    count = round((hi - lo) / step)
    return [lo + i * step for i in range(count + 1)]
