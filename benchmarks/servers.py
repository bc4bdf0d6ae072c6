"""The SPARQL servers under test, each started on 127.0.0.1 and stopped by the caller.

- vnkg: the README's production command (granian, 2 workers, the production app);
- Oxigraph server (PyPI `oxigraph`, the same engine in Rust), read-only, union default graph;
- rdflib-endpoint (FastAPI + uvicorn over an rdflib Dataset, union default graph).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
README = Path(__file__).resolve().parent.parent / "README.md"
ASK = "ASK%20%7B%7D"  # ASK {}


@dataclass(frozen=True)
class Server:
    """A running server: its name, query URL and process."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    startup_seconds: float


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production(port: int) -> tuple[list[str], dict[str, str]]:
    """The README's production command on `port` of 127.0.0.1: its argv and its environment."""
    readme = README.read_text(encoding="utf-8")
    words = shlex.split(
        next(line for line in readme.splitlines() if "create_production_app" in line)
    )
    env = dict(word.split("=", 1) for word in words if re.match(r"[A-Z_]+=", word))
    argv = [re.sub(r"\b8000\b", str(port), word) for word in words[len(env) :]]
    return argv, env


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll `url?query=ASK{}` until it answers 200, the process dies, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {url}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            request = urllib.request.Request(
                f"{url}?query={ASK}", headers={"Accept": "application/sparql-results+json"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} after {timeout:.0f} s")


@contextlib.contextmanager
def started(
    name: str, command: list[str], url: str, env: dict[str, str] | None = None, timeout: float = 600
) -> Iterator[Server]:
    """Start `command`, wait until `url` answers, yield the server, then stop it (SIGTERM)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(url, process, timeout)
        yield Server(name, url, process, time.perf_counter() - start)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (server workers, query workers), then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def vnkg(
    store: Path, *, pool: bool = True, env: dict[str, str] | None = None
) -> contextlib.AbstractContextManager[Server]:
    """vnkg as deployed: the README's production command, limits raised for big answers.

    `pool=False` sets no query timeout, so queries run in the request threads instead of
    the pool of query processes (what the timeout costs). `env` adds settings (VNKG_...).
    """
    port = free_port()
    command, _ = production(port)
    command[0] = str(BIN / command[0])
    env = {
        "VNKG_STORE": str(store),
        "VNKG_BASE_URL": f"http://127.0.0.1:{port}",  # production refuses to start without it
        "VNKG_QUERY_TIMEOUT": "600" if pool else "0",
        "VNKG_MAX_RESULT_ROWS": "100000000",
        "VNKG_MAX_RESULT_BYTES": str(8 << 30),
        "VNKG_QUERY_MEMORY_MB": "16384",
        **(env or {}),
    }
    return started(
        "vnkg" if pool else "vnkg-no-pool", command, f"http://127.0.0.1:{port}/sparql", env
    )


def oxigraph(location: Path) -> contextlib.AbstractContextManager[Server]:
    """The Oxigraph server, read-only over a store it loaded itself."""
    port = free_port()
    command = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location", str(location),
        "--bind", f"127.0.0.1:{port}",
        "--union-default-graph",
    ]  # fmt: skip
    return started("oxigraph", command, f"http://127.0.0.1:{port}/query")


def rdflib_endpoint(nquads: Path) -> contextlib.AbstractContextManager[Server]:
    """rdflib-endpoint serving the N-Quads file (it parses the file at startup)."""
    port = free_port()
    command = [
        str(BIN / "rdflib-endpoint"), "serve", str(nquads),
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    return started("rdflib-endpoint", command, f"http://127.0.0.1:{port}/", timeout=1800)
