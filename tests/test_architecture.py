"""The layout as the README draws it: imports flow one way, folders stay small (ast only)."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
CODE = {"vnkg.graph": ROOT / "graph", "vnkg.server": ROOT / "server"}
MAX_MODULES = 15
CEILINGS: dict[str, int] = {}  # a folder allowed past MAX_MODULES (none)


def modules() -> dict[str, Path]:
    """Every module of the import packages, by dotted name (a package by its `__init__`)."""
    found = {}
    for package, folder in CODE.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if "static" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


MODULES = modules()


def imported(name: str, path: Path) -> Iterator[str]:
    """The vnkg modules that module `name` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def edges() -> dict[str, set[str]]:
    """Module -> the vnkg modules it imports."""
    return {
        name: {m for m in imported(name, path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }


EDGES = edges()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_modules_import_each_other_without_cycles() -> None:
    assert cycles(EDGES) == []


def test_graph_imports_nothing_from_server() -> None:
    back = {
        (name, target)
        for name, targets in EDGES.items()
        if name.startswith("vnkg.graph")
        for target in targets
        if target.startswith("vnkg.server")
    }
    assert back == set()


def test_the_folders_of_graph_import_each_other_without_cycles() -> None:
    """annotations -> checks, emit, linking ... : the stages depend on each other one way."""

    def folder(name: str) -> str:
        parts = name.split(".")
        return ".".join(parts[:3]) if (ROOT / "graph" / parts[2]).is_dir() else "vnkg.graph"

    folders: dict[str, set[str]] = {}
    for name, targets in EDGES.items():
        if name.startswith("vnkg.graph.") and len(name.split(".")) > 2:
            here = folder(name)
            there = {folder(t) for t in targets if t.startswith("vnkg.graph.")}
            folders.setdefault(here, set()).update(there - {here, "vnkg.graph"})
    assert cycles(folders) == []


@pytest.mark.parametrize(
    "package", sorted(p for p in MODULES if (MODULES[p].name == "__init__.py")), ids=str
)
def test_no_folder_holds_more_than_fifteen_modules(package: str) -> None:
    folder = MODULES[package].parent
    count = sum(1 for p in folder.glob("*.py") if p.name != "__init__.py")
    assert count <= CEILINGS.get(package, MAX_MODULES)


def test_every_package_is_installed() -> None:
    """The distribution lists every folder with an `__init__.py` (else a wheel would miss it)."""
    packages = {p for p in MODULES if MODULES[p].name == "__init__.py"}
    assert packages <= set(SETUPTOOLS["packages"])


def architecture_section() -> str:
    """The README's Architecture section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_only_folders_and_files_that_exist() -> None:
    named = set(
        re.findall(
            r"\b((?:graph|server|seeds|ontology|tests|docs|benchmarks)/[\w./]*)",
            architecture_section(),
        )
    )
    missing = sorted(n for n in named if not (ROOT / n.rstrip(".")).exists() and "*" not in n)
    assert missing == []


def test_the_readme_names_every_folder_of_graph() -> None:
    section = architecture_section()
    folders = sorted(p.parent.name for p in (ROOT / "graph").glob("*/__init__.py"))
    assert [f for f in folders if f"`graph/{f}/`" not in section] == []


def test_one_command_line_with_every_command() -> None:
    """The console script is server/cli.py's `main`: graph's commands and `serve`."""
    from vnkg.server.cli import main

    assert PYPROJECT["project"]["scripts"] == {"vnkg": "vnkg.server.cli:main"}
    assert set(main.commands) == {
        *("init", "build", "validate", "links", "check-sources", "stats", "export", "query"),
        "push",
        "suggest",
        "serve",
    }
