"""benchmarks/RESULTS.md's section of benchmarks/abuse.py: refusals, and the ASK under attack."""

from __future__ import annotations

import collections
import os
import platform
import statistics
from pathlib import Path

import attacks
from measure import percentile

START, END = "<!-- abuse:start -->", "<!-- abuse:end -->"
PHASES = ("idle", "slowloris", "slow-body", "long-line", "runaway")
EXPECTED = {  # what a server that holds answers to each refusal check
    "100 MiB request line": {"400", "413", "414", "431", "closed", "reset"},
    "bad chunk size": {"400"},
    "bad chunk after data": {"400"},
    "2 MiB chunked query": {"413"},
    "2 MiB chunked form": {"413"},
}
DESIGNED = {"503 query-timeout", "503 busy"}  # the runaway queries' own answers


def unexpected_5xx(tally: attacks.Tally) -> int:
    """5xx answered to the probe or to an attacker, but for the runaways' designed 503."""
    probe = sum(1 for failure in tally.failures if failure.startswith("5"))
    attack = sum(1 for what, _ in tally.outcomes if what[:1] == "5" and what not in DESIGNED)
    return probe + attack


def outcomes(tally: attacks.Tally) -> str:
    """The attackers' outcomes: how many of each, with their median seconds."""
    groups: dict[str, list[float]] = collections.defaultdict(list)
    for what, seconds in tally.outcomes:
        groups[what].append(seconds)
    return ", ".join(
        f"{what} ×{len(times)} ({statistics.median(times):.2g} s)"
        for what, times in sorted(groups.items(), key=lambda item: -len(item[1]))
    )


def refusal_cell(outcome: tuple[str, float, int]) -> str:
    what, seconds, sent = outcome
    return f"{what} in {seconds:.2f} s ({sent / (1 << 20):.2f} MiB sent)"


def command(argv: list[str]) -> str:
    """`argv` as typed: the program's name, not its path."""
    return " ".join([Path(argv[0]).name, *argv[1:]])


def phase_row(server: str, name: str, tally: attacks.Tally) -> str:
    times = tally.latencies
    failures = collections.Counter(tally.failures)
    failed = ", ".join(f"{what} ×{n}" for what, n in failures.items()) or "0"
    return (
        f"| {server} | {name} | {len(times)} | {percentile(times, 0.5) * 1000:.0f} "
        f"| {percentile(times, 0.99) * 1000:.0f} | {max(times, default=0) * 1000:.0f} "
        f"| {failed} | {unexpected_5xx(tally)} | {outcomes(tally) or '—'} |"
    )


def holds(found: dict | None) -> bool:
    """Whether a server met the goals: refusals as expected and in < 1 s for the long line,
    and in every phase the ASK's p99 < 1 s with no failure and no unexpected 5xx."""
    if found is None:
        return True
    refused = all(found["refusals"][name][0] in allowed for name, allowed in EXPECTED.items()) and (
        found["refusals"]["100 MiB request line"][1] < 1
    )
    return refused and all(
        percentile(t.latencies, 0.99) < 1 and not t.failures and not unexpected_5xx(t)
        for t in found["phases"].values()
    )


def section(
    results: dict[str, dict], seconds: float, started: str, slow: int, candidates: list[str]
) -> list[str]:
    """The Markdown lines."""
    import pyoxigraph

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Abuse phases (`benchmarks/abuse.py`)",
        "",
        f"{started}, {os.cpu_count()} cores (load average after the run {load}), Python "
        f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, the bundled "
        f"store; every server and client on 127.0.0.1. {seconds:g} s per phase; a health "
        "`ASK {}` by GET every 100 ms from 127.0.0.1, each on a new connection (10 s client "
        f"timeout). slowloris: {slow} connections from 127.0.0.3 sending one header line a second, "
        f"never ending the headers (opened again when the server closes them); slow-body: {slow} "
        "connections from 127.0.0.3 sending a 1 MB body one byte a second; long-line: 16 "
        "connections from 127.0.0.3 sending 8 MiB request lines back to back; runaway: 20 "
        "clients from 127.0.0.2 POSTing a 3-pattern cartesian COUNT back to back. Latencies "
        "in ms; outcomes are the attackers' (status, `closed`, `held` to the phase's end), "
        "with their median seconds.",
        "",
        "| server | command |",
        "|---|---|",
        *(f"| {name} | `{command(f['command'])}` |" for name, f in results.items()),
        "",
        "| server | " + " | ".join(EXPECTED) + " |",
        "|---|" + "---|" * len(EXPECTED),
        *(
            f"| {name} | " + " | ".join(refusal_cell(f["refusals"][c]) for c in EXPECTED) + " |"
            for name, f in results.items()
        ),
        "",
        "| server | phase | ASKs | p50 | p99 | max | ASK failures | unexpected 5xx | attack outcomes |",
        "|---|---|---:|---:|---:|---:|---|---:|---|",
        *(
            phase_row(name, phase, tally)
            for name, found in results.items()
            for phase, tally in found["phases"].items()
        ),
        "",
        "Regenerate: `.venv/bin/python benchmarks/abuse.py --write` (the production server; "
        "`--servers production," + ",".join(candidates) + "` to compare).",
    ]
    return lines
