"""Timing helpers: a command's wall time and peak memory, percentiles, the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One finished command: seconds, peak resident memory (MiB), exit code, output tail."""

    seconds: float
    peak_mib: float
    returncode: int
    output: str

    def check(self, what: str) -> Run:
        """Self, or RuntimeError when the command failed."""
        if self.returncode != 0:
            raise RuntimeError(f"{what} failed ({self.returncode}):\n{self.output}")
        return self


def run(command: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `command` to its end; peak memory is the child's own (and its waited-for children)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        tail = out.read().decode("utf-8", "replace")[-2000:]
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, tail)


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-quantile (0..1) by the nearest-rank method; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 30)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{memory:.0f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def store_or_bundled(store: Path | None, tmp: str) -> Path:
    """`store`, or a store built under `tmp` from the bundled seeds."""
    if store is not None:
        return store
    from vnkg.graph import pipeline, resources
    from vnkg.graph.emit.iris import Iris

    built = Path(tmp) / "store"
    pipeline.build(resources.bundled_seeds(), built, Iris())
    return built
