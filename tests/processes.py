"""Real server processes for tests: start one on 127.0.0.1, query it, stop it, find its children."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import Flask
from werkzeug.serving import make_server

BIN = Path(sys.executable).parent
ROOT = Path(__file__).parent.parent
READY = re.compile(r"(?:serving on|Listening at:) http://127\.0\.0\.1:(\d+)")


@dataclass
class Server:
    """A server process, its base URL and the file its stderr goes to."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    handle: IO[bytes]

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, then wait; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.handle.close()


def start(command: list[str], log: Path, env: dict[str, str] | None = None) -> Server:
    """Run `command` (a program of the venv and its arguments) until it says where it listens."""
    handle = log.open("wb")
    process = subprocess.Popen(
        [str(BIN / command[0]), *command[1:]],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = READY.search(log.read_text(errors="replace"))
        if found:
            return Server(process, f"http://127.0.0.1:{found.group(1)}", log, handle)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    process.wait()
    handle.close()
    raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")


def production_command() -> tuple[dict[str, str], list[str]]:
    """The environment and argv of the README's production command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if "create_production_app" in line)
    words = shlex.split(line)
    env = dict(word.split("=", 1) for word in words if re.match(r"[A-Z_]+=", word))
    return env, [word for word in words if word not in {f"{k}={v}" for k, v in env.items()}]


def start_production(store_path: Path, tmp: Path, *, timeout: float) -> Server:
    """The README's production command over `store_path` on a free port, once it answers."""
    env, argv = production_command()
    argv[argv.index("--port") + 1] = str(free_port())
    env.update(VNKG_STORE=str(store_path), VNKG_QUERY_TIMEOUT=str(timeout))
    return answering(start(argv, tmp / "server.log", env))


def free_port() -> int:
    """A port of 127.0.0.1 that nobody listens on now (for servers that cannot report port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answering(server: Server, timeout: float = 30) -> Server:
    """`server` once it answers a query (granian says where it listens before its workers do)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if query(server.url, "ASK {}", timeout=5).status == 200:
                return server
        except urllib.error.URLError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server does not answer:\n{server.log.read_text(errors='replace')}")


@dataclass(frozen=True)
class Reply:
    """Status, headers, body and time taken of one HTTP exchange."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def query(url: str, sparql: str, *, accept: str = "application/json", timeout: float = 30) -> Reply:
    """POST `sparql` as a form to `url`/sparql."""
    data = urllib.parse.urlencode({"query": sparql}).encode()
    request = urllib.request.Request(f"{url}/sparql", data=data, headers={"Accept": accept})
    return exchange(request, timeout)


def exchange(request: urllib.request.Request, timeout: float = 30) -> Reply:
    """Send `request`; HTTP errors are replies too."""
    start_time = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    seconds = time.monotonic() - start_time
    return Reply(status, {k.lower(): v for k, v in headers.items()}, body, seconds)


def reason(reply: Reply) -> str:
    """The `reason` of a JSON error body."""
    return json.loads(reply.body)["error"]["reason"]  # type: ignore[no-any-return]


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """The pids of `pids` that still run (zombies count as gone)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def slow(store: object, seconds: float) -> int:
    """A query-pool job that takes `seconds`."""
    time.sleep(seconds)
    return len(store)  # type: ignore[arg-type]


def crash(store: object) -> None:
    """A query-pool job whose process dies, as on a stack overflow."""
    os.kill(os.getpid(), signal.SIGKILL)


def connect(store: object, port: int) -> str:
    """A query-pool job that tries to reach 127.0.0.1:`port`; what happened, as text."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return "connected"
    except OSError as error:
        return type(error).__name__


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` served by a threaded HTTP server on a free port of 127.0.0.1; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextlib.contextmanager
def listening() -> Iterator[tuple[int, list[object]]]:
    """A port on 127.0.0.1 and the list of the peers that connected to it (each hung up on)."""
    connections: list[object] = []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(0.05)
        stop = threading.Event()

        def serve() -> None:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    connection, address = sock.accept()
                    connections.append(address)
                    connection.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield sock.getsockname()[1], connections
        finally:
            stop.set()
            thread.join()
