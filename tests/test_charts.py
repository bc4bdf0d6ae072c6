"""Time-series charts: number formatting, layout geometry, and the rendered SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from flask import Flask, render_template_string
from vnkg.server.web.charts import chart, compact, nice_step, number, quantity, series
from vnkg.server.web.labels import Node
from vnkg.server.web.observations import Row

SVG = "{http://www.w3.org/2000/svg}"


def row(x: float, value: str, status: str = "achieved", *, value_max: str | None = None) -> Row:
    """A synthetic observation row of the 'poverty rate' series (geometry tests only)."""
    return Row(
        node=Node(
            text=f"obs-{x}-{status}", iri=f"urn:obs:{x}:{status}", href=f"/id/observation/{x}"
        ),
        area=Node(text="Lạng Sơn", lang="vi"),
        indicator=Node(text="poverty rate", lang="en"),
        period=Node(text=str(int(x))),
        x=x,
        x_start=None,
        value=Decimal(value),
        value_max=Decimal(value_max) if value_max else None,
        unit=Node(text="percent", lang="en"),
        symbol="%",
        status=Node(text=status, lang="en"),
        status_key=status,
        qualifier=Node(text="about", lang="en"),
        qualifier_key="about",
        sources=(Node(text="Article 000"),),
        population="",
        caption=False,
    )


@pytest.mark.parametrize(
    ("value", "value_max", "symbol", "expected"),
    [
        ("12.2", None, "%", "12.2%"),
        ("2", "2.5", "pp", "2–2.5 pp"),
        ("33800000000", None, "VND", "33.8 billion VND"),
        ("4459000000000", None, "VND", "4.459 trillion VND"),
        ("74000", None, "people", "74,000 people"),
        ("1200", None, "", "1,200"),
    ],
    ids=["percent", "range", "billion", "trillion", "thousands", "no-unit"],
)
def test_quantity(value: str, value_max: str | None, symbol: str, expected: str) -> None:
    assert quantity(Decimal(value), Decimal(value_max) if value_max else None, symbol) == expected


def test_number_keeps_the_written_precision() -> None:
    assert number(Decimal("3.36")) == "3.36"
    assert number(Decimal("12.0")) == "12"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (2.5, "2.5"), (15000, "15,000"), (3.5e9, "3.5bn"), (4.2e12, "4.2tn")],
)
def test_compact_ticks(value: float, expected: str) -> None:
    assert compact(value) == expected


@pytest.mark.parametrize(
    ("span", "step"), [(12.2, 5), (3, 1), (0.9, 0.25), (4.459e12, 2e12), (0, 1)]
)
def test_nice_step(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)


def test_series_groups_by_indicator_and_unit_and_skips_rows_without_value() -> None:
    other = row(2022.5, "5")
    other = Row(**{**other.__dict__, "symbol": "households"})
    empty = Row(**{**row(2023.5, "1").__dict__, "value": None})
    groups = series([row(2021.5, "12.2"), other, empty])
    assert [(title, symbol, len(rows)) for title, symbol, rows in groups] == [
        ("poverty rate", "%", 1),
        ("poverty rate", "households", 1),
    ]


def test_longer_series_come_first() -> None:
    single = Row(**{**row(2021.5, "3").__dict__, "indicator": Node(text="a single figure")})
    groups = series([single, row(2021.5, "12.2"), row(2024.5, "3.36")])
    assert [title for title, _, _ in groups] == ["poverty rate", "a single figure"]


def test_targets_are_dashed_from_the_last_achieved_point() -> None:
    c = chart(
        "poverty rate", "%", [row(2021.5, "12.2"), row(2024.5, "3.36"), row(2025.5, "2", "target")]
    )
    achieved = [p for p in c.points if p.status == "achieved"]
    target = next(p for p in c.points if p.status == "target")
    assert c.solid == f"M{achieved[0].x},{achieved[0].y} L{achieved[1].x},{achieved[1].y}"
    assert c.dashed == f"M{achieved[1].x},{achieved[1].y} L{target.x},{target.y}"
    assert c.statuses == ("achieved", "target")


def test_points_lie_inside_the_plot_and_values_go_up() -> None:
    c = chart("poverty rate", "%", [row(2021.5, "12.2"), row(2024.5, "3.36")])
    first, last = c.points
    for p in c.points:
        assert c.left <= p.x <= c.right and c.top <= p.y <= c.bottom
    assert first.x < last.x and first.y < last.y  # 12.2 is drawn higher than 3.36
    assert [t.text for t in c.x_ticks] == ["2021", "2022", "2023", "2024"]
    assert c.y_ticks[0].text == "0" and c.y_ticks[0].at == c.bottom


def test_one_point_series_is_readable() -> None:
    c = chart("poverty rate", "%", [row(2025.5, "2", "target", value_max="2.5")])
    (p,) = c.points
    assert c.solid == "" and c.dashed == ""
    assert [t.text for t in c.x_ticks] == ["2025"]
    assert c.left < p.x < c.right and c.top < p.y_max < p.y < c.bottom  # type: ignore[operator]
    assert len(c.y_ticks) >= 3 and p.label == "2–2.5%"
    assert c.axis == "percent (%)"


def render(app: Flask, c: object) -> ET.Element:
    with app.test_request_context("/"):
        markup = render_template_string(
            '{% from "_chart.html" import chart_svg %}{{ chart_svg(c, 7) }}', c=c
        )
    figure = ET.fromstring(markup)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def test_svg_has_a_dashed_target_path_and_a_title_per_point(web_app: Flask) -> None:
    c = chart(
        "poverty rate", "%", [row(2021.5, "12.2"), row(2024.5, "3.36"), row(2025.5, "2", "target")]
    )
    svg = render(web_app, c)
    paths = {p.get("class"): p for p in svg.iter(f"{SVG}path")}
    assert paths["line target"].get("stroke-dasharray") == "6 4"
    assert paths["line achieved"].get("stroke-dasharray") is None
    points = [g for g in svg.iter(f"{SVG}g") if (g.get("class") or "").startswith("point ")]
    titles = [g.findtext(f"{SVG}title") for g in points]
    assert titles == [
        "2021: about 12.2% (achieved) — source: Article 000",
        "2024: about 3.36% (achieved) — source: Article 000",
        "2025: about 2% (target) — source: Article 000",
    ]
    assert svg.get("role") == "img" and svg.findtext(f"{SVG}title") == "poverty rate (%)"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "year" in texts and "percent (%)" in texts


def test_svg_of_a_single_point(web_app: Flask) -> None:
    svg = render(web_app, chart("poverty rate", "%", [row(2025.5, "2", "target", value_max="2.5")]))
    assert not list(svg.iter(f"{SVG}path"))
    assert len([c for c in svg.iter(f"{SVG}circle")]) == 1
    assert any(line.get("class") == "range" for line in svg.iter(f"{SVG}line"))
