"""Render times of the human-facing pages, through Flask's test client (not a test).

    .venv/bin/python benchmarks/pages.py [--store DIR] [-n 200]

Without --store the bundled seeds are built into a temporary store first. Prints the median,
95th percentile and maximum per page, after one warm-up request each (template compilation,
search index). The goal is under 100 ms per page on the bundled data.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from measure import store_or_bundled
from vnkg.graph.emit.vocab import QB, RDF
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app

HTML = {"Accept": "text/html"}


def pages(store: GraphStore, base: str) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, headers) of the pages to time."""
    observation = next(iter(store.quads(None, RDF.type, QB.Observation)), None)
    obs_path = "/" + observation.subject.value[len(base) :] if observation else "/id/none"
    return [
        ("province page", "/id/province/lang-son", HTML),
        ("province Turtle", "/id/province/lang-son", {"Accept": "text/turtle"}),
        ("observation page", obs_path, HTML),
        ("class page", "/def/Province", HTML),
        ("indicator page", "/def/indicator/poverty-rate", HTML),
        ("source graph page", "/graph/source/s000", HTML),
        ("search 'lang son'", "/search?q=lang+son", HTML),
        ("search JSON 'phu'", "/search?q=phu&format=json", {}),
        ("query UI", "/", HTML),
    ]


def time_page(client, path: str, headers: dict[str, str], n: int) -> tuple[int, list[float]]:  # type: ignore[no-untyped-def]
    """Status of the warm-up request and `n` timings in milliseconds."""
    status = client.get(path, headers=headers).status_code
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(path, headers=headers).close()
        timings.append((time.perf_counter() - start) * 1000)
    return status, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", type=Path, help="a built store (default: build the bundled seeds)"
    )
    parser.add_argument("-n", type=int, default=200, help="requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = store_or_bundled(args.store, tmp)
        app = create_app(path, test_config={"TESTING": False})
        client = app.test_client()
        store = GraphStore.open(path)
        print(f"{len(store)} quads; {args.n} requests per page\n")
        print(f"{'page':<22} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  path")
        for name, page, headers in pages(store, app.config["BASE_IRI"]):
            status, ms = time_page(client, page, headers, args.n)
            p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
            print(
                f"{name:<22} {status:>6} {statistics.median(ms):>10.1f} {p95:>8.1f} {max(ms):>8.1f}  {page}"
            )


if __name__ == "__main__":
    main()
