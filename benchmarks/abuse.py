"""Abuse phases: does a simple ASK still answer while the HTTP edge is attacked? (not a test)

    .venv/bin/python benchmarks/abuse.py [--store DIR] [--servers production,...] [--seconds 20] [--write]

Starts each server (default: the README's production command; `--servers` names others of
CANDIDATES to compare) over the store (default: the bundled seeds, built into a temporary
directory), checks how it refuses a 100 MiB request line and bad or oversized chunked bodies,
then runs each phase for `--seconds` while a health `ASK {}` is sent by GET every 100 ms from
127.0.0.1, each on a new connection:

- `idle`: nothing else (the reference);
- `slowloris`: 64 (`--slow`) connections from 127.0.0.3 whose headers never end (one line a second);
- `slow-body`: 64 (`--slow`) connections from 127.0.0.3 whose 1 MB bodies come one byte a second;
- `long-line`: 16 connections from 127.0.0.3, each sending 8 MiB request lines back to back;
- `runaway`: 20 clients from 127.0.0.2, each POSTing a cartesian COUNT back to back.

Prints the ASK's p50/p99/max latency and failures, and the unexpected 5xx (any but the runaway
queries' own 503 `query-timeout`/`busy`), per server and phase. `--write` puts the tables in
benchmarks/RESULTS.md between the `abuse:start`/`abuse:end` markers. Exit status 1 when the
production server misses a goal: refusal in < 1 s, ASK p99 < 1 s, no failure, no unexpected 5xx.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import abuse_report
import attacks
import servers
from measure import store_or_bundled
from report import splice

HERE = Path(__file__).parent
APP = "vnkg.server.wsgi:create_production_app"
GUNICORN = ["gunicorn", "--workers", "2", "--threads", "8", "--graceful-timeout", "30"]
CANDIDATES: dict[str, Callable[[int], list[str]]] = {
    "gunicorn-readme": lambda port: [  # the README's command before issue #13
        *GUNICORN, "--bind", f"127.0.0.1:{port}", "--limit-request-line", "0", f"{APP}()",
    ],
    "gunicorn-bounded": lambda port: [
        *GUNICORN, "--bind", f"127.0.0.1:{port}", "--limit-request-line", "8190",
        "--limit-request-fields", "50", "--limit-request-field_size", "8190", f"{APP}()",
    ],
    "granian-defaults": lambda port: [
        "granian", "--interface", "wsgi", "--factory", "--workers", "2",
        "--host", "127.0.0.1", "--port", str(port), APP,
    ],
    "granian-1-worker": lambda port: [
        "granian", "--interface", "wsgi", "--factory", "--workers", "1", "--http", "1",
        "--backpressure", "256", "--blocking-threads", "256", "--http1-header-read-timeout",
        "5000", "--http1-buffer-size", "65536", "--host", "127.0.0.1", "--port", str(port), APP,
    ],
    "waitress": lambda port: [
        "waitress-serve", "--listen", f"127.0.0.1:{port}", "--threads", "16", "--call", APP,
    ],
}  # fmt: skip
MIB = 1 << 20
ATTACKER, RUNAWAYS = "127.0.0.3", "127.0.0.2"


def refusals(port: int) -> dict[str, tuple[str, float, int]]:
    """How the server answers a 100 MiB request line and bad or oversized chunked bodies."""
    query, form = b"ASK {}" + b" " * (2 * MIB), b"query=ASK+%7B%7D&pad=" + b"a" * (2 * MIB)
    checks = {
        "100 MiB request line": attacks.long_line(100 * MIB),
        "bad chunk size": attacks.chunked(b"", "application/sparql-query", b"zz\r\nASK {}\r\n"),
        "bad chunk after data": attacks.chunked(b"ASK {}", "application/sparql-query", b"zz\r\n"),
        "2 MiB chunked query": attacks.chunked(query, "application/sparql-query"),
        "2 MiB chunked form": attacks.chunked(form, "application/x-www-form-urlencoded"),
    }
    results = {}
    for name, pieces in checks.items():
        results[name] = attacks.exchange(port, ATTACKER, pieces, time.monotonic() + 30)
        time.sleep(0.5)
    return results


def attackers(
    name: str, port: int, stop: threading.Event, tally: attacks.Tally, slow: int
) -> list[threading.Thread]:
    """The attack threads of phase `name` (`slow` slowloris or slow-body connections)."""
    if name == "slowloris":
        return [_thread(attacks.slow_headers, port, ATTACKER, stop, tally) for _ in range(slow)]
    if name == "slow-body":
        return [_thread(attacks.slow_body, port, ATTACKER, stop, tally) for _ in range(slow)]
    if name == "long-line":
        return [
            _thread(attacks.long_lines, port, ATTACKER, 8 * MIB, stop, tally) for _ in range(16)
        ]
    if name == "runaway":
        return [_thread(attacks.runaways, port, RUNAWAYS, stop, tally) for _ in range(20)]
    return []


def _thread(target: Callable[..., None], *args: object) -> threading.Thread:
    return threading.Thread(target=target, args=args, daemon=True)


def phase(name: str, port: int, seconds: float, slow: int) -> attacks.Tally:
    """Run phase `name` for `seconds` with the health probe; wait for every client to end."""
    tally, stop = attacks.Tally(), threading.Event()
    threads = [
        _thread(attacks.health, port, stop, tally),
        *attackers(name, port, stop, tally, slow),
    ]
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return tally


def settle(port: int, seconds: float = 30) -> None:
    """Wait until a health ASK answers in under a second again (the last phase's tail)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tally = attacks.Tally()
        attacks.ask(port, tally, timeout=5)
        if not tally.failures and tally.latencies[0] < 1:
            return
        time.sleep(1)


def measure(
    store: Path, names: list[str], seconds: float, slow: int = 64, phases: list[str] | None = None
) -> dict[str, dict]:
    """Refusals and `phases` (default: all) for each server of `names`."""
    results: dict[str, dict] = {}
    for name in names:
        port = servers.free_port()
        argv, env = (
            servers.production(port) if name == "production" else (CANDIDATES[name](port), {})
        )
        argv = [str(servers.BIN / argv[0]), *argv[1:]]
        env = {**env, "VNKG_STORE": str(store)}
        print(f"[abuse] {name}: {' '.join(argv)}", file=sys.stderr, flush=True)
        with servers.started(name, argv, f"http://127.0.0.1:{port}/sparql", env, timeout=60):
            found: dict = {"command": argv, "refusals": refusals(port), "phases": {}}
            for phase_name in phases or abuse_report.PHASES:
                settle(port)
                print(f"[abuse] {name}: {phase_name}", file=sys.stderr, flush=True)
                found["phases"][phase_name] = phase(phase_name, port, seconds, slow)
        runs = sum(1 for key in results if key.split(" ")[0] == name)
        results[f"{name} (run {runs + 1})" if runs else name] = found
    return results


def write(
    out: Path | None,
    store: Path | None,
    names: list[str],
    seconds: float,
    slow: int = 64,
    phases: list[str] | None = None,
) -> bool:
    """Measure `names` over `store` (None: the bundled seeds), splice the section into `out`;
    whether the production server (if measured) held."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.strftime("%Y-%m-%d %H:%M")
        results = measure(store_or_bundled(store, tmp), names, seconds, slow, phases)
    lines = abuse_report.section(results, seconds, started, slow, list(CANDIDATES))
    print("\n".join(lines))
    if out is not None:
        splice(out, abuse_report.START, abuse_report.END, lines)
    return abuse_report.holds(results.get("production"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: the bundled seeds)")
    parser.add_argument("--servers", default="production", help="production and/or CANDIDATES")
    parser.add_argument("--seconds", type=float, default=20, help="per phase")
    parser.add_argument("--slow", type=int, default=64, help="slowloris, slow-body connections")
    parser.add_argument(
        "--phases", help="a comma-separated subset of " + ",".join(abuse_report.PHASES)
    )
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()
    out = HERE / "RESULTS.md" if args.write else None
    phases = args.phases.split(",") if args.phases else None
    held = write(out, args.store, args.servers.split(","), args.seconds, args.slow, phases)
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
