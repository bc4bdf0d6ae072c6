"""The query page and the site's chrome in a real browser (Playwright for Python driving
Debian's Chromium), against a live server under the site's Content-Security-Policy.

A query run from the UI, tabs and edits kept across reload and Back, a syntax error shown with
its line and a way to declare the missing prefix, the tab menu and the width of a phone
screen, the contrast of the tabs, the language switch. One server and one browser for the
module; each test has a fresh browser context (its own storage). `.ci/run` installs
Chromium; outside CI the tests are skipped when it is missing, in CI (`CI` set) they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import MARKS
from playwright.sync_api import Browser, Page
from processes import serving
from vnkg.server.app import create_app
from vnkg.server.web import ui

pytestmark = MARKS
RESULT_ROWS = ".tabPanel.active .yasr .dataTable tbody tr"
# The contrast of a colour on white (WCAG 2.x), computed in the page from its computed style.
CONTRAST = """element => {
  const rgb = getComputedStyle(element).color.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const [r, g, b] = rgb.map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}"""


@pytest.fixture(scope="module")
def live_web(web_store: Path) -> Iterator[str]:
    """The app over the web test store, served on 127.0.0.1 by a threaded server (one per module)."""
    with serving(create_app(web_store)) as url:
        yield url


@pytest.fixture
def opened(browser: Browser) -> Iterator[list[Any]]:
    """Browser contexts a test opens, closed after it."""
    contexts: list[Any] = []
    yield contexts
    for context in contexts:
        context.close()


TABS = ".yasgui .tabsList"


def open_query_page(page: Page, url: str) -> None:
    """Go to the query page at `url` and wait for its tabs."""
    page.goto(url)
    page.wait_for_selector(TABS)


def watched(
    browser: Browser, base: str, opened: list[Any], width: int = 1280, language: str = "en"
) -> tuple[Page, list[str]]:
    """A page in a new context that records console errors, page errors, HTTP errors and
    requests leaving the server's origin."""
    context = browser.new_context(
        viewport={"width": width, "height": 844}, extra_http_headers={"Accept-Language": language}
    )
    opened.append(context)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and "status of 40" not in message.text:
            problems.append(f"console: {message.text}")

    def on_request(request: Any) -> None:
        if not request.url.startswith(base) and not request.url.startswith("data:"):
            problems.append(f"external request: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.on("request", on_request)
    return page, problems


def query_text(page: Page) -> str:
    """The text in the active tab's editor."""
    return str(page.evaluate("() => window.vnkgYasgui.getTab().getYasqe().getValue()"))


def set_query(page: Page, text: str) -> None:
    """Replace the active tab's query, as a paste would."""
    page.evaluate("text => window.vnkgYasgui.getTab().getYasqe().setValue(text)", text)


def run(page: Page) -> None:
    """Press ▶ and wait for the endpoint's answer, then for rows or an error to be drawn."""
    with page.expect_response(lambda r: r.url.endswith("/sparql") and r.request.method == "POST"):
        page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.locator(f"{RESULT_ROWS}, .tabPanel.active .yasr .errorResult").first.wait_for(
        timeout=15000
    )


def rows(page: Page) -> int:
    """The number of result rows drawn, once the first is there."""
    page.locator(RESULT_ROWS).first.wait_for(timeout=15000)
    return page.locator(RESULT_ROWS).count()


def test_default_query_runs_and_its_iris_read_short_and_open_here(
    browser: Browser, live_web: str, opened: list[Any], tmp_path: Path
) -> None:
    page, problems = watched(browser, live_web, opened)
    response = page.goto(f"{live_web}/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(TABS)
    assert "ind:poverty-rate" in query_text(page)
    run(page)
    assert page.locator(".tabPanel.active .yasr .errorResult").count() == 0
    assert rows(page) == 2  # Lạng Sơn, 2021 and 2024
    link = page.locator(f"{RESULT_ROWS} a.iri", has_text="province:lang-son").first
    assert link.is_visible()
    inactive = page.locator(".yasgui .tabsList .tab:not(.active) a").first
    assert inactive.evaluate(CONTRAST) >= 4.5
    page.screenshot(path=str(tmp_path / "query.png"))
    with page.expect_navigation():
        link.click()
    page.wait_for_selector("main h1")
    assert page.url == f"{live_web}/id/province/lang-son"
    assert problems == []


def test_tabs_and_edits_survive_reload_and_back(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    page, problems = watched(browser, live_web, opened)
    open_query_page(page, f"{live_web}/")
    tabs = page.locator(".yasgui .tabsList .tab").count()
    page.locator(".tabPanel.active .CodeMirror-code").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# kept across reloads")
    page.reload()
    page.wait_for_selector(TABS)
    assert query_text(page).endswith("\n# kept across reloads")
    assert page.locator(".yasgui .tabsList .tab").count() == tabs  # examples not added twice
    page.goto(f"{live_web}/id/province/lang-son")
    page.go_back()
    page.wait_for_selector(TABS)
    assert query_text(page).endswith("\n# kept across reloads")
    assert problems == []


def test_example_tabs_take_the_page_language_without_doubling(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    page, problems = watched(browser, live_web, opened)
    open_query_page(page, f"{live_web}/?lang=en")
    tabs = page.locator(".yasgui .tabsList .tab")
    english = tabs.count()
    assert tabs.filter(has_text="Poverty rate of each province by year").count() == 1
    open_query_page(page, f"{live_web}/?lang=vi")
    tabs.filter(has_text="Tỷ lệ hộ nghèo của từng tỉnh theo năm").wait_for()
    assert tabs.count() == english  # the English tabs renamed, not opened again
    assert tabs.filter(has_text="Poverty rate of each province by year").count() == 0
    assert problems == []


def test_syntax_error_names_the_line_and_declares_the_prefix(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    page, problems = watched(browser, live_web, opened)
    open_query_page(page, f"{live_web}/")
    set_query(page, "SELECT ?name WHERE {\n  ?s skos:prefLabel ?name\n} LIMIT 3")
    run(page)
    error = page.locator(".tabPanel.active .query-error")
    assert "Syntax error on line 2, column 6:" in error.inner_text()
    assert error.locator("pre").inner_text() == "2 |   ?s skos:prefLabel ?name\n         ^"
    assert "The prefix skos: is not declared." in error.inner_text()
    assert "The query declares no prefix." in error.inner_text()
    error.get_by_role("button", name="Add PREFIX skos:").click()
    assert query_text(page).startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>")
    run(page)
    assert rows(page) == 3
    logged = [p for p in problems if not p.startswith("console: Error: BAD REQUEST")]
    assert logged == [f"HTTP 400: {live_web}/sparql"]  # YASGUI logs the 400 it shows


def test_typing_a_known_prefix_declares_it(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    page, problems = watched(browser, live_web, opened)
    open_query_page(page, f"{live_web}/")
    set_query(page, "")
    page.locator(".tabPanel.active .CodeMirror-code").click()
    page.keyboard.type("SELECT * WHERE { ?s a vnkg:")
    page.wait_for_function(
        "() => window.vnkgYasgui.getTab().getYasqe().getValue().startsWith('PREFIX vnkg:')"
    )
    assert "PREFIX vnkg: <https://w3id.org/vnkg/def/>" in query_text(page)
    assert problems == []


def test_completion_offers_the_terms_of_the_build(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    """The list is the server's (/ui/terms, tested in test_ui.py); here, that the editor uses it."""
    page, problems = watched(browser, live_web, opened)
    terms = {
        "class": ["https://w3id.org/vnkg/def/Programme", "https://w3id.org/vnkg/def/Province"],
        "property": ["http://www.w3.org/2004/02/skos/core#prefLabel"],
    }
    page.route(f"{live_web}/ui/terms", lambda route: route.fulfill(json=terms))
    open_query_page(page, f"{live_web}/")
    set_query(page, "")
    page.locator(".tabPanel.active .CodeMirror-code").click()
    page.keyboard.type("SELECT * WHERE { ?s a vnkg:Prov")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    assert hints.all_inner_texts() == ["vnkg:Province"]
    page.keyboard.press("Enter")
    page.keyboard.type(" ; skos:pref")
    page.keyboard.press("Control+Space")
    page.locator(".CodeMirror-hints li", has_text="skos:prefLabel").wait_for()
    page.keyboard.press("Enter")
    assert query_text(page).endswith("SELECT * WHERE { ?s a vnkg:Province ; skos:prefLabel")
    assert problems == []


def test_phone_width_has_a_tab_menu_and_no_sideways_scroll(
    browser: Browser, live_web: str, opened: list[Any], tmp_path: Path
) -> None:
    page, problems = watched(browser, live_web, opened, width=390)
    page.goto(f"{live_web}/")
    menu = page.locator("#tab-menu")
    menu.wait_for()
    assert page.locator(".yasgui .tabsList").is_hidden()
    options = menu.locator("option")
    assert options.count() == 1 + len(ui.examples()) + 1  # the first query, examples, "new"
    menu.select_option(label="Poverty rate of each province by year")
    assert "poverty-rate" in query_text(page) and "(CQ1)" in query_text(page)
    run(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    header = page.locator("header.site").bounding_box()
    assert header is not None and header["height"] <= 844 / 4
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert problems == []


def test_language_switch_sets_lang_and_sticks(
    browser: Browser, live_web: str, opened: list[Any]
) -> None:
    page, problems = watched(browser, live_web, opened)
    page.goto(f"{live_web}/")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_role("link", name="Tiếng Việt").click()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main h1").inner_text() == "Truy vấn đồ thị"
    with page.expect_navigation():
        page.locator("nav.sections").get_by_role("link", name="Từ vựng").click()
    assert page.url == f"{live_web}/def/"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main h1").inner_text() == "Từ vựng vnkg"
    page.goto(f"{live_web}/no-such-page")
    assert page.locator("main h1").inner_text() == "Không tìm thấy trang"
    assert problems == [f"HTTP 404: {live_web}/no-such-page"]
