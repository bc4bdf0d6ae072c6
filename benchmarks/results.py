"""Memory of the server while it sends a large SELECT answer: spooled and streamed, or whole.

    .venv/bin/python benchmarks/results.py --store STORE [--rows 100000,1000000] [--write]

vnkg as deployed (servers.vnkg: the production command, the query-process pool, limits raised) answers
`SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT n` as SPARQL JSON to one client that reads it in
64 KiB pieces; the resident memory of every process of the server (server main process and
workers, query processes) is sampled every 20 ms from /proc. Two settings: the default, where
an answer past SPOOL_RESULT_BYTES (1 MiB) is written to a file and streamed, and everything in
memory (SPOOL_RESULT_BYTES = 64 GiB). With --write, the table goes into RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import threading
import time
import urllib.parse
from pathlib import Path

import servers
from report import splice

HERE = Path(__file__).parent
START, END = "<!-- results:start -->", "<!-- results:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")
SETTINGS = {"spooled, streamed (default)": {}, "whole in memory": {"SPOOL_RESULT_BYTES": 64 << 30}}


def group_rss(pgid: int) -> int:
    """Resident bytes of every process in process group `pgid`."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) == pgid:
                total += int(Path(entry.path, "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def download(url: str, rows: int, gzip: bool) -> tuple[float, int, int]:
    """Seconds, bytes received and HTTP status of the large answer."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode({"query": f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {rows}"})
    headers = {"Accept": "application/sparql-results+json"}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=3600)
    start, size = time.perf_counter(), 0
    connection.request("GET", f"{parts.path}?{query}", headers=headers)
    response = connection.getresponse()
    while piece := response.read(1 << 16):
        size += len(piece)
    connection.close()
    return time.perf_counter() - start, size, response.status


def measure(store: Path, rows: int, config: dict[str, int], gzip: bool) -> dict[str, float]:
    """Peak server memory (MiB) above its idle size, time and size of one large answer."""
    env = {f"VNKG_{key}": str(value) for key, value in config.items()}
    with servers.vnkg(store, env=env) as server:
        download(server.url, 10, gzip)  # warm: query processes started, store open
        idle = group_rss(server.process.pid)
        peak, done = idle, threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, group_rss(server.process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            seconds, size, status = download(server.url, rows, gzip)
        finally:
            done.set()
            sampler.join()
    if status != 200:
        raise RuntimeError(f"status {status} for {rows} rows")
    return {"seconds": seconds, "mib": size / 2**20, "idle": idle / 2**20, "peak": peak / 2**20}


def table(store: Path, row_counts: list[int]) -> list[str]:
    """The Markdown section."""
    out = [
        "## Large query results (`benchmarks/results.py`)",
        "",
        f"{time.strftime('%Y-%m-%d')}, store {store.name}. Server memory = resident memory of "
        "all its processes (the server's main process, 2 workers, query processes), sampled every 20 ms; "
        "growth = peak minus the same processes just before the request.",
        "",
        "| rows | answer | setting | answer MiB | seconds | server MiB before | peak | growth |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for rows in row_counts:
        for gzip in (False, True):
            for name, config in SETTINGS.items():
                if gzip and config:
                    continue  # answers kept in memory are not compressed
                r = measure(store, rows, config, gzip)
                out.append(
                    f"| {rows:,} | {'gzip' if gzip else 'JSON'} | {name} | {r['mib']:,.1f} "
                    f"| {r['seconds']:.1f} | {r['idle']:,.0f} | {r['peak']:,.0f} "
                    f"| {r['peak'] - r['idle']:,.0f} |"
                )
                print(out[-1], flush=True)
    return out


def main() -> None:
    """Measure and print (and with --write, splice into RESULTS.md)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--rows", default="100000,1000000")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    lines = table(args.store, [int(n) for n in args.rows.split(",")])
    if args.write:
        splice(HERE / "RESULTS.md", START, END, lines)


if __name__ == "__main__":
    main()
