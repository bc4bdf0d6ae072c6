"""Entity pages in a real browser (Playwright for Python driving Debian's Chromium).

The province page on a phone (390 px) scrolls only down, and a chart's figure is reached with
the keyboard: Tab lands on a point's link, Enter opens its observation. Launched as
tests/test_browser.py does; skipped outside CI when Chromium is missing, never in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import MARKS
from playwright.sync_api import Browser
from processes import serving
from vnkg.server.app import create_app

pytestmark = MARKS


@pytest.fixture(scope="module")
def live(bundled_store: Path) -> Iterator[str]:
    """The app over the bundled graph, served on 127.0.0.1."""
    with serving(create_app(bundled_store)) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_province_page_on_a_phone_has_no_horizontal_scroll(
    browser: Browser, live: str, lang: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live}/id/province/lang-son?lang={lang}")
    assert page.locator("figure.chart").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    smallest = page.evaluate(
        """Math.min(...[...document.querySelectorAll('figure.chart svg text')].map(t => {
             const box = t.getBoundingClientRect(), size = parseFloat(getComputedStyle(t).fontSize);
             const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
             return size * scale; }))"""
    )
    assert smallest >= 11
    page.close()


def test_a_chart_point_is_reached_and_opened_with_the_keyboard(browser: Browser, live: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live}/id/province/lang-son")
    first = page.locator("figure.chart a.point").first
    href = first.get_attribute("href")
    assert href and href.startswith("/id/observation/")
    page.locator("#charts").evaluate("h => h.setAttribute('tabindex', '-1')")
    page.locator("#charts").focus()  # start just before the charts, as a reader tabbing on
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.closest('figure.chart a.point') ? "
            "document.activeElement.getAttribute('href') : null"
        )
        if focused:
            break
    assert focused == href
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live}{href}")
    assert "/id/observation/" in page.url and page.locator("dd.value").count() == 1
    page.close()
