"""Time-series charts of observations: pure geometry for a small inline-SVG template."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from vnkg.server.web.observations import Row

WIDTH, HEIGHT = 560, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 36, 44
DASHED = {"target", "plan"}
Scale = Callable[[float], float]
SCALES = (
    (Decimal(10**12), "trillion", "tn"),
    (Decimal(10**9), "billion", "bn"),
    (Decimal(10**6), "million", "M"),
)


@dataclass(frozen=True)
class Point:
    """One plotted observation, in pixels, with its tooltip."""

    x: float
    y: float
    y_max: float | None
    x_start: float | None
    status: str
    label: str
    title: str
    anchor: str = "start"


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
    axis: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    solid: str
    dashed: str
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    statuses: tuple[str, ...]
    show_labels: bool


def number(value: Decimal) -> str:
    """A decimal with thousands separators, as precise as stored: 4459000 -> '4,459,000'."""
    text = format(value.normalize(), ",f")
    return text[:-2] if text.endswith(".0") else text


def words(value: Decimal) -> str:
    """Large numbers in words: 33800000000 -> '33.8 billion'."""
    for scale, word, _ in SCALES:
        if abs(value) >= scale:
            return f"{number(value / scale)} {word}"
    return number(value)


def quantity(value: Decimal | None, value_max: Decimal | None, symbol: str) -> str:
    """'12.2%', '2–2.5%', '4,459 billion VND'."""
    if value is None:
        return ""
    text = words(value) if value_max is None else f"{words(value)}–{words(value_max)}"
    if not symbol:
        return text
    return f"{text}{symbol}" if symbol == "%" else f"{text} {symbol}"


def compact(value: float) -> str:
    """Short tick text: 4.2e12 -> '4.2tn', 1500 -> '1,500'."""
    for scale, _, short in SCALES:
        if abs(value) >= scale:
            return f"{value / float(scale):,.4g}{short}"
    return f"{value:,.4g}" if abs(value) < 10**4 else f"{value:,.0f}"


def series(rows: Iterable[Row]) -> list[tuple[str, str, list[Row]]]:
    """Rows with a value and a period as (title, symbol, rows) per indicator and unit.

    Longer series come first: they say the most.
    """
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        if r.value is not None and r.x is not None and r.indicator is not None:
            groups.setdefault((r.indicator.text, r.symbol), []).append(r)
    found = [(title, symbol, members) for (title, symbol), members in groups.items()]
    return sorted(found, key=lambda g: (-len({r.x for r in g[2]}), g[0].lower(), g[1]))


def nice_step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 x 10^n) giving about `count` intervals over `span`."""
    raw = span / count if span > 0 else 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def chart(title: str, symbol: str, rows: list[Row]) -> Chart:
    """Lay out one series: solid line through achieved values, dashed towards targets and plans."""
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

    points = tuple(_point(r, symbol, px, py) for r in rows)
    solid = [p for p in _one_per_x(points) if p.status not in DASHED]
    planned = [p for p in _one_per_x(points) if p.status in DASHED]
    if planned and solid:
        before = [p for p in solid if p.x <= planned[0].x]
        planned = before[-1:] + planned
    return Chart(
        title=title,
        unit=symbol,
        axis=axis_label(rows[0], symbol),
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        solid=_path(solid),
        dashed=_path(planned),
        points=points,
        x_ticks=tuple(Tick(px(year + 0.5), str(year)) for year in _years(x_lo, x_hi)),
        y_ticks=tuple(Tick(py(v), compact(v)) for v in _steps(y_lo, y_hi, step)),
        statuses=tuple(sorted({p.status for p in points})),
        show_labels=len(points) <= 8,
    )


def axis_label(row: Row, symbol: str) -> str:
    """The y-axis title: the unit's name with its symbol, 'percent (%)'."""
    name = row.unit.text if row.unit else ""
    if name and symbol and name != symbol:
        return f"{name} ({symbol})"
    return name or symbol or "value"


def _point(r: Row, symbol: str, px: Scale, py: Scale) -> Point:
    """A row in pixels, with the tooltip that tells its value, qualifier, status and source."""
    assert r.value is not None and r.x is not None
    value = quantity(r.value, r.value_max, symbol)
    qualifier = r.qualifier.text if r.qualifier else ""
    status = r.status.text if r.status else "status unknown"
    sources = "; ".join(s.text for s in r.sources) or "no source"
    period = r.period.text if r.period else ""
    title = (
        f"{period}: {qualifier + ' ' if qualifier else ''}{value} ({status}) — source: {sources}"
    )
    x = px(r.x)
    return Point(
        x=x,
        y=py(float(r.value)),
        y_max=py(float(r.value_max)) if r.value_max is not None else None,
        x_start=px(r.x_start) if r.x_start is not None else None,
        status=r.status_key or "unknown",
        label=value,
        title=title,
        anchor="end" if x > (LEFT + WIDTH - RIGHT) / 2 else "start",
    )


def _one_per_x(points: tuple[Point, ...]) -> list[Point]:
    seen: dict[tuple[float, bool], Point] = {}
    for p in points:
        seen.setdefault((p.x, p.status in DASHED), p)
    return sorted(seen.values(), key=lambda p: p.x)


def _path(points: list[Point]) -> str:
    if len(points) < 2:
        return ""
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))


def _years(lo: float, hi: float) -> list[int]:
    """Years whose middle lies in [lo, hi], thinned to at most 8 ticks."""
    years = list(range(math.ceil(lo - 0.5), math.floor(hi - 0.5) + 1))
    stride = max(1, math.ceil(len(years) / 8))
    return years[::stride]


def _steps(lo: float, hi: float, step: float) -> list[float]:
    count = round((hi - lo) / step)
    return [lo + i * step for i in range(count + 1)]
