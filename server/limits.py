"""What one request may cost: query time, result size, request size; and a log line per query.

The limits come from the app config (see README, "Limits"). Requests past them are refused
before any work: 414 for a URL or GET query too long, 413 for a body or POST query too long
(Werkzeug answers 413 itself beyond MAX_CONTENT_LENGTH), 400 for a query nested deeper than
the engine's parser can take. The time and memory limits are enforced by the query workers
(server/workers/execution.py), the result size where results are serialised. Each /sparql request
leaves one log line on the `vnkg.query` logger: method, status, size, seconds, query start.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from vnkg.server.endpoint.querytext import facts
from vnkg.server.errors import EndpointError

LOG = logging.getLogger("vnkg.query")
REQUESTS = logging.getLogger("vnkg.request")
MAX_NESTING = 100
MAX_OPERATORS = 1000
LOGGED_QUERY_CHARS = 200

DEFAULTS: dict[str, Any] = {
    "QUERY_TIMEOUT": None,  # seconds; None: no time limit (still in a query process)
    "QUERY_WORKERS": 2,  # query processes kept ready
    "QUERY_PROCESSES": None,  # the most at once; None: 4 x QUERY_WORKERS
    "LONG_QUERY_SECONDS": 1.0,  # a query running longer is "long" ...
    "LONG_QUERIES": None,  # ... and at most this many run at once; None: QUERY_WORKERS
    "CLIENT_QUERIES": 4,  # queries one client address may have running or waiting at once
    "QUERY_SANDBOX": True,  # query processes deny themselves the network (server/workers/sandbox.py)
    "QUERY_MEMORY_MB": 2048,  # data size (RLIMIT_DATA) of a query worker, in MiB
    "MAX_RESULT_ROWS": 10_000,  # solutions of a SELECT, triples of a CONSTRUCT/DESCRIBE
    "MAX_RESULT_BYTES": 32 << 20,  # serialised answer
    "MAX_GRAPH_BYTES": 256 << 20,  # a named graph read whole (/store?graph=, /graph/…), spooled
    "SPOOL_RESULT_BYTES": 1 << 20,  # answers past this are written to a file and streamed
    "RESULT_SPOOL_DIR": None,  # where; None: the system's temporary directory
    "MAX_QUERY_LENGTH": 100_000,  # characters of query or update text
    "MAX_URL_LENGTH": 32_768,  # bytes of the query string of a request
    "PAGE_SIZE": 50,  # items of each list on a page (links, observations, instances...)
}


@dataclass(frozen=True)
class Limits:
    """The limits in force for an app."""

    timeout: float | None
    workers: int
    processes: int
    long_after: float | None
    long_queries: int
    client_queries: int
    sandbox: bool
    memory: int | None
    max_rows: int
    max_bytes: int
    max_graph_bytes: int
    spool_bytes: int
    spool_dir: str | None
    max_query_length: int
    max_url_length: int
    page_size: int

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Limits:
        """Read the limits from an app's config."""
        timeout = config["QUERY_TIMEOUT"]
        memory = config["QUERY_MEMORY_MB"]
        workers = int(config["QUERY_WORKERS"])
        long_after = config["LONG_QUERY_SECONDS"]
        return cls(
            timeout=float(timeout) if timeout else None,
            workers=workers,
            processes=int(config["QUERY_PROCESSES"] or 4 * workers),
            long_after=float(long_after) if long_after else None,
            long_queries=int(config["LONG_QUERIES"] or workers),
            client_queries=int(config["CLIENT_QUERIES"] or 0),
            sandbox=bool(config["QUERY_SANDBOX"]),
            memory=int(memory) << 20 if memory else None,
            max_rows=int(config["MAX_RESULT_ROWS"]),
            max_bytes=int(config["MAX_RESULT_BYTES"]),
            max_graph_bytes=int(config["MAX_GRAPH_BYTES"]),
            spool_bytes=int(config["SPOOL_RESULT_BYTES"]),
            spool_dir=str(config["RESULT_SPOOL_DIR"]) if config["RESULT_SPOOL_DIR"] else None,
            max_query_length=int(config["MAX_QUERY_LENGTH"]),
            max_url_length=int(config["MAX_URL_LENGTH"]),
            page_size=max(1, int(config["PAGE_SIZE"])),
        )


