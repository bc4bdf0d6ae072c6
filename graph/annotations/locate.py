"""Point problems at the field they are about, not at the record that holds it.

Records keep the location of their own map only: one per field would slow the reading of
large seeds for the sake of the rare failing build. A problem that names a key of its record
(`Problem.key`) is moved to that key's value here, by reading the record's file again, once
per file and only when something is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Key, Location, Problem
from .yamlsource import MarkedList, MarkedMap, read_yaml


def pin(problems: Iterable[Problem]) -> list[Problem]:
    """`problems`, each with a key moved to that key's value in its file where it is found."""
    problems = list(problems)
    maps: dict[str, dict[Location, MarkedMap]] = {}
    pinned = []
    for problem in problems:
        path = problem.location.path
        if problem.key and path not in maps:
            maps[path] = _maps_of(path)
        found = maps.get(path, {}).get(problem.location)
        where = _follow(found, problem.key) if found is not None else None
        pinned.append(replace(problem, location=where) if where else problem)
    return pinned


def _maps_of(path: str) -> dict[Location, MarkedMap]:
    """Every map of the YAML file at `path`, by its location (none if it cannot be read)."""
    doc, _ = read_yaml(Path(path), path)
    return {m.loc: m for m in _walk(doc)}


def _walk(value: Any) -> Iterator[MarkedMap]:
    if isinstance(value, MarkedMap):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, MarkedList):
        for item in value:
            yield from _walk(item)


def _follow(node: Any, key: Key) -> Location | None:
    """The location of the value at `key` below `node`, or of the deepest part that exists."""
    where = None
    for step in key:
        if isinstance(step, str) and isinstance(node, MarkedMap) and step in node:
            where, node = node.value_locs[step], node[step]
        elif isinstance(step, int) and isinstance(node, MarkedList) and step < len(node):
            where, node = node.item_locs[step], node[step]
        else:
            break
    return where
