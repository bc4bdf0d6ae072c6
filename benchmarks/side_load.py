"""The build's loader on the floor's input: an N-Quads file bulk-loaded into a fresh store by
graph/store.py's `load` (bulk loads side by side, as a streamed `vnkg build` loads), in this
fresh process, then flushed.

    .venv/bin/python benchmarks/side_load.py NQUADS STORE_DIR
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Store
from vnkg.graph.store import Documents, load

READ = 1 << 20


def documents(path: Path) -> Iterator[bytes]:
    """`path` in pieces of whole lines, about READ bytes each."""
    buffer = b""
    with path.open("rb") as lines:
        while chunk := lines.read(READ):
            buffer += chunk
            cut = buffer.rfind(b"\n") + 1
            if cut:
                yield buffer[:cut]
                buffer = buffer[cut:]
    if buffer:
        yield buffer


if __name__ == "__main__":
    store = Store(sys.argv[2])
    load(store, Documents(documents(Path(sys.argv[1]))))
    store.flush()
