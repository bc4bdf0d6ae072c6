"""Time-series charts: layout geometry (series, bars, labels, links) and the rendered SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from flask import Flask, render_template_string
from vnkg.server.web.charts import Chart, chart, nice_step, series
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
        unit_one="percent",
        unit_many="percent",
        status=Node(text=status, lang="en"),
        status_key=status,
        qualifier=Node(text="about", lang="en"),
        qualifier_key="about",
        sources=(Node(text="Article 000"),),
        population="",
        caption=False,
    )


def label(r: Row) -> str:
    return f"{r.value}%"


def plot(rows: list[Row]) -> Chart:
    return chart("poverty rate", "%", rows, label, lambda v: f"{v:g}")


@pytest.mark.parametrize(
    ("span", "step"), [(12.2, 5), (3, 1), (0.9, 0.25), (4.459e12, 2e12), (0, 1)]
)
def test_nice_step(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)


def test_series_of_one_figure_are_not_charted() -> None:
    other = Row(**{**row(2022.5, "5").__dict__, "symbol": "", "unit_many": "households"})
    empty = Row(**{**row(2023.5, "1").__dict__, "value": None})
    groups = series([row(2021.5, "12.2"), row(2024.5, "3.36"), other, empty])
    assert [(title, unit, len(rows)) for title, unit, rows in groups] == [("poverty rate", "%", 2)]


def test_the_same_figure_from_two_sources_is_not_a_series() -> None:
    twice = Row(**{**row(2021.5, "12.2").__dict__, "sources": (Node(text="Article 001"),)})
    assert series([row(2021.5, "12.2"), twice]) == []


def test_the_same_figure_from_two_sources_is_drawn_once_and_counted() -> None:
    twice = Row(**{**row(2021.5, "12.2").__dict__, "sources": (Node(text="Article 001"),)})
    c = plot([row(2021.5, "12.2"), twice, row(2024.5, "3.36")])
    assert [p.sources for p in c.points] == [2, 1]
    assert "Article 000" in c.points[0].title and "Article 001" in c.points[0].title


def test_targets_are_dashed_from_the_last_achieved_point() -> None:
    c = plot([row(2021.5, "12.2"), row(2024.5, "3.36"), row(2025.5, "2", "target")])
    achieved = [p for p in c.points if p.status == "achieved"]
    target = next(p for p in c.points if p.status == "target")
    assert c.solid == f"M{achieved[0].x},{achieved[0].y} L{achieved[1].x},{achieved[1].y}"
    assert c.dashed == f"M{achieved[1].x},{achieved[1].y} L{target.x},{target.y}"
    assert c.statuses == ("achieved", "target")


def test_points_lie_inside_the_plot_and_values_go_up() -> None:
    c = plot([row(2021.5, "12.2"), row(2024.5, "3.36")])
    first, last = c.points
    for p in c.points:
        assert c.left <= p.x <= c.right and c.top <= p.y <= c.bottom
    assert first.x < last.x and first.y < last.y  # 12.2 is drawn higher than 3.36
    assert [t.text for t in c.x_ticks] == ["2021", "2022", "2023", "2024"]
    assert c.y_ticks[0].text == "0" and c.y_ticks[0].at == c.bottom


def test_a_total_over_a_period_is_a_bar_spanning_it() -> None:
    total = Row(**{**row(2024.5, "80600").__dict__, "x_start": 2021.5})
    c = plot([total, row(2025.5, "90000", "target")])
    bar = next(p for p in c.points if p.x_start is not None)
    year = (c.right - c.left) / 5  # 2021..2025
    assert bar.x - bar.x_start == pytest.approx(4 * year, abs=0.2)  # 2021 to 2024 inclusive
    assert c.bars and c.solid == "" and c.left <= bar.x_start < bar.x <= c.right


def test_labels_do_not_collide() -> None:
    c = plot([row(2024.5, "3.36"), row(2024.9, "3"), row(2024.7, "3.2")])
    boxes = [(p.label_x, p.label_y, len(p.label)) for p in c.points]
    for i, (x, y, n) in enumerate(boxes):
        for x2, y2, n2 in boxes[i + 1 :]:
            assert abs(y - y2) >= 12 or abs(x - x2) * 2 >= (n + n2) * 7.2


def test_every_point_links_to_its_observation() -> None:
    c = plot([row(2021.5, "12.2"), row(2024.5, "3.36")])
    assert [p.href for p in c.points] == ["/id/observation/2021.5", "/id/observation/2024.5"]


def render(app: Flask, c: object) -> ET.Element:
    with app.test_request_context("/"):
        markup = render_template_string(
            '{% from "_chart.html" import chart_svg %}{{ chart_svg(c, 7) }}', c=c
        )
    figure = ET.fromstring(markup)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def test_svg_points_are_links_with_their_labels_written_out(web_app: Flask) -> None:
    c = plot([row(2021.5, "12.2"), row(2024.5, "3.36"), row(2025.5, "2", "target")])
    svg = render(web_app, c)
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == [
        "/id/observation/2021.5",
        "/id/observation/2024.5",
        "/id/observation/2025.5",
    ]
    assert [a.findtext(f"{SVG}text") for a in links] == ["12.2%", "3.36%", "2%"]
    assert links[0].findtext(f"{SVG}title") == "2021 — 12.2% — achieved — Article 000"
    marks = {a.get("class"): a.find(f"{SVG}*[@class='mark']") for a in links}
    assert marks["point achieved"].tag == f"{SVG}circle"  # type: ignore[union-attr]
    assert marks["point target"].tag == f"{SVG}path"  # a diamond: not colour alone
    paths = {p.get("class") for p in svg.iter(f"{SVG}path")}
    assert {"line achieved", "line target"} <= paths
