"""The emitter's graph of the test seeds, compared with the golden file line by line."""

from __future__ import annotations

import difflib

from golden import GOLDEN, emitted_lines


def test_the_emitter_makes_the_golden_graph() -> None:
    expected = GOLDEN.read_bytes().splitlines(keepends=True)
    found = emitted_lines()
    if found != expected:
        diff = difflib.unified_diff(
            [line.decode() for line in expected],
            [line.decode() for line in found],
            "golden.nq",
            "emitted",
            n=0,
        )
        raise AssertionError("".join(list(diff)[:60]) + "\n(if intended: make golden)")
