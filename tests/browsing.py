"""What the browser tests share: Debian's Chromium driven by Playwright for Python.

Outside CI a machine without Chromium or Playwright skips them; under `CI=true` (where
`.ci/run` installs both) a missing browser fails them instead, so CI never skips one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
MISSING = sync_playwright is None or not Path(CHROMIUM).exists()
MARKS = [
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