KEY = "vnkg.limits"
_read = threading.Lock()


def get_limits() -> Limits:
    """The limits of the current app, read from its config once, on first use.

    Configure an app before it serves (as Flask's own settings): a later change of
    app.config is not seen.
    """
    found: Limits | None = current_app.extensions.get(KEY)
    if found is None:
        with _read:
            found = current_app.extensions.setdefault(KEY, Limits.from_config(current_app.config))
    return found


class ResultTooLarge(Exception):
    """A result over MAX_RESULT_ROWS or MAX_RESULT_BYTES (raised where it is serialised)."""


def too_large(error: ResultTooLarge) -> EndpointError:
    """400: the query asks for more than one answer may hold."""
    return EndpointError(
        400,
        "result-too-large",
        f"{error}; add a LIMIT, or download the whole graph from /export.nq",
    )


def check_query_length(text: str, method: str, limit: int) -> None:
    """414 (GET) or 413 (POST) for query or update text over `limit` (MAX_QUERY_LENGTH)."""
    if len(text) > limit:
        code, reason = (414, "uri-too-long") if method == "GET" else (413, "query-too-long")
        raise EndpointError(code, reason, f"the query is longer than {limit} characters")


def check_query_shape(text: str) -> None:
    """400 for a query nested or chained deeper than the engine's parser can take.

    pyoxigraph parses recursively: a few thousand nested brackets, or a chain of some
    thousands of operators (`1+1+…`, `{} UNION {} …`), overflow its stack and kill the
    process. Counted lexically, outside strings, IRIs and comments (querytext.facts).
    """
    found = facts(text)
    deepest, operators = found.deepest, found.operators
    if deepest > MAX_NESTING or operators > MAX_OPERATORS:
        message = (
            f"the query nests brackets deeper than {MAX_NESTING} levels"
            if deepest > MAX_NESTING
            else f"the query chains more than {MAX_OPERATORS} operators; use VALUES for lists"
        )
        raise EndpointError(400, "query-too-complex", message)


def check_url() -> None:
    """414 for a query string over MAX_URL_LENGTH, before anything is decoded."""
    limit = get_limits().max_url_length
    if len(request.query_string) > limit:
        message = f"the URL is longer than {limit} bytes; send long queries by POST"
        raise EndpointError(414, "uri-too-long", message)


def start_clock() -> None:
    """Note when the request started, for its log line."""
    g.vnkg_started = time.perf_counter()


def note_query(text: str) -> None:
    """Keep the decoded query text of this request for its log line."""
    g.vnkg_query = text


def log_query(response: Response) -> Response:
    """One line per /sparql request: method, status, bytes, seconds, how the result cache
    answered (hit, miss, waited, `-`: not asked) with its counts, and the query's start; with
    LOG_REQUESTS (`vnkg serve`), one line per other request too, on `vnkg.request`."""
    sparql = request.endpoint == "sparql.endpoint"
    if not sparql and not current_app.config.get("LOG_REQUESTS"):
        return response
    seconds = time.perf_counter() - g.get("vnkg_started", time.perf_counter())
    size = response.calculate_content_length()
    line = [request.method, request.path, response.status_code, "-" if size is None else size]
    if not sparql:
        REQUESTS.info("%s %s %d %sB %.3fs", *line, seconds)
        return response
    text = g.get("vnkg_query", "")
    counts = (
        current_app.extensions["vnkg.results"].counts()
        if "vnkg.results" in current_app.extensions
        else {}
    )
    LOG.info(
        "%s %s %d %sB %.3fs cache=%s hits=%d misses=%d entries=%d bytes=%d %r",
        *line,
        seconds,
        g.get("vnkg_cache", "-"),
        counts.get("hits", 0),
        counts.get("misses", 0),
        counts.get("entries", 0),
        counts.get("bytes", 0),
        " ".join(text.split())[:LOGGED_QUERY_CHARS],
    )
    return response


def configure_logging(level: int = logging.INFO) -> None:
    """Send the query log to stderr (the serving commands call this; tests use caplog)."""
    logger = logging.getLogger("vnkg")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def init_app(app: Flask) -> None:
    """Register the default limits, the request checks and the query log."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.before_request(start_clock)
    app.before_request(check_url)
    app.after_request(log_query)
