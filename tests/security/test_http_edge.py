"""The production command as a real server under a hostile client: the HTTP edge of issue #13.

Long request lines, slow headers and bad or oversized chunked bodies are refused by the
server (README, "Production") without holding a Python thread, so a health `ASK` still
answers. The timing goals (p99 < 1 s) are measured by benchmarks/abuse.py, not asserted here.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import select
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from processes import Server, exchange, start_production

pytestmark = pytest.mark.slow

MIB = 1 << 20
HEALTH = "/sparql?query=" + urllib.parse.quote("ASK {}")


@pytest.fixture(scope="module")
def production(test_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The README's production command over the tiny test store."""
    server = start_production(test_store, tmp_path_factory.mktemp("http-edge"), timeout=5)
    try:
        yield server
    finally:
        server.stop()


def port_of(server: Server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def send_until_answered(port: int, pieces: Iterable[bytes]) -> tuple[bytes, int]:
    """Send `pieces` as fast as the socket takes them, stopping when the server answers or
    hangs up; (the start of its answer, b"" for none; bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.setblocking(False)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                readable, writable, _ = select.select([sock], [sock], [], 10)
                if readable or not writable:
                    return answer(sock), sent
                try:
                    n = sock.send(view)
                except OSError:  # reset: refused without a word
                    return b"", sent
                view, sent = view[n:], sent + n
        return answer(sock), sent


def answer(sock: socket.socket) -> bytes:
    """What the server sent on `sock` until it paused for a second (10 s for the first byte)."""
    data, wait = b"", 10.0
    with contextlib.suppress(OSError):
        while select.select([sock], [], [], wait)[0]:
            piece = sock.recv(65536)
            if not piece:
                break
            data, wait = data + piece, 1.0
    return data


def health_ask(server: Server) -> tuple[int, float]:
    """A health `ASK {}` by GET on a new connection: status and seconds (0 if it failed)."""
    request = urllib.request.Request(server.url + HEALTH, headers={"Accept": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, time.monotonic() - start
    except OSError:
        return 0, time.monotonic() - start


def chunked_post(server: Server, body: bytes, content_type: str, last: bytes) -> bytes:
    """POST `body` to /sparql in 64 KiB chunks, `last` in place of the closing chunk."""
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 65536]), body[i : i + 65536])
        for i in range(0, len(body), 65536)
    )
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n"
    )
    reply, _ = send_until_answered(port_of(server), [head, chunks, last])
    return reply


def status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


def test_a_100_mib_request_line_is_refused_before_it_is_read(production: Server) -> None:
    head = b"GET /sparql?query=ASK%20%7B%7D&pad="
    pieces = itertools.chain([head], itertools.repeat(b"a" * 65536, 100 * 16))
    reply, sent = send_until_answered(port_of(production), pieces)
    assert status(reply) in {414, 431} or reply == b""
    assert sent < 10 * MIB  # refused after the first 64 KiB (the rest was in socket buffers)
    assert health_ask(production)[0] == 200


def test_a_long_get_query_within_the_buffer_gets_the_apps_own_414(production: Server) -> None:
    request = urllib.request.Request(
        production.url + HEALTH + "%20" * 12_000, headers={"Accept": "application/json"}
    )
    reply = exchange(request)
    assert reply.status == 414
    assert json.loads(reply.body)["error"]["reason"] == "uri-too-long"


def test_slow_headers_leave_the_health_ask_answering(production: Server) -> None:
    hung_up: list[float] = []

    def slowloris() -> None:  # one more header line a second, never the blank line
        opened = time.monotonic()
        with socket.create_connection(("127.0.0.1", port_of(production)), timeout=10) as sock:
            sock.sendall(b"GET " + HEALTH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for line in range(12):
                if select.select([sock], [], [], 1)[0]:
                    break
                try:
                    sock.sendall(b"X-Slow-%d: %d\r\n" % (line, line))
                except OSError:
                    break
            hung_up.append(time.monotonic() - opened)

    attackers = [threading.Thread(target=slowloris) for _ in range(64)]
    for thread in attackers:
        thread.start()
    time.sleep(0.5)
    asks = []
    for _ in range(10):
        asks.append(health_ask(production))
        time.sleep(0.4)
    for thread in attackers:
        thread.join(timeout=20)
    assert all(code == 200 and seconds < 5 for code, seconds in asks), asks
    assert len(hung_up) == 64 and max(hung_up) < 10  # the 5 s header timeout hung up on each


def test_a_bad_chunk_size_is_400(production: Server) -> None:
    reply = chunked_post(production, b"", "application/sparql-query", b"zz\r\nASK {}\r\n0\r\n\r\n")
    assert status(reply) == 400


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"ASK {}" + b" " * (2 * MIB), "application/sparql-query"),
        (b"query=ASK+%7B%7D&pad=" + b"a" * (2 * MIB), "application/x-www-form-urlencoded"),
    ],
    ids=["query-body", "form-body"],
)
def test_a_chunked_body_over_the_limit_is_413(
    production: Server, body: bytes, content_type: str
) -> None:
    reply = chunked_post(production, body, content_type, b"0\r\n\r\n")
    assert status(reply) == 413
    assert b'"status": 413' in reply  # the app's error form
