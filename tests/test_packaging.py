"""The distribution ships every file of its folders, and setuptools has nothing to warn about.

setuptools treats every folder below a package as an importable package, and warns at install
time about one holding data that `packages` does not list (`make check-install` runs a real
install in a fresh venv and fails on any warning from the project's packaging).
"""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]
FOLDERS = {folder: package for package, folder in SETUPTOOLS["package-dir"].items()}


def tracked() -> list[PurePosixPath]:
    """The files git tracks in the folders the distribution maps to packages."""
    names = subprocess.run(
        ["git", "ls-files", *FOLDERS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [PurePosixPath(n) for n in names]


def package_of(path: PurePosixPath) -> str:
    """The import package a file belongs to: vnkg.server.static.css for server/static/css/x."""
    top, *rest = path.parent.parts
    return ".".join([FOLDERS[top], *rest])


FILES = tracked()


def test_git_lists_the_files() -> None:
    assert len(FILES) > 100


@pytest.mark.parametrize("path", FILES, ids=str)
def test_every_file_is_in_a_listed_package_and_shipped(path: PurePosixPath) -> None:
    package = package_of(path)
    assert package in SETUPTOOLS["packages"]
    if path.suffix != ".py":
        patterns = SETUPTOOLS["package-data"].get(package, [])
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{path} is not shipped"
