"""Hostile HTTP clients for benchmarks/abuse.py, and the health probe that times a simple ASK.

Every client is bounded by a `stop` event or a deadline and talks to 127.0.0.1 only; a source
address of 127.0.0.0/8 makes it a distinct client (the probe is 127.0.0.1, attackers others).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import select
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

HEALTH = "/sparql?query=ASK%20%7B%7D"
JSON = "application/sparql-results+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PIECE = 64 << 10


@dataclass
class Tally:
    """What a phase saw: probe latencies, probe failures, attack outcomes (thread-safe)."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def probe(self, seconds: float, failure: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if failure:
                self.failures.append(failure)

    def outcome(self, what: str, seconds: float) -> None:
        with self.lock:
            self.outcomes.append((what, seconds))


def connect(port: int, source: str, timeout: float = 10) -> socket.socket:
    """A TCP connection to 127.0.0.1:`port` from the loopback address `source`."""
    return socket.create_connection(("127.0.0.1", port), timeout, source_address=(source, 0))


def ask(port: int, tally: Tally, timeout: float = 10) -> None:
    """One health `ASK {}` by GET on a new connection from 127.0.0.1: its time, or a failure."""
    start = time.perf_counter()
    failure = None
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", HEALTH, headers={"Accept": JSON})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200 or b"true" not in body:
            failure = str(response.status)
    except (OSError, http.client.HTTPException) as error:
        failure = "timeout" if isinstance(error, TimeoutError) else type(error).__name__
    tally.probe(time.perf_counter() - start, failure)


def health(port: int, stop: threading.Event, tally: Tally, interval: float = 0.1) -> None:
    """Send an ASK every `interval` seconds (each on its own thread) until `stop`, then wait."""
    probes: list[threading.Thread] = []
    next_at = time.perf_counter()
    while not stop.is_set():
        probe = threading.Thread(target=ask, args=(port, tally), daemon=True)
        probe.start()
        probes.append(probe)
        next_at += interval
        stop.wait(max(0.0, next_at - time.perf_counter()))
    for probe in probes:
        probe.join()


def status_of(reply: bytes) -> str:
    """`reply`'s status code as text, "closed" when the server sent nothing."""
    if reply.startswith(b"HTTP/"):
        return reply.split(b" ", 2)[1].decode("ascii", "replace")
    return "closed" if not reply else "garbage"


def exchange(
    port: int, source: str, pieces: Iterable[bytes], deadline: float
) -> tuple[str, float, int]:
    """Send `pieces` as fast as the socket takes them, stopping as soon as the server answers
    or closes; then read its status line. (outcome, seconds, bytes sent); outcome is a status,
    "closed", "reset", or "unrefused" when everything was sent, or the deadline passed, with
    no answer."""
    start, sent = time.perf_counter(), 0
    with connect(port, source) as sock:
        sock.setblocking(False)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                left = deadline - time.monotonic()
                readable, writable, _ = select.select([sock], [sock], [], max(0.0, left))
                if readable:
                    return _reply(sock, start, sent)
                if left <= 0:
                    return "unrefused", time.perf_counter() - start, sent
                if writable:
                    try:
                        n = sock.send(view)
                    except OSError:
                        return "reset", time.perf_counter() - start, sent
                    view, sent = view[n:], sent + n
        return _reply(sock, start, sent, wait=max(0.0, min(10.0, deadline - time.monotonic())))


def _reply(
    sock: socket.socket, start: float, sent: int, wait: float = 5.0
) -> tuple[str, float, int]:
    """The status the server answered with on `sock` (within `wait` seconds)."""
    reply = b""
    end = time.monotonic() + wait
    with contextlib.suppress(OSError):
        while len(reply) < 64 and time.monotonic() < end:
            if not select.select([sock], [], [], max(0.0, end - time.monotonic()))[0]:
                break
            data = sock.recv(4096)
            if not data:
                break
            reply += data
    seconds = time.perf_counter() - start
    if not reply and time.monotonic() >= end:
        return "unrefused", seconds, sent
    return status_of(reply), seconds, sent


