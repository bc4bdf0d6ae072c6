"""The query UI in a real browser (Playwright for Python driving Debian's Chromium).

Run an example in YASGUI against a live server under the site's Content-Security-Policy: no
console error (a CSP violation is one), no request leaving the server's origin, result rows,
and a result IRI that opens our page for it. `.ci/run` installs Chromium; outside CI the
tests are skipped when it is missing, in CI they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from vnkg.server.app import create_app
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

MISSING = sync_playwright is None or not Path(CHROMIUM).exists()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        MISSING and not os.environ.get("CI"), reason="needs chromium and playwright"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, for the module."""
    assert not MISSING, f"browser tests need {CHROMIUM} and playwright (CI installs both)"
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live_web(web_store: Path) -> Iterator[str]:
    """The app over the web test store, served on 127.0.0.1 by a threaded server."""
    server = make_server("127.0.0.1", 0, create_app(web_store), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def watched(browser: Browser, base: str, width: int = 1280) -> tuple[Page, list[str]]:
    """A new page that records console errors, page errors, HTTP errors, foreign requests."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    problems: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
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


def test_yasgui_runs_a_query_under_the_csp_and_shows_rows(
    browser: Browser, live_web: str, tmp_path: Path
) -> None:
    page, problems = watched(browser, live_web)
    response = page.goto(f"{live_web}/")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    page.wait_for_selector(".yasgui .tabsList")
    page.locator(".tabsList .tab a", has_text="Query").first.click()
    panel = page.locator(".tabPanel.active")
    panel.locator(".yasqe_queryButton").click()
    panel.locator(".yasr .dataTable tbody tr, .yasr .errorResult").first.wait_for(timeout=15000)
    assert panel.locator(".yasr .errorResult").count() == 0
    assert panel.locator(".yasr .dataTable tbody tr").count() == 2
    page.screenshot(path=str(tmp_path / "yasgui-run.png"))
    link = panel.locator('.yasr .dataTable tbody a[href*="/id/"]').first
    with page.expect_navigation():
        link.click()
    page.wait_for_selector("main h1")
    assert page.url.startswith(f"{live_web}/id/province/lang-son")
    assert problems == []
