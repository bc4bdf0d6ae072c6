"""The golden graph: what the emitter makes of tests/data/seeds, as sorted N-Quads.

Regenerate it only on purpose, after checking the difference: `make golden`
(`python -m tests.golden`); tests/test_golden.py compares every run with it.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, serialize
from vnkg.graph import pipeline
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.reference import emit

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden.nq"


def emitted_lines(seeds: Path = DATA / "seeds") -> list[bytes]:
    """The emitter's quads for `seeds` as distinct N-Quads lines, sorted."""
    loaded = pipeline.load(seeds, Iris())
    nquads = serialize(emit(loaded.annotations, loaded.iris), format=RdfFormat.N_QUADS) or b""
    return sorted(set(nquads.splitlines(keepends=True)))


if __name__ == "__main__":
    GOLDEN.write_bytes(b"".join(emitted_lines()))
    print(f"wrote {GOLDEN}")
