"""The query UI in a real browser: run an example in YASGUI against a live server.

Skipped unless Chromium (`apt-get install chromium`), Node and playwright-core
(`npm install --prefix tests/browser`) are all present.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from vnkg.server.app import create_app
from werkzeug.serving import make_server

BROWSER = Path(__file__).parent / "browser"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _playwright_available() -> bool:
    node = shutil.which("node")
    if node is None or not Path(CHROMIUM).exists():
        return False
    probe = subprocess.run(
        [node, "-e", "require.resolve('playwright-core')"], cwd=BROWSER, capture_output=True
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not _playwright_available(), reason="needs chromium, node and tests/browser/node_modules"
)


@pytest.fixture
def live_web(web_store: Path) -> Iterator[str]:
    """The app over the web test store, served on 127.0.0.1 by a threaded server."""
    server = make_server("127.0.0.1", 0, create_app(web_store), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_yasgui_runs_a_query_and_shows_rows(live_web: str, tmp_path: Path) -> None:
    result = subprocess.run(
        ["node", "yasgui.mjs", live_web, str(tmp_path), "Query"],
        cwd=BROWSER,
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rows"] == 2 and report["problems"] == []
    assert report["opened"] == "/id/province/lang-son"
    assert (tmp_path / "yasgui-run.png").stat().st_size > 0
