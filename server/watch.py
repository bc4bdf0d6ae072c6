"""`vnkg serve --watch`: rebuild the store when an annotation file changes.

The seeds' YAML files are polled for their modification time and size every second (no
dependency, any file system). A change starts a build once it has settled (one more poll
sees nothing new: editors write in steps); the build swaps the new store in atomically and the
app opens it on its next request. A build that fails changes nothing: the previous build
keeps serving until the files are fixed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]  # path -> (modification time in ns, size)
INTERVAL = 1.0  # seconds between two looks at the files


def snapshot(seeds_dir: Path) -> Snapshot:
    """Every YAML file below `seeds_dir` with its modification time and size."""
    found: Snapshot = {}
    for path in sorted(Path(seeds_dir).rglob("*.yaml")):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or modified between two snapshots."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def watch(
    seeds_dir: Path,
    rebuild: Callable[[list[str]], None],
    stop: threading.Event,
    interval: float = INTERVAL,
) -> None:
    """Call `rebuild(changed files)` after each settled change below `seeds_dir`, until `stop`."""
    seen = snapshot(seeds_dir)
    while not stop.wait(interval):
        now = snapshot(seeds_dir)
        if now == seen:
            continue
        while not stop.wait(interval):
            later = snapshot(seeds_dir)
            if later == now:
                break
            now = later
        rebuild(changed(seen, now))
        seen = now


def start(
    seeds_dir: Path, rebuild: Callable[[list[str]], None], interval: float = INTERVAL
) -> threading.Event:
    """Watch `seeds_dir` in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=(seeds_dir, rebuild, stop, interval), name="vnkg-watch", daemon=True
    )
    thread.start()
    return stop