def long_line(size: int) -> Iterable[bytes]:
    """A GET request whose line is `size` bytes long (most of it one query-string value)."""
    yield b"GET /sparql?query=ASK%20%7B%7D&pad="
    filler = b"a" * PIECE
    for _ in range(size // PIECE):
        yield filler
    yield b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"


def chunked(body: bytes, content_type: str, bad: bytes = b"") -> Iterable[bytes]:
    """A POST of `body` to /sparql in 64 KiB chunks, `bad` after them in place of the last."""
    yield (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        b"Connection: close\r\nTransfer-Encoding: chunked\r\nContent-Type: "
        + content_type.encode()
        + b"\r\n\r\n"
    )
    for start in range(0, len(body), PIECE):
        piece = body[start : start + PIECE]
        yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield bad or b"0\r\n\r\n"


def slow_headers(port: int, source: str, stop: threading.Event, tally: Tally) -> None:
    """Slowloris: a request whose headers never end, one more header line a second, until
    `stop`; a connection the server closes is counted (with its age) and opened again."""
    while not stop.is_set():
        opened = time.perf_counter()
        try:
            with connect(port, source) as sock:
                sock.sendall(b"GET " + HEALTH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                line = 0
                while not stop.wait(1.0):
                    if select.select([sock], [], [], 0)[0]:  # an answer or a close
                        tally.outcome(status_of(sock.recv(4096)), time.perf_counter() - opened)
                        break
                    line += 1
                    sock.sendall(b"X-Slow-%d: %d\r\n" % (line, line))
                else:
                    tally.outcome("held", time.perf_counter() - opened)
        except OSError as error:
            tally.outcome(type(error).__name__, time.perf_counter() - opened)
            stop.wait(0.1)


def slow_body(port: int, source: str, stop: threading.Event, tally: Tally) -> None:
    """A POST announcing a 1 MB query body, sent one byte a second until `stop`; a connection
    the server closes or answers is counted (with its age) and opened again."""
    while not stop.is_set():
        opened = time.perf_counter()
        try:
            with connect(port, source) as sock:
                sock.sendall(
                    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n"
                    b"Content-Type: application/sparql-query\r\n\r\nASK {"
                )
                while not stop.wait(1.0):
                    if select.select([sock], [], [], 0)[0]:
                        tally.outcome(status_of(sock.recv(4096)), time.perf_counter() - opened)
                        break
                    sock.sendall(b" ")
                else:
                    tally.outcome("held", time.perf_counter() - opened)
        except OSError as error:
            tally.outcome(type(error).__name__, time.perf_counter() - opened)
            stop.wait(0.1)


def long_lines(port: int, source: str, size: int, stop: threading.Event, tally: Tally) -> None:
    """Send `size`-byte request lines one after the other until `stop` (each ≤ 30 s)."""
    while not stop.is_set():
        deadline = time.monotonic() + 30
        try:
            outcome, seconds, _ = exchange(port, source, long_line(size), deadline)
        except OSError as error:
            outcome, seconds = type(error).__name__, 0.0
        tally.outcome(outcome, seconds)


def runaways(port: int, source: str, stop: threading.Event, tally: Tally) -> None:
    """POST the cartesian COUNT back to back on one kept-alive connection until `stop`;
    outcomes are statuses, a 503 with its reason (`query-timeout`, `busy`: designed answers)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, 120, (source, 0))
    sent = 0
    while not stop.is_set():
        # each one unique (a comment), or the result cache would run one for all who ask
        body = urllib.parse.urlencode({"query": f"{RUNAWAY}\n# {threading.get_ident()}-{sent}"})
        sent += 1
        start = time.perf_counter()
        try:
            connection.request("POST", "/sparql", body, headers)
            response = connection.getresponse()
            outcome = str(response.status)
            data = response.read()
            if response.status == 503:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    outcome += " " + json.loads(data)["error"]["reason"]
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
            connection.close()
            stop.wait(0.1)
        tally.outcome(outcome, time.perf_counter() - start)
    connection.close()
